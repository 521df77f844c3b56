//! The limits on what a book may hold, in one place: `kis-book check`
//! refuses a book beyond them with a message naming the limit, so that a
//! stray file or a runaway paste cannot make `build` run out of memory or
//! stack. Each is far above what a work plan needs (the 2019 plan: about
//! 100 pages, 420 kB of Markdown, its longest paragraph 1 700 characters).
//! The README lists them.

/// Largest Markdown or config file, in bytes.
pub(crate) const FILE_BYTES: u64 = 1_000_000;

/// All Markdown of a book together, in bytes: some 1 300 printed pages, room
/// for a plan ten times the 2019 one (about 2.6 MB with images and tables).
pub(crate) const BOOK_BYTES: u64 = 4_000_000;

/// Paragraphs, headings, list items, table cells and other blocks in the
/// whole book: a table cell takes Typst about 20 kB to lay out.
pub(crate) const BLOCKS: usize = 40_000;

/// Role lines of all budgets together: each is a row of a printed table
/// (the 2019 plan has some 220).
pub(crate) const BUDGET_LINES: usize = 5_000;

/// Longest paragraph, heading, list item or table cell, in characters
/// (about two printed pages).
pub(crate) const PARAGRAPH_CHARS: usize = 10_000;

/// Longest word (a run without a space), in characters: the PDF cannot
/// break a word that has no hyphenation point, and a line longer than 32 767
/// bytes is not valid PDF/A.
pub(crate) const WORD_CHARS: usize = 2_000;

/// Longest title (of a page, or the book's title, subtitle, publisher
/// and running title), in characters: the PDF keeps titles in strings of at
/// most 32 767 bytes (PDF/A).
pub(crate) const TITLE_CHARS: usize = 500;

/// Longest link address, in bytes (Typst refuses a URL over 8 000; browsers
/// and servers often one over 2 000).
pub(crate) const URL_BYTES: usize = 2_000;

/// Deepest nesting of lists, quotes, boxes and footnotes inside each
/// other, counted in blocks.
pub(crate) const NESTING: usize = 12;

/// Largest image file, in bytes.
pub(crate) const IMAGE_BYTES: u64 = 20_000_000;

/// Most pixels in one image (width × height): a decoded image takes four
/// bytes a pixel or more.
pub(crate) const IMAGE_PIXELS: u64 = 25_000_000;

/// Most pixels in all images of the book together.
pub(crate) const BOOK_IMAGE_PIXELS: u64 = 30_000_000;

/// A size in bytes for a message: `512 bytes`, `20 kB`, `5.2 MB`.
pub(crate) fn bytes(n: u64) -> String {
    if n < 1000 {
        format!("{n} bytes")
    } else if n < 1_000_000 {
        format!("{} kB", n.div_ceil(1000))
    } else {
        let tenths = n.div_ceil(100_000);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_an_editor_would() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(20_480), "21 kB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.3 MB");
        assert_eq!(bytes(1_000_000), "1.0 MB");
    }
}
