//! The changes for machines: every figure as `{"before", "after",
//! "difference"}` with exact decimals as strings (like `kis-book budget
//! --format json`), `null` on a side where the figure does not exist.

use serde::Serialize;

use super::{BudgetChange, Causes, ChangeSet, ChargeChange, Delta, GroupRef, RateKind, Side};
use crate::compile::budget::GroupKind;
use crate::source::format::plain;

#[derive(Serialize)]
struct DiffOut<'a> {
    old: SideOut<'a>,
    new: SideOut<'a>,
    currency: &'a str,
    summary: Summary,
    /// The new side against its available budget, in words.
    verdict: Verdict,
    total: FigureOut,
    /// The programme total's change split into its causes.
    causes: CausesOut,
    material: FigureOut,
    available: FigureOut,
    remainder: FigureOut,
    organisations: Vec<OrgTotalOut<'a>>,
    groups: Vec<OverviewRowOut<'a>>,
    budgets: Vec<BudgetOut<'a>>,
    rates: Vec<RateOut<'a>>,
}

#[derive(Serialize)]
struct SideOut<'a> {
    /// The revision as named, `null` for the working tree.
    revision: Option<&'a str>,
    /// The full commit id, `null` for the working tree.
    commit: Option<&'a str>,
    /// The book's folder (`compare`), `null` for a revision or the working
    /// tree.
    folder: Option<&'a str>,
    working_tree: bool,
}

impl<'a> From<&'a Side> for SideOut<'a> {
    fn from(s: &'a Side) -> Self {
        Self {
            revision: s.revision.as_deref(),
            commit: s.commit.as_deref(),
            folder: s.folder.as_deref(),
            working_tree: s.commit.is_none() && s.folder.is_none(),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    text: String,
    changed: usize,
    added: usize,
    removed: usize,
    moved: usize,
    rates: usize,
}

#[derive(Serialize)]
struct Verdict {
    text: String,
    /// Whether the new side's total is within its available budget.
    within: bool,
}

/// The parts of a change (see `diff::causes`), exact decimals as strings;
/// they add up to `total`.
#[derive(Serialize)]
struct CausesOut {
    hours: String,
    card_rates: String,
    own_rates: String,
    material: String,
    rounding: String,
    total: String,
}

impl From<&Causes> for CausesOut {
    fn from(c: &Causes) -> Self {
        Self {
            hours: plain(c.hours),
            card_rates: plain(c.card_rates),
            own_rates: plain(c.own_rates),
            material: plain(c.material),
            rounding: plain(c.rounding),
            total: plain(c.total()),
        }
    }
}

#[derive(Serialize)]
struct FigureOut {
    before: Option<String>,
    after: Option<String>,
    difference: String,
}

impl From<Delta> for FigureOut {
    fn from(d: Delta) -> Self {
        Self {
            before: d.before.map(plain),
            after: d.after.map(plain),
            difference: plain(d.difference()),
        }
    }
}

#[derive(Serialize)]
struct ChargeOut {
    rate: FigureOut,
    hours: FigureOut,
    amount: FigureOut,
}

impl From<&ChargeChange> for ChargeOut {
    fn from(c: &ChargeChange) -> Self {
        Self {
            rate: c.rate.into(),
            hours: c.hours.into(),
            amount: c.amount.into(),
        }
    }
}

#[derive(Serialize)]
struct OrgTotalOut<'a> {
    id: &'a str,
    name: &'a str,
    total: FigureOut,
}

#[derive(Serialize)]
struct OverviewRowOut<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    material: FigureOut,
    total: FigureOut,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
}

#[derive(Serialize)]
struct BudgetOut<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    moved: bool,
    group_before: Option<GroupOut<'a>>,
    group_after: Option<GroupOut<'a>>,
    organisations: Vec<OrgOut<'a>>,
    material: FigureOut,
    total: FigureOut,
    causes: CausesOut,
}

#[derive(Serialize)]
struct OrgOut<'a> {
    id: &'a str,
    name: &'a str,
    lines: Vec<LineOut<'a>>,
    hours: FigureOut,
    staff: ChargeOut,
    overhead: ChargeOut,
    total: FigureOut,
}

#[derive(Serialize)]
struct LineOut<'a> {
    role: &'a str,
    #[serde(flatten)]
    charge: ChargeOut,
}

#[derive(Serialize)]
struct RateOut<'a> {
    organisation: &'a str,
    name: &'a str,
    /// `role`, `staff` or `overhead`.
    kind: &'static str,
    /// The role, for a role's rate.
    role: Option<&'a str>,
    rate: FigureOut,
    effects: Vec<EffectOut<'a>>,
    total_effect: String,
}

#[derive(Serialize)]
struct EffectOut<'a> {
    budget: &'a str,
    title: &'a str,
    line: &'a str,
    hours: String,
    amount: String,
}

fn kind(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Theme => "theme",
        GroupKind::Function => "function",
    }
}

fn group(g: &GroupRef) -> GroupOut<'_> {
    GroupOut {
        id: &g.id,
        kind: kind(g.kind),
        label: &g.label,
    }
}

fn budget(b: &BudgetChange) -> BudgetOut<'_> {
    BudgetOut {
        id: &b.id,
        title: &b.title,
        status: b.status.english(),
        moved: b.moved(),
        group_before: b.group_before.as_ref().map(group),
        group_after: b.group_after.as_ref().map(group),
        organisations: b
            .organisations
            .iter()
            .map(|o| OrgOut {
                id: &o.id,
                name: &o.name,
                lines: o
                    .lines
                    .iter()
                    .map(|l| LineOut {
                        role: &l.role,
                        charge: (&l.charge).into(),
                    })
                    .collect(),
                hours: o.hours.into(),
                staff: (&o.staff).into(),
                overhead: (&o.overhead).into(),
                total: o.total.into(),
            })
            .collect(),
        material: b.material.into(),
        total: b.total.into(),
        causes: (&b.causes).into(),
    }
}

pub(crate) fn render(c: &ChangeSet) -> String {
    let export = DiffOut {
        old: (&c.old).into(),
        new: (&c.new).into(),
        currency: &c.currency,
        summary: Summary {
            text: c.summary(),
            changed: c.count(super::ChangeStatus::Changed),
            added: c.count(super::ChangeStatus::Added),
            removed: c.count(super::ChangeStatus::Removed),
            moved: c.moved(),
            rates: c.rates.len(),
        },
        verdict: Verdict {
            text: c.verdict(),
            within: !c.remainder().after.is_some_and(super::is_overrun),
        },
        total: c.total.into(),
        causes: (&c.causes()).into(),
        material: c.material.into(),
        available: c.available.into(),
        remainder: c.remainder().into(),
        organisations: c
            .organisations
            .iter()
            .map(|o| OrgTotalOut {
                id: &o.id,
                name: &o.name,
                total: o.total.into(),
            })
            .collect(),
        groups: c
            .groups
            .iter()
            .map(|g| OverviewRowOut {
                id: &g.id,
                kind: kind(g.kind),
                label: &g.label,
                material: g.material.into(),
                total: g.total.into(),
            })
            .collect(),
        budgets: c.budgets.iter().map(budget).collect(),
        rates: c
            .rates
            .iter()
            .map(|r| RateOut {
                organisation: &r.org_id,
                name: &r.org_name,
                kind: match r.kind {
                    RateKind::Role(_) => "role",
                    RateKind::Staff => "staff",
                    RateKind::Overhead => "overhead",
                },
                role: match &r.kind {
                    RateKind::Role(role) => Some(role),
                    _ => None,
                },
                rate: r.rate.into(),
                effects: r
                    .effects
                    .iter()
                    .map(|e| EffectOut {
                        budget: &e.budget,
                        title: &e.title,
                        line: &e.line,
                        hours: plain(e.hours),
                        amount: plain(e.amount),
                    })
                    .collect(),
                total_effect: plain(r.total_effect()),
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&export).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
