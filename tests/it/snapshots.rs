//! Snapshot tests of the generated outputs of the small fixture book: the
//! Typst source the PDF is made from, one project page of the site, and
//! the terminal table, CSV and JSON exports of the budget.
//!
//! A change to any of them fails here until its snapshot is updated:
//! `INSTA_UPDATE=always cargo test --test it snapshots`, then read the
//! diff of `tests/it/snapshots/` as a reviewer would, and commit it.

use crate::common::{copy_book, kis_book, small_book, stderr, stdout};

/// `kis-book budget --format FORMAT` of the small book.
fn budget(format: &str) -> String {
    let book = small_book();
    let out = kis_book(&[
        "budget",
        book.to_str().expect("utf-8 path"),
        "--format",
        format,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn generated_typst_source() {
    let book = small_book();
    let compiled = kis_book::compile(&kis_book::source::input::BookInput::open(&book))
        .compiled
        .expect("the small book compiles");
    let generated = kis_book::render::pdf::generate(&book, &compiled);
    insta::assert_snapshot!("small-book.typ", generated.text);
}

#[test]
fn a_project_page_of_the_site() {
    let book = copy_book(&small_book());
    let out = kis_book(&["build", book.path().to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(book.path().join("build/site/1.1-werk/index.html"))
        .expect("the page of project 1.1");
    insta::assert_snapshot!("project-1.1.html", page);
}

#[test]
fn budget_as_a_terminal_table() {
    insta::assert_snapshot!("budget-table.txt", budget("table"));
}

#[test]
fn budget_as_csv() {
    // The byte-order mark and CRLF line ends are part of the format; the
    // snapshot shows them escaped so that a diff can see them.
    let csv = budget("csv");
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with a byte-order mark");
    let visible = csv.replace('\u{feff}', "<BOM>").replace("\r\n", "<CRLF>\n");
    insta::assert_snapshot!("budget.csv", visible);
}

#[test]
fn budget_as_json() {
    insta::assert_snapshot!("budget.json", budget("json"));
}
