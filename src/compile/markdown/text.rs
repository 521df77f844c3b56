//! Text as the parser meets it: positions in the page's file, and runs of
//! text split into plain text, placeholders (`{{ total 1.1 }}`) and
//! footnote references that pulldown-cmark left as text (`[^3]`).

use std::ops::Range;

use crate::base::diagnostics::Pos;

use super::parsed::{Placeholder, RawInline};

/// Turns byte offsets in a page body into positions in its file.
#[derive(Debug)]
pub(super) struct Locator<'a> {
    body: &'a str,
    /// 1-based line of the file where the body starts.
    body_line: usize,
    /// Byte offset where each line of the body starts.
    starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    /// A locator for `body`, which starts at line `body_line` of its file.
    pub(super) fn new(body: &'a str, body_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            body,
            body_line,
            starts,
        }
    }

    /// The file position of byte `offset` of the body: line, and column in
    /// characters (as [`Pos::of_offset`] counts them).
    pub(super) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.body.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = self
            .body
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Pos::new(line + self.body_line, col)
    }
}

/// Consecutive text events merged into one text, remembering where each
/// piece came from.
#[derive(Debug, Default)]
pub(super) struct TextRun {
    text: String,
    /// For each piece: its start in `text`, its start in the body, and
    /// whether it is the body's bytes unchanged (no escape or entity), so
    /// that offsets within it can be counted.
    pieces: Vec<(usize, usize, bool)>,
}

impl TextRun {
    /// Adds a text event that covers `range` of `body`.
    pub(super) fn push(&mut self, text: &str, range: Range<usize>, body: &str) {
        let verbatim = body.get(range.clone()) == Some(text);
        self.pieces.push((self.text.len(), range.start, verbatim));
        self.text.push_str(text);
    }

    /// Whether no text was added since the last [`TextRun::take`].
    pub(super) fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The body offset of byte `at` of the merged text; the start of its
    /// piece when the piece is not verbatim.
    fn offset_of(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= at).max(1) - 1;
        match self.pieces.get(i) {
            Some(&(start, offset, true)) => offset + (at - start),
            Some(&(_, offset, false)) => offset,
            None => 0,
        }
    }

    /// Splits the run into inlines and leaves it empty.
    pub(super) fn take(&mut self, locate: &Locator<'_>) -> Vec<RawInline> {
        let run = std::mem::take(self);
        if run.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let text = run.text.as_str();
        let mut plain = 0;
        let mut at = 0;
        let mut placeholders = true;
        while let Some(found) = next_mark(text, at, placeholders) {
            let token = if text[found..].starts_with("{{") {
                let Some(len) = text[found..].find("}}") else {
                    // An opening `{{` that is never closed is text.
                    placeholders = false;
                    at = found + 2;
                    continue;
                };
                let written = &text[found..found + len + 2];
                placeholder(written, locate.pos(run.offset_of(found)))
            } else {
                let Some(label) = footnote_label(&text[found..]) else {
                    at = found + 2;
                    continue;
                };
                RawInline::LiteralFootnoteRef {
                    label: label.to_owned(),
                    pos: locate.pos(run.offset_of(found)),
                }
            };
            if plain < found {
                out.push(RawInline::Text(text[plain..found].to_owned()));
            }
            at = found + written_len(&token);
            plain = at;
            out.push(token);
        }
        if plain < text.len() {
            out.push(RawInline::Text(text[plain..].to_owned()));
        }
        out
    }
}

/// The next `{{` (while `placeholders`) or `[^` in `text` from `at`.
fn next_mark(text: &str, at: usize, placeholders: bool) -> Option<usize> {
    let rest = text.get(at..)?;
    let footnote = rest.find("[^");
    let placeholder = if placeholders { rest.find("{{") } else { None };
    let first = match (footnote, placeholder) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(at + first)
}

/// `{{ name arg }}` as a node.
fn placeholder(written: &str, pos: Pos) -> RawInline {
    let inner = &written[2..written.len() - 2];
    let mut words = inner.split_whitespace();
    RawInline::Placeholder(Placeholder {
        name: words.next().unwrap_or_default().to_owned(),
        arg: words.next().map(str::to_owned),
        written: written.to_owned(),
        pos,
    })
}

/// The label of `[^label]` at the start of `text`: no spaces or brackets.
fn footnote_label(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("[^")?;
    let end = rest.find(|c: char| c == ']' || c == '[' || c.is_whitespace())?;
    (end > 0 && rest[end..].starts_with(']')).then(|| &rest[..end])
}

/// How many bytes of the run a token stands for.
fn written_len(token: &RawInline) -> usize {
    match token {
        RawInline::Placeholder(p) => p.written.len(),
        RawInline::LiteralFootnoteRef { label, .. } => label.len() + 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_counts_as_pos_of_offset() {
        let body = "een\ntwee ë\n\ndrie\n";
        let locate = Locator::new(body, 5);
        for (offset, _) in body.char_indices().chain([(body.len(), ' ')]) {
            let p = Pos::of_offset(body, offset);
            assert_eq!(locate.pos(offset), Pos::new(p.line + 4, p.col), "{offset}");
        }
    }

    /// Splits `pieces` (text, start offset in `body`) as one run.
    fn split(body: &str, pieces: &[(&str, usize)]) -> Vec<RawInline> {
        let mut run = TextRun::default();
        for (text, start) in pieces {
            let end = if body.get(*start..start + text.len()) == Some(*text) {
                start + text.len()
            } else {
                start + text.len() + 1
            };
            run.push(text, *start..end, body);
        }
        run.take(&Locator::new(body, 1))
    }

    fn text(t: &str) -> RawInline {
        RawInline::Text(t.into())
    }

    fn ph(name: &str, arg: Option<&str>, written: &str, col: usize) -> RawInline {
        RawInline::Placeholder(Placeholder {
            name: name.into(),
            arg: arg.map(Into::into),
            written: written.into(),
            pos: Pos::new(1, col),
        })
    }

    fn note(label: &str, col: usize) -> RawInline {
        RawInline::LiteralFootnoteRef {
            label: label.into(),
            pos: Pos::new(1, col),
        }
    }

    #[test]
    fn runs_split_into_text_placeholders_and_literal_references() {
        let cases: Vec<(&str, Vec<RawInline>)> = vec![
            ("gewoon", vec![text("gewoon")]),
            (
                "Er is {{ available }} over.",
                vec![
                    text("Er is "),
                    ph("available", None, "{{ available }}", 7),
                    text(" over."),
                ],
            ),
            (
                "{{total 1.1 x}}{{}}",
                vec![
                    ph("total", Some("1.1"), "{{total 1.1 x}}", 1),
                    ph("", None, "{{}}", 16),
                ],
            ),
            ("open {{ blijft", vec![text("open {{ blijft")]),
            ("open {{ en [^3]", vec![text("open {{ en "), note("3", 12)]),
            ("zie[^a1].", vec![text("zie"), note("a1", 4), text(".")]),
            ("[^] [^ a] [^a b]", vec![text("[^] [^ a] [^a b]")]),
            ("[^[^x]", vec![text("[^"), note("x", 3)]),
        ];
        for (body, want) in cases {
            assert_eq!(split(body, &[(body, 0)]), want, "{body:?}");
        }
    }

    #[test]
    fn positions_count_within_verbatim_pieces_only() {
        // `a\{{ b }}`: the escape makes the second piece start one byte later.
        let body = "zie [^3] en\\{{ b }}";
        let got = split(
            body,
            &[("zie ", 0), ("[", 4), ("^3]", 5), (" en{{ b }}", 8)],
        );
        assert_eq!(
            got,
            vec![
                text("zie "),
                note("3", 5),
                text(" en"),
                // Not verbatim: the start of its piece.
                ph("b", None, "{{ b }}", 9),
            ]
        );
    }
}
