//! The one module that reads Markdown. It turns a page body into a small
//! document tree that both backends render, so that the PDF and the site
//! cannot drift apart.
//!
//! Placeholders (`{{ budget }}`, `{{ total 1.1 }}`) and links to other
//! pages are resolved here; raw HTML is refused (comments are dropped).

use std::path::Path;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// A page body as a tree of blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The blocks in order.
    pub blocks: Vec<Block>,
    /// Footnote definitions in the order they are first referenced.
    pub footnotes: Vec<Footnote>,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
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
    },
    /// A reference to footnote `label`; its number is its index in
    /// [`Document::footnotes`] + 1.
    FootnoteRef(String),
    /// A line break within a paragraph.
    HardBreak,
    /// A soft line break (a space).
    SoftBreak,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The label as written (`7` for `[^7]`).
    pub label: String,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

/// What the parser needs to know about the rest of the book.
pub trait Resolver {
    /// The slug of the page whose file is `path` (resolved against the
    /// linking page's folder), if there is one.
    fn page_slug(&self, path: &Path) -> Option<String>;
    /// Whether a budget with this id exists.
    fn has_budget(&self, id: &str) -> bool;
    /// The text for an inline placeholder (`available`, `total 1.1`), or an
    /// error message for the editor.
    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String>;
}

/// The page being parsed: its file, where its body starts, and its own budget.
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

impl Source<'_> {
    fn pos(&self, offset: usize) -> Pos {
        let p = Pos::of_offset(self.body, offset);
        Pos::new(p.line + self.body_line - 1, p.col)
    }
}

/// Markdown extensions the book uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses a page body into a document, recording problems in `diags`.
pub fn parse(source: Source<'_>, resolver: &dyn Resolver, diags: &mut Diagnostics) -> Document {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(source.body, options())
        .into_offset_iter()
        .collect();
    let mut builder = Builder {
        source,
        resolver,
        diags,
        events,
        at: 0,
        anchors: Vec::new(),
        footnote_order: Vec::new(),
        footnote_defs: Vec::new(),
    };
    let blocks = builder.blocks_until(None);
    builder.finish(blocks)
}

struct Builder<'a, 'r, 'd> {
    source: Source<'a>,
    resolver: &'r dyn Resolver,
    diags: &'d mut Diagnostics,
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    at: usize,
    anchors: Vec<String>,
    footnote_order: Vec<String>,
    footnote_defs: Vec<(String, Vec<Block>, usize)>,
}

impl<'a> Builder<'a, '_, '_> {
    fn next(&mut self) -> Option<(Event<'a>, usize)> {
        let (event, range) = self.events.get(self.at)?;
        self.at += 1;
        Some((event.clone(), range.start))
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) -> &mut Diagnostic {
        let pos = self.source.pos(offset);
        self.diags
            .push(Diagnostic::error(self.source.path, pos, message));
        self.diags.last_mut()
    }

    fn finish(self, blocks: Vec<Block>) -> Document {
        let mut footnotes = Vec::new();
        for label in &self.footnote_order {
            if let Some((_, blocks, _)) = self.footnote_defs.iter().find(|(l, _, _)| l == label) {
                footnotes.push(Footnote {
                    label: label.clone(),
                    blocks: blocks.clone(),
                });
            } else {
                self.diags.push(Diagnostic::error(
                    self.source.path,
                    Pos::new(self.source.body_line, 0),
                    format!("footnote `[^{label}]` is used but never defined"),
                ));
            }
        }
        for (label, _, offset) in &self.footnote_defs {
            if !self.footnote_order.contains(label) {
                self.diags.push(Diagnostic::warning(
                    self.source.path,
                    self.source.pos(*offset),
                    format!("footnote `[^{label}]` is defined but never used"),
                ));
            }
        }
        Document { blocks, footnotes }
    }

    /// Blocks until the end tag `end` (or the end of input).
    fn blocks_until(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, offset)) = self.next() {
            match event {
                Event::End(tag) if Some(tag) == end => break,
                Event::Start(tag) => {
                    if let Some(block) = self.block(tag, offset) {
                        blocks.push(block);
                    }
                }
                Event::Rule => blocks.push(Block::Rule),
                Event::Html(html) | Event::InlineHtml(html) => self.html(&html, offset),
                Event::Text(text) => {
                    // Loose text in a tight list item.
                    blocks.push(Block::Paragraph(vec![Inline::Text(text.to_string())]));
                }
                _ => {}
            }
        }
        blocks
    }

    fn html(&mut self, html: &str, offset: usize) {
        let trimmed = html.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            return;
        }
        if trimmed.starts_with("<!--") || trimmed.ends_with("-->") {
            // Part of a comment spread over several events.
            return;
        }
        let shown: String = trimmed.chars().take(40).collect();
        let d = self.error(offset, format!("raw HTML is not allowed: `{shown}`"));
        d.hint = Some("write it in Markdown; HTML comments `<!-- … -->` are allowed".into());
    }

    fn block(&mut self, tag: Tag<'a>, offset: usize) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let inlines = self.inlines_until(TagEnd::Paragraph);
                self.paragraph(inlines, offset)
            }
            Tag::Heading { level, id, .. } => {
                let content = self.inlines_until(TagEnd::Heading(level));
                let level = heading_level(level);
                let base = id.map_or_else(|| anchor_of(&plain_text(&content)), |id| id.to_string());
                let anchor = self.unique_anchor(base);
                Some(Block::Heading {
                    level,
                    content,
                    anchor,
                })
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some((event, item_offset)) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            items.push(self.blocks_until(Some(TagEnd::Item)))
                        }
                        Event::End(TagEnd::List(_)) => break,
                        _ => {
                            let _ = item_offset;
                        }
                    }
                }
                Some(list(start, items))
            }
            Tag::BlockQuote(kind) => {
                let blocks = self.blocks_until(Some(TagEnd::BlockQuote(kind)));
                Some(match kind {
                    None => Block::Quote(blocks),
                    Some(
                        BlockQuoteKind::Note | BlockQuoteKind::Tip | BlockQuoteKind::Important,
                    )
                    | Some(BlockQuoteKind::Warning | BlockQuoteKind::Caution) => boxed(blocks),
                })
            }
            Tag::CodeBlock(kind) => {
                let mut text = String::new();
                while let Some((event, _)) = self.next() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                Some(Block::Code(text))
            }
            Tag::Table(align) => Some(self.table(align)),
            Tag::FootnoteDefinition(label) => {
                let label = label.to_string();
                let blocks = self.blocks_until(Some(TagEnd::FootnoteDefinition));
                if self.footnote_defs.iter().any(|(l, _, _)| *l == label) {
                    self.error(offset, format!("footnote `[^{label}]` is defined twice"));
                } else {
                    self.footnote_defs.push((label, blocks, offset));
                }
                None
            }
            Tag::HtmlBlock => {
                while let Some((event, html_offset)) = self.next() {
                    match event {
                        Event::Html(html) => self.html(&html, html_offset),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                None
            }
            other => {
                // Inline content where a block is expected (tight list items).
                let end = other.to_end();
                self.at -= 1;
                let _ = end;
                let inlines = self.inlines_while_inline();
                self.paragraph(inlines, offset)
            }
        }
    }

    /// A paragraph, or the block placeholder it consists of.
    fn paragraph(&mut self, inlines: Vec<Inline>, offset: usize) -> Option<Block> {
        if let [Inline::Text(text)] = inlines.as_slice()
            && let Some((name, arg)) = block_placeholder(text)
        {
            return self.block_placeholder(name, arg, offset);
        }
        let inlines = self.inline_placeholders(inlines, offset);
        (!inlines.is_empty()).then_some(Block::Paragraph(inlines))
    }

    fn block_placeholder(&mut self, name: &str, arg: Option<&str>, offset: usize) -> Option<Block> {
        match (name, arg) {
            ("budget", None) => match self.source.budget {
                Some(id) => Some(Block::Budget(id.to_owned())),
                None => {
                    self.error(offset, "`{{ budget }}` stands on a page without a budget")
                        .hint = Some(
                        "add a `budget:` to the front matter, or name one: `{{ budget B }}`".into(),
                    );
                    None
                }
            },
            ("budget", Some(id)) => {
                if self.resolver.has_budget(id) {
                    Some(Block::Budget(id.to_owned()))
                } else {
                    self.error(offset, format!("there is no budget `{id}`"));
                    None
                }
            }
            ("overview", None) => Some(Block::Overview),
            _ => {
                let text = match arg {
                    Some(arg) => format!("{name} {arg}"),
                    None => name.to_owned(),
                };
                match self.resolver.inline(name, arg) {
                    Ok(value) => Some(Block::Paragraph(vec![Inline::Text(value)])),
                    Err(message) => {
                        self.error(
                            offset,
                            format!("unknown placeholder `{{{{ {text} }}}}`: {message}"),
                        )
                        .hint = Some(PLACEHOLDER_HINT.into());
                        None
                    }
                }
            }
        }
    }

    /// Replaces `{{ … }}` inside text with its value.
    fn inline_placeholders(&mut self, inlines: Vec<Inline>, offset: usize) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines {
            match inline {
                Inline::Text(text) if text.contains("{{") => {
                    let mut rest = text.as_str();
                    let mut buf = String::new();
                    while let Some(start) = rest.find("{{") {
                        buf.push_str(&rest[..start]);
                        let Some(len) = rest[start..].find("}}") else {
                            break;
                        };
                        let inner = &rest[start + 2..start + len];
                        let mut words = inner.split_whitespace();
                        let name = words.next().unwrap_or_default();
                        let arg = words.next();
                        match self.resolver.inline(name, arg) {
                            Ok(value) => buf.push_str(&value),
                            Err(message) => {
                                self.error(
                                    offset,
                                    format!("unknown placeholder `{{{{{inner}}}}}`: {message}"),
                                )
                                .hint = Some(PLACEHOLDER_HINT.into());
                            }
                        }
                        rest = &rest[start + len + 2..];
                    }
                    buf.push_str(rest);
                    out.push(Inline::Text(buf));
                }
                Inline::Emph(c) => out.push(Inline::Emph(self.inline_placeholders(c, offset))),
                Inline::Strong(c) => out.push(Inline::Strong(self.inline_placeholders(c, offset))),
                other => out.push(other),
            }
        }
        out
    }

    fn table(&mut self, align: Vec<Alignment>) -> Block {
        let align = align
            .into_iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((event, offset)) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines_until(TagEnd::TableCell);
                    let cell = self.inline_placeholders(cell, offset);
                    row.push(cell);
                }
                Event::End(TagEnd::TableHead) => head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { align, head, rows }
    }

    /// Inline events up to the end tag `end`, merged into an inline list.
    fn inlines_until(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        while let Some((event, offset)) = self.next() {
            match event {
                Event::End(tag) if tag == end => break,
                other => self.inline(other, offset, &mut out),
            }
        }
        out
    }

    /// Inline events until the next block-level event (tight list items).
    fn inlines_while_inline(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.events.get(self.at).map(|(e, r)| (e.clone(), r.start)) {
            let is_inline = match &event {
                Event::Start(tag) => is_inline_tag(tag),
                Event::End(tag) => is_inline_end(*tag),
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_)
                | Event::InlineHtml(_) => true,
                _ => false,
            };
            if !is_inline {
                break;
            }
            let offset = self.events[self.at].1.start;
            self.at += 1;
            self.inline(event, offset, &mut out);
        }
        out
    }

    fn inline(&mut self, event: Event<'a>, offset: usize, out: &mut Vec<Inline>) {
        match event {
            Event::Text(text) => push_text(out, &text),
            Event::Code(code) => out.push(Inline::Code(code.to_string())),
            Event::SoftBreak => out.push(Inline::SoftBreak),
            Event::HardBreak => out.push(Inline::HardBreak),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                if !self.footnote_order.contains(&label) {
                    self.footnote_order.push(label.clone());
                }
                out.push(Inline::FootnoteRef(label));
            }
            Event::InlineHtml(html) | Event::Html(html) => self.html(&html, offset),
            Event::Start(Tag::Emphasis) => {
                let c = self.inlines_until(TagEnd::Emphasis);
                out.push(Inline::Emph(c));
            }
            Event::Start(Tag::Strong) => {
                let c = self.inlines_until(TagEnd::Strong);
                out.push(Inline::Strong(c));
            }
            Event::Start(Tag::Strikethrough) => {
                let c = self.inlines_until(TagEnd::Strikethrough);
                out.push(Inline::Strike(c));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let content = self.inlines_until(TagEnd::Link);
                let target = self.link_target(&dest_url, link_type, offset);
                match target {
                    Some(target) => out.push(Inline::Link { target, content }),
                    None => out.extend(content),
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = plain_text(&self.inlines_until(TagEnd::Image));
                if alt.trim().is_empty() {
                    let d = self.error(offset, "an image needs alternative text");
                    d.hint = Some("write what the image shows: `![Beschrijving](pad.png)`".into());
                }
                out.push(Inline::Image {
                    src: dest_url.to_string(),
                    alt,
                });
            }
            _ => {}
        }
    }

    fn link_target(
        &mut self,
        dest: &str,
        link_type: LinkType,
        offset: usize,
    ) -> Option<LinkTarget> {
        let dest = dest.trim();
        let lower = dest.to_ascii_lowercase();
        if matches!(link_type, LinkType::Email) {
            return Some(LinkTarget::External(format!("mailto:{dest}")));
        }
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            return Some(LinkTarget::External(dest.to_owned()));
        }
        if lower.starts_with("www.") {
            return Some(LinkTarget::External(format!("https://{dest}")));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return Some(LinkTarget::Anchor(anchor.to_owned()));
        }
        if dest.contains(':') {
            let scheme: String = dest.chars().take_while(|c| *c != ':').collect();
            self.error(offset, format!("links with `{scheme}:` are not allowed"))
                .hint = Some("link to a web page (https://…) or to another page's .md file".into());
            return None;
        }
        let (file, anchor) = match dest.split_once('#') {
            Some((f, a)) => (f, Some(a.to_owned())),
            None => (dest, None),
        };
        let base = self.source.path.parent().unwrap_or(Path::new(""));
        match self.resolver.page_slug(&base.join(file)) {
            Some(slug) => Some(LinkTarget::Page { slug, anchor }),
            None => {
                self.error(
                    offset,
                    format!("the link goes to `{file}`, which is not a page of the book"),
                );
                None
            }
        }
    }

    fn unique_anchor(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "sectie".to_owned()
        } else {
            base
        };
        let mut anchor = base.clone();
        let mut n = 1;
        while self.anchors.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        self.anchors.push(anchor.clone());
        anchor
    }
}

const PLACEHOLDER_HINT: &str = "placeholders are {{ budget }}, {{ budget ID }}, {{ overview }}, \
     {{ available }}, {{ total }}, {{ total ID }} and {{ material ID }}";

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_owned()));
    }
}

/// `{{ name arg }}` alone in a paragraph.
fn block_placeholder(text: &str) -> Option<(&str, Option<&str>)> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.contains("{{") || inner.contains("}}") {
        return None;
    }
    let mut words = inner.split_whitespace();
    let name = words.next()?;
    let arg = words.next();
    if words.next().is_some() {
        return None;
    }
    Some((name, arg))
}

fn list(start: Option<u64>, items: Vec<Vec<Block>>) -> Block {
    if start.is_none()
        && let Some((upper, first)) = lettered(&items)
    {
        let items = items.into_iter().map(strip_letter).collect();
        return Block::List {
            marker: ListMarker::Lettered {
                upper,
                start: first,
            },
            items,
        };
    }
    Block::List {
        marker: start.map_or(ListMarker::Bullet, ListMarker::Numbered),
        items,
    }
}

/// Whether every item starts with consecutive letters `a. `, `b. ` ….
fn lettered(items: &[Vec<Block>]) -> Option<(bool, u8)> {
    let letters: Vec<char> = items
        .iter()
        .map(|item| match item.first() {
            Some(Block::Paragraph(inl)) => match inl.first() {
                Some(Inline::Text(t)) => {
                    let mut cs = t.chars();
                    match (cs.next(), cs.next(), cs.next()) {
                        (Some(c), Some('.'), Some(' ')) if c.is_ascii_alphabetic() => Some(c),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<Vec<char>>>()?;
    let first = *letters.first()?;
    let upper = first.is_ascii_uppercase();
    let consecutive = letters.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    let same_case = letters.iter().all(|c| c.is_ascii_uppercase() == upper);
    (consecutive && same_case && letters.len() >= 2).then(|| {
        let base = if upper { b'A' } else { b'a' };
        (upper, first as u8 - base)
    })
}

fn strip_letter(mut item: Vec<Block>) -> Vec<Block> {
    if let Some(Block::Paragraph(inl)) = item.first_mut()
        && let Some(Inline::Text(t)) = inl.first_mut()
    {
        *t = t.get(3..).unwrap_or_default().to_owned();
    }
    item
}

fn boxed(mut blocks: Vec<Block>) -> Block {
    let title = match blocks.first() {
        Some(Block::Paragraph(inl)) => match inl.as_slice() {
            [Inline::Strong(title)] => Some(title.clone()),
            _ => None,
        },
        _ => None,
    };
    if title.is_some() {
        blocks.remove(0);
    }
    Block::Boxed { title, blocks }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
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
