use crate::base::diagnostics::Pos;
use crate::compile::markdown::parsed::{Node, Parsed, RawInline, RawKind, walk};

use super::parse;

/// Parses `body` as if it started at line 4 of its file.
fn parsed(body: &str) -> Parsed {
    parse(body, 4)
}

/// What a positioned inline is, with its file line and column.
type Placed = (&'static str, usize, usize);

/// Each positioned inline of `body`.
fn positions(body: &str) -> Vec<Placed> {
    let parsed = parsed(body);
    let mut out = Vec::new();
    walk(&parsed.blocks, &mut |node| {
        let Node::Inline(inline) = node else { return };
        let (what, pos) = match inline {
            RawInline::Link { pos, .. } => ("link", pos),
            RawInline::Image { pos, .. } => ("image", pos),
            RawInline::FootnoteRef { pos, .. } => ("footnote", pos),
            RawInline::LiteralFootnoteRef { pos, .. } => ("literal footnote", pos),
            RawInline::Placeholder(p) => ("placeholder", &p.pos),
            RawInline::Html { pos, .. } => ("html", pos),
            _ => return,
        };
        out.push((what, pos.line, pos.col));
    });
    out
}

#[test]
fn inlines_know_their_file_line_and_column() {
    let cases: &[(&str, &[Placed])] = &[
        ("Zie [b](b.md).\n", &[("link", 4, 5)]),
        ("Een\n![Kaart](k.png)\n", &[("image", 5, 1)]),
        ("Een[^1].\n\n[^1]: Noot.\n", &[("footnote", 4, 4)]),
        ("Een [^9] zonder noot.\n", &[("literal footnote", 4, 5)]),
        (
            "Er is {{ available }} en *{{ total }}*.\n",
            &[("placeholder", 4, 7), ("placeholder", 4, 27)],
        ),
        ("Tekst <b>vet</b>\n", &[("html", 4, 7), ("html", 4, 13)]),
        (
            "| a |\n|---|\n| é {{ total }} |\n",
            &[("placeholder", 6, 5)],
        ),
        ("## Kop [^2]\n", &[("literal footnote", 4, 8)]),
    ];
    for (body, want) in cases {
        assert_eq!(positions(body), *want, "{body:?}");
    }
}

#[test]
fn a_placeholder_alone_in_its_paragraph_is_a_block() {
    let cases = [
        ("{{ budget }}\n", true),
        ("{{ budget B }} <!-- tabel -->\n", true),
        ("Tekst {{ total }}\n", false),
        ("{{ total }} {{ total }}\n", false),
        ("{{ budget\n}}\n", false),
        // Loose text in a tight list item is kept as it stands.
        ("- {{ budget }}\n", false),
    ];
    for (body, block) in cases {
        let parsed = parsed(body);
        let mut found = false;
        walk(&parsed.blocks, &mut |node| {
            found |= matches!(node, Node::Block(b) if matches!(b.kind, RawKind::Placeholder(_)));
        });
        assert_eq!(found, block, "{body:?}");
    }
}

#[test]
fn definitions_html_and_destinations_stay_as_written() {
    let parsed = parsed("Zie [x](../a.md#kop).\n\n[^n]: Noot.\n\n<div>\nblok\n</div>\n");
    let kinds: Vec<(&str, Pos)> = parsed
        .blocks
        .iter()
        .map(|b| {
            let what = match &b.kind {
                RawKind::Paragraph(inl) => match inl.get(1) {
                    Some(RawInline::Link { dest, .. }) => dest.as_str(),
                    _ => "paragraph",
                },
                RawKind::FootnoteDef { label, .. } => label.as_str(),
                RawKind::Html(html) => html.trim(),
                _ => "other",
            };
            (what, b.pos)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("../a.md#kop", Pos::new(4, 1)),
            ("n", Pos::new(6, 1)),
            ("<div>", Pos::new(8, 1)),
            ("blok", Pos::new(9, 1)),
            ("</div>", Pos::new(10, 1)),
        ]
    );
}

#[test]
fn headings_get_unique_anchors_from_text_or_attribute() {
    let parsed = parsed("## Aanpak\n\n## Aanpak\n\n## Iets {#eigen}\n\n## {{ total }}\n\n## !\n");
    let anchors: Vec<&str> = parsed
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            RawKind::Heading { anchor, .. } => Some(anchor.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(anchors, ["aanpak", "aanpak-2", "eigen", "total", "sectie"]);
}

#[test]
fn a_tight_list_item_is_one_paragraph_whatever_it_holds() {
    // (body, the inlines of the item's one paragraph)
    let cases: &[(&str, &[&str])] = &[
        (
            "- 7a. [Regionale bijeenkomsten](b.md).\n",
            &["text", "link", "text"],
        ),
        ("- [b](b.md) en [c](c.md)\n", &["link", "text", "link"]),
        ("- met `code` erin\n", &["text", "code", "text"]),
        (
            "- noot[^1] hier\n\n[^1]: Noot.\n",
            &["text", "footnote", "text"],
        ),
        ("- twee\n  regels\n", &["text", "soft break", "text"]),
        ("- *nadruk* en tekst\n", &["emphasis", "text"]),
    ];
    for (body, want) in cases {
        let parsed = parsed(body);
        let Some(RawKind::List { items, .. }) = parsed.blocks.first().map(|b| &b.kind) else {
            panic!("a list: {body:?}");
        };
        let [item] = items.as_slice() else {
            panic!("one item: {body:?}");
        };
        let [block] = item.as_slice() else {
            panic!("one paragraph, not {}: {body:?}", item.len());
        };
        let RawKind::Paragraph(inlines) = &block.kind else {
            panic!("a paragraph: {body:?}");
        };
        let got: Vec<&str> = inlines
            .iter()
            .map(|inline| match inline {
                RawInline::Text(_) => "text",
                RawInline::Link { .. } => "link",
                RawInline::Code(_) => "code",
                RawInline::FootnoteRef { .. } => "footnote",
                RawInline::SoftBreak => "soft break",
                RawInline::Emph(_) => "emphasis",
                _ => "other",
            })
            .collect();
        assert_eq!(got, *want, "{body:?}");
    }
}
