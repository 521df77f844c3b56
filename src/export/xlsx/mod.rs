//! The budget as an Excel workbook for a finance office: one sheet for the
//! Totaaloverzicht and one per budget, laid out like the printed tables,
//! with live formulas.
//!
//! A line's amount is `rate × hours` rounded by the book's money policy;
//! Stafkosten and Overhead are their rate × the SUM of the organisation's
//! hours; totals are SUMs; the overview refers to the budget sheets' cells.
//! A finance officer who changes an hour sees every total follow. Each
//! formula carries kis-book's printed figure as its cached value, so a
//! program that does not recalculate shows the same figures as the PDF.
//!
//! Byte-identical on every build: the workbook's creation date is the
//! book's `date`, and nothing else in it depends on the clock.

mod formula;
mod styles;

use std::collections::BTreeMap;

use anyhow::Context as _;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::budget::{ComputedBudget, GroupKind, OrgAmounts, Programme};
use crate::model::{Config, Labels, RoundAt};
use crate::views::{heading, remainder_label};

use formula::Rules;
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
    let (overview_name, budget_names) = sheet_names(&config.labels, programme);
    let mut book = Workbook::new();
    book.set_properties(&properties(config)?);
    // Each budget's sheet, with the cells the overview refers to, by id.
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let mut sheets = Vec::new();
    for budget in &programme.budgets {
        let name = budget_names
            .get(budget.id.as_str())
            .with_context(|| format!("no sheet name for budget {}", budget.id))?;
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        let cells = budget_sheet(&mut sheet, config, budget, &styles, &rules)?;
        placed.insert(&budget.id, Placed { name, cells });
        sheets.push(sheet);
    }
    let mut overview = Worksheet::new();
    overview.set_name(&overview_name)?;
    overview_sheet(&mut overview, config, programme, &placed, &styles)?;
    book.push_worksheet(overview);
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

/// Sheet names: the overview's, and each budget's (its id) by id, made
/// valid and unique (at most 31 characters, none of `[]:*?/\\`).
fn sheet_names<'a>(
    labels: &Labels,
    programme: &'a Programme,
) -> (String, BTreeMap<&'a str, String>) {
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
    let overview = unique(&labels.overview);
    let budgets = programme
        .budgets
        .iter()
        .map(|b| (b.id.as_str(), unique(&b.id)))
        .collect();
    (overview, budgets)
}

/// A budget's sheet: its name and the cells the overview refers to.
#[derive(Debug)]
struct Placed<'a> {
    /// The sheet's name.
    name: &'a str,
    /// Where its totals stand.
    cells: BudgetCells,
}

/// The cells a budget sheet holds that the overview refers to.
#[derive(Debug)]
struct BudgetCells {
    /// Row of each organisation block's total, with the organisation index.
    org_totals: Vec<(usize, u32)>,
    /// Row of Materiële kosten.
    material: u32,
}

/// A1 notation of a cell.
fn cell(row: u32, col: u16) -> String {
    format!("{}{}", column(col), row + 1)
}

fn column(col: u16) -> char {
    char::from(b'A' + u8::try_from(col).unwrap_or(25))
}

/// A decimal as the float a spreadsheet cell holds.
fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

/// The cached value of a formula: the exact decimal kis-book printed.
fn cached(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The title, the column headings and the page setup of a budget's sheet.
fn budget_header(
    sheet: &mut Worksheet,
    labels: &Labels,
    budget: &ComputedBudget,
    styles: &Styles,
) -> anyhow::Result<()> {
    sheet.write_string_with_format(0, 0, heading(labels, budget), &styles.title)?;
    let headings = [
        &labels.organisation,
        &labels.role,
        &labels.rate,
        &labels.hours,
        &labels.amount,
    ];
    for (col, text) in (0u16..).zip(headings) {
        let format = if col >= RATE {
            &styles.header_figure
        } else {
            &styles.header
        };
        sheet.write_string_with_format(1, col, text, format)?;
    }
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    print_setup(sheet)?;
    for (col, width) in [(ORG, 28), (ROLE, 30), (RATE, 12), (HOURS, 10), (AMOUNT, 15)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// One organisation's block of a budget's sheet from `row` on: its role
/// lines, Stafkosten, Overhead and its total, with live formulas. Returns
/// the row after its total.
fn org_block(
    sheet: &mut Worksheet,
    config: &Config,
    block: &OrgAmounts,
    styles: &Styles,
    rules: &Rules,
    mut row: u32,
) -> anyhow::Result<u32> {
    let labels = &config.labels;
    let name = &config.organisations[block.org].name;
    let first = row;
    let roles = block.lines.len();
    // Rows: the role lines, then Stafkosten, Overhead, the total.
    let last_role = first + u32::try_from(roles).unwrap_or(0);
    let total_row = last_role + 2;
    let org_hours = if roles == 0 {
        "0".to_owned()
    } else {
        format!("SUM({}:{})", cell(first, HOURS), cell(last_role - 1, HOURS))
    };
    let lines = block
        .lines
        .iter()
        .map(|l| (l.role.as_str(), &l.charge, None))
        .chain([
            (labels.staff.as_str(), &block.staff, Some(&org_hours)),
            (labels.overhead.as_str(), &block.overhead, Some(&org_hours)),
        ]);
    let span = LineSpan {
        first,
        last: total_row - 1,
        total_row,
    };
    for (label, charge, hours) in lines {
        if row == first {
            sheet.write_string_with_format(row, ORG, name, &styles.text)?;
        }
        sheet.write_string_with_format(row, ROLE, label, &styles.text)?;
        sheet.write_number_with_format(row, RATE, float(charge.rate), &styles.money)?;
        match hours {
            None => {
                sheet.write_number_with_format(row, HOURS, float(charge.hours), &styles.hours)?
            }
            Some(sum) => sheet.write_formula_with_format(
                row,
                HOURS,
                Formula::new(format!("={sum}")).set_result(cached(charge.hours)),
                &styles.hours,
            )?,
        };
        let amount = line_formula(rules, config, row, &span);
        sheet.write_formula_with_format(
            row,
            AMOUNT,
            Formula::new(amount).set_result(cached(charge.amount)),
            &styles.money,
        )?;
        row += 1;
    }
    let total = match config.money.round {
        RoundAt::Lines => format!("=SUM({}:{})", cell(first, AMOUNT), cell(span.last, AMOUNT)),
        RoundAt::Totals => format!(
            "={}",
            rules.round(&format!(
                "SUMPRODUCT({}:{},{}:{})",
                cell(first, RATE),
                cell(span.last, RATE),
                cell(first, HOURS),
                cell(span.last, HOURS)
            ))
        ),
    };
    sheet.write_string_with_format(
        row,
        ORG,
        format!("{} {name}", labels.total),
        &styles.total_text,
    )?;
    for col in [ROLE, RATE, HOURS] {
        sheet.write_blank(row, col, &styles.total_text)?;
    }
    sheet.write_formula_with_format(
        row,
        AMOUNT,
        Formula::new(total).set_result(cached(block.total)),
        &styles.total_money,
    )?;
    Ok(row + 1)
}

fn budget_sheet(
    sheet: &mut Worksheet,
    config: &Config,
    budget: &ComputedBudget,
    styles: &Styles,
    rules: &Rules,
) -> anyhow::Result<BudgetCells> {
    let labels = &config.labels;
    budget_header(sheet, labels, budget, styles)?;
    let mut row = FIRST_ROW;
    let mut org_totals = Vec::new();
    for block in &budget.organisations {
        row = org_block(sheet, config, block, styles, rules, row)?;
        org_totals.push((block.org, row - 1));
    }
    let material = row;
    sheet.write_string_with_format(material, ORG, &labels.material, &styles.text)?;
    sheet.write_number_with_format(material, AMOUNT, float(budget.material), &styles.money)?;
    let total_row = material + 1;
    let parts: Vec<String> = org_totals
        .iter()
        .map(|(_, r)| cell(*r, AMOUNT))
        .chain([cell(material, AMOUNT)])
        .collect();
    sheet.write_string_with_format(total_row, ORG, &labels.total, &styles.total_text)?;
    for col in [ROLE, RATE, HOURS] {
        sheet.write_blank(total_row, col, &styles.total_text)?;
    }
    sheet.write_formula_with_format(
        total_row,
        AMOUNT,
        Formula::new(format!("=SUM({})", parts.join(","))).set_result(cached(budget.total)),
        &styles.total_currency,
    )?;
    Ok(BudgetCells {
        org_totals,
        material,
    })
}

/// The rows of an organisation's block: its lines and its total.
struct LineSpan {
    first: u32,
    last: u32,
    total_row: u32,
}

/// The amount of the line in `row`: rate × hours rounded by the policy.
fn line_formula(rules: &Rules, config: &Config, row: u32, span: &LineSpan) -> String {
    let (rate, hours) = (cell(row, RATE), cell(row, HOURS));
    match config.money.round {
        RoundAt::Lines => format!("={}", rules.round(&format!("{rate}*{hours}"))),
        RoundAt::Totals => {
            let range = |col| format!("{}:{}", cell(span.first, col), cell(span.last, col));
            let before = (row > span.first).then(|| {
                (
                    format!("{}:{}", cell(span.first, RATE), cell(row - 1, RATE)),
                    format!("{}:{}", cell(span.first, HOURS), cell(row - 1, HOURS)),
                )
            });
            format!(
                "={}",
                rules.shared_line(
                    &rate,
                    &hours,
                    &range(RATE),
                    &range(HOURS),
                    before.as_ref().map(|(r, h)| (r.as_str(), h.as_str())),
                    &cell(span.total_row, AMOUNT),
                )
            )
        }
    }
}

/// A sheet name quoted for a reference: `'1.1'!E7`.
fn reference(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell(row, col))
}

/// The title, the column headings and the page setup of the overview.
fn overview_header(sheet: &mut Worksheet, config: &Config, styles: &Styles) -> anyhow::Result<()> {
    let labels = &config.labels;
    let columns = &config.overview_columns;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} {} {}", labels.overview, config.subtitle, config.year),
        &styles.title,
    )?;
    sheet.write_blank(1, 0, &styles.header)?;
    let org_names = columns
        .iter()
        .map(|&i| config.organisations[i].name.as_str());
    let headings = org_names.chain([labels.material.as_str(), labels.total.as_str()]);
    for (col, text) in (1u16..).zip(headings) {
        sheet.write_string_with_format(1, col, text, &styles.header_figure)?;
        sheet.set_column_width(col, 18)?;
    }
    // Room for an organisation's name on two lines.
    sheet.set_row_height(1, 32)?;
    sheet.set_column_width(0, 44)?;
    sheet.set_freeze_panes(FIRST_ROW, 1)?;
    print_setup(sheet)?.set_landscape();
    Ok(())
}

/// The rows under the overview's groups: the programme total (the sum of
/// the functions' rows), the available budget and what remains of it, or
/// the overrun.
fn overview_totals(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    styles: &Styles,
    total_col: u16,
) -> anyhow::Result<()> {
    let labels = &config.labels;
    let columns = &config.overview_columns;
    let last_col = column(total_col);
    let row_of = |i: usize| FIRST_ROW + u32::try_from(i).unwrap_or(u32::MAX - FIRST_ROW);
    let total_row = FIRST_ROW + u32::try_from(programme.groups.len()).context("too many rows")?;
    let functions: Vec<u32> = programme
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.kind == GroupKind::Function)
        .map(|(i, _)| row_of(i))
        .collect();
    sheet.write_string_with_format(total_row, 0, &labels.total, &styles.total_text)?;
    let figures = columns
        .iter()
        .map(|&i| programme.per_org[i])
        .chain([programme.material, programme.total]);
    for (col, value) in (1u16..).zip(figures) {
        let parts: Vec<String> = functions.iter().map(|r| cell(*r, col)).collect();
        write_sum(sheet, total_row, col, &parts, value, &styles.total_currency)?;
    }
    let total = format!("{last_col}{}", total_row + 1);
    let available = total_row + 2;
    sheet.write_string_with_format(available, 0, &labels.available, &styles.strong)?;
    sheet.write_number_with_format(
        available,
        total_col,
        float(programme.available),
        &styles.strong_currency,
    )?;
    let avail = format!("{last_col}{}", available + 1);
    let remainder = available + 1;
    let label = Formula::new(format!(
        "=IF({avail}-{total}<0,\"{}\",\"{}\")",
        labels.overrun.replace('"', "\"\""),
        labels.remainder.replace('"', "\"\"")
    ))
    .set_result(remainder_label(labels, programme));
    sheet.write_formula_with_format(remainder, 0, label, &styles.text)?;
    sheet.write_formula_with_format(
        remainder,
        total_col,
        Formula::new(format!(
            "=ROUND(ABS({avail}-{total}),{})",
            programme.policy.precision
        ))
        .set_result(cached(programme.remainder().abs())),
        &styles.strong_currency,
    )?;
    Ok(())
}

fn overview_sheet(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    placed: &BTreeMap<&str, Placed<'_>>,
    styles: &Styles,
) -> anyhow::Result<()> {
    let columns = &config.overview_columns;
    let material_col = u16::try_from(columns.len() + 1).context("too many organisations")?;
    let total_col = material_col + 1;
    overview_header(sheet, config, styles)?;
    // Each group has a row of its own, in the order of the overview, so
    // that a function can refer to its themes' rows.
    let row_of = |i: usize| FIRST_ROW + u32::try_from(i).unwrap_or(u32::MAX - FIRST_ROW);
    for (i, g) in programme.groups.iter().enumerate() {
        let row = row_of(i);
        let own: Vec<&Placed<'_>> = g
            .budgets
            .iter()
            .filter_map(|id| placed.get(id.as_str()))
            .collect();
        let themes: Vec<u32> = match g.kind {
            GroupKind::Function => programme
                .groups
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    t.kind == GroupKind::Theme
                        && config.theme(&t.id).is_some_and(|(f, _)| f.id == g.id)
                })
                .map(|(j, _)| row_of(j))
                .collect(),
            GroupKind::Theme => Vec::new(),
        };
        let (label_style, style) = match g.kind {
            GroupKind::Function => (&styles.total_text, &styles.total_money),
            GroupKind::Theme => (&styles.indented, &styles.money),
        };
        sheet.write_string_with_format(row, 0, &g.label, label_style)?;
        for (col, &org) in (1u16..).zip(columns) {
            let parts: Vec<String> = own
                .iter()
                .flat_map(|b| {
                    b.cells
                        .org_totals
                        .iter()
                        .filter(|(o, _)| *o == org)
                        .map(move |(_, r)| reference(b.name, *r, AMOUNT))
                })
                .chain(themes.iter().map(|r| cell(*r, col)))
                .collect();
            write_sum(sheet, row, col, &parts, g.per_org[org], style)?;
        }
        let material: Vec<String> = own
            .iter()
            .map(|b| reference(b.name, b.cells.material, AMOUNT))
            .chain(themes.iter().map(|r| cell(*r, material_col)))
            .collect();
        write_sum(sheet, row, material_col, &material, g.material, style)?;
        let across = format!("SUM(B{n}:{}{n})", column(material_col), n = row + 1);
        sheet.write_formula_with_format(
            row,
            total_col,
            Formula::new(format!("={across}")).set_result(cached(g.total)),
            style,
        )?;
    }
    overview_totals(sheet, config, programme, styles, total_col)
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
    }
}
