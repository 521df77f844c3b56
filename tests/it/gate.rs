//! `check` is the gate (issue 12): every mistake that would stop `build` is
//! a `check` error at its file, line and column first; `build` refuses the
//! same book with the same message and leaves the previous PDF and site
//! exactly as they were; nothing outside the book is read, copied or
//! served; the limits are named when a book passes them; YAML mistakes read
//! in an editor's words.
//!
//! Each case starts from the small fixture book, built once, then breaks
//! it in one way.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{PNG, copy_book, kis_book, png_header, read_tree, small_book, stderr};

/// The fixture book, built, in a temporary folder.
struct Built {
    dir: tempfile::TempDir,
}

impl Built {
    fn new() -> Self {
        let dir = copy_book(&small_book());
        let out = kis_book(&["build", path_str(dir.path())]);
        assert!(out.status.success(), "{}", stderr(&out));
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        crate::common::write_file(&self.path(rel), text);
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    /// Every file of the previous build: the PDF and the site.
    fn output(&self) -> BTreeMap<String, Vec<u8>> {
        let out = read_tree(&self.path("build"));
        assert!(out.contains_key("proef-werkplan.pdf"), "a PDF was built");
        assert!(out.contains_key("site/index.html"), "a site was built");
        out
    }

    fn check(&self) -> Output {
        kis_book(&["check", path_str(self.root())])
    }

    /// `check` finds the error `says` at `file:line:col` (col 0: any; line
    /// 0: the whole file; line [`ANY`]: any line);
    /// `build` refuses with the same error and leaves the previous PDF and
    /// site untouched. Returns check's report.
    fn refused(&self, file: &str, line: usize, col: usize, says: &str) -> String {
        let before = self.output();
        let out = self.check();
        let report = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "check exits 1:\n{report}");
        assert!(!report.contains("panicked"), "{report}");
        let at = match (line, col) {
            (ANY, _) => format!("{file}:"),
            (0, _) => format!("{file}: error["),
            (line, 0) => format!("{file}:{line}:"),
            (line, col) => format!("{file}:{line}:{col}: error["),
        };
        let hit = report
            .lines()
            .find(|l| l.contains(&at) && l.contains("error[") && l.contains(says))
            .unwrap_or_else(|| panic!("no error `{says}` at `{at}` in:\n{report}"));
        let built = kis_book(&["build", path_str(self.root())]);
        let build_report = stderr(&built);
        assert_eq!(
            built.status.code(),
            Some(1),
            "build refuses:\n{build_report}"
        );
        assert!(
            build_report.contains(hit),
            "build says the same:\n{build_report}"
        );
        assert!(
            build_report.contains("nothing was written; the previous build is unchanged"),
            "{build_report}"
        );
        assert!(
            self.output() == before,
            "the failed build left the previous PDF and site as they were"
        );
        report
    }

    /// `check` is clean and `build` succeeds.
    fn builds(&self) -> String {
        let out = self.check();
        let report = stderr(&out);
        assert!(out.status.success(), "check is clean:\n{report}");
        let built = kis_book(&["build", path_str(self.root())]);
        assert!(
            built.status.success(),
            "build succeeds:\n{}",
            stderr(&built)
        );
        report
    }
}

/// Any line, for [`Built::refused`].
const ANY: usize = usize::MAX;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

const INTRO: &str = "content/01-inleiding.md";
const PROJECT: &str = "content/02-projecten/1.1-werk.md";

/// The introduction with `body` after its front matter (body line 5).
fn intro(body: &str) -> String {
    format!("---\ntitle: Inleiding\n---\n\n{body}\n")
}

// ---------------------------------------------------------------------
// What only `build` refused before: now `check` errors at the Markdown.

#[test]
fn images_that_are_fine_build() {
    let book = Built::new();
    book.write("content/img/rood.png", PNG);
    book.write(
        "content/img/vlak.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"20\" height=\"10\" fill=\"#36c\"/></svg>",
    );
    book.write(
        INTRO,
        intro("Een kaart: ![Rode vlakken](img/rood.png)\n\n![Een blauw vlak](./img/vlak.svg)"),
    );
    book.builds();
}

#[test]
fn an_image_outside_the_book() {
    let book = Built::new();
    std::fs::write(book.root().parent().expect("parent").join("logo.png"), PNG).expect("write");
    book.write(INTRO, intro("Logo: ![Het logo](../../logo.png)"));
    book.refused(
        INTRO,
        5,
        7,
        "the image `../../logo.png` lies outside the book",
    );
}

#[test]
fn an_image_outside_the_content_folder() {
    let book = Built::new();
    book.write("logo.png", PNG);
    book.write(INTRO, intro("Logo: ![Het logo](../logo.png)"));
    book.refused(INTRO, 5, 7, "is `logo.png`, outside the content folder");
}

#[test]
fn an_image_that_is_not_there() {
    let book = Built::new();
    book.write(INTRO, intro("Tekst.\n\n- Zie ![De kaart](kaart.png)"));
    book.refused(
        INTRO,
        7,
        7,
        "there is no image `kaart.png` (`content/kaart.png`)",
    );
}

#[test]
fn an_image_that_is_not_an_image() {
    let book = Built::new();
    book.write("content/kaart.png", "dit is tekst");
    book.write(INTRO, intro("![De kaart](kaart.png)"));
    book.refused(INTRO, 5, 1, "the image `kaart.png` cannot be read");
    book.write("content/kaart.txt", "dit is tekst");
    book.write(INTRO, intro("![De kaart](kaart.txt)"));
    book.refused(
        INTRO,
        5,
        1,
        "`kaart.txt` is not an image kis-book can print",
    );
}

#[test]
fn a_pdf_as_an_image() {
    let book = Built::new();
    book.write(
        "content/bijlage.pdf",
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    );
    book.write(INTRO, intro("![De bijlage](bijlage.pdf)"));
    book.refused(
        INTRO,
        5,
        1,
        "`bijlage.pdf` is a PDF: an accessible PDF (PDF/UA)",
    );
}

#[test]
fn a_page_name_the_site_keeps() {
    let book = Built::new();
    book.write("content/zoeken.md", "---\ntitle: Zoeken\n---\n\nTekst.\n");
    let report = book.refused("content/zoeken.md", 0, 0, "the page name `zoeken`");
    assert!(report.contains("rename the file"), "{report}");
}

#[test]
fn links_to_headings_that_do_not_exist() {
    let book = Built::new();
    book.write(
        INTRO,
        intro("Zie [de aanleiding](02-projecten/1.1-werk.md#aanleiding).\n\nEn [nergens](02-projecten/1.1-werk.md#nergens), [hier](#ook-niet)."),
    );
    let report = book.refused(
        INTRO,
        7,
        4,
        "the link goes to `#nergens` in `02-projecten/1.1-werk.md`, but no heading there has that anchor",
    );
    assert!(
        report.contains("the anchors there are: #aanleiding, #begroting"),
        "{report}"
    );
    assert!(
        report.contains(
            "01-inleiding.md:7:49: error[KB0414]: the link goes to `#ook-niet`, but no heading on this page"
        ),
        "{report}"
    );
}

#[test]
fn a_table_on_the_back_cover() {
    let book = Built::new();
    book.write(
        "content/99-achterkant.md",
        "---\ntitle: Achterkant\nkind: back-cover\n---\n\nTekst.\n\n{{ overview }}\n",
    );
    book.refused(
        "content/99-achterkant.md",
        8,
        1,
        "the back cover cannot hold a budget table or the overview",
    );
}

#[test]
fn a_book_without_a_page_of_text() {
    let book = Built::new();
    book.remove(INTRO);
    book.remove("content/04-overzicht.md");
    book.write(
        "content/02-projecten/index.md",
        "---\ntitle: Projecten\ntheme: \"1\"\n---\n\nDe projecten.\n",
    );
    book.refused("content", 0, 0, "the book has no page of plain text");
}

#[test]
fn a_date_that_is_not_on_the_calendar() {
    let book = Built::new();
    let config = std::fs::read_to_string(book.path("content/book.yaml")).expect("read");
    book.write(
        "content/book.yaml",
        config.replace("date: 2029-12-01", "date: 2029-02-29"),
    );
    let line = config
        .lines()
        .position(|l| l.starts_with("date:"))
        .expect("date")
        + 1;
    book.refused("content/book.yaml", line, 7, "`2029-02-29` is not a date");
}

#[test]
fn a_pdf_name_that_leaves_the_build_folder() {
    let book = Built::new();
    let config = std::fs::read_to_string(book.path("content/book.yaml")).expect("read");
    for name in ["../../ontsnapt", "a/b", ".verborgen"] {
        book.write(
            "content/book.yaml",
            config.replace("output: proef-werkplan", &format!("output: \"{name}\"")),
        );
        let line = config
            .lines()
            .position(|l| l.starts_with("output:"))
            .expect("output")
            + 1;
        book.refused(
            "content/book.yaml",
            line,
            1,
            &format!("`output` is `{name}`, which is not a plain file name"),
        );
    }
    assert!(
        !book
            .root()
            .parent()
            .expect("parent")
            .join("ontsnapt.pdf")
            .exists()
    );
}

#[test]
fn a_heading_without_text() {
    let book = Built::new();
    book.write(
        INTRO,
        intro("## Opbouw\n\nTekst.\n\n## ![Kaart](kaart.png)"),
    );
    std::fs::write(book.path("content/kaart.png"), PNG).expect("write");
    book.refused(INTRO, 9, 1, "a heading needs text");
}

#[test]
fn a_template_of_the_book_with_a_syntax_error() {
    let book = Built::new();
    let template = "templates/pdf/book.typ";
    let original =
        std::fs::read_to_string(crate::common::repo_root().join(template)).expect("read template");
    let broken = original.replacen("#let ", "#let (", 1);
    let line = original
        .lines()
        .position(|l| l.contains("#let "))
        .expect("a #let")
        + 1;
    book.write(template, broken);
    book.refused(template, line, 0, "typst: ");
}

#[test]
fn a_template_of_the_book_that_fails_when_rendered() {
    // Parses, but calls what does not exist: only rendering finds it, so
    // `check` renders a book whose templates are its own.
    let book = Built::new();
    let template = "templates/pdf/book.typ";
    let original =
        std::fs::read_to_string(crate::common::repo_root().join(template)).expect("read template");
    let line = original
        .lines()
        .position(|l| l.starts_with("#let "))
        .expect("a #let")
        + 1;
    let broken = original.replacen("#let ", "#let onzin = nergens-gedefinieerd()\n#let ", 1);
    book.write(template, broken);
    book.refused(
        template,
        line,
        0,
        "typst: unknown variable: nergens-gedefinieerd",
    );
    book.write(
        "templates/site/page.html",
        "{% extends \"site/base.html\" %}{% block main %}{{ page.bestaat_niet.veld }}{% endblock %}",
    );
    book.write(template, original);
    book.refused(
        "templates/site/page.html",
        0,
        0,
        "the template cannot be rendered: Variable `page.bestaat_niet.veld` not found in context",
    );
}

#[test]
fn a_font_of_the_book_that_is_not_a_font() {
    let book = Built::new();
    book.write("fonts/Eigen-Regular.ttf", "geen lettertype");
    book.refused("fonts/Eigen-Regular.ttf", 0, 0, "not a font Typst can read");
}

// ---------------------------------------------------------------------
// The closed world.

#[test]
fn a_link_to_a_file_outside_the_book() {
    let book = Built::new();
    let secret = book
        .root()
        .parent()
        .expect("parent")
        .join(format!("geheim-{}.md", std::process::id()));
    std::fs::write(&secret, "---\ntitle: Geheim\n---\n\nHET-GEHEIM\n").expect("write");
    symlink(&secret, book.path("content/05-lek.md")).expect("symlink");
    let report = book.refused(
        "content/05-lek.md",
        0,
        0,
        &format!(
            "`{}` is a symbolic link to `{}`",
            book.path("content/05-lek.md").display(),
            secret.display()
        ),
    );
    assert!(report.contains("outside the book"), "{report}");
    let leaked = read_tree(&book.path("build"))
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("HET-GEHEIM"));
    assert!(!leaked, "nothing of the secret is published");
    let _ = std::fs::remove_file(secret);
}

#[test]
fn a_link_to_a_folder_outside_the_book() {
    let book = Built::new();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("index.md"),
        "---\ntitle: Buiten\n---\n\nHET-GEHEIM\n",
    )
    .expect("write");
    symlink(outside.path(), book.path("content/05-extern")).expect("symlink");
    book.refused("content/05-extern", 0, 0, "is a symbolic link to");
}

#[test]
fn links_in_templates_and_fonts_that_leave_the_book() {
    let book = Built::new();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("x.typ"), "#let x = 1").expect("write");
    symlink(
        outside.path().join("x.typ"),
        book.path("templates/pdf/extra.typ"),
    )
    .or_else(|_| {
        std::fs::create_dir_all(book.path("templates/pdf")).expect("mkdir");
        symlink(
            outside.path().join("x.typ"),
            book.path("templates/pdf/extra.typ"),
        )
    })
    .expect("symlink");
    book.refused("templates/pdf/extra.typ", 0, 0, "outside the book");
    std::fs::remove_file(book.path("templates/pdf/extra.typ")).expect("remove");
    std::fs::create_dir_all(book.path("fonts")).expect("mkdir");
    symlink("/etc", book.path("fonts/systeem")).expect("symlink");
    book.refused(
        "fonts/systeem",
        0,
        0,
        "is a symbolic link to `/etc`, outside the book",
    );
}

#[test]
fn a_link_inside_the_book_is_refused_too() {
    // Harmless to read, but `kis-book diff` reads revisions from git, where
    // a link is no file: one rule for every command.
    let book = Built::new();
    book.write("content/gedeeld/kaart.png", PNG);
    symlink("gedeeld/kaart.png", book.path("content/kaart.png")).expect("symlink");
    book.write(INTRO, intro("![De kaart](kaart.png)"));
    let report = book.refused(
        "content/kaart.png",
        0,
        0,
        "is a symbolic link to `gedeeld/kaart.png`",
    );
    assert!(
        report.contains("put the file itself in the book"),
        "{report}"
    );
    assert!(!report.contains("outside the book"), "{report}");
    // And the codes a script reads: KB0110 here, KB0113 for a link out.
    let out = kis_book(&["check", path_str(book.root()), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check --format json");
    let codes: Vec<&str> = json
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"KB0110"), "{codes:?}");
    symlink("/etc/hostname", book.path("content/lek.md")).expect("symlink");
    let out = kis_book(&["check", path_str(book.root()), "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("\"KB0113\""), "{text}");
}

// ---------------------------------------------------------------------
// Footnotes.

#[test]
fn a_footnote_without_definition_and_one_never_used() {
    let book = Built::new();
    book.write(
        INTRO,
        intro("Eerst[^1], dan[^3].\n\n[^1]: Een.\n\n[^2]: Twee, nergens gebruikt."),
    );
    let report = book.refused(INTRO, 5, 15, "footnote `[^3]` is used but never defined");
    assert!(
        report.contains(
            "01-inleiding.md:9:1: warning[KB0404]: footnote `[^2]` is defined but never used"
        ),
        "{report}"
    );
}

// ---------------------------------------------------------------------
// Messages an editor can act on.

#[test]
fn an_unknown_field_with_the_one_meant() {
    let book = Built::new();
    book.write(
        PROJECT,
        "---\nid: \"1.1\"\ntitel: Werk\ntheme: \"1\"\n---\n\nTekst.\n",
    );
    let report = book.refused(PROJECT, 3, 1, "unknown field `titel`");
    assert!(report.contains("did you mean `title`?"), "{report}");
    assert!(
        report.contains("`title`, `id`, `theme`, `function`, `kind`, `description`, `budget`"),
        "{report}"
    );
    assert!(!report.contains("YAML expands"), "{report}");
}

#[test]
fn a_tab_is_reported_where_it_stands() {
    let book = Built::new();
    book.write(
        PROJECT,
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: 10\n\t  Junior: 20\n---\n\nTekst.\n",
    );
    book.refused(PROJECT, 9, 1, "a tab");
}

#[test]
fn hours_that_are_not_finite_or_too_large() {
    let book = Built::new();
    book.write(
        PROJECT,
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: .nan\n      Junior: .inf\n    beta:\n      Expert: 1e400\n---\n\nTekst.\n",
    );
    let report = book.refused(PROJECT, 8, 15, "`.nan` is not a number of hours");
    assert!(
        report.contains(
            "1.1-werk.md:9:15: error[KB0307]: `.inf` is too large: hours can be at most 1000000000"
        ),
        "{report}"
    );
    assert!(
        report.contains("1.1-werk.md:11:15: error[KB0307]: `1e400` is too large"),
        "{report}"
    );
    assert!(!report.contains("policy"), "{report}");
}

#[test]
fn an_alias_bomb() {
    let book = Built::new();
    let mut yaml = String::from(
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: &h 1\n",
    );
    for i in 0..1500 {
        yaml.push_str(&format!("      Rol{i}: *h\n"));
    }
    yaml.push_str("---\n\nTekst.\n");
    book.write(PROJECT, yaml);
    let report = book.refused(PROJECT, 109, 0, "too many aliases");
    assert!(
        !report.contains("anchor id"),
        "no parser internals: {report}"
    );
}

#[test]
fn an_invisible_character_written_as_a_yaml_escape() {
    // Not in the file as such, so the file's own check cannot see it; but
    // YAML makes it, and every string of the YAML may be printed.
    let book = Built::new();
    let config = std::fs::read_to_string(book.path("content/book.yaml")).expect("read");
    book.write(
        "content/book.yaml",
        config.replace("name: Alpha Instituut", "name: \"Alpha\\u0007 Instituut\""),
    );
    let line = config
        .lines()
        .position(|l| l.contains("name: Alpha Instituut"))
        .expect("the organisation")
        + 1;
    book.refused(
        "content/book.yaml",
        line,
        17,
        "an invisible control character (U+0007), written as an escape",
    );
    book.write("content/book.yaml", config);
    book.write(
        PROJECT,
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      \"Sen\\u202Eior\": { hours: 1, as: Senior }\n---\n\nTekst.\n",
    );
    book.refused(
        PROJECT,
        8,
        11,
        "an invisible bidirectional control character (U+202E), written as an escape",
    );
}

#[test]
fn one_cause_gives_one_message() {
    let book = Built::new();
    book.write(
        PROJECT,
        "---\nid: \"1.1\"\ntitel: Werk\ntheme: \"1\"\n---\n\nTekst.\n",
    );
    book.write(INTRO, intro("Project 1.1 kost {{ total 1.1 }}."));
    let report = book.refused(
        INTRO,
        5,
        18,
        "`{{ total 1.1 }}`: budget `1.1` could not be read: see the error in",
    );
    assert!(report.contains("1.1-werk.md` at line 3"), "{report}");
    assert!(!report.contains("there is no budget"), "{report}");
    assert!(!report.contains("unknown placeholder"), "{report}");
}

#[test]
fn deep_nesting_is_reported_once() {
    let book = Built::new();
    book.write(INTRO, intro(&format!("{} diep", ">".repeat(5000))));
    let report = book.refused(
        INTRO,
        5,
        0,
        "nested more than 12 levels deep (the limit on nesting)",
    );
    assert_eq!(report.matches("error[").count(), 1, "{report}");
    assert!(!report.contains("maximum parsing depth"), "{report}");
}

// ---------------------------------------------------------------------
// Limits, each named when a book passes it.

#[test]
fn the_limits_are_named() {
    let book = Built::new();
    let word = "x".repeat(2001);
    let paragraph = "woord ".repeat(1700);
    book.write(INTRO, intro(&format!("{word}\n\n{paragraph}")));
    let report = book.refused(
        INTRO,
        5,
        1,
        "a word of more than 2000 characters without a space (the limit on word length)",
    );
    assert!(
        report.contains("01-inleiding.md:7:1: error[KB0421]: this paragraph is longer than 10000 characters (the limit on paragraph length)"),
        "{report}"
    );

    let big = "Een zin van gewone lengte. ".repeat(40_000);
    book.write(INTRO, intro(&big));
    book.refused(
        INTRO,
        0,
        0,
        "a book file may hold at most 1.0 MB (the limit on file size)",
    );

    let paragraph = "Een alinea van gewone lengte met gewone woorden erin. ".repeat(150);
    let chapter = format!("{paragraph}\n\n").repeat(90);
    for n in 0..6 {
        book.write(
            &format!("content/05-deel-{n}.md"),
            format!("---\ntitle: Deel {n}\n---\n\n{chapter}"),
        );
    }
    book.refused(
        "content",
        0,
        0,
        "a book may hold at most 4.0 MB (the limit on book size)",
    );
    for n in 0..6 {
        book.remove(&format!("content/05-deel-{n}.md"));
    }

    let cells = "| a | b | c | d |\n".repeat(10_100);
    book.write(
        INTRO,
        intro(&format!("| A | B | C | D |\n|---|---|---|---|\n{cells}")),
    );
    book.refused(INTRO, 10006, 2, "here the book passes 40000 blocks: paragraphs, headings, list items and table cells (the limit on blocks)");

    book.write(INTRO, intro("Tekst."));
    book.write("content/img/groot.png", png_header(6000, 5000));
    book.write(INTRO, intro("![Groot](img/groot.png)"));
    book.refused(
        INTRO,
        5,
        1,
        "has 30 million pixels; an image may have at most 25 million (the limit on image size)",
    );
    book.write("content/img/een.png", png_header(5000, 4000));
    book.write("content/img/twee.png", png_header(5000, 3000));
    book.write(INTRO, intro("![Een](img/een.png)\n\n![Twee](img/twee.png)"));
    book.refused(INTRO, 7, 1, "with `img/twee.png`, the book's images have more than 30 million pixels together (the limit on images)");
}

#[test]
fn too_many_budget_lines() {
    let book = Built::new();
    let mut yaml = String::from(
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n",
    );
    for i in 0..5001 {
        yaml.push_str(&format!("      Rol{i}: {{ hours: 1, rate: 1 }}\n"));
    }
    yaml.push_str("---\n\n{{ budget }}\n");
    book.write(PROJECT, yaml);
    book.refused(
        PROJECT,
        6,
        3,
        "more than 5000 role lines (the limit on budget lines)",
    );
}

/// Markdown nested `levels` deep: boxes, quotes and lists inside each
/// other, as deep as a template nests them, with `inner` at the bottom.
fn nested(levels: usize, inner: &str) -> String {
    let mut text = String::new();
    let mut prefix = String::new();
    for level in 0..levels {
        match level % 3 {
            0 => {
                prefix.push_str("> ");
                text.push_str(&format!(
                    "{prefix}[!NOTE]\n{prefix}**Kader {level}**\n{prefix}\n"
                ));
            }
            1 => {
                prefix.push_str("> ");
                text.push_str(&format!("{prefix}Citaat {level}\n{prefix}\n"));
            }
            _ => {
                text.push_str(&format!("{prefix}- Niveau {level}\n"));
                prefix.push_str("  ");
                text.push_str(&format!("{prefix}\n"));
            }
        }
    }
    text.push_str(&format!("{prefix}{inner}\n"));
    text
}

#[test]
fn a_book_at_the_nesting_limit_builds() {
    // Ten levels of blocks and two of emphasis: twelve, the limit.
    let book = Built::new();
    book.write(INTRO, intro(&nested(10, "**_diep_** genoeg")));
    book.builds();
    book.write(INTRO, intro(&nested(10, "**_~~te diep~~_**")));
    book.refused(INTRO, ANY, 0, "nested more than 12 levels deep");
}

// ---------------------------------------------------------------------
// serve serves the built site and nothing else.

/// Stops the server when the test ends, whatever happens.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends `request_line` as it is (no normalising client in between) and
/// returns the status code and the whole response.
fn raw_request(addr: &str, request_line: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "{request_line}\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

#[test]
fn serve_serves_only_the_files_of_the_built_site() {
    use std::io::BufRead as _;
    let book = Built::new();
    let secret = book
        .root()
        .parent()
        .expect("parent")
        .join(format!("geheim-serve-{}.txt", std::process::id()));
    std::fs::write(&secret, "HET-GEHEIM").expect("write secret");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["serve", path_str(book.root()), "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let _serving = Serving(child);
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the address");
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .expect("address printed")
        .trim_end_matches('/')
        .to_owned();
    // Links planted in the built site: one out of the book, one to a file
    // of the site itself. kis-book never writes a link, so neither is served.
    let site = book.path("build/site");
    symlink(&secret, site.join("lek.txt")).expect("symlink out");
    symlink(site.join("index.html"), site.join("kopie.html")).expect("symlink in");
    symlink(book.root().parent().expect("parent"), site.join("map")).expect("symlink dir");

    assert_eq!(raw_request(&addr, "GET / HTTP/1.1").0, 200);
    assert_eq!(raw_request(&addr, "GET /01-inleiding/ HTTP/1.1").0, 200);
    let name = secret.file_name().and_then(|n| n.to_str()).expect("name");
    let attempts = [
        "GET /lek.txt HTTP/1.1".to_owned(),
        "GET /kopie.html HTTP/1.1".to_owned(),
        format!("GET /map/{name} HTTP/1.1"),
        format!("GET /../../{name} HTTP/1.1"),
        format!("GET /%2e%2e/%2e%2e/{name} HTTP/1.1"),
        format!("GET /%2E%2E%2F%2E%2E%2F{name} HTTP/1.1"),
        format!("GET /..%5c..%5c{name} HTTP/1.1"),
        format!("GET http://{addr}/../../{name} HTTP/1.1"),
        format!("GET {} HTTP/1.1", secret.display()),
        format!("GET /{} HTTP/1.1", secret.display()),
        "GET //etc/passwd HTTP/1.1".to_owned(),
        "GET /static/../../../etc/passwd HTTP/1.1".to_owned(),
        "GET /index.html%00.txt HTTP/1.1".to_owned(),
    ];
    for request in &attempts {
        let (code, response) = raw_request(&addr, request);
        assert!(code == 404 || code == 400, "{request}: {code}");
        assert!(
            !response.contains("HET-GEHEIM"),
            "{request} served the secret"
        );
        assert!(!response.contains("root:"), "{request} served /etc/passwd");
    }
    let _ = std::fs::remove_file(secret);
}
