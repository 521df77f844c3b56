//! The workbook's rate card: one sheet ("Tarieven") with every
//! organisation's role rates, its Stafkosten and Overhead, and the money
//! rule. The budget sheets refer to these cells by absolute reference, so
//! that a rate changed here flows into every budget that uses it, into the
//! organisation sheets and into the overview.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::Worksheet;

use super::{FIRST_ROW, Styles, absolute, float, print_setup};
use crate::source::model::{Config, MoneyPolicy};

/// Columns of the rate card: organisation, role, rate.
const ORG: u16 = 0;
const ROLE: u16 = 1;
const RATE: u16 = 2;

/// Where the rate card's rates stand, for the budget sheets' references.
#[derive(Debug)]
pub(super) struct RateCells {
    /// The rate card sheet's name.
    sheet: String,
    /// Row of each role's rate, by organisation index and role name.
    roles: BTreeMap<(usize, String), u32>,
    /// Row of each organisation's Stafkosten rate, indexed like the
    /// organisations.
    staff: Vec<u32>,
    /// Row of each organisation's Overhead rate.
    overhead: Vec<u32>,
}

impl RateCells {
    /// The absolute reference to the rate of `role` on the card of
    /// organisation `org`: `'Tarieven'!$C$4`.
    pub(super) fn role(&self, org: usize, role: &str) -> Option<String> {
        self.roles
            .get(&(org, role.to_owned()))
            .map(|&row| absolute(&self.sheet, row, RATE))
    }

    /// The absolute reference to organisation `org`'s Stafkosten rate.
    pub(super) fn staff(&self, org: usize) -> Option<String> {
        self.staff
            .get(org)
            .map(|&row| absolute(&self.sheet, row, RATE))
    }

    /// The absolute reference to organisation `org`'s Overhead rate.
    pub(super) fn overhead(&self, org: usize) -> Option<String> {
        self.overhead
            .get(org)
            .map(|&row| absolute(&self.sheet, row, RATE))
    }
}

/// Writes the rate card sheet `name`: per organisation, in the order of
/// book.yaml, its roles and rates, then Stafkosten and Overhead, a blank row
/// between organisations; below them the money rule.
pub(super) fn rates_sheet(
    sheet: &mut Worksheet,
    name: &str,
    config: &Config,
    policy: &MoneyPolicy,
    styles: &Styles,
) -> anyhow::Result<RateCells> {
    let labels = &config.labels;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} {} {}", labels.rates, config.subtitle, config.year),
        &styles.title,
    )?;
    for (col, text) in [(ORG, &labels.organisation), (ROLE, &labels.role)] {
        sheet.write_string_with_format(1, col, text, &styles.header)?;
    }
    sheet.write_string_with_format(1, RATE, &labels.rate, &styles.header_figure)?;
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    print_setup(sheet)?;
    for (col, width) in [(ORG, 28), (ROLE, 30), (RATE, 12)] {
        sheet.set_column_width(col, width)?;
    }
    let mut cells = RateCells {
        sheet: name.to_owned(),
        roles: BTreeMap::new(),
        staff: Vec::new(),
        overhead: Vec::new(),
    };
    let mut row = FIRST_ROW;
    for (i, org) in config.organisations.iter().enumerate() {
        sheet.write_string_with_format(row, ORG, &org.name, &styles.text)?;
        let mut line = |label: &str, rate: Decimal| -> anyhow::Result<u32> {
            sheet.write_string_with_format(row, ROLE, label, &styles.text)?;
            sheet.write_number_with_format(row, RATE, float(rate), &styles.money)?;
            row += 1;
            Ok(row - 1)
        };
        for (role, rate) in &org.rates.roles {
            let at = line(role, *rate)?;
            cells.roles.insert((i, role.clone()), at);
        }
        cells.staff.push(line(&labels.staff, org.staff_rate)?);
        cells
            .overhead
            .push(line(&labels.overhead, org.overhead_rate)?);
        row += 1;
    }
    sheet.write_string_with_format(row, ORG, &labels.money_rule, &styles.strong)?;
    sheet.write_string_with_format(row, ROLE, policy.setting(), &styles.text)?;
    Ok(cells)
}
