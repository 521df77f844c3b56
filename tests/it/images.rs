//! The book's own images: the PDF embeds them and the site shows them,
//! copied beside its pages; nothing outside `content/` is copied.

use crate::common::write_file;
use crate::pdf::{build, small_book};

/// A small square, drawn.
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\">\
    <rect width=\"20\" height=\"20\" fill=\"#00689d\"/></svg>";

#[test]
fn the_site_shows_the_books_images_and_nothing_from_outside() {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n![Een blauw vierkant](<beeld/vierkant één.svg>)\n",
    );
    let content = dir.path().join("content");
    write_file(&content.join("beeld/vierkant één.svg"), SVG);
    write_file(&content.join("beeld/ongebruikt.svg"), SVG);
    let out = build(dir.path(), &["--only", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("build/site");
    let page = std::fs::read_to_string(site.join("01-hoofdstuk/index.html")).expect("page");
    assert!(
        page.contains(
            "<img src=\"../static/content/beeld/vierkant%20%C3%A9%C3%A9n.svg\" alt=\"Een blauw vierkant\">"
        ),
        "{page}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("static/content/beeld/vierkant één.svg"))
            .expect("image copied"),
        SVG
    );
    assert!(!site.join("static/content/beeld/ongebruikt.svg").exists());
}

#[cfg(unix)]
#[test]
fn an_image_that_links_outside_the_book_is_refused_and_not_copied() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("geheim.svg"), SVG).expect("secret");
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n![Geheim](geheim.svg)\n");
    std::os::unix::fs::symlink(
        outside.path().join("geheim.svg"),
        dir.path().join("content/geheim.svg"),
    )
    .expect("symlink");
    // The book is a closed world: the link is refused at the image's line,
    // naming the link and its target, and nothing is written.
    let out = build(dir.path(), &["--only", "site"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/01-hoofdstuk.md:7:1: error:")
            && stderr.contains("geheim.svg` is a symbolic link to")
            && stderr.contains("outside the book"),
        "{stderr}"
    );
    let site = dir.path().join("build/site");
    assert!(!site.exists(), "nothing of the book is published");
}
