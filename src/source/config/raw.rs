//! The shape of `content/book.yaml` as serde reads it (and
//! `crate::source::schema` describes it to editors); the meaning is checked in
//! `config/mod.rs`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::source::model::{Labels, Words};
use crate::source::yaml::Entries;

// Read by serde; `crate::source::schema` derives the editors' schema from it.
/// The book config, content/book.yaml: metadata, organisations with their
/// rate cards, and the budget structure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// The plan's title, on the cover and in the metadata: "Werkplan 2019".
    /// `{year}` stands for `year` here and in the other year-bound
    /// settings: "Werkplan {year}".
    pub(super) title: String,
    /// The subtitle on the cover, e.g. the platform's name.
    #[serde(default)]
    pub(super) subtitle: String,
    /// The year the plan is for: 2019.
    pub(super) year: i32,
    /// Who publishes the plan, on the cover and in the metadata.
    pub(super) publisher: String,
    /// The authors in the PDF's metadata; the publisher when left out.
    pub(super) author: Option<String>,
    /// The language of the text, as a BCP 47 tag: "nl".
    #[serde(default = "default_language")]
    pub(super) language: String,
    /// The address the site is published at; page links start with it.
    #[schemars(url)]
    pub(super) base_url: String,
    /// The PDF's running footer; "<subtitle>: <title>" when left out.
    pub(super) running_title: Option<String>,
    /// The PDF's file name without `.pdf`; "werkplan-<year>" when left out.
    pub(super) output: Option<String>,
    /// The publication date, YYYY-MM-DD: 2018-12-01, or "{year-1}-12-01"
    /// (quoted) for the first of December before the plan's year.
    #[schemars(
        with = "String",
        regex(pattern = r"^([0-9]{4}|\{year([+-][0-9]{1,3})?\})-[0-9]{2}-[0-9]{2}$")
    )]
    pub(super) date: Spanned<String>,
    /// The ISO 4217 code of the currency every amount and rate is in:
    /// "EUR".
    #[serde(default = "default_currency")]
    pub(super) currency: String,
    /// Totaal beschikbaar budget: the programme's budget in the currency,
    /// which the Totaaloverzicht compares with the computed total.
    #[schemars(with = "crate::source::schema::types::Number")]
    pub(super) available_budget: Spanned<String>,
    /// The organisations that do the work, with their rate cards, in the
    /// order the budget tables print them.
    #[schemars(length(min = 1))]
    pub(super) organisations: Vec<RawOrganisation>,
    /// Organisation ids in the column order of the Totaaloverzicht; the
    /// order of `organisations` when left out.
    #[schemars(with = "Option<Vec<String>>")]
    pub(super) overview_columns: Option<Vec<Spanned<String>>>,
    /// The budget functions, in the order of the Totaaloverzicht, with the
    /// themes of each.
    pub(super) functions: Vec<RawFunction>,
    /// How amounts are rounded and printed; without this section amounts
    /// print in whole units, each line rounded half up, and `check` warns
    /// about amounts finer than that.
    pub(super) money: Option<RawMoney>,
    /// The words of the budget tables and headings; every one optional,
    /// Dutch by default.
    #[serde(default)]
    pub(super) labels: Labels,
    /// The words around the book's text: the site's, the PDF's
    /// colophon and contents, `diff`'s, the preview's and the check
    /// summary's; every one optional, Dutch by default.
    #[serde(default)]
    pub(super) words: Words,
    /// How the PDF lays out its pages.
    pub(super) pdf: Option<RawPdf>,
    /// The plans of other years, which the site's home page and footer
    /// link to and the PDF's colophon names.
    #[serde(default)]
    pub(super) editions: Vec<RawEdition>,
}

/// An entry of `editions:`: the plan of another year.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEdition {
    /// The year it is for: 2018.
    #[schemars(with = "i32")]
    pub(super) year: Spanned<i32>,
    /// Its title: "Werkplan 2018".
    pub(super) title: String,
    /// The address of its site: "https://www.kis.nl/werkplan-2018/".
    #[schemars(with = "Option<String>", url)]
    pub(super) site: Option<Spanned<String>>,
    /// The address of its PDF:
    /// "https://www.kis.nl/werkplan-2018/downloads/kis-werkplan-2018.pdf".
    #[schemars(with = "Option<String>", url)]
    pub(super) pdf: Option<Spanned<String>>,
}

/// The `pdf:` section.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPdf {
    /// Whether every project and function's budget starts on a new page.
    /// By default they run on, as in a printed plan: a project follows the
    /// budget of the one before on the same page when it fits. Chapters
    /// and themes always start on a new page.
    #[serde(default)]
    pub(super) page_per_project: bool,
}

/// The `money:` section.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMoney {
    /// Decimals printed for amounts and rates: 0 for whole units, 2 for
    /// cents.
    #[schemars(
        with = "Option<u32>",
        range(max = "crate::source::model::MoneyPolicy::MAX_PRECISION")
    )]
    pub(super) precision: Option<Spanned<u32>>,
    /// How an amount exactly halfway between two printed figures rounds:
    /// `half-up` (the Dutch finance default) or `half-even`.
    #[schemars(with = "Option<crate::source::model::Rounding>")]
    pub(super) rounding: Option<Spanned<String>>,
    /// Which figures are rounded from the exact amounts: `lines` or
    /// `totals`.
    #[schemars(with = "Option<crate::source::model::RoundAt>")]
    pub(super) round: Option<Spanned<String>>,
}

/// An organisation and its rate card.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOrganisation {
    /// The id that front matter uses for it: lower case, digits and
    /// hyphens ("verwey-jonker").
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub(super) id: Spanned<String>,
    /// The name printed in the budget tables.
    pub(super) name: String,
    /// The rate card: the rate per hour, in the currency, of each role, in
    /// the order the budget tables print them.
    #[schemars(with = "BTreeMap<String, crate::source::schema::types::Number>")]
    pub(super) rates: Entries<Spanned<String>, Spanned<String>>,
    /// Stafkosten: staff costs per hour worked, in the currency.
    #[schemars(with = "crate::source::schema::types::Number")]
    pub(super) staff_rate: Spanned<String>,
    /// Overhead per hour worked, in the currency.
    #[schemars(with = "crate::source::schema::types::Number")]
    pub(super) overhead_rate: Spanned<String>,
}

/// A budget function.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunction {
    /// The function's id, which front matter names in `function`: "B".
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// The function's name: "Portaalfunctie".
    pub(super) name: String,
    /// Its row label in the Totaaloverzicht; "<id> <name>" when left out.
    pub(super) label: Option<String>,
    /// The themes whose projects count towards this function.
    #[serde(default)]
    pub(super) themes: Vec<RawTheme>,
}

/// A theme of projects.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTheme {
    /// The theme's id, which front matter names in `theme`: "1".
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// The theme's name: "Nieuwe migratie".
    pub(super) name: String,
    /// Its row label in the Totaaloverzicht; "Thema <id>. <name>" when left
    /// out.
    pub(super) label: Option<String>,
}

fn default_language() -> String {
    "nl".to_owned()
}

fn default_currency() -> String {
    "EUR".to_owned()
}
