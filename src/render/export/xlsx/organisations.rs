//! An organisation's sheet of the workbook: its hours and amount in every
//! budget it works in, and its totals. Every figure refers to the budget
//! sheets, so that it follows a changed hour or rate.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Worksheet};

use super::{FIRST_ROW, Placed, Styles, cached, cell, print_setup, reference};
use crate::compile::budget::Programme;
use crate::compile::views::heading;
use crate::source::model::Config;

/// Columns of an organisation's sheet: budget, hours, amount.
const BUDGET: u16 = 0;
const HOURS: u16 = 1;
const AMOUNT: u16 = 2;

/// Writes the sheet of organisation `org`: a row per budget it has a block
/// in, in reading order, then the total.
pub(super) fn organisation_sheet(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    org: usize,
    placed: &BTreeMap<&str, Placed<'_>>,
    styles: &Styles,
) -> anyhow::Result<()> {
    let labels = &config.labels;
    let name = &config.organisations[org].name;
    sheet.write_string_with_format(
        0,
        0,
        format!("{name} {} {}", config.subtitle, config.year),
        &styles.title,
    )?;
    sheet.write_string_with_format(1, BUDGET, &labels.budget, &styles.header)?;
    sheet.write_string_with_format(1, HOURS, &labels.hours, &styles.header_figure)?;
    sheet.write_string_with_format(1, AMOUNT, &labels.amount, &styles.header_figure)?;
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    print_setup(sheet)?;
    for (col, width) in [(BUDGET, 80), (HOURS, 10), (AMOUNT, 15)] {
        sheet.set_column_width(col, width)?;
    }
    let mut row = FIRST_ROW;
    let mut hours_total = Decimal::ZERO;
    for budget in &programme.budgets {
        let blocks: Vec<_> = budget
            .organisations
            .iter()
            .filter(|o| o.org == org)
            .collect();
        let Some(at) = placed.get(budget.id.as_str()) else {
            continue;
        };
        if blocks.is_empty() {
            continue;
        }
        let own: Vec<_> = at.cells.blocks.iter().filter(|b| b.org == org).collect();
        let refer = |col: u16, pick: fn(&super::BlockCells) -> u32| {
            let parts: Vec<String> = own
                .iter()
                .map(|b| reference(at.name, pick(b), col))
                .collect();
            format!("=SUM({})", parts.join(","))
        };
        let hours: Decimal = blocks.iter().map(|o| o.hours).sum();
        hours_total += hours;
        sheet.write_string_with_format(row, BUDGET, heading(labels, budget), &styles.text)?;
        sheet.write_formula_with_format(
            row,
            HOURS,
            Formula::new(refer(super::HOURS, |b| b.staff)).set_result(cached(hours)),
            &styles.hours,
        )?;
        sheet.write_formula_with_format(
            row,
            AMOUNT,
            Formula::new(refer(super::AMOUNT, |b| b.total))
                .set_result(cached(budget.org_total(org))),
            &styles.money,
        )?;
        row += 1;
    }
    sheet.write_string_with_format(
        row,
        BUDGET,
        format!("{} {name}", labels.total),
        &styles.total_text,
    )?;
    let sum = |col: u16| {
        if row == FIRST_ROW {
            "=0".to_owned()
        } else {
            format!("=SUM({}:{})", cell(FIRST_ROW, col), cell(row - 1, col))
        }
    };
    sheet.write_formula_with_format(
        row,
        HOURS,
        Formula::new(sum(HOURS)).set_result(cached(hours_total)),
        &styles.total_hours,
    )?;
    sheet.write_formula_with_format(
        row,
        AMOUNT,
        Formula::new(sum(AMOUNT)).set_result(cached(programme.per_org[org])),
        &styles.total_currency,
    )?;
    Ok(())
}
