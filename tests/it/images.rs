//! The book's own images: the PDF embeds them and the site shows them,
//! copied beside its pages; nothing outside `content/` is copied.

use crate::common::{kis_book, stderr, stdout};
use crate::common::{png, write_file};
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
        stderr.contains("content/01-hoofdstuk.md:7:1: error[")
            && stderr.contains("geheim.svg` is a symbolic link to")
            && stderr.contains("outside the book"),
        "{stderr}"
    );
    let site = dir.path().join("build/site");
    assert!(!site.exists(), "nothing of the book is published");
}

/// A chapter with a small photo (166 × 234 pixels, as in issue 22) and a
/// wide one (3 000 × 500), at their size and at widths an editor gave.
fn sized_book() -> tempfile::TempDir {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n\
         ![Een kleine foto](foto.png)\n\n\
         ![Een brede foto](breed.png)\n\n\
         ![De brede op de helft](breed.png \"width=50%\")\n\n\
         Een zin met een ![icoon](foto.png \"width=5mm\") erin.\n\n\
         ![De kleine op 8 cm](foto.png \"width=8cm\")\n",
    );
    write_file(&dir.path().join("content/foto.png"), png(166, 234));
    write_file(&dir.path().join("content/breed.png"), png(3000, 500));
    dir
}

/// `pdfimages -list`: the pixels and the resolution each image is printed
/// at, (width, x-ppi), in the order printed.
fn printed_images(pdf: &std::path::Path) -> Vec<(u32, u32)> {
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("run pdfimages (apt-get install poppler-utils)");
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&out.stdout);
    list.lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let number = |i: usize| cols[i].parse::<u32>().expect("a number");
            (number(3), number(12))
        })
        .collect()
}

#[test]
fn images_print_at_their_size_never_enlarged_and_at_the_width_asked() {
    let dir = sized_book();
    let out = build(dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("build/kis-werkplan-2019.pdf");
    // Expected resolutions by hand: 150 dpi is the print resolution; the
    // text is 210 − 2 × 22 = 166 mm = 6,535 in wide.
    assert_eq!(
        printed_images(&pdf),
        [
            // 166 px at its natural size, not the text width.
            (166, 150),
            // 3 000 px scaled down to the text width: 3 000 / 6,535 = 459.
            (3000, 459),
            // Half the text width: 918.
            (3000, 918),
            // 5 mm = 0,1969 in: 166 / 0,1969 = 843.
            (166, 843),
            // 8 cm asked, but 166 px at 150 dpi is 2,8 cm: never enlarged.
            (166, 150),
        ]
    );
    let page = std::fs::read_to_string(dir.path().join("build/site/01-hoofdstuk/index.html"))
        .expect("page");
    for img in [
        // Its own pixels; the style sheet shrinks it to the column.
        "<img src=\"../static/content/foto.png\" alt=\"Een kleine foto\" width=\"166\" height=\"234\">",
        "<span class=\"w-50\"><img src=\"../static/content/breed.png\" alt=\"De brede op de helft\" width=\"3000\" height=\"500\"></span>",
        // 5 mm at 96 CSS pixels to the inch: 18,9 → 19; 234 × 19 / 166 = 26,8 → 27.
        "<img src=\"../static/content/foto.png\" alt=\"icoon\" width=\"19\" height=\"27\">",
        // 8 cm would be 302 pixels, more than its 166: never enlarged.
        "<img src=\"../static/content/foto.png\" alt=\"De kleine op 8 cm\" width=\"166\" height=\"234\">",
    ] {
        assert!(page.contains(img), "{img}\n{page}");
    }
    let css = std::fs::read_to_string(dir.path().join("build/site/static/site.css")).expect("css");
    assert!(
        css.contains(".w-50 {") && css.contains("width: 50%"),
        "the site's widths"
    );
}

#[test]
fn a_width_that_cannot_be_read_is_an_error_at_the_image() {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n\
         ![Kaart](foto.png \"Kaart van Nederland\")\n\n\
         Tekst ![Kaart](foto.png \"width=33%\")\n\n\
         ![Kaart](foto.png \"width=8\")\n",
    );
    write_file(&dir.path().join("content/foto.png"), png(166, 234));
    let root = dir.path().display().to_string();
    let out = kis_book(&["check", &root, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let found: Vec<(u64, u64, &str, bool)> = diags
        .as_array()
        .expect("an array")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
                d["hint"].as_str().is_some_and(|h| h.contains("width=8cm")),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (7, 1, "KB0427", true),
            (9, 7, "KB0427", true),
            (11, 1, "KB0427", true)
        ],
        "{diags}"
    );
    let messages = diags.to_string();
    for what in [
        "is not a width",
        "a multiple of 5",
        "give a number with %, cm or mm",
    ] {
        assert!(messages.contains(what), "{what}: {messages}");
    }
}
