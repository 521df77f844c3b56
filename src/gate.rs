//! `check` is the gate: whatever `build` would refuse is found here first,
//! as a diagnostic at the file and line an editor can fix.
//!
//! [`crate::compile`] runs these checks after the pages are parsed, for
//! `check`, `build` and `serve` alike, so the two cannot drift: a book that
//! passes them builds (I/O faults aside). They cover what only the backends
//! would otherwise notice: the book's own templates and fonts, page names
//! the site needs for itself, and what the site's home page and footer need.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::syntax::DiagSpanKind;

use crate::assets::Assets;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::limits;
use crate::markdown::{Block, Document};
use crate::model::{Book, Page, PageKind};

/// Folders and files at the root of the site that no page may take.
pub const SITE_NAMES: [&str; 9] = [
    "static",
    "downloads",
    "zoeken",
    "toegankelijkheid",
    "404",
    "404.html",
    "index.html",
    "sitemap.xml",
    "robots.txt",
];

/// Runs every check on the parsed book; `documents` are the pages' bodies
/// by file.
pub fn check_book(book: &Book, documents: &HashMap<PathBuf, Document>, diags: &mut Diagnostics) {
    let pages = book.pages();
    site_names(&pages, diags);
    home_page(&pages, diags);
    for page in &pages {
        let Some(doc) = documents.get(&page.path) else {
            continue;
        };
        if page.kind == PageKind::BackCover {
            back_cover(page, doc, diags);
        }
    }
}

/// The site gives each page a folder named after its file: a name the site
/// uses for itself would overwrite the search page, the downloads or the
/// sitemap.
fn site_names(pages: &[&Page], diags: &mut Diagnostics) {
    for page in pages {
        if page.kind == PageKind::BackCover {
            continue;
        }
        if SITE_NAMES.contains(&page.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &page.path,
                    Pos::default(),
                    format!(
                        "the page name `{}` is one the website uses for itself (`{}/`)",
                        page.slug, page.slug
                    ),
                )
                .with_hint(format!(
                    "rename the file; the names the site keeps are: {}",
                    SITE_NAMES.join(", ")
                )),
            );
        }
    }
}

/// The site's home page opens with the first page of plain text.
fn home_page(pages: &[&Page], diags: &mut Diagnostics) {
    if pages.is_empty() || pages.iter().any(|p| p.kind == PageKind::Text) {
        return;
    }
    let first = &pages[0].path;
    let content = first
        .ancestors()
        .find(|p| p.ends_with(crate::load::CONTENT_DIR))
        .unwrap_or(Path::new(crate::load::CONTENT_DIR));
    diags.push(
        Diagnostic::error(
            content,
            Pos::default(),
            "the book has no page of plain text: the website's home page opens with the first one",
        )
        .with_hint("add a chapter without `id`, `theme` or `kind`, such as an introduction"),
    );
}

/// The back cover is printed as the site's footer: it holds text, not
/// tables.
fn back_cover(page: &Page, doc: &Document, diags: &mut Diagnostics) {
    for (i, block) in doc.blocks.iter().enumerate() {
        let line = doc.lines.get(i).copied().unwrap_or(page.body_line);
        if holds_table(block) {
            diags.push(
                Diagnostic::error(
                    &page.path,
                    Pos::new(line, 1),
                    "the back cover cannot hold a budget table or the overview",
                )
                .with_hint("put the table on a page of its own; the back cover holds text"),
            );
        }
    }
}

/// Whether a computed table stands in `block`, at any depth.
fn holds_table(block: &Block) -> bool {
    match block {
        Block::Budget(_) | Block::Overview => true,
        Block::List { items, .. } => items.iter().flatten().any(holds_table),
        Block::Quote(blocks) | Block::Boxed { blocks, .. } => blocks.iter().any(holds_table),
        _ => false,
    }
}

/// The book's own templates and fonts: links out of the book, and files
/// that differ from the embedded defaults but cannot be read as what they
/// are (a template with a syntax error, a font Typst cannot read).
pub fn check_assets(assets: &Assets, diags: &mut Diagnostics) {
    diags.extend(assets.diagnostics());
    for rel in assets.overrides() {
        let Some(path) = assets.own_path(&rel) else {
            continue;
        };
        let bytes = match assets.get(&rel) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.error(&path, Pos::default(), format!("{err:#}"));
                continue;
            }
        };
        if let Some((pos, message)) = asset_problem(&rel, &bytes) {
            diags.error(&path, pos, message);
        }
    }
}

/// What is wrong with the book's own asset `rel`, if anything.
fn asset_problem(rel: &str, bytes: &[u8]) -> Option<(Pos, String)> {
    let lower = rel.to_ascii_lowercase();
    let is_template = rel.starts_with("templates/")
        && [".typ", ".html", ".xml", ".txt", ".css", ".js"]
            .iter()
            .any(|ext| lower.ends_with(ext));
    if is_template && std::str::from_utf8(bytes).is_err() {
        return Some((Pos::default(), "the template is not UTF-8 text".to_owned()));
    }
    if lower.ends_with(".typ") {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let source = typst::syntax::Source::detached(text);
        let (errors, _) = source.root().errors_and_warnings();
        let error = errors.into_iter().next()?;
        let offset = match error.span.get() {
            DiagSpanKind::Number { num, sub_range, .. } => {
                source.range(num, sub_range).map_or(0, |r| r.start)
            }
            DiagSpanKind::Range { range, .. } => range.start,
            DiagSpanKind::Detached => 0,
        };
        return Some((
            Pos::of_offset(text, offset),
            format!("typst: {}", error.message),
        ));
    }
    if rel.starts_with("fonts/")
        && [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    {
        let data = typst::foundations::Bytes::new(bytes.to_vec());
        if typst::text::Font::iter(data).next().is_none() {
            return Some((
                Pos::default(),
                "not a font Typst can read (TrueType or OpenType)".to_owned(),
            ));
        }
    }
    None
}

/// The limits on Markdown (see [`crate::limits`]), checked before the
/// pages are read into document trees: all text of the book together, and
/// per page the nesting depth, the longest paragraph and the longest word.
/// Returns whether the book is within them; beyond them, the pages are not
/// parsed at all (deep nesting would exhaust the stack).
pub fn check_text_limits(book: &Book, diags: &mut Diagnostics) -> bool {
    let pages = book.pages();
    let errors_before = diags.counts().0;
    let total: u64 = pages.iter().map(|p| p.body.len() as u64).sum();
    if total > limits::BOOK_BYTES {
        let content = pages
            .first()
            .and_then(|p| {
                p.path
                    .ancestors()
                    .find(|a| a.ends_with(crate::load::CONTENT_DIR))
            })
            .unwrap_or(Path::new(crate::load::CONTENT_DIR));
        diags.push(
            Diagnostic::error(
                content,
                Pos::default(),
                format!(
                    "the book holds {} of text; a book may hold at most {} (the limit on book size)",
                    limits::bytes(total),
                    limits::bytes(limits::BOOK_BYTES)
                ),
            )
            .with_hint("a work plan of 1 000 printed pages holds about 3 MB of Markdown"),
        );
    }
    let mut blocks = 0;
    for page in &pages {
        page_limits(page, &mut blocks, diags);
    }
    budget_lines(book, diags);
    diags.counts().0 == errors_before
}

/// All role lines of all budgets together: each is a row of a printed table.
fn budget_lines(book: &Book, diags: &mut Diagnostics) {
    let mut lines = 0;
    for spec in book.budgets() {
        lines += spec
            .organisations
            .iter()
            .map(|o| o.lines.len())
            .sum::<usize>();
        if lines > limits::BUDGET_LINES {
            diags.push(
                Diagnostic::error(
                    &spec.path,
                    spec.pos,
                    format!(
                        "with this budget, the book's budgets hold more than {} role lines \
                         (the limit on budget lines)",
                        limits::BUDGET_LINES
                    ),
                )
                .with_hint("a budget lists the roles of its printed table, a few per organisation"),
            );
            return;
        }
    }
}

/// One page against the Markdown limits: the first breach of each limit.
fn page_limits(page: &Page, blocks: &mut usize, diags: &mut Diagnostics) {
    use pulldown_cmark::{Event, Parser};
    let body = page.body.as_str();
    let at = |offset: usize| {
        let p = Pos::of_offset(body, offset);
        Pos::new(p.line + page.body_line - 1, p.col)
    };
    let mut depth: usize = 0;
    let mut stack: Vec<bool> = Vec::new();
    let mut block_chars = 0;
    let mut word = (0usize, 0usize); // (chars, offset where it started)
    let (mut long_block, mut long_word) = (false, false);
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let nests = nests(&tag);
                stack.push(nests);
                if nests {
                    depth += 1;
                }
                if !is_inline(&tag) {
                    block_chars = 0;
                    word.0 = 0;
                    *blocks += usize::from(counts_as_block(&tag));
                    if counts_as_block(&tag) && *blocks == limits::BLOCKS + 1 {
                        diags.push(
                            Diagnostic::error(
                                &page.path,
                                at(range.start),
                                format!(
                                    "here the book passes {} blocks: paragraphs, headings, list \
                                     items and table cells (the limit on blocks)",
                                    limits::BLOCKS
                                ),
                            )
                            .with_hint("a work plan of 1 000 printed pages holds about 10 000"),
                        );
                    }
                }
                if depth > limits::NESTING {
                    diags.push(
                        Diagnostic::error(
                            &page.path,
                            at(range.start),
                            format!(
                                "nested more than {} levels deep (the limit on nesting)",
                                limits::NESTING
                            ),
                        )
                        .with_hint(
                            "lists, quotes, boxes, footnotes, emphasis and links inside each \
                             other count as levels; make the text flatter",
                        ),
                    );
                    // Deeper still would only repeat the message, and the
                    // pages past this one are not parsed anyway.
                    return;
                }
            }
            Event::End(_) => {
                if stack.pop() == Some(true) {
                    depth = depth.saturating_sub(1);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                block_chars += text.chars().count();
                if block_chars > limits::PARAGRAPH_CHARS && !long_block {
                    long_block = true;
                    diags.push(
                        Diagnostic::error(
                            &page.path,
                            at(range.start),
                            format!(
                                "this paragraph is longer than {} characters (the limit on \
                                 paragraph length)",
                                limits::PARAGRAPH_CHARS
                            ),
                        )
                        .with_hint("split it into paragraphs, separated by a blank line"),
                    );
                }
                for (i, c) in text.char_indices() {
                    if c.is_whitespace() || breaks_anywhere(c) {
                        word.0 = 0;
                    } else {
                        if word.0 == 0 {
                            word.1 = range.start + i.min(range.len());
                        }
                        word.0 += 1;
                        if word.0 > limits::WORD_CHARS && !long_word {
                            long_word = true;
                            diags.push(
                                Diagnostic::error(
                                    &page.path,
                                    at(word.1),
                                    format!(
                                        "a word of more than {} characters without a space (the \
                                         limit on word length)",
                                        limits::WORD_CHARS
                                    ),
                                )
                                .with_hint("a line of the PDF cannot be broken inside it; add spaces"),
                            );
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => word.0 = 0,
            _ => {}
        }
    }
}

/// Tags that nest: containers and inline markup, not the leaves and rows.
fn nests(tag: &pulldown_cmark::Tag<'_>) -> bool {
    use pulldown_cmark::Tag;
    !matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

/// Blocks that count towards [`limits::BLOCKS`]: what holds text.
fn counts_as_block(tag: &pulldown_cmark::Tag<'_>) -> bool {
    use pulldown_cmark::Tag;
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::CodeBlock(_)
    )
}

fn is_inline(tag: &pulldown_cmark::Tag<'_>) -> bool {
    use pulldown_cmark::Tag;
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Scripts written without spaces, where a line may break between letters.
fn breaks_anywhere(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x9FFF // CJK, kana
        | 0xAC00..=0xD7AF // Hangul
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}
