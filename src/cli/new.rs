//! `kis-book new`: a project or a chapter in a book, or next year's book
//! (`new edition`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::report::build::Session;
use crate::source::input::BookInput;

use super::{HoursArg, NewCommand, book_root, print_stdout, report};

/// `kis-book new` with its ROOT argument or `--root` option (`root`), one
/// of them at most; `new edition` names its folders itself.
pub(super) fn run(what: NewCommand, root: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if matches!(what, NewCommand::Edition { .. }) {
        return new(what, Path::new("."));
    }
    let root = match (what.root(), root) {
        (Some(arg), Some(option)) if *arg != option => {
            eprintln!(
                "error: two roots given, `{}` and `--root {}`: give one",
                arg.display(),
                option.display()
            );
            return Ok(ExitCode::from(2));
        }
        (Some(arg), _) => arg.clone(),
        (None, option) => option.unwrap_or_else(|| PathBuf::from(".")),
    };
    new(what, &book_root(&root))
}

/// `kis-book new`: a project or chapter in the book at `root`, or next
/// year's book.
fn new(what: NewCommand, root: &Path) -> anyhow::Result<ExitCode> {
    match what {
        NewCommand::Project {
            id, title, theme, ..
        } => in_book(root, |book| {
            crate::report::scaffold::new_project(book, &id, &title, &theme)
        }),
        NewCommand::Chapter { title, .. } => in_book(root, |book| {
            let content =
                crate::source::load::display_path(&root.join(crate::source::load::CONTENT_DIR));
            crate::report::scaffold::new_chapter(book, &content, &title)
        }),
        NewCommand::Edition {
            year,
            from,
            to,
            index,
            available,
            hours,
        } => new_edition(crate::report::edition::EditionRequest {
            year,
            from,
            to,
            index,
            available,
            hours: match hours {
                HoursArg::Keep => crate::report::edition::Hours::Keep,
                HoursArg::Zero => crate::report::edition::Hours::Zero,
            },
        }),
    }
}

/// Loads the book at `root` and writes a new file into it with `write`.
fn in_book(
    root: &Path,
    write: impl FnOnce(&crate::source::model::Book) -> anyhow::Result<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let loaded = crate::source::load::load_book(&BookInput::open(root));
    let Some(book) = loaded.book else {
        report(&loaded.diagnostics);
        return Ok(ExitCode::FAILURE);
    };
    let path = write(&book)?;
    eprintln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `kis-book new edition`: writes next year's book, prints the sentences
/// that name the old year, then checks the new book. Exit 1 when the old
/// book cannot be read or the new one does not pass `check`.
fn new_edition(request: crate::report::edition::EditionRequest) -> anyhow::Result<ExitCode> {
    let written = match crate::report::edition::new_edition(&request)? {
        crate::report::edition::EditionOutcome::Written(written) => written,
        crate::report::edition::EditionOutcome::OldBook(diags) => {
            report(&diags);
            eprintln!("the old book cannot be read: nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut list = String::new();
    for m in &written.mentions {
        list.push_str(&format!(
            "{}:{}: {}\n",
            request.to.join(&m.path).display(),
            m.line,
            m.sentence
        ));
    }
    print_stdout(list.as_bytes())?;
    eprintln!(
        "wrote the {} edition to {} ({} files); {} sentences name an earlier year: review them \
         (the list is in {})",
        request.year,
        request.to.display(),
        written.files,
        written.mentions.len(),
        written.review.display()
    );
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    let outcome = Session::new(&crate::report::build::options(false)).check(&request.to);
    report(&outcome.diagnostics);
    if outcome.diagnostics.has_errors() {
        eprintln!("the new book does not pass `check` yet: fix the errors above");
        return Ok(ExitCode::FAILURE);
    }
    if let Some(c) = &outcome.compiled {
        eprintln!(
            "checked the new book: programme total {}, available {}",
            crate::source::format::printed(&c.config, c.programme.total),
            crate::source::format::printed(&c.config, c.programme.available)
        );
    }
    Ok(ExitCode::SUCCESS)
}
