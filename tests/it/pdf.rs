//! `kis-book build`: the real binary on the repository's own book and on
//! small books written here, read back with poppler's `pdftotext` and
//! `pdfinfo` (Debian: poppler-utils).
//!
//! Expected titles come from the Markdown front matter, expected sentences
//! and figures from the printed plan (the seed and
//! `tests/fixtures/werkplan-2019-figures.json`), never from the code under
//! test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_kis-book");
pub(crate) const PDF: &str = "build/kis-werkplan-2019.pdf";

use crate::common::dutch;
use crate::common::repo_root as repo;

/// A fresh copy of the repository's book in a temporary folder, so that
/// tests never write into the work tree or into each other's builds.
fn copy_of_the_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

pub(crate) fn build(root: &Path, extra: &[&str]) -> Output {
    build_with(root, extra, None)
}

fn build_with(root: &Path, extra: &[&str], source_date_epoch: Option<&str>) -> Output {
    let mut command = Command::new(BIN);
    command.arg("build").arg(root).args(extra);
    match source_date_epoch {
        Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command.output().expect("run kis-book")
}

pub(crate) fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("run {tool} (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The value of `key` in `pdfinfo`'s output.
pub(crate) fn info_field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k == key).then(|| v.trim())
    })
}

pub(crate) fn pdfinfo(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(pdf)
        .output()
        .expect("run pdfinfo (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdfinfo failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without whitespace, hyphens or soft hyphens, so that line breaks
/// and hyphenation in the PDF do not hide a phrase.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '‐'))
        .collect()
}

/// The 2019 plan, built once for all tests in this file.
pub(crate) struct Built {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) pdf: PathBuf,
    pub(crate) text: String,
    stderr: String,
}

pub(crate) fn the_plan() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = copy_of_the_book();
        let out = build(dir.path(), &["--typ"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "build failed:\n{stderr}");
        let pdf = dir.path().join(PDF);
        let text = poppler("pdftotext", &["-layout"], &pdf);
        Built {
            _dir: dir,
            pdf,
            text,
            stderr,
        }
    })
}

/// Every `title:` of the book's Markdown files.
fn titles() -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(&repo().join("content")) {
        let text = std::fs::read_to_string(&entry).expect("read page");
        if let Some(line) = text.lines().find(|l| l.starts_with("title:")) {
            let title = line["title:".len()..].trim().trim_matches('"');
            out.push(title.replace("\\\"", "\""));
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_plan_has_every_title_and_a_sentence_of_every_chapter() {
    let built = the_plan();
    let text = squash(&built.text);
    for title in titles() {
        assert!(text.contains(&squash(&title)), "title missing: {title}");
    }
    // One sentence of each chapter, the appendix and the back cover, as
    // printed in the plan.
    let sentences = [
        "KIS wil daarin een baken van rust zijn.",
        "Het Kennisplatform Integratie & Samenleving is er om bij te dragen aan de kwaliteit van de Nederlandse samenleving",
        "De onderzoeks- en analysefunctie biedt de wetenschappelijke onderbouwing van het kennisplatform.",
        "Ook in 2019 zetten we alle middelen in om KIS zichtbaarder te maken.",
        "Onderstaand de uitsplitsingen van de begrotingen van de overige functies van KIS naar functieniveaus.",
        "Alexander Rinnooy Kan",
        "Deze kennisuitwisseling is bedoeld om een fundamentele bijdrage te leveren aan een pluriforme en stabiele samenleving.",
    ];
    for sentence in sentences {
        assert!(
            text.contains(&squash(sentence)),
            "sentence missing: {sentence}"
        );
    }
    for label in [
        "Inhoudsopgave",
        "Werkplan 2019",
        "Bijlage 1",
        "Totaaloverzicht begroting",
    ] {
        assert!(built.text.contains(label), "{label} missing");
    }
}

#[test]
fn the_plan_prints_the_budget_figures_of_the_printed_plan() {
    let built = the_plan();
    let words: Vec<&str> = built.text.split_whitespace().collect();
    assert!(words.contains(&"57.652"), "57.652 missing");
    assert!(words.contains(&"2.620.019"), "2.620.019 missing");
    let fixture = crate::common::printed_figures();
    let budgets = fixture["budgets"].as_array().expect("budgets");
    for budget in budgets {
        let total = budget["total"].as_i64().expect("total");
        assert!(
            words.contains(&dutch(total).as_str()),
            "total {} of budget {} missing",
            dutch(total),
            budget["id"]
        );
    }
    for row in fixture["overview"]["rows"].as_array().expect("rows") {
        for value in row["values"].as_array().expect("values") {
            let value = dutch(value.as_i64().expect("value"));
            assert!(
                words.contains(&value.as_str()),
                "overview figure {value} missing ({})",
                row["label"]
            );
        }
    }
}

#[test]
fn the_plan_has_the_length_of_a_printed_plan() {
    let info = pdfinfo(&the_plan().pdf, &[]);
    let pages: usize = info_field(&info, "Pages")
        .and_then(|p| p.parse().ok())
        .expect("page count");
    // The printed plan has about 90 pages.
    assert!((60..=130).contains(&pages), "{pages} pages");
}

#[test]
fn the_plan_is_tagged_pdf_ua_with_metadata_and_an_outline() {
    let built = the_plan();
    let info = pdfinfo(&built.pdf, &[]);
    let field = |key| info_field(&info, key).unwrap_or_default();
    assert_eq!(field("Tagged"), "yes", "{info}");
    assert_eq!(
        field("Title"),
        "Kennisplatform Integratie & Samenleving: Werkplan 2019"
    );
    assert_eq!(field("Author"), "Verwey-Jonker Instituut en Movisie");
    assert!(field("Subject").contains("Werkplan 2019"), "{info}");
    // The book's date (2018-12-01), not the time of the build.
    assert!(field("CreationDate").contains("2018"), "{info}");
    let meta = pdfinfo(&built.pdf, &["-meta"]);
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 in XMP:\n{meta}"
    );
    assert!(meta.contains("nl"), "no language in XMP");
    let bytes = std::fs::read(&built.pdf).expect("read pdf");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Outlines"), "no outline");
    assert!(has(b"/Lang"), "no document language");
    assert!(has(b"/StructTreeRoot"), "no structure tree");
    // Cross references (links to other pages of the book) and web links.
    assert!(has(b"/Dest"), "no internal link");
    assert!(has(b"/URI"), "no web link");
    assert!(meta.contains("<pdfaid:part>2<"), "no PDF/A-2 in XMP");
    assert!(meta.contains("<pdfaid:conformance>A<"), "not PDF/A-2a");
}

#[test]
fn the_generated_typst_is_written_on_request() {
    let built = the_plan();
    let typ = built.pdf.with_file_name("typst").join("main.typ");
    let text = std::fs::read_to_string(&typ).expect("--typ writes build/typst/main.typ");
    assert!(text.contains("#budget-table(data.budgets.at(\"1.1\"), data.labels)"));
    assert!(built.stderr.contains("Typst compile"), "{}", built.stderr);
    // Nothing else beside the PDF: the project is in its own folder.
    assert!(!built.pdf.with_extension("typ").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = copy_of_the_book();
    assert!(build(dir.path(), &[]).status.success());
    let first = std::fs::read(dir.path().join(PDF)).expect("first pdf");
    assert!(build(dir.path(), &[]).status.success());
    let second = std::fs::read(dir.path().join(PDF)).expect("second pdf");
    assert!(first == second, "the two builds differ");
    assert_eq!(first, std::fs::read(&the_plan().pdf).expect("the plan"));
}

/// A one-chapter book beside the real book.yaml.
pub(crate) fn small_book(chapter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::copy(repo().join("content/book.yaml"), content.join("book.yaml")).expect("config");
    std::fs::write(content.join("01-hoofdstuk.md"), chapter).expect("chapter");
    dir
}

const HOSTILE: [&str; 10] = [
    "#set page(width: 1pt)",
    "$x^2$",
    "<label>",
    "@ref",
    "// comment",
    "= heading",
    "#{panic()}",
    "#import \"/etc/passwd\"",
    "\\ ~ -- --- ... 'a' \"b\" +1 -2 /3 [x] {y} (z) a.b",
    "- niet een lijst",
];

#[test]
fn hostile_text_prints_literally() {
    let mut md = String::from("---\ntitle: \"Vijandige tekst #set text(red)\"\n---\n\n");
    for (i, line) in HOSTILE.iter().enumerate() {
        // Each as its own paragraph; Markdown escapes keep what could be
        // Markdown syntax (`-`, `#`, `<`, `\`) as text.
        let escaped: String = line
            .chars()
            .flat_map(|c| {
                let esc = c.is_ascii_punctuation();
                esc.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        md.push_str(&format!("Regel {i}: {escaped}\n\n"));
    }
    md.push_str("Alle ASCII-tekens: ");
    for c in (b'!'..=b'~').map(char::from) {
        if c.is_ascii_punctuation() {
            md.push('\\');
        }
        md.push(c);
    }
    md.push_str("\n\nEen `#code $met$ <tekens>` in een zin.\n");
    let dir = small_book(&md);
    let out = build(dir.path(), &["--typ"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{stderr}");
    let pdf = dir.path().join(PDF);
    let text = poppler("pdftotext", &[], &pdf);
    // Compared without whitespace and soft hyphens: a line may break,
    // and a word be hyphenated, anywhere in a run.
    let no_space = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
            .collect::<String>()
    };
    let flat = no_space(&text);
    for (i, line) in HOSTILE.iter().enumerate() {
        let expected = no_space(&format!("Regel {i}: {line}"));
        assert!(flat.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    let ascii: String = (b'!'..=b'~').map(char::from).collect();
    assert!(flat.contains(&ascii), "ASCII run missing in:\n{text}");
    assert!(
        flat.contains(&no_space("#code $met$ <tekens>")),
        "inline code missing"
    );
    assert!(
        flat.contains(&no_space("Vijandige tekst #set text(red)")),
        "title missing"
    );
    // The page kept its A4 width: `#set page(width: 1pt)` did nothing.
    let info = pdfinfo(&pdf, &[]);
    assert_eq!(
        info_field(&info, "Page size"),
        Some("595.276 x 841.89 pts (A4)")
    );
}

#[test]
fn a_broken_link_is_refused_at_its_line_and_keeps_the_old_pdf() {
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen goede zin.\n");
    assert!(build(dir.path(), &[]).status.success());
    let good = std::fs::read(dir.path().join(PDF)).expect("first pdf");

    // Line 7 links to an anchor that no heading has. Typst could not
    // resolve the label; `check` finds it first, at the editor's line.
    let broken =
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen goede zin.\n\nZie [hier](#nergens) voor meer.\n";
    std::fs::write(dir.path().join("content/01-hoofdstuk.md"), broken).expect("write");
    let out = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a broken link must fail the build");
    assert!(
        stderr.contains("content/01-hoofdstuk.md:7:5: error[KB0414]: the link goes to `#nergens`"),
        "not at the editor's line:\n{stderr}"
    );
    let after = std::fs::read(dir.path().join(PDF)).expect("old pdf still there");
    assert!(after == good, "a failed build replaced the PDF");
}

/// Gives the book at `root` its own copy of the embedded style, with `line`
/// inserted as its line 3.
fn own_style_with_line_3(root: &Path, line: &str) {
    let original =
        std::fs::read_to_string(crate::common::repo_root().join("templates/pdf/style.typ"))
            .expect("style");
    let mut lines: Vec<&str> = original.lines().collect();
    lines.insert(2, line);
    crate::common::write_file(&root.join("templates/pdf/style.typ"), lines.join("\n"));
}

#[test]
fn typst_errors_in_a_books_own_template_point_at_the_template() {
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen goede zin.\n");
    assert!(build(dir.path(), &[]).status.success());
    let good = std::fs::read(dir.path().join(PDF)).expect("first pdf");
    // A designer's own copy of the style with an error on its line 3.
    own_style_with_line_3(dir.path(), "#let broken = (1 +");
    let out = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a broken template must fail the build"
    );
    assert!(
        stderr.contains("templates/pdf/style.typ:3"),
        "not at the template's line:\n{stderr}"
    );
    let after = std::fs::read(dir.path().join(PDF)).expect("old pdf still there");
    assert!(after == good, "a failed build replaced the PDF");
}

#[test]
fn a_mistake_that_only_shows_when_a_template_runs_is_a_check_error() {
    // `check` renders the PDF in memory: a template of the book's own that
    // parses but fails when Typst runs it is found before any build.
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen goede zin.\n");
    own_style_with_line_3(dir.path(), "#let oops = 1 + \"een\"");
    let out = crate::common::kis_book(&["check", dir.path().to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "templates/pdf/style.typ:3: error[KB0504]: typst: cannot add integer and string"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("build").exists(), "check writes nothing");
}

#[test]
fn images_outside_content_are_refused_at_their_line() {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n![Geheim](../../../../etc/passwd)\n",
    );
    let out = build(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "reading outside the book must fail");
    assert!(
        stderr.contains("content/01-hoofdstuk.md:7:1: error[KB0416]: the image `../../../../etc/passwd` lies outside the book"),
        "{stderr}"
    );
}

#[test]
fn generated_typst_escapes_text_and_maps_each_block_to_its_line() {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin met #hekje.\n\n## Kopje\n\nTweede *alinea*.[^3] En verder.\n\n[^3]: Een noot.\n",
    );
    let compiled = kis_book::compile(&kis_book::source::input::BookInput::open(dir.path()))
        .compiled
        .expect("the small book compiles");
    let generated = kis_book::render::pdf::generate(dir.path(), &compiled);
    let lines: Vec<&str> = generated.text.lines().collect();
    let at = |needle: &str| {
        let typ_line = lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in:\n{}", generated.text))
            + 1;
        let (path, line) = generated.map.lookup(typ_line).expect("mapped");
        assert!(
            path.ends_with("content/01-hoofdstuk.md"),
            "{}",
            path.display()
        );
        line
    };
    assert_eq!(at("Een zin met \\#hekje\\."), 5);
    assert_eq!(at("#section-heading("), 7);
    assert_eq!(at("Tweede #emph[alinea]\\."), 9);
    // A footnote's text maps to its definition, the rest of the paragraph
    // back to the paragraph.
    assert_eq!(at("Een noot\\."), 11);
    assert_eq!(at("En verder\\."), 9);
}

#[test]
fn source_date_epoch_sets_the_timestamp() {
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n");
    // 2021-06-15 12:00:00 UTC.
    assert!(
        build_with(dir.path(), &[], Some("1623758400"))
            .status
            .success()
    );
    let info = pdfinfo(&dir.path().join(PDF), &["-isodates"]);
    assert_eq!(
        info_field(&info, "CreationDate"),
        Some("2021-06-15T12:00:00Z")
    );
}

#[test]
fn only_pdf_builds_the_pdf_and_not_the_site() {
    let dir = small_book("---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n");
    let out = build(dir.path(), &["--only", "pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join(PDF).is_file(), "no PDF");
    assert!(
        !dir.path().join("build/site").exists(),
        "the site was built"
    );
}
