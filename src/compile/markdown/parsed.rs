//! The parsed tree: a page body's structure as written, before anything is
//! looked up in the book.
//!
//! It has the shape of [`super::Document`] plus what the later stages need:
//! every block's position, the position of links, images, footnote
//! references and placeholders, link destinations as written, placeholders
//! as nodes, raw HTML, and footnote definitions where they stand.

use crate::base::diagnostics::Pos;

use super::{Align, ListMarker};

/// A page body as parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Parsed {
    /// The top-level blocks in order, footnote definitions and raw HTML
    /// included.
    pub blocks: Vec<RawBlock>,
}

/// A block and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawBlock {
    /// What it is.
    pub kind: RawKind,
    /// Where it starts in the page's file.
    pub pos: Pos,
}

/// The kinds of block; see [`super::Block`] for those that have a twin.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawKind {
    /// A heading with its anchor, unique within the page.
    Heading {
        /// 1–6 as written.
        level: u8,
        /// The heading text.
        content: Vec<RawInline>,
        /// Anchor id: `{#id}` as written, or made from the text.
        anchor: String,
    },
    /// A paragraph.
    Paragraph(Vec<RawInline>),
    /// A placeholder alone in its paragraph (`{{ budget }}`).
    Placeholder(Placeholder),
    /// A list.
    List {
        /// How the items are marked.
        marker: ListMarker,
        /// Each item's blocks.
        items: Vec<Vec<RawBlock>>,
    },
    /// A table; the first row is the header.
    Table {
        /// Column alignment.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<RawInline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<RawInline>>>,
    },
    /// A quotation.
    Quote(Vec<RawBlock>),
    /// Boxed text (a GitHub alert block).
    Boxed {
        /// The box title, when the first paragraph is a bold line.
        title: Option<Vec<RawInline>>,
        /// The box's blocks.
        blocks: Vec<RawBlock>,
    },
    /// Verbatim text.
    Code(String),
    /// A thematic break.
    Rule,
    /// Raw HTML at block level, one piece as pulldown-cmark gives it.
    Html(String),
    /// A footnote definition, where it stands in the body.
    FootnoteDef {
        /// The label as written (`7` for `[^7]:`).
        label: String,
        /// Its blocks.
        blocks: Vec<RawBlock>,
    },
}

/// Inline content as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawInline {
    /// Plain text.
    Text(String),
    /// Emphasis.
    Emph(Vec<RawInline>),
    /// Strong emphasis.
    Strong(Vec<RawInline>),
    /// Struck-through text.
    Strike(Vec<RawInline>),
    /// Inline code.
    Code(String),
    /// A link, its destination as written.
    Link {
        /// The destination as written.
        dest: String,
        /// Whether it is an autolinked e-mail address (`<a@b.nl>`).
        email: bool,
        /// Link text.
        content: Vec<RawInline>,
        /// Where the link starts.
        pos: Pos,
    },
    /// An image.
    Image {
        /// Path relative to the page file, or a URL, as written.
        src: String,
        /// Alternative text.
        alt: String,
        /// The title as written: the image's width (`width=50%`), if any.
        title: String,
        /// Where the image starts.
        pos: Pos,
    },
    /// A footnote reference that pulldown-cmark matched to a definition.
    FootnoteRef {
        /// The label as written.
        label: String,
        /// Where the reference stands.
        pos: Pos,
    },
    /// `[^label]` left as text: pulldown-cmark found no definition for it.
    LiteralFootnoteRef {
        /// The label as written.
        label: String,
        /// Where the `[` stands.
        pos: Pos,
    },
    /// A placeholder within text (`{{ total 1.1 }}`).
    Placeholder(Placeholder),
    /// Raw inline HTML.
    Html {
        /// The HTML as written.
        html: String,
        /// Where it stands.
        pos: Pos,
    },
    /// A line break within a paragraph.
    HardBreak,
    /// A soft line break (a space).
    SoftBreak,
}

/// `{{ name arg }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placeholder {
    /// The first word (`total`).
    pub name: String,
    /// The second word, if any (`1.1`); further words are ignored.
    pub arg: Option<String>,
    /// The placeholder as written, braces included.
    pub written: String,
    /// Where the `{{` stands.
    pub pos: Pos,
}

/// What a link destination says, read from its text alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Dest {
    /// A web address or `mailto:`, normalised (`www.` gets `https://`).
    External(String),
    /// `#anchor` on this page.
    Anchor(String),
    /// A file relative to the linking page, optionally at an anchor.
    File {
        /// The path as written.
        file: String,
        /// The part after `#`.
        anchor: Option<String>,
    },
    /// Another scheme (`javascript:`, `file:`), which the book refuses.
    Scheme(String),
}

impl Dest {
    /// Reads a link destination; `email` for an autolinked address.
    pub(super) fn of(dest: &str, email: bool) -> Self {
        let dest = dest.trim();
        let lower = dest.to_ascii_lowercase();
        if email {
            return Self::External(format!("mailto:{dest}"));
        }
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            return Self::External(dest.to_owned());
        }
        if lower.starts_with("www.") {
            return Self::External(format!("https://{dest}"));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return Self::Anchor(anchor.to_owned());
        }
        if dest.contains(':') {
            return Self::Scheme(dest.chars().take_while(|c| *c != ':').collect());
        }
        match dest.split_once('#') {
            Some((file, anchor)) => Self::File {
                file: file.to_owned(),
                anchor: Some(anchor.to_owned()),
            },
            None => Self::File {
                file: dest.to_owned(),
                anchor: None,
            },
        }
    }
}

/// Whether a piece of raw HTML is (part of) a comment or blank: the only
/// HTML the book accepts.
pub(super) fn is_comment(html: &str) -> bool {
    let trimmed = html.trim();
    // A comment over several lines comes in several pieces.
    trimmed.is_empty() || trimmed.starts_with("<!--") || trimmed.ends_with("-->")
}

/// The text of parsed inline content, placeholders as written.
pub(super) fn raw_text(inlines: &[RawInline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            RawInline::Text(t) | RawInline::Code(t) => out.push_str(t),
            RawInline::Emph(c) | RawInline::Strong(c) | RawInline::Strike(c) => {
                out.push_str(&raw_text(c));
            }
            RawInline::Link { content, .. } => out.push_str(&raw_text(content)),
            RawInline::Image { alt, .. } => out.push_str(alt),
            RawInline::LiteralFootnoteRef { label, .. } => {
                out.push_str(&format!("[^{label}]"));
            }
            RawInline::Placeholder(p) => out.push_str(&p.written),
            RawInline::SoftBreak | RawInline::HardBreak => out.push(' '),
            RawInline::FootnoteRef { .. } | RawInline::Html { .. } => {}
        }
    }
    out
}

/// A node of the parsed tree, as [`walk`] visits it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Node<'a> {
    /// A block, visited before its content.
    Block(&'a RawBlock),
    /// An inline, visited before its content.
    Inline(&'a RawInline),
}

/// Visits every block and inline of `blocks` in the order they stand in
/// the file (a block before its content), footnote definitions where they
/// are written.
pub(super) fn walk<'a>(blocks: &'a [RawBlock], visit: &mut impl FnMut(Node<'a>)) {
    for block in blocks {
        visit(Node::Block(block));
        match &block.kind {
            RawKind::Heading { content, .. } | RawKind::Paragraph(content) => {
                walk_inlines(content, visit);
            }
            RawKind::List { items, .. } => {
                for item in items {
                    walk(item, visit);
                }
            }
            RawKind::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    walk_inlines(cell, visit);
                }
            }
            RawKind::Quote(blocks) | RawKind::FootnoteDef { blocks, .. } => walk(blocks, visit),
            RawKind::Boxed { title, blocks } => {
                if let Some(title) = title {
                    walk_inlines(title, visit);
                }
                walk(blocks, visit);
            }
            RawKind::Placeholder(_) | RawKind::Code(_) | RawKind::Rule | RawKind::Html(_) => {}
        }
    }
}

fn walk_inlines<'a>(inlines: &'a [RawInline], visit: &mut impl FnMut(Node<'a>)) {
    for inline in inlines {
        visit(Node::Inline(inline));
        match inline {
            RawInline::Emph(c)
            | RawInline::Strong(c)
            | RawInline::Strike(c)
            | RawInline::Link { content: c, .. } => walk_inlines(c, visit),
            _ => {}
        }
    }
}
