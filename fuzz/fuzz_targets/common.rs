//! What the fuzz targets share: the small fixture book, compiled once, and
//! Markdown compiled into a page's document the way `check` does it.

#![allow(dead_code, reason = "each target uses a part")]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kis_book::compiled::Compiled;
use kis_book::diagnostics::Diagnostics;
use kis_book::markdown::{Document, Resolver, Source, compile_page};

/// The fixture book and its compiled form.
pub struct Fixture {
    /// The book's root folder.
    pub root: PathBuf,
    /// The book, compiled.
    pub compiled: Compiled,
}

/// The small fixture book of the tests, compiled once per process.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/small-book");
        let outcome = kis_book::compile(&root);
        let compiled = outcome.compiled.expect("the fixture book compiles");
        Fixture { root, compiled }
    })
}

/// A resolver that knows the fixture's pages and budgets, and finds every
/// link and image: the fuzzer reaches every kind of block and inline.
struct Everything;

impl Resolver for Everything {
    fn page_slug(&self, _path: &Path) -> Option<String> {
        Some("02-projecten".to_owned())
    }

    fn has_budget(&self, id: &str) -> bool {
        matches!(id, "1.1" | "2.1" | "E")
    }

    fn inline(&self, name: &str, _arg: Option<&str>) -> Result<String, String> {
        match name {
            "total" | "available" | "material" => Ok("€ 7.250".to_owned()),
            _ => Err("no such placeholder".to_owned()),
        }
    }
}

/// `markdown` as the body of the fixture's introduction, compiled; the
/// diagnostics are ignored: whatever the document holds, no text in it may
/// become code. `None` for what the book refuses before it parses a page:
/// text beyond the limits, invisible characters (see `check`).
pub fn document(markdown: &str) -> Option<Document> {
    let path = fixture().root.join("content/01-inleiding.md");
    let invisible = markdown
        .chars()
        .any(|c| kis_book::text::invisible(c).is_some());
    if invisible || kis_book::text::lone_carriage_return(markdown).is_some() {
        return None;
    }
    let mut limits = Diagnostics::default();
    kis_book::markdown::body_limits(&path, markdown, 5, &mut 0, &mut limits);
    if limits.has_errors() {
        return None;
    }
    let source = Source {
        path: &path,
        body: markdown,
        body_line: 5,
        budget: Some("1.1"),
    };
    Some(compile_page(source, &Everything, &mut Diagnostics::default()))
}

/// The fixture with `doc` as its introduction's text.
pub fn with_introduction(doc: Document) -> Compiled {
    let mut compiled = fixture().compiled.clone();
    compiled.parts[0].chapters[0].page.content = doc;
    compiled
}
