//! The one module that reads Markdown. It turns a page body into a small
//! document tree that both backends render, so that the PDF and the site
//! cannot drift apart.
//!
//! A page goes through three stages, each a module of its own:
//!
//! ```text
//! body -> parse    pulldown-cmark events -> parsed tree, nothing looked up
//!      -> validate checks that need no book: raw HTML, headings, alt text,
//!                  footnotes
//!      -> resolve  placeholders, links to other pages, footnotes numbered
//!                  -> Document
//! ```
//!
//! The parsed tree (`parsed.rs`) keeps what the later stages report on:
//! the file position of every block and of links, images, footnote
//! references and placeholders, and raw HTML. The [`Document`] that
//! backends read has none of that: everything in it is resolved.
//! [`BookIndex`] (`index.rs`) is what resolving may ask of the rest of the
//! book; `text.rs` maps offsets to file positions and splits text into
//! placeholders and footnote references.
//!
//! [`compile_page`] runs the stages for one page; [`parse_pages`] for
//! every page of a book.

use std::path::Path;

use pulldown_cmark::Options;

use crate::base::diagnostics::Diagnostics;

mod index;
mod keyed;
mod limits;
mod parse;
mod parsed;
mod resolve;
mod reuse;
mod silent;
mod text;
mod validate;
mod width;

pub use index::{BookIndex, page_source};
pub use keyed::PageDocument;
pub use limits::{body_limits, page_limits};
pub use silent::check_budgets_shown;
pub use width::{PRINT_DPI, WIDTH_SYNTAX};

/// A page body as a tree of blocks.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Document {
    /// The blocks in order.
    pub blocks: Vec<Block>,
    /// Footnote definitions in the order they are first referenced.
    pub footnotes: Vec<Footnote>,
    /// The 1-based line of the page's file where each of `blocks` starts,
    /// so that a backend can point an editor at the Markdown it came from.
    pub lines: Vec<usize>,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Block {
    /// A heading; `level` 2 is a section of the page (the page title is 1).
    Heading {
        /// 1–6 as written.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
        /// Anchor id, unique within the page.
        anchor: String,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bullet, numbered or lettered list.
    List {
        /// How the items are marked.
        marker: ListMarker,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A table; the first row is the header.
    Table {
        /// Column alignment.
        align: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A quotation.
    Quote(Vec<Block>),
    /// Boxed text (a GitHub alert block), with its bold first line as title.
    Boxed {
        /// The box title, when the first paragraph is a bold line.
        title: Option<Vec<Inline>>,
        /// The box's blocks.
        blocks: Vec<Block>,
    },
    /// Verbatim text.
    Code(String),
    /// A thematic break.
    Rule,
    /// `{{ budget }}` / `{{ budget ID }}`: the computed table of a budget.
    Budget(String),
    /// `{{ overview }}`: the programme overview.
    Overview,
}

/// How list items are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListMarker {
    /// Bullets.
    Bullet,
    /// Numbers, starting at the given one.
    Numbered(u64),
    /// Letters: `a.` (lower) or `A.` (upper), starting at the given letter.
    Lettered {
        /// Upper-case letters.
        upper: bool,
        /// First letter, 0 for a.
        start: u8,
    },
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// Not specified: left.
    None,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Inline {
    /// Plain text, exactly as written (backends escape it).
    Text(String),
    /// Emphasis.
    Emph(Vec<Inline>),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Struck-through text.
    Strike(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link.
    Link {
        /// Where it goes.
        target: LinkTarget,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Path relative to the page file, or a URL.
        src: String,
        /// Alternative text.
        alt: String,
        /// The width the editor gave it, if any (`"width=50%"`).
        width: Option<ImageWidth>,
        /// Its size in pixels (width, height): a raster image of the book;
        /// `None` for an SVG, whose size is its own, or an image on the web.
        pixels: Option<(u32, u32)>,
    },
    /// A reference to footnote `label`; its number is its index in
    /// [`Document::footnotes`] + 1.
    FootnoteRef(String),
    /// A line break within a paragraph.
    HardBreak,
    /// A soft line break (a space).
    SoftBreak,
}

/// The width an editor gave an image (see `width.rs`): the most it takes,
/// never more than its natural size or its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageWidth {
    /// A share of the column: 5, 10, … 100 per cent.
    Percent(u32),
    /// A length, in tenths of a millimetre (`8cm` is 800).
    Length {
        /// The length in tenths of a millimetre.
        tenths_mm: u32,
    },
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// A web address or `mailto:`.
    External(String),
    /// Another page of the book (by slug), optionally at an anchor.
    Page {
        /// Slug of the target page.
        slug: String,
        /// Anchor within it.
        anchor: Option<String>,
    },
    /// An anchor on this page.
    Anchor(String),
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Footnote {
    /// The label as written (`7` for `[^7]`).
    pub label: String,
    /// Its blocks.
    pub blocks: Vec<Block>,
    /// The 1-based line of the page's file where the definition starts.
    pub line: usize,
}

/// What resolving needs to know about the rest of the book.
pub trait Resolver {
    /// The slug of the page whose file is `path` (resolved against the
    /// linking page's folder), if there is one.
    fn page_slug(&self, path: &Path) -> Option<String>;
    /// Whether a budget with this id exists.
    fn has_budget(&self, id: &str) -> bool;
    /// The text for an inline placeholder (`available`, `total 1.1`), or an
    /// error message for the editor.
    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String>;
    /// Why there is no budget `id`, in an editor's words: that none has that
    /// id, or that the front matter it is probably in could not be read.
    fn no_budget(&self, id: &str) -> String {
        format!("there is no budget `{id}`")
    }
    /// Where reading the front matter of the page `path` failed, if it
    /// did: what the page's placeholders miss then follows from that error.
    fn load_error(&self, _path: &Path) -> Option<crate::base::diagnostics::Pos> {
        None
    }
    /// The anchors of the headings of the page `slug`, when they are known
    /// (a link to another anchor would find no heading in the PDF).
    fn anchors(&self, _slug: &str) -> Option<&[String]> {
        None
    }
    /// Why the image `src` on the page whose file is `page` cannot be
    /// printed, if it cannot; else its size in pixels when it is a raster
    /// image of the book.
    fn image(
        &self,
        _page: &Path,
        _src: &str,
    ) -> Result<Option<(u32, u32)>, crate::source::images::ImageProblem> {
        Ok(None)
    }
}

/// The page being compiled: its file, where its body starts, and its own
/// budget.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file, relative to the book root.
    pub path: &'a Path,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The id of the page's own budget, for `{{ budget }}`.
    pub budget: Option<&'a str>,
}

/// Markdown extensions the book uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Compiles a page body into a document: parses it, validates the parsed
/// tree and resolves it against the book, recording problems in `diags`.
///
/// The document is returned even when there were errors; it is only fit
/// for a backend when `diags` holds none.
pub fn compile_page(
    source: Source<'_>,
    resolver: &dyn Resolver,
    diags: &mut Diagnostics,
) -> Document {
    let parsed = parse::parse(source.body, source.body_line);
    validate::validate(&parsed, source.path, diags);
    resolve::resolve(parsed, source, resolver, diags)
}

/// Compiles the body of every page of the book of `input`, by file: each
/// is parsed first, so that a link can be checked against the headings of
/// the page it goes to; then each is validated and resolved. A session
/// that rebuilds reuses what an unchanged page gave (`reuse.rs`).
pub fn parse_pages(
    input: &crate::source::input::BookInput,
    book: &crate::source::model::Book,
    programme: &crate::compile::budget::Programme,
    diags: &mut Diagnostics,
) -> std::collections::HashMap<std::path::PathBuf, PageDocument> {
    reuse::parse_pages(input.memos(), input, book, programme, diags)
}

/// The text of inline content, without markup.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => out.push_str(&plain_text(c)),
            Inline::Link { content, .. } => out.push_str(&plain_text(content)),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::FootnoteRef(_) => {}
        }
    }
    out
}

/// An anchor from heading text: lower case, letters and digits, hyphens.
pub fn anchor_of(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests;
