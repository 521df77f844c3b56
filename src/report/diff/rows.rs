//! What the terminal table and the Markdown comment show, as rows of
//! display-ready text, so that the two layouts cannot drift apart: the
//! changed lines of each budget, the rate changes with their effects and
//! the overview before and after.

use rust_decimal::Decimal;

use super::{
    BudgetChange, Cause, Causes, ChangeSet, ChangeStatus, ChargeChange, Delta, RateChange,
    is_overrun, signed, signed_number,
};
use crate::compile::budget::GroupKind;
use crate::source::format::{money, number};
use crate::source::model::{Labels, Words};

/// Shown for a figure on a side where it does not exist.
pub(crate) const ABSENT: &str = "–";

/// `before → after`, or the one value when it did not change.
pub(crate) fn pair(delta: &Delta, show: impl Fn(Decimal) -> String) -> String {
    let side = |v: Option<Decimal>| v.map_or_else(|| ABSENT.to_owned(), &show);
    if delta.changed() {
        format!("{} → {}", side(delta.before), side(delta.after))
    } else {
        delta.after.map(&show).unwrap_or_default()
    }
}

/// One value of a side, or [`ABSENT`].
pub(crate) fn value(v: Option<Decimal>) -> String {
    v.map_or_else(|| ABSENT.to_owned(), money)
}

/// A row of a budget's changes.
#[derive(Debug)]
pub(crate) struct ChangeRow {
    /// Organisation name; empty for material costs and the total.
    pub(crate) org: String,
    /// Role, `Stafkosten`, `Overhead`, `Totaal <organisatie>`, `Materiële
    /// kosten` or `Totaal`.
    pub(crate) label: String,
    /// Rate, or `before → after`.
    pub(crate) rate: String,
    /// Hours, or `before → after`.
    pub(crate) hours: String,
    /// Amount, or `before → after`.
    pub(crate) amount: String,
    /// The amount's difference, signed.
    pub(crate) difference: String,
    /// A total (organisation or budget), to stand out.
    pub(crate) total: bool,
}

/// The headings of the columns of [`budget_rows`], in the book's words.
pub(super) fn budget_head(c: &ChangeSet) -> [&str; 6] {
    let w = &c.words;
    [
        &c.labels.organisation,
        &w.diff_line,
        &w.diff_rate,
        &w.diff_hours,
        &w.diff_amount,
        &w.diff_difference,
    ]
}

fn charge_row(org: &str, label: &str, c: &ChargeChange) -> ChangeRow {
    ChangeRow {
        org: org.to_owned(),
        label: label.to_owned(),
        rate: pair(&c.rate, number),
        hours: pair(&c.hours, number),
        amount: pair(&c.amount, money),
        difference: signed(c.amount.difference()),
        total: false,
    }
}

/// The rows of a budget that changed: changed role lines, Stafkosten and
/// Overhead, each changed organisation's total, Materiële kosten when it
/// changed, and the budget total.
pub(crate) fn budget_rows(b: &BudgetChange, c: &ChangeSet) -> Vec<ChangeRow> {
    let labels: &Labels = &c.labels;
    let mut rows = Vec::new();
    for o in b.organisations.iter().filter(|o| o.changed()) {
        for line in o.lines.iter().filter(|l| l.charge.changed()) {
            rows.push(charge_row(&o.name, &line.role, &line.charge));
        }
        if o.staff.changed() {
            rows.push(charge_row(&o.name, &labels.staff, &o.staff));
        }
        if o.overhead.changed() {
            rows.push(charge_row(&o.name, &labels.overhead, &o.overhead));
        }
        rows.push(ChangeRow {
            org: o.name.clone(),
            label: format!("{} {}", labels.total, o.name),
            rate: String::new(),
            hours: pair(&o.hours, number),
            amount: pair(&o.total, money),
            difference: signed(o.total.difference()),
            total: true,
        });
    }
    if b.material.changed() {
        rows.push(ChangeRow {
            org: String::new(),
            label: labels.material.clone(),
            rate: String::new(),
            hours: String::new(),
            amount: pair(&b.material, money),
            difference: signed(b.material.difference()),
            total: false,
        });
    }
    rows.push(ChangeRow {
        org: String::new(),
        label: labels.total.clone(),
        rate: String::new(),
        hours: String::new(),
        amount: pair(&b.total, |v| c.amount(v)),
        difference: signed(b.total.difference()),
        total: true,
    });
    rows
}

/// What happened to a budget, in the book's words: `gewijzigd`,
/// `toegevoegd in Thema 2. Wonen`, `verplaatst van Thema 2. Wonen naar
/// Thema 1. Werk`, ….
pub(super) fn status(b: &BudgetChange, words: &Words) -> String {
    let label =
        |g: &Option<super::GroupRef>| g.as_ref().map(|g| g.label.clone()).unwrap_or_default();
    match b.status {
        ChangeStatus::Added => format!("{} {}", words.added_in, label(&b.group_after)),
        ChangeStatus::Removed => format!("{} {}", words.removed_from, label(&b.group_before)),
        ChangeStatus::Changed => {
            let moved = format!(
                "{} {} {} {}",
                words.moved_from,
                label(&b.group_before),
                words.diff_to,
                label(&b.group_after)
            );
            match (b.figures_changed(), b.moved()) {
                (true, true) => format!("{} {moved}", words.changed_and),
                (false, true) => moved,
                _ => words.changed.clone(),
            }
        }
    }
}

/// A rate as a reader sees its change: `90 → 95 (+5)`, or `– → 60` for a
/// role new on the card.
pub(crate) fn rate(change: &RateChange) -> String {
    let text = pair(&change.rate, number);
    match (change.rate.before, change.rate.after) {
        (Some(_), Some(_)) => format!("{text} ({})", signed_number(change.rate.difference())),
        _ => text,
    }
}

/// A row of the overview before and after.
#[derive(Debug)]
pub(crate) struct TotalRow {
    /// Label, e.g. `Thema 1. Werk`, `Totaal`, `waarvan Beta Kennis`.
    pub(crate) label: String,
    /// 0 for functions and the programme's lines, 1 for themes and the
    /// parts of the total.
    pub(crate) level: u8,
    /// The figure before and after.
    pub(crate) delta: Delta,
    /// The programme total, to stand out.
    pub(crate) strong: bool,
}

/// The overview before and after: each function with its themes, the
/// programme total with its parts (per organisation and Materiële kosten),
/// the available budget and what remains of it (negative: an overrun).
pub(crate) fn total_rows(c: &ChangeSet) -> Vec<TotalRow> {
    let row = |label: String, level, delta: Delta, strong| TotalRow {
        label,
        level,
        delta,
        strong,
    };
    let mut rows: Vec<TotalRow> = c
        .groups
        .iter()
        .map(|g| {
            let level = u8::from(g.kind == GroupKind::Theme);
            row(g.label.clone(), level, g.total, false)
        })
        .collect();
    let labels = &c.labels;
    let of_which = &c.words.of_which;
    rows.push(row(labels.total.clone(), 0, c.total, true));
    for o in &c.organisations {
        rows.push(row(format!("{of_which} {}", o.name), 1, o.total, false));
    }
    rows.push(row(
        format!("{of_which} {}", labels.material),
        1,
        c.material,
        false,
    ));
    rows.push(row(labels.available.clone(), 0, c.available, false));
    rows.push(remainder_row(labels, c.remainder()));
    rows
}

/// What is left of the available budget, worded as the new side's
/// overview words it: "Resterend", or "Tekort" with the overrun as a
/// positive figure (a negative one before: there was money left).
fn remainder_row(labels: &Labels, remainder: Delta) -> TotalRow {
    let overrun = remainder.after.is_some_and(is_overrun);
    let (label, delta) = if overrun {
        let negate = |v: Option<Decimal>| v.map(|v| -v);
        let delta = Delta {
            before: negate(remainder.before),
            after: negate(remainder.after),
        };
        (&labels.overrun, delta)
    } else {
        (&labels.remainder, remainder)
    };
    TotalRow {
        label: label.to_owned(),
        level: 0,
        delta,
        strong: false,
    }
}

/// A row of the table of causes: a budget, the budgets left out of a short
/// table taken together, or the programme total.
#[derive(Debug)]
pub(crate) struct CauseRow {
    /// "Project 1.1 Titel", "12 andere begrotingen" or "Totaal".
    pub(crate) label: String,
    /// What happened to the budget, in words; empty for a sum.
    pub(crate) status: String,
    /// The change of the printed total.
    pub(crate) difference: Decimal,
    /// Its parts.
    pub(crate) causes: Causes,
    /// The programme total, to stand out.
    pub(crate) total: bool,
}

/// The cause columns worth a column: those not zero for some budget, in
/// the order of [`Causes::parts`].
pub(crate) fn cause_columns(c: &ChangeSet) -> Vec<Cause> {
    Causes::default()
        .parts()
        .into_iter()
        .map(|(cause, _)| cause)
        .filter(|&cause| {
            c.budgets.iter().any(|b| {
                b.causes
                    .parts()
                    .iter()
                    .any(|(k, v)| *k == cause && !v.is_zero())
            })
        })
        .collect()
}

/// The budgets that differ, largest change first (by its size; equal
/// sizes in reading order); with a `limit`, the budgets beyond it summed
/// into one row; then the programme total. The rows add up to the total.
pub(crate) fn cause_rows(c: &ChangeSet, limit: Option<usize>) -> Vec<CauseRow> {
    let mut budgets: Vec<&BudgetChange> = c.budgets.iter().collect();
    budgets.sort_by_key(|b| std::cmp::Reverse(b.total.difference().abs()));
    let shown = limit.map_or(budgets.len(), |n| n.min(budgets.len()));
    let mut rows: Vec<CauseRow> = budgets[..shown]
        .iter()
        .map(|b| CauseRow {
            label: b.heading(&c.labels),
            status: status(b, &c.words),
            difference: b.total.difference(),
            causes: b.causes,
            total: false,
        })
        .collect();
    let rest = &budgets[shown..];
    if !rest.is_empty() {
        let noun = if rest.len() == 1 {
            &c.words.other_budget
        } else {
            &c.words.other_budgets
        };
        rows.push(CauseRow {
            label: format!("{} {noun}", rest.len()),
            status: String::new(),
            difference: rest.iter().map(|b| b.total.difference()).sum(),
            causes: rest.iter().map(|b| b.causes).sum(),
            total: false,
        });
    }
    rows.push(CauseRow {
        label: c.labels.total.clone(),
        status: String::new(),
        difference: c.total.difference(),
        causes: c.causes(),
        total: true,
    });
    rows
}

/// A part of a change as a cell: signed, empty when zero.
pub(crate) fn cause_cell(causes: &Causes, cause: Cause) -> String {
    causes
        .parts()
        .into_iter()
        .find(|(k, _)| *k == cause)
        .map(|(_, v)| v)
        .filter(|v| !v.is_zero())
        .map(signed)
        .unwrap_or_default()
}
