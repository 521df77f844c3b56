use super::*;
use crate::compile::markdown::{Footnote, LinkTarget};

struct NoTables;
impl Tables for NoTables {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        Ok(format!("[budget {id}]"))
    }
    fn overview(&self) -> anyhow::Result<String> {
        Ok("[overview]".into())
    }
}

fn render(doc: &Document) -> String {
    let from = Location::dir("p");
    let words = Words::default();
    let ctx = Context {
        from: &from,
        slug: "p",
        heading: "Project 1",
        page_dir: "content/p",
        words: &words,
    };
    document(doc, ctx, &NoTables).expect("renders")
}

fn para(inlines: Vec<Inline>) -> Document {
    Document {
        blocks: vec![Block::Paragraph(inlines)],
        footnotes: Vec::new(),
        lines: Vec::new(),
    }
}

#[test]
fn text_is_escaped() {
    let html = render(&para(vec![Inline::Text(
        "<script>alert(\"x\")</script> & 'y'".into(),
    )]));
    assert_eq!(
        html,
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>\n"
    );
}

#[test]
fn unsafe_links_lose_their_href() {
    let html = render(&para(vec![Inline::Link {
        target: LinkTarget::External("javascript:alert(1)".into()),
        content: vec![Inline::Text("klik".into())],
    }]));
    assert_eq!(html, "<p>klik</p>\n");
}

#[test]
fn attributes_are_escaped() {
    let html = render(&para(vec![Inline::Link {
        target: LinkTarget::External("https://x.nl/\"onmouseover=\"a".into()),
        content: vec![Inline::Text("x".into())],
    }]));
    assert!(html.contains("href=\"https://x.nl/&quot;onmouseover=&quot;a\""));
}

#[test]
fn headings_start_at_h2_and_get_anchors() {
    let doc = Document {
        blocks: vec![Block::Heading {
            level: 1,
            content: vec![Inline::Text("Aanleiding".into())],
            anchor: "aanleiding".into(),
        }],
        footnotes: Vec::new(),
        lines: Vec::new(),
    };
    let html = render(&doc);
    assert!(
        html.starts_with(
            "<h2 id=\"aanleiding\">Aanleiding <a class=\"anchor\" href=\"#aanleiding\">"
        )
    );
}

#[test]
fn footnotes_link_both_ways() {
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![
            Inline::Text("Zie".into()),
            Inline::FootnoteRef("7".into()),
        ])],
        footnotes: vec![Footnote {
            label: "7".into(),
            blocks: vec![Block::Paragraph(vec![Inline::Text("Bron.".into())])],
            line: 0,
        }],
        lines: Vec::new(),
    };
    let html = render(&doc);
    assert!(html.contains("<a id=\"_fnref-7\" href=\"#_fn-7\""));
    assert!(html.contains("<li id=\"_fn-7\">Bron."));
    assert!(html.contains("href=\"#_fnref-7\""));
}

#[test]
fn right_to_left_passages_get_their_direction_and_language() {
    let doc = Document {
        blocks: vec![
            Block::Paragraph(vec![Inline::Text(
                "De schrijver محمد الماغوط woonde in Damascus.".into(),
            )]),
            Block::Paragraph(vec![
                Inline::Text("العربية لغة ".into()),
                Inline::Strong(vec![Inline::Text("رسمية".into())]),
                Inline::Text(" (NL).".into()),
            ]),
            Block::Heading {
                level: 2,
                content: vec![Inline::Text("עברית".into())],
                anchor: "h".into(),
            },
            Block::List {
                marker: ListMarker::Bullet,
                items: vec![
                    vec![Block::Paragraph(vec![Inline::Text("Nederlands".into())])],
                    vec![Block::Paragraph(vec![Inline::Text("فارسی".into())])],
                ],
            },
        ],
        footnotes: Vec::new(),
        lines: Vec::new(),
    };
    let html = render(&doc);
    assert!(
        html.contains(
            "<p>De schrijver <span dir=\"rtl\" lang=\"ar\">محمد الماغوط</span> woonde in Damascus.</p>"
        ),
        "{html}"
    );
    // A right-to-left paragraph is marked once, not its runs again.
    assert!(
        html.contains("<p dir=\"rtl\" lang=\"ar\">العربية لغة <strong>رسمية</strong> (NL).</p>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"h\" dir=\"rtl\" lang=\"he\">עברית"),
        "{html}"
    );
    assert!(
        html.contains("<ul>\n<li>Nederlands\n</li>\n<li dir=\"rtl\" lang=\"fa\">فارسی\n</li>"),
        "{html}"
    );
}

#[test]
fn tables_get_a_caption_and_column_headers() {
    let doc = Document {
        blocks: vec![
            Block::Heading {
                level: 2,
                content: vec![Inline::Text("Planning".into())],
                anchor: "planning".into(),
            },
            Block::Table {
                align: vec![Align::None, Align::Right],
                head: vec![
                    vec![Inline::Text("Fase".into())],
                    vec![Inline::Text("Wanneer".into())],
                ],
                rows: vec![vec![
                    vec![Inline::Text("1".into())],
                    vec![Inline::Text("Q1".into())],
                ]],
            },
        ],
        footnotes: Vec::new(),
        lines: Vec::new(),
    };
    let html = render(&doc);
    assert!(html.contains("<caption>Planning</caption>"));
    assert!(
        html.contains("<th scope=\"col\">Fase</th><th scope=\"col\" class=\"num\">Wanneer</th>")
    );
}
