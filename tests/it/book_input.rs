//! One reader for every input: a book held in memory (the files of a git
//! revision, as `kis-book diff` reads them) compiles as the same book on
//! disk does, and its problems are reported at the book's own paths.

use std::path::Path;

use kis_book::base::closed::Files;
use kis_book::source::input::BookInput;

use crate::common::{printed_figures, read_tree, repo_root, small_book};

/// The files under `content/` of the book at `root`, as a revision holds
/// them: by path relative to the book root.
fn content_files(root: &Path) -> Files {
    read_tree(&root.join("content"))
        .into_iter()
        .map(|(rel, bytes)| (format!("content/{rel}"), bytes))
        .collect()
}

#[test]
fn the_2019_book_in_memory_has_the_printed_programme_total() {
    let input = BookInput::revision(content_files(&repo_root()));
    let outcome = kis_book::compile(&input);
    let compiled = outcome
        .compiled
        .expect("the 2019 book compiles from memory");
    let figures = printed_figures();
    let total = figures["overview"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["group"] == "total")
        .expect("the Totaal row")["values"][3]
        .as_i64()
        .expect("a figure");
    assert_eq!(total, 2_620_019);
    assert_eq!(compiled.programme.total, rust_decimal::Decimal::from(total));
    assert_eq!(compiled.pages().len(), {
        let on_disk = kis_book::compile(&BookInput::open(&repo_root()));
        on_disk.compiled.expect("compiles").pages().len()
    });
}

#[test]
fn a_mistake_in_memory_is_reported_at_the_books_own_path_and_line() {
    let mut files = content_files(&small_book());
    let (path, text) = files
        .iter_mut()
        .find(|(p, _)| p.ends_with(".md"))
        .expect("a chapter");
    let path = path.clone();
    // A title that is a list: serde refuses it on line 2 of the file.
    *text = b"---\ntitle: [een, lijst]\n---\n\nTekst.\n".to_vec();
    let outcome = kis_book::compile(&BookInput::revision(files));
    assert!(outcome.compiled.is_none());
    // At the path as it is in the book, not under a temporary folder.
    let found = outcome
        .diagnostics
        .sorted()
        .into_iter()
        .find(|d| d.path == Path::new(&path) && d.pos.line == 2);
    assert!(
        found.is_some(),
        "no diagnostic at {path}:2: {:?}",
        outcome.diagnostics
    );
}

#[test]
fn a_revision_without_content_has_no_content_folder() {
    let files: Files = [("README.md".to_owned(), b"# x\n".to_vec())]
        .into_iter()
        .collect();
    let outcome = kis_book::compile(&BookInput::revision(files));
    let codes: Vec<String> = outcome
        .diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{} {}", d.code.id, d.path.display()))
        .collect();
    assert_eq!(codes, ["KB0101 content"]);
}
