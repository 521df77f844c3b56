//! Stage 1: pulldown-cmark events to the parsed tree. Nothing is looked up
//! and nothing is judged here: placeholders, link destinations, raw HTML
//! and footnotes are kept as written, with their positions, for
//! [`super::validate`] and [`super::resolve`].

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::parsed::{Parsed, RawBlock, RawInline, RawKind, raw_text};
use super::text::{Locator, TextRun};
use super::{Align, anchor_of, options};

mod shape;

use shape::{boxed, list, paragraph};

/// Parses a page body that starts at line `body_line` of its file.
pub(super) fn parse(body: &str, body_line: usize) -> Parsed {
    let mut parser = Builder {
        body,
        locate: Locator::new(body, body_line),
        events: Parser::new_ext(body, options())
            .into_offset_iter()
            .collect(),
        at: 0,
        anchors: Vec::new(),
    };
    Parsed {
        blocks: parser.blocks_until(None),
    }
}

struct Builder<'a> {
    body: &'a str,
    locate: Locator<'a>,
    events: Vec<(Event<'a>, Range<usize>)>,
    /// Index of the next event.
    at: usize,
    /// Heading anchors given so far, to keep them unique.
    anchors: Vec<String>,
}

/// Inlines being collected: text events are merged into one run, which is
/// split into text, placeholders and literal footnote references when
/// something else comes.
#[derive(Default)]
struct Inlines {
    out: Vec<RawInline>,
    run: TextRun,
}

impl Inlines {
    fn push(&mut self, inline: RawInline, locate: &Locator<'_>) {
        self.flush(locate);
        self.out.push(inline);
    }

    fn flush(&mut self, locate: &Locator<'_>) {
        let split = self.run.take(locate);
        self.out.extend(split);
    }

    fn finish(mut self, locate: &Locator<'_>) -> Vec<RawInline> {
        self.flush(locate);
        self.out
    }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let event = self.events.get(self.at)?.clone();
        self.at += 1;
        Some(event)
    }

    fn block(&self, kind: RawKind, offset: usize) -> RawBlock {
        RawBlock {
            kind,
            pos: self.locate.pos(offset),
        }
    }

    /// Blocks until the end tag `end` (or the end of input).
    fn blocks_until(&mut self, end: Option<TagEnd>) -> Vec<RawBlock> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.next() {
            let kind = match event {
                Event::End(tag) if Some(tag) == end => break,
                Event::Start(tag) => self.tag(tag),
                Event::Rule => Some(RawKind::Rule),
                Event::Html(html) => Some(RawKind::Html(html.to_string())),
                // A tight list item's text comes without a paragraph
                // around it: everything inline up to the next block is its
                // one paragraph, however its text, links, code and breaks
                // are interleaved (`- 7a. [link](x).` is one paragraph).
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_)
                | Event::InlineHtml(_) => {
                    self.at -= 1;
                    Some(RawKind::Paragraph(self.inlines_while_inline()))
                }
                _ => None,
            };
            if let Some(kind) = kind {
                blocks.push(self.block(kind, range.start));
            }
        }
        blocks
    }

    fn tag(&mut self, tag: Tag<'a>) -> Option<RawKind> {
        Some(match tag {
            Tag::Paragraph => {
                let inlines = self.inlines_until(TagEnd::Paragraph);
                paragraph(inlines)
            }
            Tag::Heading { level, id, .. } => {
                let content = self.inlines_until(TagEnd::Heading(level));
                let base = id.map_or_else(|| anchor_of(&raw_text(&content)), |id| id.to_string());
                RawKind::Heading {
                    level: heading_level(level),
                    content,
                    anchor: self.unique_anchor(base),
                }
            }
            Tag::List(start) => self.list(start),
            Tag::BlockQuote(kind) => {
                let blocks = self.blocks_until(Some(TagEnd::BlockQuote(kind)));
                match kind {
                    None => RawKind::Quote(blocks),
                    Some(_) => boxed(blocks),
                }
            }
            Tag::CodeBlock(_) => {
                let mut text = String::new();
                while let Some((event, _)) = self.next() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                RawKind::Code(text)
            }
            Tag::Table(align) => self.table(align),
            Tag::FootnoteDefinition(label) => RawKind::FootnoteDef {
                label: label.to_string(),
                blocks: self.blocks_until(Some(TagEnd::FootnoteDefinition)),
            },
            // Its pieces come as `Event::Html`, each a block at its own line.
            Tag::HtmlBlock => return None,
            _ => {
                // Inline content where a block is expected (a tight list
                // item that starts with a link or emphasis): a paragraph, as
                // for a tight item's text in `blocks_until`.
                self.at -= 1;
                RawKind::Paragraph(self.inlines_while_inline())
            }
        })
    }

    fn list(&mut self, start: Option<u64>) -> RawKind {
        let mut items = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.blocks_until(Some(TagEnd::Item))),
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        list(start, items)
    }

    fn table(&mut self, align: Vec<Alignment>) -> RawKind {
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
        let mut row = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => row.push(self.inlines_until(TagEnd::TableCell)),
                Event::End(TagEnd::TableHead) => head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        RawKind::Table { align, head, rows }
    }

    /// Inline events up to the end tag `end`.
    fn inlines_until(&mut self, end: TagEnd) -> Vec<RawInline> {
        let mut out = Inlines::default();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(tag) if tag == end => break,
                other => self.inline(other, range, &mut out),
            }
        }
        out.finish(&self.locate)
    }

    /// Inline events until the next block-level event (tight list items).
    fn inlines_while_inline(&mut self) -> Vec<RawInline> {
        let mut out = Inlines::default();
        while let Some((event, _)) = self.events.get(self.at) {
            let is_inline = match event {
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
            let Some((event, range)) = self.next() else {
                break;
            };
            self.inline(event, range, &mut out);
        }
        out.finish(&self.locate)
    }

    fn inline(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Inlines) {
        let pos = self.locate.pos(range.start);
        let inline = match event {
            Event::Text(text) => {
                out.run.push(&text, range, self.body);
                return;
            }
            Event::Code(code) => RawInline::Code(code.to_string()),
            Event::SoftBreak => RawInline::SoftBreak,
            Event::HardBreak => RawInline::HardBreak,
            Event::FootnoteReference(label) => RawInline::FootnoteRef {
                label: label.to_string(),
                pos,
            },
            Event::InlineHtml(html) | Event::Html(html) => RawInline::Html {
                html: html.to_string(),
                pos,
            },
            Event::Start(Tag::Emphasis) => RawInline::Emph(self.inlines_until(TagEnd::Emphasis)),
            Event::Start(Tag::Strong) => RawInline::Strong(self.inlines_until(TagEnd::Strong)),
            Event::Start(Tag::Strikethrough) => {
                RawInline::Strike(self.inlines_until(TagEnd::Strikethrough))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => RawInline::Link {
                dest: dest_url.to_string(),
                email: matches!(link_type, LinkType::Email),
                content: self.inlines_until(TagEnd::Link),
                pos,
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => RawInline::Image {
                src: dest_url.to_string(),
                alt: raw_text(&self.inlines_until(TagEnd::Image)),
                title: title.to_string(),
                pos,
            },
            _ => return,
        };
        out.push(inline, &self.locate);
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

#[cfg(test)]
mod tests;
