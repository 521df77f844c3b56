//! The open-data export: exact decimals as strings, never floats.

use serde::Serialize;

use crate::budget::{Charge, GroupKind, Programme};
use crate::format::plain;
use crate::model::{Config, Group};

#[derive(Serialize)]
struct Export<'a> {
    title: &'a str,
    year: i32,
    currency: &'a str,
    available: String,
    total: String,
    remainder: String,
    organisations: Vec<OrgRef<'a>>,
    budgets: Vec<Budget<'a>>,
    groups: Vec<GroupRow<'a>>,
}

#[derive(Serialize)]
struct OrgRef<'a> {
    id: &'a str,
    name: &'a str,
    staff_rate: String,
    overhead_rate: String,
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
}

#[derive(Serialize)]
struct Org<'a> {
    id: &'a str,
    name: &'a str,
    lines: Vec<Line<'a>>,
    hours: String,
    staff: Amount,
    overhead: Amount,
    total: String,
}

#[derive(Serialize)]
struct Line<'a> {
    role: &'a str,
    rate: String,
    hours: String,
    amount: String,
}

#[derive(Serialize)]
struct Amount {
    rate: String,
    hours: String,
    amount: String,
}

impl From<&Charge> for Amount {
    fn from(c: &Charge) -> Self {
        Self {
            rate: plain(c.rate),
            hours: plain(c.hours),
            amount: plain(c.amount),
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
    budgets: &'a [String],
}

#[derive(Serialize)]
struct GroupOrg<'a> {
    id: &'a str,
    total: String,
}

pub fn render(config: &Config, programme: &Programme) -> String {
    let orgs = &config.organisations;
    let export = Export {
        title: &config.title,
        year: config.year,
        currency: &config.currency,
        available: plain(programme.available),
        total: plain(programme.total),
        remainder: plain(programme.remainder()),
        organisations: orgs
            .iter()
            .map(|o| OrgRef {
                id: &o.id,
                name: &o.name,
                staff_rate: plain(o.staff_rate),
                overhead_rate: plain(o.overhead_rate),
            })
            .collect(),
        budgets: programme
            .budgets
            .iter()
            .map(|b| Budget {
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
                            .map(|l| Line {
                                role: &l.role,
                                rate: plain(l.charge.rate),
                                hours: plain(l.charge.hours),
                                amount: plain(l.charge.amount),
                            })
                            .collect(),
                        hours: plain(o.hours),
                        staff: (&o.staff).into(),
                        overhead: (&o.overhead).into(),
                        total: plain(o.total),
                    })
                    .collect(),
                material: plain(b.material),
                total: plain(b.total),
            })
            .collect(),
        groups: programme
            .groups
            .iter()
            .map(|g| GroupRow {
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
                        id: &orgs[i].id,
                        total: plain(g.per_org[i]),
                    })
                    .collect(),
                material: plain(g.material),
                total: plain(g.total),
                budgets: &g.budgets,
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
