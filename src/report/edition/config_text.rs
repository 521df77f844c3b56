//! The new edition's book.yaml: the old one's text with its year, rates
//! and available budget changed where they are written, the year-bound
//! settings made to say `{year}`, and the old edition added to
//! `editions:`. Comments, order and layout stay as the editors wrote them.

use std::ops::Range;

use anyhow::{Context as _, bail};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::source::model::{Edition, MoneyPolicy};
use crate::source::yaml::Entries;

/// What changes in book.yaml.
#[derive(Debug)]
pub(super) struct ConfigChange<'a> {
    /// The old edition's year.
    pub old_year: i32,
    /// The new edition's year.
    pub year: i32,
    /// The rates' rise in percent, when they are indexed.
    pub index: Option<Decimal>,
    /// The new available budget, when it is given.
    pub available: Option<Decimal>,
    /// The book's money rule, which rounds the indexed rates.
    pub money: &'a MoneyPolicy,
    /// The old edition, for the new book's `editions:`.
    pub previous: &'a Edition,
}

/// The new book.yaml, and the lines (1-based) it adds for the old
/// edition, which name the old year on purpose.
#[derive(Debug)]
pub(super) struct NewConfig {
    /// The text.
    pub text: String,
    /// The lines written for the old edition (with the `editions:` key
    /// and its comment when the list is new).
    pub added: Range<usize>,
}

/// Where book.yaml writes what a new edition changes; the rest of the
/// config is read by [`crate::source::config`] and ignored here.
#[derive(Debug, Deserialize)]
struct ConfigSpans {
    year: Spanned<i32>,
    title: Option<Spanned<String>>,
    subtitle: Option<Spanned<String>>,
    running_title: Option<Spanned<String>>,
    output: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    available_budget: Option<Spanned<String>>,
    #[serde(default)]
    organisations: Vec<OrganisationSpans>,
    editions: Option<Vec<EditionSpans>>,
}

#[derive(Debug, Deserialize)]
struct OrganisationSpans {
    #[serde(default)]
    rates: Entries<Spanned<String>, Spanned<String>>,
    staff_rate: Option<Spanned<String>>,
    overhead_rate: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct EditionSpans {
    year: Spanned<i32>,
}

/// The indexed `rate`: raised by `percent` and rounded by the book's money
/// rule (its precision and rounding mode), with the precision's decimals.
pub(crate) fn indexed(rate: Decimal, percent: Decimal, money: &MoneyPolicy) -> Decimal {
    let raised = rate * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
    crate::source::rounding::round(raised, money)
}

/// The new book.yaml from the old one's `text`.
pub(super) fn rewrite(text: &str, change: &ConfigChange<'_>) -> anyhow::Result<NewConfig> {
    let spans: ConfigSpans = crate::source::yaml::parse(text)
        .map_err(|e| anyhow::anyhow!("{} (line {})", e.message, e.pos.line))
        .context("failed to read the old book's content/book.yaml")?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    edits.push((range(&spans.year.defined)?, change.year.to_string()));

    let settings = [
        &spans.title,
        &spans.subtitle,
        &spans.running_title,
        &spans.output,
        &spans.base_url,
        &spans.date,
    ];
    for setting in settings.into_iter().flatten() {
        let at = range(&setting.defined)?;
        if let Some(written) = with_placeholders(&text[at.clone()], change.old_year) {
            edits.push((at, written));
        }
    }

    if let Some(percent) = change.index {
        for org in &spans.organisations {
            let rates = org.rates.0.iter().map(|(_, rate)| rate);
            for rate in rates.chain(&org.staff_rate).chain(&org.overhead_rate) {
                let old = crate::base::quantity::parse_quantity(&rate.value)
                    .map_err(|e| anyhow::anyhow!(e.message("a rate")))
                    .context("failed to read a rate of the old book")?;
                let new = indexed(old, percent, change.money);
                edits.push((range(&rate.defined)?, new.to_string()));
            }
        }
    }
    if let (Some(amount), Some(available)) = (change.available, &spans.available_budget) {
        let amount = crate::source::rounding::at_scale(amount, change.money.precision);
        edits.push((range(&available.defined)?, amount.to_string()));
    }

    let (insert_at, item_indent, heading) =
        edition_place(text, spans.editions.as_deref(), change.year)?;
    let mut block = edition_block(change.previous, item_indent, heading);
    if heading && !text.ends_with('\n') {
        block.insert(0, '\n');
    }
    // Where the block lands: moved by the edits before it.
    let before = edits.iter().filter(|(at, _)| at.start < insert_at);
    let grown: usize = before.clone().map(|(_, new)| new.len()).sum();
    let shrunk: usize = before.map(|(at, _)| at.len()).sum();
    let lands = insert_at + grown - shrunk + (block.len() - block.trim_start_matches('\n').len());
    edits.push((insert_at..insert_at, block.clone()));
    let text = apply(text, edits);
    let first_line = text[..lands].matches('\n').count() + 1;
    let added_lines = block.trim_start_matches('\n').matches('\n').count();
    Ok(NewConfig {
        text,
        added: first_line..first_line + added_lines,
    })
}

/// Where the old edition goes into `editions:`: the byte offset, the
/// indent of the list's items, and whether the key must be written too
/// (at the end of the file, when the book has no `editions:` yet).
fn edition_place(
    text: &str,
    list: Option<&[EditionSpans]>,
    new_year: i32,
) -> anyhow::Result<(usize, usize, bool)> {
    let Some(list) = list else {
        return Ok((text.len(), 2, true));
    };
    let Some(first) = list.first() else {
        bail!(
            "the old book's `editions:` is an empty list: write it as a list of `- year: …` \
             items, or leave it out"
        );
    };
    if list.iter().any(|e| e.year.value == new_year) {
        bail!(
            "the old book lists edition {new_year} in `editions:` already: remove it there first"
        );
    }
    // Before the first item, indented as it is.
    let at = range(&first.year.defined)?.start;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    if !line.trim_start().starts_with("- ") {
        bail!(
            "the old book's `editions:` is not written as a list of `- year: …` items, one a \
             line: write it so, and run this again"
        );
    }
    Ok((line_start, line.len() - line.trim_start().len(), false))
}

/// The source text of a year-bound setting with its years written as
/// placeholders (`Werkplan 2019` → `Werkplan {year}`, `2018-12-01` →
/// `"{year-1}-12-01"`), or `None` when it says `{year}` already or names no
/// year near the old one.
fn with_placeholders(source: &str, old_year: i32) -> Option<String> {
    if source.contains("{year") {
        return None;
    }
    let bytes = source.as_bytes();
    let mut out = String::new();
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            let digits = &source[start..i];
            let year = (digits.len() == 4)
                .then(|| digits.parse::<i32>().ok())
                .flatten();
            match year.map(|y| y - old_year) {
                Some(0) => out.push_str("{year}"),
                Some(shift @ -9..=-1) => out.push_str(&format!("{{year{shift}}}")),
                Some(shift @ 1..=9) => out.push_str(&format!("{{year+{shift}}}")),
                _ => {
                    out.push_str(digits);
                    continue;
                }
            }
            changed = true;
            continue;
        }
        let c = source[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    if !changed {
        return None;
    }
    // A plain scalar may not start with a brace: quote it.
    if out.starts_with('{') {
        return Some(format!(
            "\"{}\"",
            out.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    Some(out)
}

/// The old edition as an item of `editions:`, indented by `indent`, under
/// the key and a comment when the list is new.
fn edition_block(edition: &Edition, indent: usize, heading: bool) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    if heading {
        out.push_str(
            "\n# The plans of other years: the site's home page and footer link to them,\n\
             # the PDF's colophon names them.\neditions:\n",
        );
    }
    out.push_str(&format!("{pad}- year: {}\n", edition.year));
    out.push_str(&format!("{pad}  title: {}\n", quoted(&edition.title)));
    if let Some(site) = &edition.site {
        out.push_str(&format!("{pad}  site: {}\n", quoted(site)));
    }
    if let Some(pdf) = &edition.pdf {
        out.push_str(&format!("{pad}  pdf: {}\n", quoted(pdf)));
    }
    out
}

/// `text` as a YAML double-quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` with each range replaced; the ranges do not overlap.
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    edits.dedup_by_key(|(r, _)| r.start);
    let mut out = text.to_owned();
    for (at, new) in edits {
        out.replace_range(at, &new);
    }
    out
}

/// The byte range of a value in the YAML text.
fn range(loc: &Location) -> anyhow::Result<Range<usize>> {
    let span = loc.span();
    let start = span
        .byte_offset()
        .and_then(|s| usize::try_from(s).ok())
        .context("a value of book.yaml has no position")?;
    let len = span
        .byte_len()
        .and_then(|s| usize::try_from(s).ok())
        .context("a value of book.yaml has no length")?;
    Ok(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::model::{RoundAt, Rounding};

    #[test]
    fn years_become_placeholders() {
        let cases = [
            ("Werkplan 2019", Some("Werkplan {year}")),
            ("2018-12-01", Some("\"{year-1}-12-01\"")),
            (
                "\"Platform: Werkplan 2019\"",
                Some("\"Platform: Werkplan {year}\""),
            ),
            (
                "https://www.kis.nl/werkplan-2019/",
                Some("https://www.kis.nl/werkplan-{year}/"),
            ),
            ("Werkplan {year}", None),
            ("Kennisplatform", None),
            ("Meerjarenplan 2000-12019", None),
        ];
        for (source, expected) in cases {
            assert_eq!(
                with_placeholders(source, 2019).as_deref(),
                expected,
                "{source}"
            );
        }
    }

    fn change<'a>(money: &'a MoneyPolicy, previous: &'a Edition) -> ConfigChange<'a> {
        ConfigChange {
            old_year: 2019,
            year: 2020,
            index: Some(Decimal::new(25, 1)),
            available: Some(Decimal::from(2_700_000)),
            money,
            previous,
        }
    }

    fn previous() -> Edition {
        Edition {
            year: 2019,
            title: "Werkplan 2019".to_owned(),
            site: Some("https://www.kis.nl/werkplan-2019/".to_owned()),
            pdf: None,
        }
    }

    #[test]
    fn book_yaml_changes_in_place() {
        let old = "# Werkplan.\nyear: 2019\ntitle: Werkplan 2019 # the cover\ndate: 2018-12-01\n\
                   available_budget: 100\norganisations:\n  - id: a\n    rates:\n      \
                   Senior: 100\n    staff_rate: 13\n    overhead_rate: 25\n";
        let money = MoneyPolicy::default();
        let new = rewrite(old, &change(&money, &previous())).expect("rewrite");
        assert_eq!(
            new.text,
            "# Werkplan.\nyear: 2020\ntitle: Werkplan {year} # the cover\ndate: \"{year-1}-12-01\"\n\
             available_budget: 2700000\norganisations:\n  - id: a\n    rates:\n      \
             Senior: 103\n    staff_rate: 13\n    overhead_rate: 26\n\n\
             # The plans of other years: the site's home page and footer link to them,\n\
             # the PDF's colophon names them.\neditions:\n  - year: 2019\n    \
             title: \"Werkplan 2019\"\n    site: \"https://www.kis.nl/werkplan-2019/\"\n"
        );
        // The comment, the key and the item: lines 13 to 18.
        assert_eq!(new.added, 13..19);
        let lines: Vec<&str> = new.text.lines().collect();
        assert_eq!(
            lines[12],
            "# The plans of other years: the site's home page and footer link to them,"
        );
        assert_eq!(lines[17], "    site: \"https://www.kis.nl/werkplan-2019/\"");
    }

    #[test]
    fn the_old_edition_goes_first_into_an_existing_list() {
        let old = "year: 2019\neditions:\n    - year: 2018\n      title: W\n      pdf: https://x.org/w.pdf\n";
        let money = MoneyPolicy::default();
        let new = rewrite(old, &change(&money, &previous())).expect("rewrite");
        assert_eq!(
            new.text,
            "year: 2020\neditions:\n    - year: 2019\n      title: \"Werkplan 2019\"\n      \
             site: \"https://www.kis.nl/werkplan-2019/\"\n    - year: 2018\n      title: W\n      \
             pdf: https://x.org/w.pdf\n"
        );
        assert_eq!(new.added, 3..6);
        let flow = "year: 2019\neditions: []\n";
        assert!(rewrite(flow, &change(&money, &previous())).is_err());
    }

    #[test]
    fn rates_rise_and_round_by_the_money_rule() {
        let policy = |precision, rounding| MoneyPolicy {
            precision,
            rounding,
            round: RoundAt::Lines,
            stated: true,
        };
        let whole = policy(0, Rounding::HalfUp);
        let even = policy(0, Rounding::HalfEven);
        let cents = policy(2, Rounding::HalfUp);
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        // 100 × 1,025 = 102,5: half up 103, half even 102.
        assert_eq!(indexed(d("100"), d("2.5"), &whole).to_string(), "103");
        assert_eq!(indexed(d("100"), d("2.5"), &even).to_string(), "102");
        // 13 × 1,025 = 13,325.
        assert_eq!(indexed(d("13"), d("2.5"), &whole).to_string(), "13");
        assert_eq!(indexed(d("13"), d("2.5"), &cents).to_string(), "13.33");
        // 80 × 1,03 = 82,4.
        assert_eq!(indexed(d("80"), d("3"), &cents).to_string(), "82.40");
        assert_eq!(indexed(d("80"), d("0"), &whole).to_string(), "80");
    }
}
