//! The review list of a new edition: every sentence of the copied text
//! that names the old year or an earlier one ("In 2019 zetten we …"), with
//! its file and line, for the editors to rewrite for the new year.

use std::fmt::Write as _;

/// A sentence that names a year up to the old edition's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearMention {
    /// The file, relative to the new book's root: `content/01-inleiding.md`.
    pub path: String,
    /// 1-based line of the first year named.
    pub line: usize,
    /// The sentence, as written.
    pub sentence: String,
}

/// The earliest number read as a year: citations such as "(Weiss, 1995)"
/// are years too, and worth a look in a plan's text.
const EARLIEST_YEAR: i32 = 1900;

/// The sentences of `text` (the file `path`) that name a year from 1900 up
/// to `up_to`, in order, each once. The lines in `yaml` (1-based) are YAML:
/// one that only gives a number to a key (`Senior: 2019` hours in front
/// matter, `year: 2019`) is not a sentence. The lines in `skip` are left
/// out.
pub(super) fn year_mentions(
    path: &str,
    text: &str,
    up_to: i32,
    yaml: std::ops::Range<usize>,
    skip: &std::ops::Range<usize>,
) -> Vec<YearMention> {
    let mut out: Vec<YearMention> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if skip.contains(&number) || (yaml.contains(&number) && is_number_setting(line)) {
            continue;
        }
        let mut last: Option<std::ops::Range<usize>> = None;
        for at in years(line, up_to) {
            if last.as_ref().is_some_and(|r| r.contains(&at)) {
                continue;
            }
            let range = sentence_around(line, at);
            out.push(YearMention {
                path: path.to_owned(),
                line: number,
                sentence: clean(&line[range.clone()]),
            });
            last = Some(range);
        }
    }
    out
}

/// The review list as a Markdown checklist, for the file in the new book.
pub(super) fn checklist(mentions: &[YearMention], old_year: i32, new_year: i32) -> String {
    let mut out = format!("# Year mentions to review for {new_year}\n\n");
    let _ = writeln!(
        out,
        "`kis-book new edition {new_year}` copied the text of the {old_year} plan. These \
         sentences name {old_year} or an earlier year: rewrite each for {new_year} where it \
         should change, and tick it off.\n"
    );
    if mentions.is_empty() {
        out.push_str("No sentence names a year up to that one.\n");
    }
    for m in mentions {
        let _ = writeln!(out, "- [ ] {}:{}: {}", m.path, m.line, m.sentence);
    }
    out
}

/// Byte positions in `line` of the years from 1900 up to `up_to` that
/// stand as numbers of their own (not inside 12019 or 1.2019).
fn years(line: &str, up_to: i32) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let joined = |at: Option<usize>, step_further: Option<usize>| {
            at.and_then(|a| bytes.get(a)).is_some_and(|b| {
                b.is_ascii_alphanumeric()
                    || (matches!(b, b'.' | b',')
                        && step_further
                            .and_then(|f| bytes.get(f))
                            .is_some_and(u8::is_ascii_digit))
            })
        };
        let before = joined(start.checked_sub(1), start.checked_sub(2));
        let after = joined(Some(i), Some(i + 1));
        if i - start == 4 && !before && !after {
            let year: i32 = line[start..i].parse().unwrap_or(0);
            if (EARLIEST_YEAR..=up_to).contains(&year) {
                out.push(start);
            }
        }
    }
    out
}

/// The byte range of the sentence of `line` around byte `at`: from after
/// the end of the sentence before (a `.`, `!` or `?` and a space before a
/// capital or a digit) to its own end, or the line's.
fn sentence_around(line: &str, at: usize) -> std::ops::Range<usize> {
    let ends: Vec<usize> = line
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?') && starts_sentence(&line[i + 1..]))
        .map(|(i, _)| i + 1)
        .collect();
    let start = ends.iter().rev().find(|&&e| e <= at).copied().unwrap_or(0);
    let end = ends
        .iter()
        .find(|&&e| e > at)
        .copied()
        .unwrap_or(line.len());
    start..end
}

/// Whether `rest`, after a full stop, starts a new sentence: a space, then
/// a capital letter, a digit or an opening quote.
fn starts_sentence(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next().is_some_and(char::is_whitespace)
        && chars
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '‘' | '“' | '"'))
}

/// A sentence without the Markdown around it: list, quote and heading
/// marks and surrounding spaces.
fn clean(sentence: &str) -> String {
    let trimmed = sentence.trim();
    let trimmed = trimmed.trim_start_matches(['#', '>', ' ']);
    let trimmed = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
        .unwrap_or(trimmed);
    trimmed.trim().to_owned()
}

/// Whether the YAML `line` only gives a number to a key or a list item:
/// `year: 2019`, `      Senior: 2019`, `  - 2019`.
fn is_number_setting(line: &str) -> bool {
    let trimmed = line.trim_start();
    let value = match trimmed.strip_prefix("- ") {
        Some(value) => value,
        None => match trimmed.split_once(':') {
            Some((key, value)) if !key.is_empty() && !key.starts_with('#') => value,
            _ => return false,
        },
    };
    let value = value.split(" #").next().unwrap_or_default().trim();
    !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str, up_to: i32) -> Vec<(usize, String)> {
        year_mentions("x.md", text, up_to, 0..0, &(0..0))
            .into_iter()
            .map(|m| (m.line, m.sentence))
            .collect()
    }

    #[test]
    fn sentences_that_name_a_year() {
        let text = "# Inleiding\n\nWe begonnen in 2018. In 2019 zetten we b.v. meer in. Volgend jaar niet.\n";
        assert_eq!(
            sentences(text, 2019),
            [
                (3, "We begonnen in 2018.".to_owned()),
                (3, "In 2019 zetten we b.v. meer in.".to_owned()),
            ]
        );
    }

    #[test]
    fn one_entry_per_sentence_and_only_years_up_to_the_old_one() {
        let text = "- In 2016, 2017 en 2018 veel kennis opgehaald\n> In 2020 verder.\n";
        assert_eq!(
            sentences(text, 2019),
            [(1, "In 2016, 2017 en 2018 veel kennis opgehaald".to_owned())]
        );
    }

    #[test]
    fn numbers_that_are_no_years() {
        let text = "Een bedrag van 1.2019 of 12019 of € 2019,50 of 1899.\n";
        assert_eq!(sentences(text, 2019), []);
        let yaml = "year: 2019\nhours:\n      Senior: 2019\n  - 2018 # x\ntitle: Werkplan 2019\n";
        let mentions = year_mentions("b.yaml", yaml, 2019, 1..6, &(0..0));
        assert_eq!(mentions.len(), 1);
        assert_eq!(
            (mentions[0].line, mentions[0].sentence.as_str()),
            (5, "title: Werkplan 2019")
        );
        // In Markdown the same line is a sentence.
        assert_eq!(sentences("Looptijd: 2019", 2019).len(), 1);
        // A year in an address or a range is one.
        assert_eq!(
            sentences("Zie www.kis.nl/werkplan-2019/ en 2018-2022.", 2019).len(),
            1
        );
    }

    #[test]
    fn skipped_lines_are_left_out() {
        let mentions = year_mentions("b.yaml", "title: Werkplan 2019\n", 2019, 1..2, &(1..2));
        assert!(mentions.is_empty());
    }
}
