//! Reading a book file as text: UTF-8, within the limit on size, and
//! free of the invisible characters that would change what a reader sees.

use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use crate::base::closed::{BookRoot, ReadError, refusal_diagnostic};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::limits;
use crate::base::memo::{Memo, Memos, Told};

/// Largest Markdown or config file read, in bytes: far above any chapter,
/// small enough that a stray file cannot exhaust memory.
const MAX_FILE_BYTES: u64 = limits::FILE_BYTES;

/// A book file's text as read and checked, with the key of its content
/// (see [`crate::base::memo`]), by which what is made of it is kept.
/// Shared, not copied, when a session takes it again.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// The text.
    pub text: Arc<str>,
    /// The key of the text.
    pub key: u128,
}

impl Text {
    fn new(text: String) -> Self {
        Self {
            key: Memo::<()>::key(text.as_str()),
            text: text.into(),
        }
    }
}

/// What a compile in a session that rebuilds keeps of the book's files:
/// each file's text as read and checked, with what was found wrong with
/// it, by the file's path and stamp (see
/// [`FileStamp`](crate::base::closed::FileStamp)); and the moment
/// the compile began, by which a file has settled or not.
pub(crate) struct KeptTexts {
    memo: Arc<Memo<Told<Option<Text>>>>,
    now: SystemTime,
}

impl KeptTexts {
    /// The texts `memos` kept, for a compile that begins now.
    pub(crate) fn of(memos: &Memos) -> Self {
        Self {
            memo: memos.of(),
            now: SystemTime::now(),
        }
    }
}

/// Reads a file of the book as [`read_text`] does; in a session that
/// rebuilds (`kept`), a file whose stamp is that of a settled file read
/// before is only looked at: its text and what was found wrong with it
/// are taken from `kept`. The closed world's checks of the path (no link,
/// nothing outside the book) are made every time.
pub(crate) fn read_kept_text(
    closed: &BookRoot,
    path: &Path,
    kept: Option<&KeptTexts>,
    diags: &mut Diagnostics,
) -> Option<Text> {
    let read = |diags: &mut Diagnostics| read_text(closed, path, diags).map(Text::new);
    let Some(kept) = kept else {
        return read(diags);
    };
    match closed.settled_stamp(path, kept.now) {
        Ok(Some(stamp)) => kept.memo.told(&(path, stamp), diags, read),
        Ok(None) => read(diags),
        Err(refusal) => {
            diags.push(refusal_diagnostic(&refusal));
            None
        }
    }
}

/// Reads a file of the book as UTF-8 text, or records why it cannot be.
pub(crate) fn read_text(closed: &BookRoot, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match closed.read(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Refused(refusal)) => {
            diags.push(refusal_diagnostic(&refusal));
            return None;
        }
        Err(ReadError::TooLarge { size, max }) => {
            diags.push(
                Diagnostic::new(
                    codes::FILE_TOO_LARGE,
                    path,
                    Pos::default(),
                    format!(
                        "the file holds {}; a book file may hold at most {} (the limit on file size)",
                        limits::bytes(size),
                        limits::bytes(max)
                    ),
                )
                .with_hint("split it into several chapters or sections"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            check_invisible(path, &text, diags);
            Some(text)
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            diags.push(
                Diagnostic::new(
                    codes::NOT_UTF8,
                    path,
                    Pos::of_offset(prefix, valid),
                    "the file is not UTF-8 text",
                )
                .with_hint("save it as UTF-8 (it is probably Latin-1 or Windows-1252)"),
            );
            None
        }
    }
}

/// Control characters and bidirectional overrides are invisible in an
/// editor but change what a reader sees (or hide text from a reviewer), so
/// they are refused with their place. A leading byte-order mark is fine.
fn check_invisible(path: &Path, text: &str, diags: &mut Diagnostics) {
    // Nearly every file holds none: found in its bytes, without decoding
    // a character.
    if !may_hold_invisible(text.as_bytes()) {
        return;
    }
    if let Some(offset) = crate::base::text::lone_carriage_return(text) {
        diags.push(
            Diagnostic::new(
                codes::INVISIBLE_CHARACTER,
                path,
                Pos::of_offset(text, offset),
                "a carriage return (U+000D) without a line feed: an old Mac line ending",
            )
            .with_hint("save the file with Unix (LF) or Windows (CRLF) line endings"),
        );
    }
    const MAX_REPORTED: usize = 5;
    let mut reported = 0;
    for (offset, c) in text.char_indices() {
        // A byte-order mark at the start of the file is fine.
        let kind = crate::base::text::invisible(c).filter(|_| c != '\u{feff}' || offset > 0);
        if let Some(kind) = kind {
            diags.push(
                Diagnostic::new(
                    codes::INVISIBLE_CHARACTER,
                    path,
                    Pos::of_offset(text, offset),
                    format!("{kind} (U+{:04X})", u32::from(c)),
                )
                .with_hint("delete it; it is not shown by most editors"),
            );
            reported += 1;
            if reported == MAX_REPORTED {
                break;
            }
        }
    }
}

/// Whether `bytes` (UTF-8) may hold a character [`check_invisible`]
/// reports or a carriage return: false only when it holds none. Looks at
/// the bytes alone: a control character is a byte below 0x20 or 0x7F, or
/// U+0080–U+009F (`C2 80`–`C2 9F`); the bidirectional controls are
/// U+202A–U+202E (`E2 80 AA`–`E2 80 AE`) and U+2066–U+2069
/// (`E2 81 A6`–`E2 81 A9`); the byte-order mark is U+FEFF (`EF BB BF`).
fn may_hold_invisible(bytes: &[u8]) -> bool {
    // Eight bytes at a time: a word of printable ASCII alone holds none.
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if !printable_ascii(word) && (i..i + 8).any(|j| invisible_at(bytes, j)) {
            return true;
        }
        i += 8;
    }
    (i..bytes.len()).any(|j| invisible_at(bytes, j))
}

/// Whether every byte of `word` is printable ASCII (0x20–0x7E). May say no
/// of a word that is (a carry between bytes), never yes of one that is not.
fn printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 (exact for any limit up to 0x80).
    let below = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    // A byte of 0x80 or above, or 0x7F (which 1 more lifts to 0x80).
    let above = (word | word.wrapping_add(ONES)) & HIGH;
    below == 0 && above == 0
}

/// Whether the character [`may_hold_invisible`] looks for starts at byte `i`.
fn invisible_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        0xef => bytes.get(i + 1) == Some(&0xbb) && bytes.get(i + 2) == Some(&0xbf),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book whose content folder holds `a.md` with `text`, its reader,
    /// and what a session keeps of its texts, for a compile `ahead` of now
    /// (files written now have settled by then when `ahead` is two
    /// seconds or more).
    fn book(
        text: &str,
        memos: &Memos,
        ahead: std::time::Duration,
    ) -> (tempfile::TempDir, BookRoot, KeptTexts) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("content")).expect("mkdir");
        std::fs::write(dir.path().join("content/a.md"), text).expect("write");
        let closed = BookRoot::new(dir.path())
            .expect("root")
            .remembering_folders();
        let kept = KeptTexts {
            memo: memos.of(),
            now: SystemTime::now() + ahead,
        };
        (dir, closed, kept)
    }

    fn read(closed: &BookRoot, kept: &KeptTexts) -> (Option<String>, Vec<&'static str>) {
        let mut diags = Diagnostics::default();
        let path = closed.path().join("content/a.md");
        let text = read_kept_text(closed, &path, Some(kept), &mut diags);
        let codes = diags.sorted().iter().map(|d| d.code.id).collect();
        (text.map(|t| t.text.to_string()), codes)
    }

    /// A settled file is kept with what was found wrong with it, and told
    /// again; written again (the same length, within the same second),
    /// it is read again; a link put in its place is refused, kept or not.
    #[test]
    fn a_settled_file_is_kept_by_its_stamp_and_a_change_is_seen() {
        let memos = Memos::default();
        let settled = crate::base::closed::SETTLED;
        let (dir, closed, kept) = book("een\u{202e}", &memos, settled);
        let once = read(&closed, &kept);
        assert_eq!(once.0.as_deref(), Some("een\u{202e}"));
        assert_eq!(once.1, ["KB0106"]);
        assert_eq!(kept.memo.len(), 1);
        assert_eq!(read(&closed, &kept), once);
        assert_eq!(kept.memo.len(), 1);
        // The same length, in place: another stamp (its status changed).
        let file = dir.path().join("content/a.md");
        std::fs::write(&file, "twe\u{202e}").expect("write");
        assert_eq!(read(&closed, &kept).0.as_deref(), Some("twe\u{202e}"));
        // Changed within two seconds of the compile: not kept.
        assert_eq!(kept.memo.len(), 1);
        // Settled by a later compile: kept beside the first text.
        let later = KeptTexts {
            memo: kept.memo.clone(),
            now: SystemTime::now() + settled,
        };
        assert_eq!(read(&closed, &later).0.as_deref(), Some("twe\u{202e}"));
        assert_eq!(kept.memo.len(), 2);
        assert_eq!(read(&closed, &later).0.as_deref(), Some("twe\u{202e}"));
        // A link in its place, to a file inside the book.
        std::fs::rename(&file, dir.path().join("content/b.md")).expect("move");
        std::os::unix::fs::symlink("b.md", &file).expect("link");
        assert_eq!(read(&closed, &kept), (None, vec!["KB0110"]));
    }

    /// A file changed within the last two seconds is never kept: an edit
    /// in the same tick of a coarse clock would leave its stamp as it was.
    #[test]
    fn a_file_changed_just_now_is_read_every_time() {
        let memos = Memos::default();
        let (dir, closed, kept) = book("een", &memos, std::time::Duration::ZERO);
        assert_eq!(read(&closed, &kept).0.as_deref(), Some("een"));
        std::fs::write(dir.path().join("content/a.md"), "twe").expect("write");
        assert_eq!(read(&closed, &kept).0.as_deref(), Some("twe"));
        assert!(kept.memo.is_empty());
    }

    /// The look at the bytes misses no character the scan would report:
    /// every character of Unicode, alone, between letters and at each
    /// place of a word of eight bytes.
    #[test]
    fn the_bytes_tell_every_invisible_character() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let reported = crate::base::text::invisible(c).is_some() || c == '\r';
            let texts = [
                c.to_string(),
                format!("a{c}b"),
                format!("{c}Een zin van tekst."),
                format!("Een {c}zin van tekst."),
                format!("Een zin{c} van tekst."),
                format!("Een zin van tekst{c}"),
            ];
            for text in texts {
                assert_eq!(
                    may_hold_invisible(text.as_bytes()),
                    reported,
                    "U+{:04X} in {text:?}",
                    u32::from(c)
                );
            }
        }
    }

    /// A file with none is read without a word; one with some is told.
    #[test]
    fn invisible_characters_are_still_reported() {
        let mut diags = Diagnostics::default();
        check_invisible(
            Path::new("a.md"),
            "Tekst – € 5\r\nmet é en ’.\n",
            &mut diags,
        );
        assert_eq!(diags.counts(), (0, 0));
        check_invisible(Path::new("a.md"), "a\u{202E}b\u{0085}c\u{7}", &mut diags);
        assert_eq!(diags.counts(), (3, 0));
    }
}
