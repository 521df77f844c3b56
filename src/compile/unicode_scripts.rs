//! Which way a text runs, and in which language a right-to-left passage
//! is: what both backends need to set an Arabic or Hebrew passage right
//! to left inside a Dutch book (the PDF through the template's
//! `rtl-block` and `rtl-text`, the site through `dir` and `lang`).
//!
//! A passage's direction is that of its first character with a strong
//! direction (Unicode's bidi classes L, and R or AL), as the Unicode
//! bidirectional algorithm (rule P2) and HTML's `dir="auto"` decide it.
//! Digits, spaces and punctuation take no part.

use std::ops::Range;

use unicode_bidi::{BidiClass, bidi_class};
use unicode_script::{Script, UnicodeScript as _};

use crate::compile::markdown::{Block, plain_text};

/// A passage written right to left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RightToLeft {
    /// BCP 47 language tag guessed from the script and its letters (`ar`,
    /// `fa`, `ur`, `ps`, `he`, …), or `None` for a script whose language
    /// cannot be told from its letters.
    pub lang: Option<&'static str>,
}

/// The direction of a text, from its first strongly directed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Left to right (Latin, Greek, Cyrillic, Ethiopic, …).
    Ltr,
    /// Right to left (Arabic, Hebrew, …).
    Rtl(RightToLeft),
}

/// A stretch of a left-to-right text that is written right to left: an
/// Arabic name in a Dutch sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RtlRun {
    /// Byte range in the text, from its first to its last right-to-left
    /// character (the spaces and marks between them included).
    pub range: Range<usize>,
    /// Its language.
    pub rtl: RightToLeft,
}

/// Whether `c` is strongly right to left (bidi class R or AL).
fn is_rtl(c: char) -> bool {
    // No right-to-left letter lies below U+0590 (Hebrew), where most of a
    // book's text is: no table to search for those.
    c >= '\u{0590}' && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Whether `c` is strongly left to right (bidi class L).
fn is_ltr(c: char) -> bool {
    bidi_class(c) == BidiClass::L
}

/// The direction of the first strongly directed character of the texts,
/// read in order, or `None` when none has one (digits, punctuation).
pub(crate) fn first_strong<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Direction> {
    for text in texts {
        for (i, c) in text.char_indices() {
            if is_ltr(c) {
                return Some(Direction::Ltr);
            }
            if is_rtl(c) {
                let end = text[i..]
                    .char_indices()
                    .find(|&(_, c)| is_ltr(c))
                    .map_or(text.len(), |(j, _)| i + j);
                return Some(Direction::Rtl(right_to_left(&text[i..end])));
            }
        }
    }
    None
}

/// The right-to-left passage `text` is, when its first strongly directed
/// character runs right to left.
pub(crate) fn rtl_passage<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<RightToLeft> {
    match first_strong(texts) {
        Some(Direction::Rtl(rtl)) => Some(rtl),
        _ => None,
    }
}

/// The right-to-left passage a block of a page is: a paragraph, heading
/// or list whose first strongly directed character runs right to left.
/// Other blocks (quotes, boxes, tables) hold blocks or cells that are
/// looked at one by one.
pub(crate) fn block_rtl(block: &Block) -> Option<RightToLeft> {
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) => {
            rtl_passage([plain_text(content).as_str()])
        }
        Block::List { items, .. } => match items.iter().find_map(|item| blocks_direction(item)) {
            Some(Direction::Rtl(rtl)) => Some(rtl),
            _ => None,
        },
        _ => None,
    }
}

/// The right-to-left passage a list item (or other run of blocks) is.
pub(crate) fn blocks_rtl(blocks: &[Block]) -> Option<RightToLeft> {
    match blocks_direction(blocks) {
        Some(Direction::Rtl(rtl)) => Some(rtl),
        _ => None,
    }
}

fn blocks_direction(blocks: &[Block]) -> Option<Direction> {
    blocks.iter().find_map(|block| match block {
        Block::Heading { content, .. } | Block::Paragraph(content) => {
            first_strong([plain_text(content).as_str()])
        }
        Block::List { items, .. } => items.iter().find_map(|item| blocks_direction(item)),
        Block::Quote(blocks) | Block::Boxed { blocks, .. } => blocks_direction(blocks),
        _ => None,
    })
}

/// The right-to-left stretches of `text`, in order. Each starts at a
/// right-to-left character and ends at the last one before the next
/// left-to-right character, so that the spaces and punctuation around it
/// stay with the surrounding text.
pub(crate) fn rtl_runs(text: &str) -> Vec<RtlRun> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (i, c) in text.char_indices() {
        if is_rtl(c) {
            start.get_or_insert(i);
            last_end = i + c.len_utf8();
        } else if start.is_some()
            && is_ltr(c)
            && let Some(s) = start.take()
        {
            runs.push(run(text, s..last_end));
        }
    }
    if let Some(s) = start {
        runs.push(run(text, s..last_end));
    }
    runs
}

fn run(text: &str, range: Range<usize>) -> RtlRun {
    let rtl = right_to_left(&text[range.clone()]);
    RtlRun { range, rtl }
}

/// The language of a right-to-left text, from the script of its first
/// right-to-left letter and, for the Arabic script, the letters only some
/// of its languages use.
fn right_to_left(text: &str) -> RightToLeft {
    let script = text
        .chars()
        .filter(|&c| is_rtl(c))
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown));
    let lang = match script {
        Some(Script::Arabic) => Some(arabic_language(text)),
        Some(Script::Hebrew) => Some("he"),
        Some(Script::Syriac) => Some("syr"),
        Some(Script::Thaana) => Some("dv"),
        Some(Script::Nko) => Some("nqo"),
        _ => None,
    };
    RightToLeft { lang }
}

/// Arabic, Persian, Urdu or Pashto, told apart by letters the others do
/// not use; plain Arabic letters are read as Arabic.
fn arabic_language(text: &str) -> &'static str {
    // ٹ ڈ ڑ ں ہ ے: Urdu.
    const URDU: [char; 6] = [
        '\u{679}', '\u{688}', '\u{691}', '\u{6BA}', '\u{6C1}', '\u{6D2}',
    ];
    // ټ ځ څ ډ ړ ږ ښ ګ ۍ ې: Pashto.
    const PASHTO: [char; 10] = [
        '\u{67C}', '\u{681}', '\u{685}', '\u{689}', '\u{693}', '\u{696}', '\u{69A}', '\u{6AB}',
        '\u{6CD}', '\u{6D0}',
    ];
    // پ چ ژ ک گ ی: Persian (Farsi, Dari), also used by Urdu and Pashto.
    const PERSIAN: [char; 6] = [
        '\u{67E}', '\u{686}', '\u{698}', '\u{6A9}', '\u{6AF}', '\u{6CC}',
    ];
    let has = |set: &[char]| text.chars().any(|c| set.contains(&c));
    if has(&URDU) {
        "ur"
    } else if has(&PASHTO) {
        "ps"
    } else if has(&PERSIAN) {
        "fa"
    } else {
        "ar"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Option<&'static str> {
        rtl_passage([text]).and_then(|rtl| rtl.lang)
    }

    #[test]
    fn the_first_strong_character_decides() {
        assert_eq!(first_strong(["Dit is Nederlands."]), Some(Direction::Ltr));
        assert_eq!(lang("العربية لغة."), Some("ar"));
        assert_eq!(lang("«עברית» היא שפה"), Some("he"));
        // Digits and punctuation first: still Arabic.
        assert_eq!(lang("2019: مرحبا"), Some("ar"));
        // A Dutch sentence with an Arabic name is Dutch.
        assert_eq!(first_strong(["De naam محمد staat"]), Some(Direction::Ltr));
        // Ethiopic, Greek and Cyrillic run left to right.
        for text in ["ትግርኛ", "አማርኛ", "Αθήνα", "Москва"] {
            assert_eq!(first_strong([text]), Some(Direction::Ltr), "{text}");
        }
        assert_eq!(first_strong(["12.000, (3)"]), None);
        // Over several pieces of one passage.
        assert_eq!(
            rtl_passage(["", "  ", "שלום"]).and_then(|r| r.lang),
            Some("he")
        );
    }

    #[test]
    fn arabic_script_languages_are_told_by_their_letters() {
        assert_eq!(lang("مرحبا بكم"), Some("ar"));
        assert_eq!(lang("زبان فارسی"), Some("fa"));
        assert_eq!(lang("اردو زبان ہے"), Some("ur"));
        assert_eq!(lang("پښتو ژبه"), Some("ps"));
    }

    #[test]
    fn runs_span_the_right_to_left_words_and_not_the_space_around_them() {
        let text = "De schrijver محمد الماغوط woonde in Damascus.";
        let runs = rtl_runs(text);
        assert_eq!(runs.len(), 1);
        assert_eq!(&text[runs[0].range.clone()], "محمد الماغوط");
        assert_eq!(runs[0].rtl.lang, Some("ar"));

        let text = "Shalom is שלום, salaam is سلام.";
        let runs: Vec<&str> = rtl_runs(text).into_iter().map(|r| &text[r.range]).collect();
        assert_eq!(runs, ["שלום", "سلام"]);
        assert!(rtl_runs("Alleen Nederlands, 2019.").is_empty());
    }
}
