//! The site of a book of many chapters grows with the book, not with its
//! square: a page's sidebar shows the way down to the page, never the whole
//! contents, which the home page alone carries. Measured in bytes, not time.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{copy_book, kis_book, read_tree, small_book, stderr, write_file};

/// The small test book with `n` short top-level chapters after its own
/// four (as scripts/many-chapters-book.py writes it), its site built.
fn site_of(n: usize) -> BTreeMap<String, Vec<u8>> {
    let dir = copy_book(&small_book());
    for i in 1..=n {
        write_file(
            &dir.path().join(format!("content/05-{i:04}-hoofdstuk.md")),
            format!("---\ntitle: Hoofdstuk {i}\n---\n\nDe tekst van hoofdstuk {i}.\n"),
        );
    }
    let root = dir.path().to_str().expect("UTF-8 path");
    let out = kis_book(&["build", root, "--only", "site"]);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    read_tree(&dir.path().join("build/site"))
}

fn page(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(site.get(path).expect(path).clone()).expect("UTF-8")
}

/// The largest page but the home page: (bytes, path).
fn largest_page(site: &BTreeMap<String, Vec<u8>>) -> (usize, &str) {
    site.iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "index.html")
        .map(|(p, b)| (b.len(), p.as_str()))
        .max()
        .expect("pages")
}

fn total(site: &BTreeMap<String, Vec<u8>>) -> usize {
    site.values().map(Vec::len).sum()
}

/// The text of the sidebar on the page at `path`.
fn sidebar(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let html = page(site, path);
    let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    let end = start + html[start..].find("</nav>").expect("its end");
    html[start..end].to_owned()
}

#[test]
fn a_page_does_not_grow_with_the_number_of_chapters() {
    let small = site_of(50);
    let large = site_of(500);
    // Ten times the chapters: the largest page (a project's, whose
    // sidebar holds the most) grows by a few digits at most. When every
    // page carried the whole contents it grew by 30 kB.
    let (a, a_path) = largest_page(&small);
    let (b, b_path) = largest_page(&large);
    assert!(
        b <= a + 500,
        "the largest page grew from {a} bytes ({a_path}) to {b} ({b_path})"
    );
    // The whole site per page of the book (4 chapters, 2 projects and the
    // added ones): no more than the small book's. It was three times as
    // much at 500 chapters.
    let per_page = |site: &BTreeMap<String, Vec<u8>>, n: usize| total(site) / (n + 6);
    assert!(
        per_page(&large, 500) <= per_page(&small, 50),
        "bytes per page: {} at 50 chapters, {} at 500",
        per_page(&small, 50),
        per_page(&large, 500)
    );
    // The home page still lists them all: 4 chapters, 2 projects, 500.
    let home = page(&large, "index.html");
    let toc = &home[home.find("<nav class=\"home-toc\"").expect("the contents")..];
    let toc = &toc[..toc.find("</nav>").expect("its end")];
    assert_eq!(toc.matches("<li>").count(), 506);
}

#[test]
fn a_long_list_shows_fifteen_around_the_page_and_counts_the_rest() {
    let site = site_of(500);
    // Chapter 250 is the 254th of 504 top-level chapters: shown are
    // chapters 243 to 257, seven either side; before them the four of the
    // small book and chapters 1 to 242, after them 258 to 500.
    let nav = sidebar(&site, "05-0250-hoofdstuk/index.html");
    let shown: Vec<&str> = nav
        .split("\">Hoofdstuk ")
        .skip(1)
        .map(|s| s.split_once('<').map_or(s, |(n, _)| n))
        .collect();
    let expected: Vec<String> = (243..=257).map(|n| n.to_string()).collect();
    assert_eq!(shown, expected);
    assert!(nav.contains(
        "<li class=\"nav-more\"><a href=\"../index.html#_inhoudsopgave\"><span aria-hidden=\"true\">… </span>nog 246 hoofdstukken in de inhoudsopgave</a></li>\n<li><a href=\"../05-0243-hoofdstuk/index.html\">"
    ), "{nav}");
    assert!(nav.contains(
        "<li class=\"open\"><a href=\"../05-0250-hoofdstuk/index.html\" aria-current=\"page\">Hoofdstuk 250</a></li>"
    ));
    assert!(nav.contains("nog 243 hoofdstukken in de inhoudsopgave</a></li>\n</ul>"));
    // The first chapter: the first fifteen, then the other 489.
    let first = sidebar(&site, "01-inleiding/index.html");
    assert_eq!(
        first.matches("nav-more").count(),
        1,
        "nothing before the first"
    );
    assert!(first.contains(">Hoofdstuk 11</a>") && !first.contains(">Hoofdstuk 12</a>"));
    assert!(first.contains("</span>nog 489 hoofdstukken in de inhoudsopgave"));
    // A project: its chapter open, with both projects below it.
    let project = sidebar(&site, "1.1-werk/index.html");
    assert!(project.contains("<li class=\"open\"><a href=\"../02-projecten/index.html\">"));
    assert!(project.contains("aria-current=\"page\">") && project.contains("../2.1-wonen/"));
    // Every sidebar links the full contents.
    assert!(
        project.contains("<a href=\"../index.html#_inhoudsopgave\">Volledige inhoudsopgave</a>")
    );
}

#[test]
fn the_site_of_many_chapters_builds_from_the_script_too() {
    // scripts/many-chapters-book.py writes the same book the bench uses.
    let dir = tempfile::tempdir().expect("temp dir");
    let script = crate::common::repo_root().join("scripts/many-chapters-book.py");
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .args(["--chapters", "20"])
        .status()
        .expect("run python3");
    assert!(status.success());
    let chapters = std::fs::read_dir(dir.path().join("content"))
        .expect("content")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with("-hoofdstuk.md"))
        })
        .count();
    assert_eq!(chapters, 20);
    let root: &Path = dir.path();
    let out = kis_book(&["check", root.to_str().expect("UTF-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
}
