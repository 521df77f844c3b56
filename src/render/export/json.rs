//! The open-data export: every amount as printed (`amount`, `total`: the
//! figures that foot, with the precision's decimals) and exactly
//! (`exact_amount`, `exact_total`), as strings, never floats, with the
//! rounding rule that leads from one to the other.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compile::budget::{Charge, ComputedBudget, GroupKind, GroupTotal, Programme};
use crate::source::format::{fixed, plain};
use crate::source::model::{Config, Group, MoneyPolicy, Organisation, RoundAt, Rounding};

#[derive(Serialize)]
struct Export<'a> {
    title: &'a str,
    year: i32,
    currency: &'a str,
    money: Money,
    available: String,
    total: String,
    exact_total: String,
    remainder: String,
    organisations: Vec<OrgRef<'a>>,
    budgets: Vec<Budget<'a>>,
    groups: Vec<GroupRow<'a>>,
}

/// The money policy, stated.
#[derive(Serialize)]
struct Money {
    /// Decimals of every printed amount and rate.
    precision: u32,
    /// `half-up` or `half-even`.
    rounding: &'static str,
    /// `lines` or `totals`.
    round: &'static str,
    /// Whether book.yaml states the rule or these are the defaults.
    stated: bool,
    /// The rule in words.
    rule: String,
    /// The most the printed programme total may differ from the exact one.
    bound: String,
}

#[derive(Serialize)]
struct OrgRef<'a> {
    id: &'a str,
    name: &'a str,
    staff_rate: String,
    overhead_rate: String,
    /// The organisation's programme total, printed and exact.
    total: String,
    exact_total: String,
}

#[derive(Serialize)]
struct Budget<'a> {
    id: &'a str,
    title: &'a str,
    group: &'a str,
    group_kind: &'static str,
    organisations: Vec<Org<'a>>,
    material: String,
    total: String,
    exact_total: String,
}

#[derive(Serialize)]
struct Org<'a> {
    id: &'a str,
    name: &'a str,
    lines: Vec<RoleLine<'a>>,
    hours: String,
    staff: Amount,
    overhead: Amount,
    total: String,
    exact_total: String,
}

#[derive(Serialize)]
struct RoleLine<'a> {
    role: &'a str,
    #[serde(flatten)]
    amount: Amount,
}

#[derive(Serialize)]
struct Amount {
    rate: String,
    hours: String,
    amount: String,
    exact_amount: String,
}

impl Amount {
    fn new(c: &Charge, precision: u32) -> Self {
        Self {
            rate: fixed(c.rate, precision),
            hours: plain(c.hours),
            amount: fixed(c.amount, precision),
            exact_amount: plain(c.exact_amount),
        }
    }
}

#[derive(Serialize)]
struct GroupRow<'a> {
    id: &'a str,
    kind: &'static str,
    name: &'a str,
    label: &'a str,
    organisations: Vec<GroupOrg<'a>>,
    material: String,
    total: String,
    exact_total: String,
    budgets: &'a [String],
}

#[derive(Serialize)]
struct GroupOrg<'a> {
    id: &'a str,
    total: String,
    exact_total: String,
}

/// The rule in words, for a reader of the open data.
fn rule(policy: &MoneyPolicy) -> String {
    let unit = match policy.precision {
        0 => "whole units".to_owned(),
        n => format!("{n} decimals"),
    };
    let mode = match policy.rounding {
        Rounding::HalfUp => "half up",
        Rounding::HalfEven => "half to even",
    };
    match policy.round {
        RoundAt::Lines => format!(
            "Amounts are printed in {unit}. Every line (role, staff costs, overhead) is its exact \
             amount rounded {mode}; every total is the sum of the printed figures it stands for."
        ),
        RoundAt::Totals => format!(
            "Amounts are printed in {unit}. Each organisation's total in a budget is its exact \
             total rounded {mode}; its lines are rounded down and the units left go to the lines \
             with the largest remainders (the earlier line first), so that they add up to it; \
             budget and overview totals are sums of printed figures."
        ),
    }
}

pub(super) fn render(config: &Config, programme: &Programme) -> String {
    let orgs = &config.organisations;
    let p = programme.policy.precision;
    let money = |d: Decimal| fixed(d, p);
    let export = Export {
        title: &config.title,
        year: config.year,
        currency: &config.currency,
        money: money_policy(programme),
        available: money(programme.available),
        total: money(programme.total),
        exact_total: plain(programme.exact_total),
        remainder: money(programme.remainder()),
        organisations: orgs
            .iter()
            .zip(programme.per_org.iter().zip(&programme.exact_per_org))
            .map(|(o, (total, exact))| OrgRef {
                id: &o.id,
                name: &o.name,
                staff_rate: money(o.staff_rate),
                overhead_rate: money(o.overhead_rate),
                total: money(*total),
                exact_total: plain(*exact),
            })
            .collect(),
        budgets: programme
            .budgets
            .iter()
            .map(|b| budget(orgs, b, p))
            .collect(),
        groups: programme
            .groups
            .iter()
            .map(|g| group_row(config, g, p))
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The money policy the amounts were made by, with its rule in words.
fn money_policy(programme: &Programme) -> Money {
    let policy = &programme.policy;
    Money {
        precision: policy.precision,
        rounding: policy.rounding.name(),
        round: policy.round.name(),
        stated: policy.stated,
        rule: rule(policy),
        bound: plain(programme.bound()),
    }
}

/// One budget with its organisations' lines, amounts printed with `p`
/// decimals.
fn budget<'a>(orgs: &'a [Organisation], b: &'a ComputedBudget, p: u32) -> Budget<'a> {
    let money = |d: Decimal| fixed(d, p);
    Budget {
        id: &b.id,
        title: &b.title,
        group: b.group.id(),
        group_kind: match b.group {
            Group::Theme(_) => "theme",
            Group::Function(_) => "function",
        },
        organisations: b
            .organisations
            .iter()
            .map(|o| Org {
                id: &orgs[o.org].id,
                name: &orgs[o.org].name,
                lines: o
                    .lines
                    .iter()
                    .map(|l| RoleLine {
                        role: &l.role,
                        amount: Amount::new(&l.charge, p),
                    })
                    .collect(),
                hours: plain(o.hours),
                staff: Amount::new(&o.staff, p),
                overhead: Amount::new(&o.overhead, p),
                total: money(o.total),
                exact_total: plain(o.exact_total),
            })
            .collect(),
        material: money(b.material),
        total: money(b.total),
        exact_total: plain(b.exact_total),
    }
}

/// One row of the overview: a theme's or function's subtotal, per
/// organisation of the overview's columns.
fn group_row<'a>(config: &'a Config, g: &'a GroupTotal, p: u32) -> GroupRow<'a> {
    let money = |d: Decimal| fixed(d, p);
    GroupRow {
        id: &g.id,
        kind: match g.kind {
            GroupKind::Theme => "theme",
            GroupKind::Function => "function",
        },
        name: &g.name,
        label: &g.label,
        organisations: config
            .overview_columns
            .iter()
            .map(|&i| GroupOrg {
                id: &config.organisations[i].id,
                total: money(g.per_org[i]),
                exact_total: plain(g.exact_per_org[i]),
            })
            .collect(),
        material: money(g.material),
        total: money(g.total),
        exact_total: plain(g.exact_total),
        budgets: &g.budgets,
    }
}
