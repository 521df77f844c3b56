//! The book config, `content/book.yaml`: metadata, organisations with their
//! rate cards, and the budget structure. Serde checks the shape; the
//! functions here check the meaning and report at the key.

use std::path::Path;

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::source::model::{
    Config, Edition, Function, MoneyPolicy, Organisation, PdfLayout, RateCard, Theme,
};
use crate::source::yaml::{self, Origin};

mod address;
mod money;
mod raw;

pub(crate) use address::parse_base_url;

use money::{check_precision, money};
pub(crate) use money::{precision_hint, precision_message};
pub(crate) use raw::RawConfig;
use raw::{RawEdition, RawFunction, RawOrganisation};

/// The config file's name inside `content/`.
pub(crate) const CONFIG_FILE: &str = "book.yaml";

/// Reads and checks the config text of `path`. Returns `None` when it is
/// unusable; every problem is in `diags`.
pub fn parse_config(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let origin = Origin {
        path,
        line_offset: 0,
    };
    let mut raw: RawConfig = match yaml::parse(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(e.diagnostic(&origin));
            return None;
        }
    };
    let errors_before = diags.counts().0;
    expand_years(&origin, text, &mut raw, diags);
    printed_text(&origin, text, &raw, diags);
    if let Some(output) = &raw.output {
        output_name(&origin, text, output, diags);
    }

    let money = money(&origin, raw.money.as_ref(), diags);
    let organisations = organisations(&origin, &raw.organisations, &money, diags);
    let overview_columns = overview_columns(&origin, &raw, &organisations, diags);
    let functions = functions(&origin, &raw.functions, &raw.labels.theme, diags);
    let editions = editions(&origin, raw.year, &raw.editions, diags);
    let available_budget = origin
        .quantity(&raw.available_budget, "the available budget", diags)
        .inspect(|v| {
            check_precision(
                &origin,
                &raw.available_budget,
                *v,
                "the available budget",
                &money,
                diags,
            )
        })
        .unwrap_or(Decimal::ZERO);
    if !is_iso_date(&raw.date.value) {
        diags.report(
            codes::INVALID_DATE,
            path,
            origin.at(&raw.date.referenced),
            format!("`{}` is not a date: write it as YYYY-MM-DD", raw.date.value),
        );
    }
    if diags.counts().0 > errors_before {
        return None;
    }

    let mut base_url = raw.base_url;
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let running_title = raw
        .running_title
        .unwrap_or_else(|| format!("{}: {}", raw.subtitle, raw.title));
    let output_name = raw
        .output
        .unwrap_or_else(|| format!("werkplan-{}", raw.year));
    Some(Config {
        author: raw.author.unwrap_or_else(|| raw.publisher.clone()),
        title: raw.title,
        subtitle: raw.subtitle,
        year: raw.year,
        publisher: raw.publisher,
        language: raw.language,
        base_url,
        indexed: true,
        running_title,
        output_name,
        date: raw.date.value,
        currency: raw.currency,
        available_budget,
        organisations,
        overview_columns,
        functions,
        money,
        labels: raw.labels.with_currency_sign(),
        words: raw.words,
        pdf: PdfLayout {
            page_per_project: raw.pdf.as_ref().is_some_and(|pdf| pdf.page_per_project),
        },
        editions,
        available_budget_pos: origin.at(&raw.available_budget.referenced),
        path: path.to_path_buf(),
    })
}

/// Replaces `{year}` in the year-bound settings by the book's year, and
/// reports a placeholder that is not one (`{jaar}`) at its setting.
fn expand_years(origin: &Origin<'_>, text: &str, raw: &mut RawConfig, diags: &mut Diagnostics) {
    let year = raw.year;
    let date_pos = origin.at(&raw.date.referenced);
    let settings: [(&str, Option<&mut String>); 6] = [
        ("title", Some(&mut raw.title)),
        ("subtitle", Some(&mut raw.subtitle)),
        ("running_title", raw.running_title.as_mut()),
        ("output", raw.output.as_mut()),
        ("base_url", Some(&mut raw.base_url)),
        ("date", Some(&mut raw.date.value)),
    ];
    for (key, value) in settings {
        let Some(value) = value else { continue };
        match crate::source::year::expand(value, year) {
            Ok(expanded) => *value = expanded,
            Err(bad) => {
                let pos = if key == "date" {
                    date_pos
                } else {
                    Pos::new(key_line(text, key), 1)
                };
                diags.push(
                    Diagnostic::new(
                        codes::INVALID_YEAR_PLACEHOLDER,
                        origin.path,
                        pos,
                        format!(
                            "`{key}` says `{}`, which is not a placeholder book.yaml knows",
                            bad.written
                        ),
                    )
                    .with_hint(
                        "write `{year}` for the book's year, `{year-1}` for the year before it \
                         (quote a value that starts with a brace: `date: \"{year-1}-12-01\"`)",
                    ),
                );
            }
        }
    }
}

/// The line of the top-level `key:` in book.yaml, for a setting read
/// without its position; 1 when it is not found.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}

/// The plans of other years, newest first. A year listed twice or the
/// book's own year, and an address that is no web address, are errors.
fn editions(
    origin: &Origin<'_>,
    own_year: i32,
    raw: &[RawEdition],
    diags: &mut Diagnostics,
) -> Vec<Edition> {
    let mut out: Vec<Edition> = Vec::new();
    for edition in raw {
        let year = edition.year.value;
        let at = origin.at(&edition.year.referenced);
        if year == own_year {
            diags.report(
                codes::DUPLICATE_EDITION,
                origin.path,
                at,
                format!("edition {year} is this book itself: list only the plans of other years"),
            );
            continue;
        }
        if out.iter().any(|e| e.year == year) {
            diags.report(
                codes::DUPLICATE_EDITION,
                origin.path,
                at,
                format!("edition {year} is listed twice"),
            );
            continue;
        }
        let address = |url: &Option<Spanned<String>>, diags: &mut Diagnostics| {
            let url = url.as_ref()?;
            match parse_base_url(&url.value) {
                Ok(_) => Some(url.value.clone()),
                Err(why) => {
                    diags.report(
                        codes::INVALID_EDITION_ADDRESS,
                        origin.path,
                        origin.at(&url.referenced),
                        format!("the address of edition {year} is not a web address: {why}"),
                    );
                    None
                }
            }
        };
        let site = address(&edition.site, diags).map(|url| {
            if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }
        });
        let pdf = address(&edition.pdf, diags);
        if edition.site.is_none() && edition.pdf.is_none() {
            diags.push(
                Diagnostic::new(
                    codes::INVALID_EDITION_ADDRESS,
                    origin.path,
                    at,
                    format!("edition {year} has no address: readers could not open it"),
                )
                .with_hint("give the address of its site (`site:`), of its PDF (`pdf:`) or both"),
            );
        }
        out.push(Edition {
            year,
            title: edition.title.clone(),
            site,
            pdf,
        });
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.year));
    out
}

/// The config's texts are printed on the cover and in the PDF's metadata,
/// where PDF/A allows strings of at most 32 767 bytes. (An invisible
/// character written as an escape is refused where the YAML is read.)
fn printed_text(origin: &Origin<'_>, text: &str, raw: &RawConfig, diags: &mut Diagnostics) {
    let fields = [
        ("title", Some(&raw.title)),
        ("subtitle", Some(&raw.subtitle)),
        ("publisher", Some(&raw.publisher)),
        ("author", raw.author.as_ref()),
        ("running_title", raw.running_title.as_ref()),
    ];
    for (key, value) in fields {
        let Some(value) = value else { continue };
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(1, |i| i + 1);
        let chars = value.chars().count();
        if chars > crate::base::limits::TITLE_CHARS {
            diags.report(
                codes::TITLE_TOO_LONG,
                origin.path,
                Pos::new(line, 1),
                format!(
                    "`{key}` has {chars} characters; it may have at most {} (the limit on title \
                     length)",
                    crate::base::limits::TITLE_CHARS
                ),
            );
        }
    }
}

/// The PDF's file name: a plain name, so that the PDF is written into the
/// build folder and nowhere else (`../x` would leave the book).
fn output_name(origin: &Origin<'_>, text: &str, output: &str, diags: &mut Diagnostics) {
    let plain = !output.is_empty()
        && output.len() <= 100
        && !output.starts_with(['.', '-'])
        && output
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        let line = text
            .lines()
            .position(|l| l.starts_with("output:"))
            .map_or(1, |i| i + 1);
        diags.push(
            Diagnostic::new(
                codes::INVALID_OUTPUT_NAME,
                origin.path,
                Pos::new(line, 1),
                format!("`output` is `{output}`, which is not a plain file name"),
            )
            .with_hint(
                "write the PDF's name without folders or extension, in letters, digits and \
                 hyphens: `kis-werkplan-2019`",
            ),
        );
    }
}

fn organisations(
    origin: &Origin<'_>,
    raw: &[RawOrganisation],
    money: &MoneyPolicy,
    diags: &mut Diagnostics,
) -> Vec<Organisation> {
    if raw.is_empty() {
        diags.report(
            codes::NO_ORGANISATIONS,
            origin.path,
            Pos::new(1, 1),
            "the config lists no organisations",
        );
    }
    let mut out: Vec<Organisation> = Vec::new();
    for org in raw {
        if out.iter().any(|o| o.id == org.id.value) {
            diags.report(
                codes::DUPLICATE_ORGANISATION,
                origin.path,
                origin.at(&org.id.referenced),
                format!("organisation `{}` is listed twice", org.id.value),
            );
        }
        let mut rates = RateCard::default();
        let mut rate_of = |text: &Spanned<String>| {
            let rate = origin.quantity(text, "a rate", diags)?;
            check_precision(origin, text, rate, "the rate", money, diags);
            Some(rate)
        };
        for (role, rate) in &org.rates.0 {
            // A rate that cannot be read is reported here; the role stays on
            // the card, so that the budgets using it are no second error.
            let rate = rate_of(rate).unwrap_or_default();
            rates.roles.push((role.value.clone(), rate));
        }
        let staff_rate = rate_of(&org.staff_rate);
        let overhead_rate = rate_of(&org.overhead_rate);
        out.push(Organisation {
            id: org.id.value.clone(),
            name: org.name.clone(),
            rates,
            staff_rate: staff_rate.unwrap_or_default(),
            overhead_rate: overhead_rate.unwrap_or_default(),
            pos: origin.at(&org.id.referenced),
        });
    }
    out
}

fn overview_columns(
    origin: &Origin<'_>,
    raw: &RawConfig,
    organisations: &[Organisation],
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let Some(columns) = &raw.overview_columns else {
        return (0..organisations.len()).collect();
    };
    let mut out = Vec::new();
    for id in columns {
        match organisations.iter().position(|o| o.id == id.value) {
            Some(i) => out.push(i),
            None => {
                diags.report(
                    codes::UNKNOWN_OVERVIEW_COLUMN,
                    origin.path,
                    origin.at(&id.referenced),
                    format!("overview column `{}` is not an organisation", id.value),
                );
            }
        }
    }
    for (i, org) in organisations.iter().enumerate() {
        if !out.contains(&i) {
            diags.report(
                codes::MISSING_OVERVIEW_COLUMN,
                origin.path,
                Pos::new(1, 1),
                format!("organisation `{}` has no overview column", org.id),
            );
        }
    }
    out
}

/// The functions and their themes; a theme's overview label defaults to
/// "<theme word> <id>. <name>", the theme word being the `theme` label.
fn functions(
    origin: &Origin<'_>,
    raw: &[RawFunction],
    theme_word: &str,
    diags: &mut Diagnostics,
) -> Vec<Function> {
    let mut out: Vec<Function> = Vec::new();
    let mut theme_ids: Vec<String> = Vec::new();
    for f in raw {
        if out.iter().any(|o| o.id == f.id.value) {
            diags.report(
                codes::DUPLICATE_FUNCTION,
                origin.path,
                origin.at(&f.id.referenced),
                format!("function `{}` is listed twice", f.id.value),
            );
        }
        let mut themes = Vec::new();
        for t in &f.themes {
            if theme_ids.contains(&t.id.value) {
                diags.report(
                    codes::DUPLICATE_THEME,
                    origin.path,
                    origin.at(&t.id.referenced),
                    format!("theme `{}` is listed twice", t.id.value),
                );
            }
            theme_ids.push(t.id.value.clone());
            themes.push(Theme {
                id: t.id.value.clone(),
                name: t.name.clone(),
                label: t
                    .label
                    .clone()
                    .unwrap_or_else(|| format!("{theme_word} {}. {}", t.id.value, t.name)),
            });
        }
        out.push(Function {
            id: f.id.value.clone(),
            name: f.name.clone(),
            label: f
                .label
                .clone()
                .unwrap_or_else(|| format!("{} {}", f.id.value, f.name)),
            themes,
        });
    }
    out
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_iso_date("2018-12-01"));
        assert!(!is_iso_date("1-12-2018"));
        assert!(!is_iso_date("2018-13-01"));
        assert!(!is_iso_date("2018-12"));
        // Real calendar days only: the PDF's timestamp is made from it.
        assert!(!is_iso_date("2019-02-29"));
        assert!(is_iso_date("2020-02-29"));
        assert!(!is_iso_date("2018-04-31"));
        assert!(!is_iso_date("2018-12-00"));
    }
}
