//! Which characters the book's fonts can print, and the check that every
//! character the book prints is one of them.
//!
//! Typst's PDF/UA and PDF/A export refuses a glyph a font does not have,
//! so without this check a pasted emoji or a word in a script no font
//! covers would pass `kis-book check` and fail `kis-book build`. Here such
//! a character is an editor's error at its line and column, named by its
//! code point and Unicode name, before anything is rendered.
//!
//! The fonts are those the PDF uses: every font file under `fonts/` of the
//! book's assets (the embedded defaults and the book's own). What is
//! scanned is what gets printed: the Markdown of every page (front matter
//! and body, without HTML comments) and `content/book.yaml` (without YAML
//! comments).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use typst::text::FontInfo;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::memo::{Memo, Told};
use crate::source::assets::{Assets, FONT_EXTENSIONS};
use crate::source::input::BookInput;
use crate::source::load::{Text, Texts};
use crate::source::model::Book;

mod printed;

/// Characters reported by name per file; the rest are counted in one more
/// message, so that a pasted paragraph of Chinese gives six errors, not
/// thousands.
const MAX_NAMED: usize = 5;

/// Every character that some font of a book has.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Coverage {
    /// One bit per character of the Basic Multilingual Plane (U+0000 to
    /// U+FFFF), set when a font has it.
    bmp: Vec<u64>,
    /// The covered characters above U+FFFF (emoji, historic scripts),
    /// sorted.
    astral: Vec<u32>,
    /// Whether every printable ASCII character is covered, so that a
    /// file's ASCII need not be looked up one by one.
    ascii: bool,
}

impl Coverage {
    fn empty() -> Self {
        Self {
            bmp: vec![0; 0x1_0000 / 64],
            astral: Vec::new(),
            ascii: false,
        }
    }

    fn insert_all(&mut self, codepoints: &[u32]) {
        for &cp in codepoints {
            match usize::try_from(cp) {
                Ok(i) if i < 0x1_0000 => self.bmp[i / 64] |= 1 << (i % 64),
                _ => self.astral.push(cp),
            }
        }
        self.ascii = (' '..='~').all(|c| self.contains(c));
    }

    /// Whether `c` is a character to report: printed as a glyph, and
    /// either in no font or for private use.
    fn refuses(&self, c: char) -> bool {
        !(self.ascii && c.is_ascii()) && needs_glyph(c) && (is_private_use(c) || !self.contains(c))
    }

    /// Whether some font has a glyph for `c`.
    pub(crate) fn contains(&self, c: char) -> bool {
        let cp = u32::from(c);
        match usize::try_from(cp) {
            Ok(i) if i < 0x1_0000 => self.bmp[i / 64] & (1 << (i % 64)) != 0,
            _ => self.astral.binary_search(&cp).is_ok(),
        }
    }

    /// The characters of every font of `assets`. A font file that cannot
    /// be read is an error at its path.
    pub(crate) fn of_fonts(root: &Path, assets: &Assets, diags: &mut Diagnostics) -> Self {
        let mut coverage = Self::empty();
        for rel in assets.list("fonts") {
            let lower = rel.to_ascii_lowercase();
            if !FONT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
                continue;
            }
            match assets.get(&rel) {
                Ok(bytes) => coverage.insert_all(&font_codepoints(bytes)),
                Err(err) => {
                    diags.report(
                        codes::FONT_UNREADABLE,
                        &root.join(&rel),
                        Pos::default(),
                        format!("cannot read this font: {err:#}"),
                    );
                }
            }
        }
        coverage.astral.sort_unstable();
        coverage.astral.dedup();
        coverage
    }
}

/// The code points of every face in a font file. The embedded fonts never
/// change while the program runs, so theirs are computed once (keyed by
/// where their bytes live); a book's own fonts are read each time.
fn font_codepoints(bytes: Cow<'static, [u8]>) -> Arc<Vec<u32>> {
    static EMBEDDED: Mutex<Option<HashMap<usize, Arc<Vec<u32>>>>> = Mutex::new(None);
    let compute = |data: &[u8]| {
        let mut all: Vec<u32> = FontInfo::iter(data)
            .flat_map(|info| info.coverage.iter().collect::<Vec<_>>())
            .collect();
        all.sort_unstable();
        all.dedup();
        Arc::new(all)
    };
    match bytes {
        Cow::Borrowed(data) => {
            let mut cache = EMBEDDED.lock().unwrap_or_else(PoisonError::into_inner);
            cache
                .get_or_insert_with(HashMap::new)
                .entry(data.as_ptr() as usize)
                .or_insert_with(|| compute(data))
                .clone()
        }
        Cow::Owned(data) => compute(&data),
    }
}

/// Checks every printed character of the book of `input` against its fonts:
/// `content/book.yaml` and the file of every page, as the loader read
/// them (`texts`).
pub(crate) fn check_characters(
    input: &BookInput,
    book: &Book,
    texts: &Texts,
    diags: &mut Diagnostics,
) {
    let coverage = Coverage::of_fonts(input.root(), input.assets(), diags);
    // In a session that rebuilds, a file's findings are kept by its text
    // and the fonts' characters.
    let kept = input
        .memos()
        .map(|memos| (memos.of::<Told<()>>(), Memo::<()>::key(&coverage)));
    let check = |path: &Path, text: &Text, kind: Kind, diags: &mut Diagnostics| match &kept {
        Some((memo, fonts)) => memo.told(&(path, text.key, kind, fonts), diags, |diags| {
            check_text(path, &text.text, kind, &coverage, diags);
        }),
        None => check_text(path, &text.text, kind, &coverage, diags),
    };
    let config = &book.config.path;
    if let Some(text) = texts.get(config) {
        check(config, text, Kind::Yaml, diags);
    }
    for page in book.pages() {
        // The whole file: the front matter is printed too (titles, role
        // names).
        if let Some(text) = texts.get(&page.file.path) {
            check(&page.file.path, text, Kind::Markdown, diags);
        }
    }
}

/// What kind of book file a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A YAML file (`book.yaml`): everything but comments is printed.
    Yaml,
    /// A Markdown page: front matter as YAML, then the body without HTML
    /// comments.
    Markdown,
}

/// One character no font has, as found in one file.
#[derive(Debug)]
struct Missing {
    c: char,
    /// Byte offset of its first occurrence.
    first: usize,
    /// How often it occurs in the file.
    count: usize,
}

/// Reports the characters of `text` (the file at `path`) that are printed
/// and that no font has, each distinct character once at its first place.
pub(crate) fn check_text(
    path: &Path,
    text: &str,
    kind: Kind,
    coverage: &Coverage,
    diags: &mut Diagnostics,
) {
    // Nearly every file has no such character anywhere, comments included:
    // one quick pass over it settles that.
    if !text.chars().any(|c| coverage.refuses(c)) {
        return;
    }
    let mut missing: Vec<Missing> = Vec::new();
    let mut private: Option<(usize, char)> = None;
    printed::for_each_printed(text, kind == Kind::Markdown, |offset, c| {
        if !needs_glyph(c) {
            return;
        }
        if is_private_use(c) {
            private.get_or_insert((offset, c));
            return;
        }
        if coverage.contains(c) {
            return;
        }
        match missing.iter_mut().find(|m| m.c == c) {
            Some(m) => m.count += 1,
            None => missing.push(Missing {
                c,
                first: offset,
                count: 1,
            }),
        }
    });
    let hint = "add a font that has it to the book's `fonts/` folder, or remove the character";
    for m in missing.iter().take(MAX_NAMED) {
        let more = match m.count {
            1 => String::new(),
            2 => " (here and once more in this file)".to_owned(),
            n => format!(" (here and {} more times in this file)", n - 1),
        };
        diags.push(
            Diagnostic::new(
                codes::CHARACTER_WITHOUT_FONT,
                path,
                Pos::of_offset(text, m.first),
                format!(
                    "no font of the book has the character {}{more}",
                    describe(m.c)
                ),
            )
            .with_hint(hint),
        );
    }
    if let Some(next) = missing.get(MAX_NAMED) {
        let rest = missing.len() - MAX_NAMED;
        diags.push(
            Diagnostic::new(
                codes::CHARACTER_WITHOUT_FONT,
                path,
                Pos::of_offset(text, next.first),
                format!(
                    "and {rest} more characters that no font of the book has, the first here: {}",
                    describe(next.c)
                ),
            )
            .with_hint(hint),
        );
    }
    if let Some((offset, c)) = private {
        diags.push(
            Diagnostic::new(
                codes::PRIVATE_USE_CHARACTER,
                path,
                Pos::of_offset(text, offset),
                format!(
                    "the character {} is for private use: it means nothing outside one font, \
                     and PDF/A does not allow it",
                    describe(c)
                ),
            )
            .with_hint("write the character it stands for, or remove it"),
        );
    }
}

/// `U+1F9FF NAZAR AMULET`, or the code point alone when Unicode gives it
/// no name.
pub(crate) fn describe(c: char) -> String {
    match unicode_names2::name(c) {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// Whether `c` is in one of Unicode's private use areas.
fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

/// Whether printing `c` takes a glyph of its own, as Typst 0.15 with its
/// PDF/UA export decides it (tried character by character with a font
/// that lacks them). Line ends and tabs become spaces or line breaks; the
/// spaces of other widths, the line and paragraph separators are set with
/// the font's space when the font lacks them; the default-ignorable
/// characters (joiners, variation selectors, the soft hyphen, invisible
/// operators, tags) are never drawn: the shaper leaves them out or folds
/// them into the glyph of a sequence (👩‍👩‍👧 is one glyph of the emoji
/// font, ❤️ is ❤ with a selector). The Ogham space mark and the blank
/// Braille pattern do take a glyph.
fn needs_glyph(c: char) -> bool {
    !matches!(
        u32::from(c),
        0x09 | 0x0A | 0x0D
            | 0xA0
            | 0x2000..=0x200A
            | 0x2028..=0x2029
            | 0x202F
            | 0x205F
            | 0x3000
            | 0xAD
            | 0x34F
            | 0x61C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin_only() -> Coverage {
        let mut coverage = Coverage::empty();
        let cps: Vec<u32> = (0x20..0x7F).chain(0xA0..0x180).collect();
        coverage.insert_all(&cps);
        coverage.astral.push(0x1F600);
        coverage
    }

    fn errors(text: &str, kind: Kind) -> Vec<String> {
        let mut diags = Diagnostics::default();
        check_text(
            Path::new("content/x.md"),
            text,
            kind,
            &latin_only(),
            &mut diags,
        );
        diags.sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_character_no_font_has_is_named_at_its_first_place() {
        let text = "---\ntitle: Proef\n---\n\nZie ☃ en\nnog een ☃ en ☃.\n";
        let errors = errors(text, Kind::Markdown);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "content/x.md:5:5: error[KB0511]: no font of the book has the character \
                 U+2603 SNOWMAN (here and 2 more times in this file)"
            ),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("hint: add a font"), "{}", errors[0]);
    }

    #[test]
    fn covered_and_invisible_characters_pass() {
        // Latin with diacritics, a covered astral character, and joiners,
        // selectors and a soft hyphen that take no glyph of their own.
        let text = "Café ö \u{1F600}\u{FE0F}\u{200D}\u{1F600} af\u{AD}breken\tx\r\n";
        assert!(errors(text, Kind::Markdown).is_empty());
    }

    #[test]
    fn many_distinct_characters_give_a_count_not_thousands_of_errors() {
        let chinese: String = ('\u{4E00}'..='\u{4E63}').collect();
        let errors = errors(&format!("Tekst\n{chinese}\n"), Kind::Yaml);
        assert_eq!(errors.len(), MAX_NAMED + 1, "{errors:?}");
        assert!(errors[0].starts_with(
            "content/x.md:2:1: error[KB0511]: no font of the book has the character U+4E00 CJK UNIFIED IDEOGRAPH-4E00"
        ));
        assert!(
            errors[MAX_NAMED].starts_with(&format!(
                "content/x.md:2:{}: error[KB0511]: and {} more characters that no font of the book has, \
                 the first here: U+4E05",
                MAX_NAMED + 1,
                100 - MAX_NAMED
            )),
            "{}",
            errors[MAX_NAMED]
        );
    }

    #[test]
    fn private_use_is_refused_even_when_a_font_has_it() {
        let mut coverage = latin_only();
        coverage.insert_all(&[0xE000]);
        let mut diags = Diagnostics::default();
        check_text(
            Path::new("b.yaml"),
            "a: \u{E000}\n",
            Kind::Yaml,
            &coverage,
            &mut diags,
        );
        let all: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(all.len(), 1);
        assert!(
            all[0]
                .starts_with("b.yaml:1:4: error[KB0512]: the character U+E000 is for private use")
        );
    }

    #[test]
    fn unnamed_characters_are_shown_by_code_point() {
        assert_eq!(describe('\u{1F9FF}'), "U+1F9FF NAZAR AMULET");
        assert_eq!(describe('\u{10000}'), "U+10000 LINEAR B SYLLABLE B008 A");
        // Unassigned.
        assert_eq!(describe('\u{2FFFF}'), "U+2FFFF");
    }
}
