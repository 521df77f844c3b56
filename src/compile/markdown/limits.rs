//! The limits on a page's Markdown (see [`crate::base::limits`]), measured on
//! pulldown-cmark's events before the page is parsed into a tree: the
//! parser builds the tree recursively, so nesting far beyond the limit
//! must be refused before it runs.

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::limits;
use std::path::Path;

use crate::source::model::LoadedPage;

/// Measures one page against the limits on nesting, paragraph and word
/// length, adding its blocks to `blocks` (counted against the book's
/// limit); reports the first breach of each limit.
pub fn page_limits(page: &LoadedPage, blocks: &mut usize, diags: &mut Diagnostics) {
    body_limits(
        &page.file.path,
        &page.body,
        page.file.body_line,
        blocks,
        diags,
    );
}

/// [`page_limits`] for the Markdown `body` of the file `path`, which
/// starts at line `body_line` of it.
pub fn body_limits(
    path: &Path,
    body: &str,
    body_line: usize,
    blocks: &mut usize,
    diags: &mut Diagnostics,
) {
    use pulldown_cmark::{Event, Parser};
    let at = |offset: usize| {
        let p = Pos::of_offset(body, offset);
        Pos::new(p.line + body_line - 1, p.col)
    };
    // Whether each open tag counts as a level (see [`nests`]).
    let mut stack: Vec<bool> = Vec::new();
    let mut block_chars = 0;
    let mut word = (0usize, 0usize); // (chars, offset where it started)
    let (mut long_block, mut long_word) = (false, false);
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                stack.push(nests(&tag));
                let depth = stack.iter().filter(|n| **n).count();
                if !is_inline(&tag) {
                    block_chars = 0;
                    word.0 = 0;
                    *blocks += usize::from(counts_as_block(&tag));
                    if counts_as_block(&tag) && *blocks == limits::BLOCKS + 1 {
                        diags.push(too_many_blocks(path, at(range.start)));
                    }
                }
                if depth > limits::NESTING {
                    diags.push(nested_too_deeply(path, at(range.start)));
                    // Deeper still would only repeat the message, and the
                    // pages past this one are not parsed anyway.
                    return;
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(text) | Event::Code(text) => {
                block_chars += text.chars().count();
                if block_chars > limits::PARAGRAPH_CHARS && !long_block {
                    long_block = true;
                    diags.push(paragraph_too_long(path, at(range.start)));
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
                            diags.push(word_too_long(path, at(word.1)));
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => word.0 = 0,
            _ => {}
        }
    }
}

/// The block that passes the limit on blocks of the whole book.
fn too_many_blocks(path: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::new(
        codes::TOO_MANY_BLOCKS,
        path,
        pos,
        format!(
            "here the book passes {} blocks: paragraphs, headings, list items and table cells \
             (the limit on blocks)",
            limits::BLOCKS
        ),
    )
    .with_hint(
        "the 2019 work plan (100 printed pages) holds about 1 800; shorten the longest tables \
         and lists",
    )
}

/// Markup nested deeper than the limit on nesting.
fn nested_too_deeply(path: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::new(
        codes::NESTED_TOO_DEEPLY,
        path,
        pos,
        format!(
            "nested more than {} levels deep (the limit on nesting)",
            limits::NESTING
        ),
    )
    .with_hint(
        "lists, quotes, boxes, footnotes, emphasis and links inside each other count as levels; \
         make the text flatter",
    )
}

/// A paragraph longer than the limit on paragraph length.
fn paragraph_too_long(path: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::new(
        codes::PARAGRAPH_TOO_LONG,
        path,
        pos,
        format!(
            "this paragraph is longer than {} characters (the limit on paragraph length)",
            limits::PARAGRAPH_CHARS
        ),
    )
    .with_hint("split it into paragraphs, separated by a blank line")
}

/// A word longer than the limit on word length.
fn word_too_long(path: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::new(
        codes::WORD_TOO_LONG,
        path,
        pos,
        format!(
            "a word of more than {} characters without a space (the limit on word length)",
            limits::WORD_CHARS
        ),
    )
    .with_hint("a line of the PDF cannot be broken inside it; add spaces")
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
