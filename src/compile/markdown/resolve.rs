//! Stage 3: the parsed tree to a [`Document`], looking up what the page
//! refers to: placeholders become text or tables, links to other pages
//! become their slugs, and footnotes are numbered in the order they are
//! first referenced, each with its definition.
//!
//! What cannot be resolved is an error at its position and left out of the
//! document. Raw HTML is dropped here; [`super::validate`] judged it.

use std::path::Path;

use crate::base::diagnostics::codes::{self, Code};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};

use super::parsed::{Dest, Parsed, Placeholder, RawBlock, RawInline, RawKind};
use super::{Block, Document, Footnote, Inline, LinkTarget, Resolver, Source};

const PLACEHOLDER_HINT: &str = "placeholders are {{ budget }}, {{ budget ID }}, {{ overview }}, \
     {{ available }}, {{ total }}, {{ total ID }} and {{ material ID }}";

/// Resolves a parsed page against the book.
pub(super) fn resolve(
    parsed: Parsed,
    source: Source<'_>,
    resolver: &dyn Resolver,
    diags: &mut Diagnostics,
) -> Document {
    let mut resolve = Resolve {
        source,
        resolver,
        diags,
        order: Vec::new(),
        definitions: Vec::new(),
    };
    let mut blocks = Vec::new();
    let mut lines = Vec::new();
    for raw in parsed.blocks {
        let line = raw.pos.line;
        if let Some(block) = resolve.block(raw) {
            blocks.push(block);
            lines.push(line);
        }
    }
    Document {
        blocks,
        footnotes: resolve.footnotes(),
        lines,
    }
}

struct Resolve<'s, 'r, 'd> {
    source: Source<'s>,
    resolver: &'r dyn Resolver,
    diags: &'d mut Diagnostics,
    /// Footnote labels in the order of their first reference.
    order: Vec<String>,
    /// The first definition of each label, in the order written.
    definitions: Vec<Footnote>,
}

impl Resolve<'_, '_, '_> {
    fn error(&mut self, code: Code, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.report(code, self.source.path, pos, message)
    }

    /// The definitions in the order of first reference; a reference without
    /// a definition is left out (validation reports it).
    fn footnotes(&mut self) -> Vec<Footnote> {
        let mut definitions = std::mem::take(&mut self.definitions);
        let mut footnotes = Vec::with_capacity(self.order.len());
        for label in &self.order {
            if let Some(i) = definitions.iter().position(|d| d.label == *label) {
                footnotes.push(definitions.swap_remove(i));
            }
        }
        footnotes
    }

    fn blocks(&mut self, raw: Vec<RawBlock>) -> Vec<Block> {
        raw.into_iter().filter_map(|b| self.block(b)).collect()
    }

    fn block(&mut self, raw: RawBlock) -> Option<Block> {
        Some(match raw.kind {
            RawKind::Heading {
                level,
                content,
                anchor,
            } => Block::Heading {
                level,
                content: self.inlines(content),
                anchor,
            },
            RawKind::Paragraph(content) => {
                let content = self.inlines(content);
                if content.is_empty() {
                    return None;
                }
                Block::Paragraph(content)
            }
            RawKind::Placeholder(p) => return self.block_placeholder(p),
            RawKind::List { marker, items } => Block::List {
                marker,
                items: items.into_iter().map(|item| self.blocks(item)).collect(),
            },
            RawKind::Table { align, head, rows } => Block::Table {
                align,
                head: head.into_iter().map(|cell| self.inlines(cell)).collect(),
                rows: rows
                    .into_iter()
                    .map(|row| row.into_iter().map(|cell| self.inlines(cell)).collect())
                    .collect(),
            },
            RawKind::Quote(blocks) => Block::Quote(self.blocks(blocks)),
            RawKind::Boxed { title, blocks } => Block::Boxed {
                title: title.map(|t| self.inlines(t)),
                blocks: self.blocks(blocks),
            },
            RawKind::Code(text) => Block::Code(text),
            RawKind::Rule => Block::Rule,
            RawKind::Html(_) => return None,
            RawKind::FootnoteDef { label, blocks } => {
                let blocks = self.blocks(blocks);
                if !self.definitions.iter().any(|d| d.label == label) {
                    self.definitions.push(Footnote {
                        label,
                        blocks,
                        line: raw.pos.line,
                    });
                }
                return None;
            }
        })
    }

    fn block_placeholder(&mut self, p: Placeholder) -> Option<Block> {
        match (p.name.as_str(), p.arg.as_deref()) {
            ("budget", None) => match self.source.budget {
                Some(id) => Some(Block::Budget(id.to_owned())),
                // The page's front matter has an error, reported at its
                // line: a missing budget is its echo, not a second mistake.
                None if self.resolver.load_error(self.source.path).is_some() => None,
                None => {
                    self.error(
                        codes::BUDGET_PLACEHOLDER_WITHOUT_BUDGET,
                        p.pos,
                        "`{{ budget }}` stands on a page without a budget",
                    )
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
                    let message = self.resolver.no_budget(id);
                    self.error(codes::UNKNOWN_BUDGET, p.pos, message);
                    None
                }
            }
            ("overview", None) => Some(Block::Overview),
            _ => {
                let text = self.placeholder(&p)?;
                Some(Block::Paragraph(vec![Inline::Text(text)]))
            }
        }
    }

    /// The text of an inline placeholder.
    fn placeholder(&mut self, p: &Placeholder) -> Option<String> {
        match self.resolver.inline(&p.name, p.arg.as_deref()) {
            Ok(value) => Some(value),
            // The placeholder is known, its budget is not: no list of
            // placeholders would help.
            Err(message) if matches!(p.name.as_str(), "total" | "material") && p.arg.is_some() => {
                let written = &p.written;
                self.error(
                    codes::UNKNOWN_BUDGET,
                    p.pos,
                    format!("`{written}`: {message}"),
                );
                None
            }
            Err(message) => {
                let written = &p.written;
                self.error(
                    codes::UNKNOWN_PLACEHOLDER,
                    p.pos,
                    format!("unknown placeholder `{written}`: {message}"),
                )
                .hint = Some(PLACEHOLDER_HINT.into());
                None
            }
        }
    }

    /// Resolves inlines; neighbouring text is merged into one
    /// [`Inline::Text`].
    fn inlines(&mut self, raw: Vec<RawInline>) -> Vec<Inline> {
        let mut out = Vec::with_capacity(raw.len());
        for inline in raw {
            let resolved = match inline {
                RawInline::Text(text) => Inline::Text(text),
                RawInline::Emph(c) => Inline::Emph(self.inlines(c)),
                RawInline::Strong(c) => Inline::Strong(self.inlines(c)),
                RawInline::Strike(c) => Inline::Strike(self.inlines(c)),
                RawInline::Code(code) => Inline::Code(code),
                RawInline::Link {
                    dest,
                    email,
                    content,
                    pos,
                } => {
                    let content = self.inlines(content);
                    match self.link(&dest, email, pos) {
                        Some(target) => Inline::Link { target, content },
                        None => {
                            out.extend(content);
                            continue;
                        }
                    }
                }
                RawInline::Image {
                    src,
                    alt,
                    title,
                    pos,
                } => {
                    let pixels = match self.resolver.image(self.source.path, &src) {
                        Ok(pixels) => pixels,
                        Err(problem) => {
                            self.error(problem.code, pos, problem.message).hint = problem.hint;
                            None
                        }
                    };
                    // A bad width is reported by `validate`.
                    let width = super::width::parse_title(&title).ok().flatten();
                    Inline::Image {
                        src,
                        alt,
                        width,
                        pixels,
                    }
                }
                RawInline::FootnoteRef { label, .. } => {
                    if !self.order.contains(&label) {
                        self.order.push(label.clone());
                    }
                    Inline::FootnoteRef(label)
                }
                RawInline::LiteralFootnoteRef { label, .. } => Inline::Text(format!("[^{label}]")),
                RawInline::Placeholder(p) => match self.placeholder(&p) {
                    Some(text) => Inline::Text(text),
                    None => continue,
                },
                RawInline::Html { .. } => continue,
                RawInline::HardBreak => Inline::HardBreak,
                RawInline::SoftBreak => Inline::SoftBreak,
            };
            match (out.last_mut(), resolved) {
                (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
                (_, resolved) => out.push(resolved),
            }
        }
        out
    }

    /// Reports a link to `#anchor` on the page `slug` (written as `file`,
    /// or this page) when no heading there has that anchor: the PDF would
    /// find no place to link to.
    fn anchor_exists(&mut self, slug: &str, anchor: &str, pos: Pos, file: Option<&str>) {
        let Some(known) = self.resolver.anchors(slug) else {
            return;
        };
        if known.iter().any(|a| a == anchor) {
            return;
        }
        let message = match file {
            Some(file) => format!(
                "the link goes to `#{anchor}` in `{file}`, but no heading there has that anchor"
            ),
            None => {
                format!("the link goes to `#{anchor}`, but no heading on this page has that anchor")
            }
        };
        let hint = if known.is_empty() {
            let which = if file.is_some() {
                "that page"
            } else {
                "this page"
            };
            format!("{which} has no headings; link to the page itself")
        } else {
            let shown: Vec<String> = known.iter().take(12).map(|a| format!("#{a}")).collect();
            format!("the anchors there are: {}", shown.join(", "))
        };
        self.error(codes::UNKNOWN_ANCHOR, pos, message).hint = Some(hint);
    }

    fn link(&mut self, dest: &str, email: bool, pos: Pos) -> Option<LinkTarget> {
        if dest.len() > crate::base::limits::URL_BYTES {
            self.error(
                codes::ADDRESS_TOO_LONG,
                pos,
                format!(
                    "the link's address has {} characters; an address may have at most {} (the \
                     limit on addresses)",
                    dest.chars().count(),
                    crate::base::limits::URL_BYTES
                ),
            )
            .hint = Some("link to a shorter address, such as the page that holds it".into());
            return None;
        }
        match Dest::of(dest, email) {
            Dest::External(url) => Some(LinkTarget::External(url)),
            Dest::Anchor(anchor) => {
                let own = self.resolver.page_slug(self.source.path);
                if let Some(own) = own {
                    self.anchor_exists(&own, &anchor, pos, None);
                }
                Some(LinkTarget::Anchor(anchor))
            }
            Dest::Scheme(scheme) => {
                self.error(
                    codes::LINK_SCHEME,
                    pos,
                    format!("links with `{scheme}:` are not allowed"),
                )
                .hint = Some("link to a web page (https://…) or to another page's .md file".into());
                None
            }
            Dest::File { file, anchor } => {
                let base = self.source.path.parent().unwrap_or(Path::new(""));
                match self.resolver.page_slug(&base.join(&file)) {
                    Some(slug) => {
                        if let Some(anchor) = &anchor {
                            self.anchor_exists(&slug, anchor, pos, Some(&file));
                        }
                        Some(LinkTarget::Page { slug, anchor })
                    }
                    None => {
                        self.error(
                            codes::BROKEN_LINK,
                            pos,
                            format!("the link goes to `{file}`, which is not a page of the book"),
                        );
                        None
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
