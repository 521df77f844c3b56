//! What the templates see: display-ready views of the compiled book, apart
//! from the domain types. Both backends serialise these same types: the PDF
//! backend hands them to Typst as JSON (`/data.json`), the site backend to
//! Tera as its context. A field added here reaches both.
//!
//! Every figure carries its exact value and its Dutch notation, so that no
//! template formats a number; every label a reader sees comes from
//! [`Labels`].

mod headings;
mod tables;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::source::format;
use crate::source::model::Config;

pub(crate) use crate::source::model::{Labels, Words};
pub(crate) use headings::{budget_heading, caption, heading, remainder_label};
pub(crate) use tables::{BudgetTable, Overview, RowTarget};

/// The views of the book as a whole; the PDF template reads them all from
/// `/data.json`, the site's templates each the part it shows.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct BookViews {
    /// Title page, colophon, footer and metadata.
    pub meta: Meta,
    /// The labels a reader sees, from the book's config (Dutch defaults).
    pub labels: Labels,
    /// The book's other words: the PDF's colophon, contents and metadata.
    pub words: Words,
    /// Every budget table, by budget id.
    pub budgets: BTreeMap<String, BudgetTable>,
    /// The Totaaloverzicht begroting.
    pub overview: Overview,
}

/// Book metadata, as printed.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Meta {
    /// "Werkplan 2019".
    pub title: String,
    /// "Kennisplatform Integratie & Samenleving".
    pub subtitle: String,
    /// The year, as text.
    pub year: String,
    /// The publisher (cover, colophon).
    pub publisher: String,
    /// The authors (colophon, PDF metadata).
    pub author: String,
    /// The language of the text, a BCP 47 tag such as `nl`.
    pub lang: String,
    /// The running footer text of the PDF.
    pub running_title: String,
    /// Publication date as printed, e.g. "december 2018".
    pub date: String,
    /// The site's address, ending in `/`.
    pub base_url: String,
    /// The plans of other years: the earlier ones, then the later ones,
    /// each group with its heading; left out of the PDF's data when there
    /// are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editions: Vec<EditionGroup>,
}

/// Plans of other years under one heading: "Eerdere werkplannen".
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EditionGroup {
    /// "Eerdere werkplannen" or "Latere werkplannen".
    pub heading: String,
    /// Newest first.
    pub editions: Vec<EditionView>,
}

/// The plan of another year, as a reader follows it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EditionView {
    /// "Werkplan 2018".
    pub title: String,
    /// The year, as text.
    pub year: String,
    /// The address of its site.
    pub site: Option<String>,
    /// The address of its PDF.
    pub pdf: Option<String>,
}

/// The plans of other years of a book with this config, in groups: earlier
/// ones first, then later ones, empty groups left out.
pub(crate) fn edition_groups(config: &Config) -> Vec<EditionGroup> {
    let view = |e: &crate::source::model::Edition| EditionView {
        title: e.title.clone(),
        year: e.year.to_string(),
        site: e.site.clone(),
        pdf: e.pdf.clone(),
    };
    let earlier: Vec<EditionView> = config
        .editions
        .iter()
        .filter(|e| e.year < config.year)
        .map(view)
        .collect();
    let later: Vec<EditionView> = config
        .editions
        .iter()
        .filter(|e| e.year > config.year)
        .map(view)
        .collect();
    [
        (&config.words.earlier_editions, earlier),
        (&config.words.later_editions, later),
    ]
    .into_iter()
    .filter(|(_, editions)| !editions.is_empty())
    .map(|(heading, editions)| EditionGroup {
        heading: heading.clone(),
        editions,
    })
    .collect()
}

impl Meta {
    /// The metadata of a book with this config.
    pub fn new(config: &Config) -> Self {
        Self {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            year: config.year.to_string(),
            publisher: config.publisher.clone(),
            author: config.author.clone(),
            lang: config.language.clone(),
            running_title: config.running_title.clone(),
            date: printed_date(&config.date),
            base_url: config.base_url.clone(),
            editions: edition_groups(config),
        }
    }
}

/// A figure: its exact value and how it prints.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Figure {
    /// The exact decimal, e.g. "57652" or "12.5".
    pub value: String,
    /// Dutch notation, e.g. "57.652" or "12,5".
    pub text: String,
}

impl Figure {
    /// Hours as printed, with the decimals they have: "12,25", "0,5".
    pub fn hours(value: Decimal) -> Self {
        Self {
            value: format::plain(value),
            text: format::hours(value),
        }
    }

    /// An amount or a rate as printed, with the decimals of the book's
    /// precision: "57.652", "112,50".
    pub fn amount(value: Decimal, precision: u32) -> Self {
        Self {
            value: format::plain(value),
            text: format::amount(value, precision),
        }
    }
}

/// `2018-12-01` as Dutch readers write it: "december 2018".
fn printed_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let mut parts = iso.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts
        .next()
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match month {
        Some(month) => format!("{month} {year}"),
        None => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_dutch() {
        assert_eq!(printed_date("2018-12-01"), "december 2018");
        assert_eq!(printed_date("2019-01-15"), "januari 2019");
        assert_eq!(printed_date("onbekend"), "onbekend");
    }
}
