//! The budget as an Excel workbook for a finance office: the
//! Totaaloverzicht, the rate card (Tarieven), one sheet per organisation and
//! one per budget, laid out like the printed tables, with live formulas.
//!
//! A line's amount is `rate × hours` rounded by the book's money policy;
//! its rate refers to the rate card, unless the role has a rate of its own
//! (written on the budget sheet and marked); Stafkosten and Overhead are
//! their rate × the SUM of the organisation's hours; totals are SUMs; the
//! organisation sheets and the overview refer to the budget sheets' cells.
//! A finance officer who changes an hour or a rate sees every total follow.
//! Each
//! formula carries kis-book's printed figure as its cached value, so a
//! program that does not recalculate shows the same figures as the PDF.
//!
//! Byte-identical on every build: the workbook's creation date is the
//! book's `date`, and nothing else in it depends on the clock.

mod budgets;
mod formula;
mod organisations;
mod overview;
mod rates;
mod styles;

use std::collections::BTreeMap;

use anyhow::Context as _;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::compile::budget::Programme;
use crate::source::model::Config;

use budgets::budget_sheet;
use formula::Rules;
use organisations::organisation_sheet;
use overview::overview_sheet;
use rates::rates_sheet;
use styles::Styles;

/// Columns of a budget sheet: organisation, role, rate, hours, amount.
const ORG: u16 = 0;
const ROLE: u16 = 1;
const RATE: u16 = 2;
const HOURS: u16 = 3;
const AMOUNT: u16 = 4;

/// The first row of figures: a title row and the header row above it.
const FIRST_ROW: u32 = 2;

/// The workbook of the computed budget, as the bytes of an .xlsx file.
pub fn workbook(config: &Config, programme: &Programme) -> anyhow::Result<Vec<u8>> {
    let styles = Styles::new(config, programme);
    let rules = Rules::new(programme.policy);
    let names = sheet_names(config, programme);
    let mut book = Workbook::new();
    book.set_properties(&properties(config)?);
    let mut card = Worksheet::new();
    card.set_name(&names.rates)?;
    let rates = rates_sheet(&mut card, &names.rates, config, &programme.policy, &styles)?;
    // Each budget's sheet, with the cells the overview refers to, by id.
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let mut sheets = Vec::new();
    for budget in &programme.budgets {
        let name = names
            .budgets
            .get(budget.id.as_str())
            .with_context(|| format!("no sheet name for budget {}", budget.id))?;
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        let cells = budget_sheet(&mut sheet, config, budget, &rates, &styles, &rules)?;
        placed.insert(&budget.id, Placed { name, cells });
        sheets.push(sheet);
    }
    let mut overview = Worksheet::new();
    overview.set_name(&names.overview)?;
    overview_sheet(&mut overview, config, programme, &placed, &styles)?;
    book.push_worksheet(overview);
    book.push_worksheet(card);
    for (org, name) in names.organisations.iter().enumerate() {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        organisation_sheet(&mut sheet, config, programme, org, &placed, &styles)?;
        book.push_worksheet(sheet);
    }
    for sheet in sheets {
        book.push_worksheet(sheet);
    }
    book.save_to_buffer()
        .context("failed to write the workbook")
}

/// Title, author and the creation date from the book, so that the file is
/// the same on every build.
fn properties(config: &Config) -> anyhow::Result<DocProperties> {
    let date = ExcelDateTime::parse_from_str(&config.date)
        .with_context(|| format!("the book's date `{}` is not a date", config.date))?;
    Ok(DocProperties::new()
        .set_title(format!(
            "{} {} {}",
            config.labels.budget, config.subtitle, config.title
        ))
        .set_author(&config.author)
        .set_company(&config.publisher)
        .set_creation_datetime(&date))
}

/// The names of the sheets, made valid and unique (at most 31 characters,
/// none of `[]:*?/\\`).
struct SheetNames<'a> {
    /// The overview's.
    overview: String,
    /// The rate card's.
    rates: String,
    /// Each organisation's (its name), indexed like the organisations.
    organisations: Vec<String>,
    /// Each budget's (its id), by id.
    budgets: BTreeMap<&'a str, String>,
}

fn sheet_names<'a>(config: &Config, programme: &'a Programme) -> SheetNames<'a> {
    let clean = |text: &str| -> String {
        let cleaned: String = text
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
            .collect();
        let trimmed = cleaned.trim_matches('\'');
        let name: String = trimmed.chars().take(31).collect();
        if name.is_empty() {
            "-".to_owned()
        } else {
            name
        }
    };
    let mut taken: Vec<String> = Vec::new();
    let mut unique = |text: &str| {
        let base = clean(text);
        let mut name = base.clone();
        let mut n = 2;
        while taken.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            let suffix = format!(" ({n})");
            name = base.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
            n += 1;
        }
        taken.push(name.clone());
        name
    };
    let overview = unique(&config.labels.overview);
    let rates = unique(&config.labels.rates);
    let organisations = config
        .organisations
        .iter()
        .map(|o| unique(&o.name))
        .collect();
    let budgets = programme
        .budgets
        .iter()
        .map(|b| (b.id.as_str(), unique(&b.id)))
        .collect();
    SheetNames {
        overview,
        rates,
        organisations,
        budgets,
    }
}

/// A budget's sheet: its name and the cells the overview refers to.
#[derive(Debug)]
struct Placed<'a> {
    /// The sheet's name.
    name: &'a str,
    /// Where its totals stand.
    cells: BudgetCells,
}

/// The cells a budget sheet holds that the overview and the organisation
/// sheets refer to.
#[derive(Debug)]
struct BudgetCells {
    /// Each organisation block's rows.
    blocks: Vec<BlockCells>,
    /// Row of Materiële kosten.
    material: u32,
}

/// The rows of an organisation's block on a budget sheet.
#[derive(Debug)]
struct BlockCells {
    /// Index into the organisations.
    org: usize,
    /// Row of Stafkosten, whose hours are the organisation's hours.
    staff: u32,
    /// Row of the organisation's total.
    total: u32,
}

/// A1 notation of a cell.
fn cell(row: u32, col: u16) -> String {
    format!("{}{}", column(col), row + 1)
}

fn column(col: u16) -> char {
    char::from(b'A' + u8::try_from(col).unwrap_or(25))
}

/// An absolute reference to a cell of another sheet: `'Tarieven'!$C$4`.
fn absolute(sheet: &str, row: u32, col: u16) -> String {
    format!(
        "'{}'!${}${}",
        sheet.replace('\'', "''"),
        column(col),
        row + 1
    )
}

/// A decimal as the float a spreadsheet cell holds.
fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

/// The cached value of a formula: the exact decimal kis-book printed.
fn cached(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A sheet name quoted for a reference: `'1.1'!E7`.
fn reference(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell(row, col))
}

/// Printed on A4, as wide as the page, the header rows on every page.
fn print_setup(sheet: &mut Worksheet) -> anyhow::Result<&mut Worksheet> {
    sheet.set_repeat_rows(0, FIRST_ROW - 1)?;
    Ok(sheet.set_paper_size(9).set_print_fit_to_pages(1, 0))
}

/// A cell that adds up `parts` (0 when there are none), with `value` as its
/// cached result.
fn write_sum(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    parts: &[String],
    value: Decimal,
    style: &Format,
) -> anyhow::Result<()> {
    let text = if parts.is_empty() {
        "=0".to_owned()
    } else {
        format!("=SUM({})", parts.join(","))
    };
    sheet.write_formula_with_format(
        row,
        col,
        Formula::new(text).set_result(cached(value)),
        style,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_a1_notation() {
        assert_eq!(cell(0, 0), "A1");
        assert_eq!(cell(11, AMOUNT), "E12");
        assert_eq!(reference("1.1", 6, AMOUNT), "'1.1'!E7");
        assert_eq!(reference("it's", 0, 0), "'it''s'!A1");
        assert_eq!(absolute("Tarieven", 3, RATE), "'Tarieven'!$C$4");
    }
}
