//! The Totaaloverzicht sheet: every budget's total per organisation,
//! referring to the budget sheets, with the themes' and functions'
//! subtotals and the programme against the available budget.

use std::collections::BTreeMap;

use anyhow::Context as _;
use rust_xlsxwriter::{Formula, Worksheet};

use super::{
    AMOUNT, FIRST_ROW, Placed, Styles, cached, cell, column, float, print_setup, reference,
    write_sum,
};
use crate::compile::budget::{GroupKind, GroupTotal, Programme};
use crate::compile::views::remainder_label;
use crate::source::model::Config;

/// Writes the Totaaloverzicht: the header, a row per group in the order
/// of the overview, then the programme's totals.
pub(super) fn overview_sheet(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    placed: &BTreeMap<&str, Placed<'_>>,
    styles: &Styles,
) -> anyhow::Result<()> {
    let columns = &config.overview_columns;
    let material_col = u16::try_from(columns.len() + 1).context("too many organisations")?;
    let cols = FigureColumns {
        material: material_col,
        total: material_col + 1,
    };
    write_header(sheet, config, styles)?;
    // Each group has a row of its own, in the order of the overview, so
    // that a function can refer to its themes' rows.
    for (i, g) in programme.groups.iter().enumerate() {
        write_group(sheet, config, programme, (i, g), placed, styles, cols)?;
    }
    write_totals(sheet, config, programme, styles, cols)
}

/// The columns after the organisations': Materiële kosten and the total.
#[derive(Debug, Clone, Copy)]
struct FigureColumns {
    material: u16,
    total: u16,
}

/// The row of the overview's `i`-th group.
fn row_of(i: usize) -> u32 {
    FIRST_ROW + u32::try_from(i).unwrap_or(u32::MAX - FIRST_ROW)
}

/// The title, the header row of the organisations' names, the widths and
/// the page setup.
fn write_header(sheet: &mut Worksheet, config: &Config, styles: &Styles) -> anyhow::Result<()> {
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

/// The row of group `g` (the `i`-th): per organisation the SUM of its
/// budgets' blocks (and of a function's themes' rows), Materiële kosten,
/// and the total across.
fn write_group(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    (i, g): (usize, &GroupTotal),
    placed: &BTreeMap<&str, Placed<'_>>,
    styles: &Styles,
    cols: FigureColumns,
) -> anyhow::Result<()> {
    let columns = &config.overview_columns;
    let (material_col, total_col) = (cols.material, cols.total);
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
                t.kind == GroupKind::Theme && config.theme(&t.id).is_some_and(|(f, _)| f.id == g.id)
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
                    .blocks
                    .iter()
                    .filter(|c| c.org == org)
                    .map(move |c| reference(b.name, c.total, AMOUNT))
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
    Ok(())
}

/// The programme's totals (the SUM of the functions' rows), the available
/// budget and what remains of it, or the overrun.
fn write_totals(
    sheet: &mut Worksheet,
    config: &Config,
    programme: &Programme,
    styles: &Styles,
    cols: FigureColumns,
) -> anyhow::Result<()> {
    let labels = &config.labels;
    let columns = &config.overview_columns;
    let total_col = cols.total;
    let last_col = column(total_col);
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
