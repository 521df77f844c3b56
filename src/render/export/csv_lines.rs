//! The CSV for pivot tables (`kis-book budget --format csv --lines`): only
//! the lines that carry money (each role, Stafkosten, Overhead and the
//! material costs), no subtotal or total rows, so that a plain SUM of
//! `bedrag` is the programme total. Every line names its budget, function,
//! theme and organisation in words, so that a pivot table needs no lookup.
//!
//! The figures are the printed ones (rounded per line by the book's money
//! rule, which is why the lines add up to the printed total). The notation
//! is that of [`super::csv`]: semicolons, decimal commas, a byte-order mark
//! and CRLF. A budget id is written as the formula `="1.10"`, which Excel
//! and LibreOffice read as the text `1.10` in any locale (a bare `1.10`
//! becomes the number 1.1 in an English locale).

use rust_decimal::Decimal;

use super::csv::{BOM, push_quoted_record, push_record, quote};
use crate::compile::budget::{ComputedBudget, Programme};
use crate::source::format::{spreadsheet, spreadsheet_fixed};
use crate::source::model::{Config, Group};

const HEADER: [&str; 10] = [
    "budget",
    "titel",
    "functie",
    "thema",
    "organisatie",
    "soort",
    "regel",
    "tarief",
    "uren",
    "bedrag",
];

/// The words of a budget's place in the structure: its function's and its
/// theme's names (no theme for a function's own budget).
fn place<'a>(config: &'a Config, budget: &ComputedBudget) -> (&'a str, &'a str) {
    match &budget.group {
        Group::Theme(id) => config
            .theme(id)
            .map(|(f, t)| (f.name.as_str(), t.name.as_str()))
            .unwrap_or_default(),
        Group::Function(id) => config
            .function(id)
            .map(|f| (f.name.as_str(), ""))
            .unwrap_or_default(),
    }
}

/// An id as text in any spreadsheet locale: the formula `="1.10"`.
fn id_as_text(id: &str) -> String {
    format!("=\"{id}\"")
}

pub(super) fn render(config: &Config, programme: &Programme) -> String {
    let labels = &config.labels;
    let precision = programme.policy.precision;
    let money = |d: Decimal| spreadsheet_fixed(d, precision);
    let mut out = String::from(BOM);
    push_record(&mut out, HEADER.iter().map(|s| (*s).to_owned()));
    for b in &programme.budgets {
        let (function, theme) = place(config, b);
        let mut line = |organisation: &str,
                        kind: &str,
                        name: &str,
                        rate: Option<Decimal>,
                        hours: Option<Decimal>,
                        amount: Decimal| {
            // The id is quoted here because it holds quotes; every other
            // field goes through [`quote`].
            let id = format!("\"{}\"", id_as_text(&b.id).replace('"', "\"\""));
            let rest = [
                quote(&b.title),
                quote(function),
                quote(theme),
                quote(organisation),
                quote(kind),
                quote(name),
                rate.map(money).unwrap_or_default(),
                hours.map(spreadsheet).unwrap_or_default(),
                money(amount),
            ];
            push_quoted_record(&mut out, std::iter::once(id).chain(rest));
        };
        for o in &b.organisations {
            let name = config.organisations[o.org].name.as_str();
            for l in &o.lines {
                let c = &l.charge;
                line(name, "rol", &l.role, Some(c.rate), Some(c.hours), c.amount);
            }
            let (s, v) = (&o.staff, &o.overhead);
            line(
                name,
                "stafkosten",
                &labels.staff,
                Some(s.rate),
                Some(s.hours),
                s.amount,
            );
            line(
                name,
                "overhead",
                &labels.overhead,
                Some(v.rate),
                Some(v.hours),
                v.amount,
            );
        }
        if !b.material.is_zero() {
            line("", "materieel", &labels.material, None, None, b.material);
        }
    }
    out
}
