//! The computed tables as views: the budget table of a project or
//! function, and the Totaaloverzicht begroting.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compile::budget::{Charge, ComputedBudget, GroupKind, Programme};
use crate::compile::markdown::anchor_of;
use crate::compile::views::Figure;
use crate::source::model::Config;

/// A budget table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BudgetTable {
    /// The budget's id, e.g. "1.1" or "B".
    pub id: String,
    /// "Project 1.1 …" or "B Portaalfunctie".
    pub heading: String,
    /// The table's caption, e.g. "Begroting project 1.1".
    pub caption: String,
    /// The table's anchor on its page, e.g. `_begroting-1-1`.
    pub anchor: String,
    /// Organisation blocks in printed order.
    pub organisations: Vec<OrgBlock>,
    /// Materiële kosten, in currency units.
    pub material: Figure,
    /// The budget's total, in currency units.
    pub total: Figure,
}

/// One organisation's block of a budget table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OrgBlock {
    /// The organisation's printed name.
    pub name: String,
    /// Role lines, then Stafkosten and Overhead.
    pub lines: Vec<Line>,
    /// "Totaal Verwey-Jonker Instituut".
    pub total_label: String,
    /// The organisation's total, in currency units.
    pub total: Figure,
}

/// A rate × hours = amount line of a budget table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Line {
    /// The role, "Stafkosten" or "Overhead".
    pub label: String,
    /// Currency units per hour.
    pub rate: Figure,
    /// Hours.
    pub hours: Figure,
    /// Currency units.
    pub amount: Figure,
}

impl Line {
    fn new(label: &str, charge: &Charge, precision: u32) -> Self {
        Self {
            label: label.to_owned(),
            rate: Figure::amount(charge.rate, precision),
            hours: Figure::hours(charge.hours),
            amount: Figure::amount(charge.amount, precision),
        }
    }
}

impl BudgetTable {
    /// The table of one computed budget.
    pub fn new(config: &Config, budget: &ComputedBudget) -> Self {
        let labels = &config.labels;
        let precision = config.money.precision;
        let organisations = budget
            .organisations
            .iter()
            .map(|o| {
                let name = config.organisations[o.org].name.clone();
                let mut lines: Vec<Line> = o
                    .lines
                    .iter()
                    .map(|l| Line::new(&l.role, &l.charge, precision))
                    .collect();
                lines.push(Line::new(&labels.staff, &o.staff, precision));
                lines.push(Line::new(&labels.overhead, &o.overhead, precision));
                OrgBlock {
                    total_label: format!("{} {name}", labels.total),
                    name,
                    lines,
                    total: Figure::amount(o.total, precision),
                }
            })
            .collect();
        Self {
            id: budget.id.clone(),
            heading: super::heading(labels, budget),
            caption: super::caption(labels, budget),
            anchor: format!("_begroting-{}", anchor_of(&budget.id)),
            organisations,
            material: Figure::amount(budget.material, precision),
            total: Figure::amount(budget.total, precision),
        }
    }
}

/// The Totaaloverzicht begroting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Overview {
    /// The table's caption, e.g. "Totaaloverzicht begroting Kennisplatform
    /// Integratie & Samenleving 2019".
    pub caption: String,
    /// The organisation columns' headings, in column order.
    pub columns: Vec<String>,
    /// Function, theme and budget rows in printed order; a budget's row
    /// (kind "item") follows the row it counts towards.
    pub rows: Vec<OverviewRow>,
    /// The programme total.
    pub total: OverviewRow,
    /// Totaal beschikbaar budget.
    pub available: Figure,
    /// Available − total, as a figure without sign.
    pub remainder: Figure,
    /// Whether anything remains or is short: a zero remainder is not printed
    /// in the PDF.
    pub has_remainder: bool,
    /// "Resterend", or "Tekort" when the total is above the available budget.
    pub remainder_label: String,
}

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OverviewRow {
    /// "function", "theme", "item" or "total": how the row is set.
    pub kind: &'static str,
    /// "A Ontwikkeling van Kennis", "Thema 1. Nieuwe migratie", "Project
    /// 1.1 …", "Totaal".
    pub label: String,
    /// The slug of the page the row stands for, if it has one.
    pub target: Option<String>,
    /// Per organisation, in column order.
    pub organisations: Vec<Figure>,
    /// Materiële kosten.
    pub material: Figure,
    /// The row's total.
    pub total: Figure,
}

/// What a row of the overview stands for, to find its page.
#[derive(Debug, Clone, Copy)]
pub enum RowTarget<'a> {
    /// A function, by letter.
    Function(&'a str),
    /// A theme, by number.
    Theme(&'a str),
    /// A project or function budget, by id.
    Budget(&'a str),
}

impl Overview {
    /// The overview of `programme`; `target` names the page of a row.
    pub fn new(
        config: &Config,
        programme: &Programme,
        target: &dyn Fn(RowTarget<'_>) -> Option<String>,
    ) -> Self {
        let labels = &config.labels;
        let precision = config.money.precision;
        let row = |kind, label: String, target, per_org: &[Decimal], material, total| OverviewRow {
            kind,
            label,
            target,
            organisations: config
                .overview_columns
                .iter()
                .map(|&i| Figure::amount(per_org[i], precision))
                .collect(),
            material: Figure::amount(material, precision),
            total: Figure::amount(total, precision),
        };
        let mut rows = Vec::new();
        for g in &programme.groups {
            let (kind, of) = match g.kind {
                GroupKind::Function => ("function", RowTarget::Function(&g.id)),
                GroupKind::Theme => ("theme", RowTarget::Theme(&g.id)),
            };
            rows.push(row(
                kind,
                g.label.clone(),
                target(of),
                &g.per_org,
                g.material,
                g.total,
            ));
            // A function with a budget of its own is its own row already.
            if g.kind == GroupKind::Function && g.budgets == [g.id.clone()] {
                continue;
            }
            for b in g.budgets.iter().filter_map(|id| programme.budget(id)) {
                let per_org: Vec<Decimal> = (0..config.organisations.len())
                    .map(|i| b.org_total(i))
                    .collect();
                let of = target(RowTarget::Budget(&b.id));
                rows.push(row(
                    "item",
                    super::heading(labels, b),
                    of,
                    &per_org,
                    b.material,
                    b.total,
                ));
            }
        }
        let remainder = programme.remainder();
        Self {
            caption: format!("{} {} {}", labels.overview, config.subtitle, config.year),
            columns: config
                .overview_columns
                .iter()
                .map(|&i| config.organisations[i].name.clone())
                .collect(),
            rows,
            total: row(
                "total",
                labels.total.clone(),
                None,
                &programme.per_org,
                programme.material,
                programme.total,
            ),
            available: Figure::amount(programme.available, precision),
            remainder: Figure::amount(remainder.abs(), precision),
            has_remainder: !remainder.is_zero(),
            remainder_label: super::remainder_label(labels, programme).to_owned(),
        }
    }
}
