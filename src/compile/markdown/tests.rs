use std::path::Path;

use super::*;

struct Book;

impl Resolver for Book {
    fn page_slug(&self, path: &Path) -> Option<String> {
        (path == Path::new("content/b.md")).then(|| "b".to_owned())
    }
    fn has_budget(&self, id: &str) -> bool {
        id == "B"
    }
    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String> {
        match (name, arg) {
            ("available", None) => Ok("€ 2.620.019".into()),
            _ => Err("no such placeholder".into()),
        }
    }
}

fn parse_body(body: &str) -> (Document, Diagnostics) {
    let mut diags = Diagnostics::default();
    let doc = compile_page(
        Source {
            path: Path::new("content/a.md"),
            body,
            body_line: 4,
            budget: Some("1.1"),
        },
        &Book,
        &mut diags,
    );
    (doc, diags)
}

#[test]
fn block_placeholders() {
    let (doc, diags) =
        parse_body("## Begroting\n\n{{ budget }}\n\n{{ budget B }}\n\n{{ overview }}\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.blocks[1], Block::Budget("1.1".into()));
    assert_eq!(doc.blocks[2], Block::Budget("B".into()));
    assert_eq!(doc.blocks[3], Block::Overview);
}

#[test]
fn inline_placeholder_and_unknown_one() {
    let (doc, diags) = parse_body("Er is {{ available }} beschikbaar.\n\nEn {{ nonsense }}.\n");
    assert_eq!(
        doc.blocks[0],
        Block::Paragraph(vec![Inline::Text("Er is € 2.620.019 beschikbaar.".into())])
    );
    let d = diags.sorted();
    assert_eq!(d.len(), 1);
    // Body starts at line 4 of the file; the bad placeholder is on body line 3.
    assert_eq!(d[0].pos.line, 6);
    assert!(d[0].message.contains("nonsense"), "{}", d[0].message);
}

#[test]
fn links_resolve_to_pages_or_fail_at_their_line() {
    let (doc, diags) = parse_body("Zie [b](b.md#x) en [c](c.md) en <https://www.kis.nl>.\n");
    let Block::Paragraph(inl) = &doc.blocks[0] else {
        panic!("paragraph expected");
    };
    assert!(inl.contains(&Inline::Link {
        target: LinkTarget::Page {
            slug: "b".into(),
            anchor: Some("x".into())
        },
        content: vec![Inline::Text("b".into())]
    }));
    assert!(inl.iter().any(|i| matches!(i, Inline::Link { target: LinkTarget::External(u), .. } if u == "https://www.kis.nl")));
    let d = diags.sorted();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("c.md"));
    assert_eq!(d[0].pos.line, 4);
}

#[test]
fn raw_html_is_refused_comments_are_not() {
    let (_, diags) =
        parse_body("<!-- notitie -->\n\nTekst <script>alert(1)</script>\n\n<div>blok</div>\n");
    let d = diags.sorted();
    // One message per element: `<script>…</script>` is one.
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(
        d.iter()
            .all(|d| d.message.starts_with("raw HTML is not allowed"))
    );
    assert_eq!(d[0].pos.line, 6);
    assert_eq!(d[1].pos.line, 8);
}

#[test]
fn lettered_lists_and_boxes() {
    let (doc, _) = parse_body(
        "- a. Jaarbericht\n- b. Jaarbijeenkomst\n\n> [!NOTE]\n> **City Deal**\n>\n> Tekst\n",
    );
    assert_eq!(
        doc.blocks[0],
        Block::List {
            marker: ListMarker::Lettered {
                upper: false,
                start: 0
            },
            items: vec![
                vec![Block::Paragraph(vec![Inline::Text("Jaarbericht".into())])],
                vec![Block::Paragraph(vec![Inline::Text(
                    "Jaarbijeenkomst".into()
                )])],
            ]
        }
    );
    assert_eq!(
        doc.blocks[1],
        Block::Boxed {
            title: Some(vec![Inline::Text("City Deal".into())]),
            blocks: vec![Block::Paragraph(vec![Inline::Text("Tekst".into())])]
        }
    );
}

#[test]
fn footnotes_in_order_of_use() {
    let (doc, diags) = parse_body("Een[^7] en twee[^8].\n\n[^8]: Acht.\n[^7]: Zeven.\n");
    assert!(diags.is_empty(), "{diags:?}");
    let labels: Vec<&str> = doc.footnotes.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["7", "8"]);
}

#[test]
fn anchors_are_unique() {
    let (doc, _) = parse_body("## Aanpak\n\n## Aanpak\n\n## Planning / looptijd\n");
    let anchors: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { anchor, .. } => Some(anchor.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(anchors, ["aanpak", "aanpak-2", "planning-looptijd"]);
}

#[test]
fn blocks_and_footnotes_know_their_file_lines() {
    // The body starts at line 4 of the file.
    let (doc, diags) = parse_body(
        "## Aanleiding\n\nEen zin.[^1]\n\n<!-- opmerking -->\n\n- een\n- twee\n\n[^1]: Een noot.\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.blocks.len(), 3);
    assert_eq!(doc.lines, vec![4, 6, 10]);
    assert_eq!(doc.footnotes[0].line, 13);
}

#[test]
fn headings_go_down_one_level_at_a_time() {
    let (_, diags) =
        parse_body("## Aanpak\n\n### Fase 1\n\n## Planning\n\n#### Te diep\n\n# Titel\n");
    let d = diags.sorted();
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].pos.line, 10);
    assert_eq!(d[0].message, "the heading skips from `##` to `####`");
    assert_eq!(d[1].pos.line, 12);
    assert!(
        d[1].message
            .contains("page title comes from the front matter")
    );
}
