//! A budget's sheet of the workbook, laid out like the printed table: a
//! block per organisation (its role lines, Stafkosten, Overhead and its
//! total), then Materiële kosten and the budget's total.

use rust_xlsxwriter::{Formula, Worksheet};

use super::formula::Rules;
use super::rates::RateCells;
use super::{
    AMOUNT, BlockCells, BudgetCells, FIRST_ROW, HOURS, ORG, RATE, ROLE, Styles, cached, cell,
    float, print_setup,
};
use crate::compile::budget::{Charge, ComputedBudget, OrgAmounts};
use crate::compile::views::heading;
use crate::source::model::{Config, RoundAt};

/// Writes the sheet of `budget` and tells where its blocks' rows and
/// Materiële kosten stand, for the overview and the organisation sheets.
pub(super) fn budget_sheet(
    sheet: &mut Worksheet,
    config: &Config,
    budget: &ComputedBudget,
    rates: &RateCells,
    styles: &Styles,
    rules: &Rules,
) -> anyhow::Result<BudgetCells> {
    let writer = BudgetSheet {
        config,
        rates,
        styles,
        rules,
    };
    writer.header(sheet, budget)?;
    let mut row = FIRST_ROW;
    let mut blocks = Vec::new();
    let mut own_rates = false;
    for block in &budget.organisations {
        let (cells, own_rate) = writer.block(sheet, block, row)?;
        own_rates |= own_rate;
        row = cells.total + 1;
        blocks.push(cells);
    }
    let material = row;
    writer.totals(sheet, budget, &blocks, material, own_rates)?;
    Ok(BudgetCells { blocks, material })
}

/// What every row of a budget sheet is written with.
struct BudgetSheet<'a> {
    config: &'a Config,
    rates: &'a RateCells,
    styles: &'a Styles,
    rules: &'a Rules,
}

/// A line of an organisation's block: its label, its figures, the rate
/// card's cell of its rate (none for a rate of its own) and the formula of
/// its hours (none for a role's own hours).
type SheetLine<'b> = (&'b str, &'b Charge, Option<String>, Option<&'b String>);

impl BudgetSheet<'_> {
    /// The title, the header row, the widths and the page setup.
    fn header(&self, sheet: &mut Worksheet, budget: &ComputedBudget) -> anyhow::Result<()> {
        let (labels, styles) = (&self.config.labels, self.styles);
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

    /// The block of an organisation from row `first`: its lines, then its
    /// total; and whether a line has a rate of its own.
    fn block(
        &self,
        sheet: &mut Worksheet,
        block: &OrgAmounts,
        first: u32,
    ) -> anyhow::Result<(BlockCells, bool)> {
        let (config, rates, styles, rules) = (self.config, self.rates, self.styles, self.rules);
        let labels = &config.labels;
        let name = &config.organisations[block.org].name;
        let mut row = first;
        let roles = block.lines.len();
        // Rows: the role lines, then Stafkosten, Overhead, the total.
        let last_role = first + u32::try_from(roles).unwrap_or(0);
        let total_row = last_role + 2;
        let org_hours = if roles == 0 {
            "0".to_owned()
        } else {
            format!("SUM({}:{})", cell(first, HOURS), cell(last_role - 1, HOURS))
        };
        // Each line: its label, figures, the rate card's cell of its rate
        // (none for a rate of its own) and its hours' formula.
        let card =
            |role: &Option<String>| role.as_ref().and_then(|role| rates.role(block.org, role));
        let lines = block
            .lines
            .iter()
            .map(|l| (l.role.as_str(), &l.charge, card(&l.card_role), None))
            .chain([
                (
                    labels.staff.as_str(),
                    &block.staff,
                    rates.staff(block.org),
                    Some(&org_hours),
                ),
                (
                    labels.overhead.as_str(),
                    &block.overhead,
                    rates.overhead(block.org),
                    Some(&org_hours),
                ),
            ]);
        let span = LineSpan {
            first,
            last: total_row - 1,
            total_row,
        };
        let mut own_rates = false;
        for line in lines {
            if row == first {
                sheet.write_string_with_format(row, ORG, name, &styles.text)?;
            }
            own_rates |= self.line(sheet, row, line, &span)?;
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
        let cells = BlockCells {
            org: block.org,
            staff: total_row - 2,
            total: row,
        };
        Ok((cells, own_rates))
    }

    /// The line in `row`; whether its rate is its own.
    fn line(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        (label, charge, rate, hours): SheetLine<'_>,
        span: &LineSpan,
    ) -> anyhow::Result<bool> {
        let (config, styles, rules) = (self.config, self.styles, self.rules);
        let mut own_rate = false;
        sheet.write_string_with_format(row, ROLE, label, &styles.text)?;
        match rate {
            Some(card) => sheet.write_formula_with_format(
                row,
                RATE,
                Formula::new(format!("={card}")).set_result(cached(charge.rate)),
                &styles.money,
            )?,
            None => {
                own_rate = true;
                sheet.write_number_with_format(row, RATE, float(charge.rate), &styles.own_rate)?
            }
        };
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
        let amount = line_formula(rules, config, row, span);
        sheet.write_formula_with_format(
            row,
            AMOUNT,
            Formula::new(amount).set_result(cached(charge.amount)),
            &styles.money,
        )?;
        Ok(own_rate)
    }

    /// Materiële kosten, the budget's total and the legend of the marked
    /// rates.
    fn totals(
        &self,
        sheet: &mut Worksheet,
        budget: &ComputedBudget,
        blocks: &[BlockCells],
        material: u32,
        own_rates: bool,
    ) -> anyhow::Result<()> {
        let (labels, styles) = (&self.config.labels, self.styles);
        sheet.write_string_with_format(material, ORG, &labels.material, &styles.text)?;
        sheet.write_number_with_format(material, AMOUNT, float(budget.material), &styles.money)?;
        let total_row = material + 1;
        let parts: Vec<String> = blocks
            .iter()
            .map(|b| cell(b.total, AMOUNT))
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
        if own_rates {
            // The legend of the marked rates, a line below the table.
            sheet.write_string_with_format(
                total_row + 2,
                ORG,
                &labels.own_rate,
                &styles.own_rate_text,
            )?;
        }
        Ok(())
    }
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
