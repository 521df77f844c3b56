use std::path::Path;

use crate::base::diagnostics::{Diagnostics, Pos};
use crate::compile::markdown::parse::parse;
use crate::compile::markdown::{Block, Document, Inline, LinkTarget, Resolver, Source};

use super::resolve;

/// A book with the pages `content/b.md` and `content/sub/index.md`, the
/// budget `B`, and `{{ available }}`.
struct Book;

impl Resolver for Book {
    fn page_slug(&self, path: &Path) -> Option<String> {
        match path.to_str()? {
            "content/b.md" => Some("b".into()),
            "content/sub" => Some("sub".into()),
            _ => None,
        }
    }
    fn has_budget(&self, id: &str) -> bool {
        id == "B"
    }
    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String> {
        match (name, arg) {
            ("available", None) => Ok("€ 7.250".into()),
            ("budget" | "overview", _) => Err("a table placeholder must stand alone".into()),
            _ => Err("no such placeholder".into()),
        }
    }
}

/// Parses and resolves `body` of `content/a.md`, whose body starts at
/// line 1; the page's own budget is `own`.
fn resolved(body: &str, own: Option<&str>) -> (Document, Vec<(Pos, String)>) {
    let source = Source {
        path: Path::new("content/a.md"),
        body,
        body_line: 1,
        budget: own,
    };
    let mut diags = Diagnostics::default();
    let doc = resolve(parse(body, 1), source, &Book, &mut diags);
    let errors = diags
        .sorted()
        .into_iter()
        .map(|d| (d.pos, d.message.clone()))
        .collect();
    (doc, errors)
}

fn text(t: &str) -> Block {
    Block::Paragraph(vec![Inline::Text(t.into())])
}

#[test]
fn placeholders_become_text_or_tables() {
    let cases: &[(&str, Option<&str>, Option<Block>)] = &[
        (
            "{{ budget }}",
            Some("1.1"),
            Some(Block::Budget("1.1".into())),
        ),
        ("{{ budget B }}", None, Some(Block::Budget("B".into()))),
        ("{{ overview }}", None, Some(Block::Overview)),
        ("{{ available }}", None, Some(text("€ 7.250"))),
        (
            "Er is {{ available }} over.",
            None,
            Some(text("Er is € 7.250 over.")),
        ),
        ("open {{ blijft", None, Some(text("open {{ blijft"))),
        ("{{ budget }}", None, None),
        ("{{ budget X }}", None, None),
    ];
    for (body, own, want) in cases {
        let (doc, _) = resolved(body, *own);
        assert_eq!(doc.blocks.first(), want.as_ref(), "{body:?}");
    }
}

#[test]
fn unresolved_placeholders_are_errors_at_their_column() {
    let cases = [
        (
            "{{ budget }}",
            "(1, 1) `{{ budget }}` stands on a page without a budget",
        ),
        ("{{ budget X }}", "(1, 1) there is no budget `X`"),
        (
            "Er is {{ nergens }}.",
            "(1, 7) unknown placeholder `{{ nergens }}`: no such placeholder",
        ),
        (
            "Een {{ budget }} midden",
            "(1, 5) unknown placeholder `{{ budget }}`: a table placeholder must stand alone",
        ),
        (
            "## Kop {{x}}",
            "(1, 8) unknown placeholder `{{x}}`: no such placeholder",
        ),
    ];
    for (body, want) in cases {
        let (_, errors) = resolved(body, None);
        let got: Vec<String> = errors
            .iter()
            .map(|(p, m)| format!("({}, {}) {m}", p.line, p.col))
            .collect();
        assert_eq!(got, [want], "{body:?}");
    }
}

#[test]
fn links_resolve_against_the_linking_page() {
    let page = |slug: &str, anchor: Option<&str>| LinkTarget::Page {
        slug: slug.into(),
        anchor: anchor.map(Into::into),
    };
    let cases: &[(&str, Result<LinkTarget, &str>)] = &[
        ("[x](b.md)", Ok(page("b", None))),
        ("[x](b.md#kop)", Ok(page("b", Some("kop")))),
        ("[x](sub)", Ok(page("sub", None))),
        ("[x](#kop)", Ok(LinkTarget::Anchor("kop".into()))),
        (
            "[x](www.kis.nl)",
            Ok(LinkTarget::External("https://www.kis.nl".into())),
        ),
        (
            "<info@kis.nl>",
            Ok(LinkTarget::External("mailto:info@kis.nl".into())),
        ),
        (
            "[x](c.md)",
            Err("the link goes to `c.md`, which is not a page of the book"),
        ),
        (
            "[x](javascript:alert(1))",
            Err("links with `javascript:` are not allowed"),
        ),
    ];
    for (body, want) in cases {
        let (doc, errors) = resolved(body, None);
        let got = match (doc.blocks.first(), errors.first()) {
            (_, Some((pos, message))) => {
                assert_eq!(*pos, Pos::new(1, 1), "{body:?}");
                Err(message.as_str())
            }
            (Some(Block::Paragraph(inl)), None) => match inl.first() {
                Some(Inline::Link { target, .. }) => Ok(target.clone()),
                other => panic!("{body:?}: {other:?}"),
            },
            other => panic!("{body:?}: {other:?}"),
        };
        assert_eq!(got, *want, "{body:?}");
    }
}

#[test]
fn footnotes_are_numbered_by_first_reference_with_their_first_definition() {
    let (doc, _) = resolved(
        "## Kop[^k]\n\nEen[^b] twee[^a] drie[^b].\n\n[^a]: A.\n[^b]: B[^c].\n[^c]: C.\n[^b]: Nog eens.\n[^k]: K.\n",
        None,
    );
    let notes: Vec<(&str, usize)> = doc
        .footnotes
        .iter()
        .map(|f| (f.label.as_str(), f.line))
        .collect();
    assert_eq!(notes, [("k", 9), ("b", 6), ("a", 5), ("c", 7)]);
    assert_eq!(
        doc.footnotes[1].blocks,
        [Block::Paragraph(vec![
            Inline::Text("B".into()),
            Inline::FootnoteRef("c".into()),
            Inline::Text(".".into())
        ])]
    );
    // Definitions are not blocks of the page; each block knows its line.
    assert_eq!(doc.lines, [1, 3]);
}
