//! The budget engine: amounts from hours, exactly, with `rust_decimal`, and
//! the figures printed from them by the book's money policy.
//!
//! Pure: no I/O and no formatting. For each budget, a role amount is rate ×
//! hours; per organisation, Stafkosten and Overhead are their rates × that
//! organisation's total hours; the budget total adds Materiële kosten. The
//! programme rolls budgets up per theme and per function into the overview
//! that must match the available budget.
//!
//! Every amount is held twice: exactly, and as printed. The printed figures
//! follow [`MoneyPolicy`] (see [`rounding`]) and every printed total is the
//! sum of the printed figures it stands for, so every table foots as
//! printed. Outputs read the printed figures from here and never round on
//! their own.
//!
//! How far a printed total may lie from its exact amount, with `u` one unit
//! of the printed precision (1 or 0,01) and material always exact:
//! - `round: lines`: every line within ½ u; a total of n rounded lines
//!   within n × ½ u (a budget's n counts its role, Stafkosten and Overhead
//!   lines; a theme's, function's or the programme's all of theirs).
//! - `round: totals`: an organisation's total in a budget within ½ u, each of
//!   its lines within 1 u (exclusive); a budget total with k organisation
//!   blocks within k × ½ u, and so on upwards.
//!
//! [`Programme::bound`] and [`ComputedBudget::bound`] give that bound.

pub(crate) mod checks;

use crate::source::rounding;
use rust_decimal::Decimal;

use crate::source::model::{BudgetSpec, Config, Group, MoneyPolicy, RoundAt};

/// A rate × hours = amount line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// Rate in currency units per hour.
    pub rate: Decimal,
    /// Hours.
    pub hours: Decimal,
    /// The amount as printed, in currency units, with the policy's
    /// precision: what every output shows and every total adds up.
    pub amount: Decimal,
    /// rate × hours exactly, in currency units.
    pub exact_amount: Decimal,
}

impl Charge {
    /// A line whose printed amount is still to be set.
    fn exact(rate: Decimal, hours: Decimal) -> Self {
        let exact_amount = rate * hours;
        Self {
            rate,
            hours,
            amount: exact_amount,
            exact_amount,
        }
    }
}

/// A role line with its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAmount {
    /// Role name as printed.
    pub role: String,
    /// The role on the organisation's rate card whose rate applies; `None`
    /// for a rate of the role's own.
    pub card_role: Option<String>,
    /// The role's rate, hours and amount.
    pub charge: Charge,
}

impl RoleAmount {
    /// Whether the rate is the role's own rather than the rate card's.
    pub fn own_rate(&self) -> bool {
        self.card_role.is_none()
    }
}

/// One organisation's block of a budget table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgAmounts {
    /// Index into [`Config::organisations`].
    pub org: usize,
    /// Role lines in the order written.
    pub lines: Vec<RoleAmount>,
    /// Total hours of the organisation in this budget.
    pub hours: Decimal,
    /// Stafkosten: staff rate × total hours.
    pub staff: Charge,
    /// Overhead: overhead rate × total hours.
    pub overhead: Charge,
    /// Printed role amounts + Stafkosten + Overhead, in currency units.
    pub total: Decimal,
    /// The exact role amounts + Stafkosten + Overhead, in currency units.
    pub exact_total: Decimal,
}

impl OrgAmounts {
    /// The lines of the block as printed: role lines, Stafkosten, Overhead.
    pub fn charges(&self) -> impl Iterator<Item = &Charge> {
        self.lines
            .iter()
            .map(|l| &l.charge)
            .chain([&self.staff, &self.overhead])
    }

    fn charges_mut(&mut self) -> impl Iterator<Item = &mut Charge> {
        self.lines
            .iter_mut()
            .map(|l| &mut l.charge)
            .chain([&mut self.staff, &mut self.overhead])
    }
}

/// A budget with every amount computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputedBudget {
    /// Project or function id.
    pub id: String,
    /// Title of the project or function.
    pub title: String,
    /// Theme or function it rolls up into.
    pub group: Group,
    /// Organisation blocks in the order written.
    pub organisations: Vec<OrgAmounts>,
    /// Materiële kosten, in currency units (exact and printed: a book may
    /// not give it finer than the printed precision).
    pub material: Decimal,
    /// Printed organisation totals + material, in currency units.
    pub total: Decimal,
    /// Exact organisation totals + material, in currency units.
    pub exact_total: Decimal,
}

impl ComputedBudget {
    /// The printed total of organisation `org` in this budget (0 when
    /// absent).
    pub fn org_total(&self, org: usize) -> Decimal {
        self.organisations
            .iter()
            .filter(|o| o.org == org)
            .map(|o| o.total)
            .sum()
    }

    /// The exact total of organisation `org` in this budget (0 when absent).
    pub fn exact_org_total(&self, org: usize) -> Decimal {
        self.organisations
            .iter()
            .filter(|o| o.org == org)
            .map(|o| o.exact_total)
            .sum()
    }

    /// The most the printed total may differ from the exact total under
    /// `policy` (see the module docs).
    pub fn bound(&self, policy: &MoneyPolicy) -> Decimal {
        let rounded = match policy.round {
            RoundAt::Lines => self.organisations.iter().map(|o| o.charges().count()).sum(),
            RoundAt::Totals => self.organisations.len(),
        };
        half_units(rounded, policy)
    }
}

/// `n` × ½ unit of the printed precision.
fn half_units(n: usize, policy: &MoneyPolicy) -> Decimal {
    Decimal::from(n) * rounding::unit(policy.precision) / Decimal::TWO
}

/// Whether a subtotal is a theme's or a function's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// A theme of a function.
    Theme,
    /// A budget function.
    Function,
}

/// The subtotal of a theme or function: one row of the programme overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTotal {
    /// Theme number or function letter.
    pub id: String,
    /// Theme or function.
    pub kind: GroupKind,
    /// Printed name, e.g. "Nieuwe migratie".
    pub name: String,
    /// Overview label, e.g. "Thema 1. Nieuwe migratie".
    pub label: String,
    /// Printed total per organisation, indexed like
    /// [`Config::organisations`].
    pub per_org: Vec<Decimal>,
    /// Exact total per organisation, indexed like the organisations.
    pub exact_per_org: Vec<Decimal>,
    /// Materiële kosten.
    pub material: Decimal,
    /// Printed organisation totals + material.
    pub total: Decimal,
    /// Exact organisation totals + material.
    pub exact_total: Decimal,
    /// Ids of the budgets counted directly in this row, in reading order.
    pub budgets: Vec<String>,
    /// The most [`GroupTotal::total`] may differ from the exact total.
    pub bound: Decimal,
}

/// The whole computed budget of a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// Every budget, in reading order.
    pub budgets: Vec<ComputedBudget>,
    /// Overview rows in printed order: each function, followed by its themes.
    pub groups: Vec<GroupTotal>,
    /// Printed programme total per organisation, indexed like the
    /// organisations.
    pub per_org: Vec<Decimal>,
    /// Exact programme total per organisation.
    pub exact_per_org: Vec<Decimal>,
    /// Programme Materiële kosten.
    pub material: Decimal,
    /// Printed programme total.
    pub total: Decimal,
    /// Exact programme total.
    pub exact_total: Decimal,
    /// Totaal beschikbaar budget.
    pub available: Decimal,
    /// The money policy the printed figures follow.
    pub policy: MoneyPolicy,
}

impl Programme {
    /// Available budget − printed total: positive is unallocated, negative an
    /// overrun.
    pub fn remainder(&self) -> Decimal {
        self.available - self.total
    }

    /// The computed budget with this id.
    pub fn budget(&self, id: &str) -> Option<&ComputedBudget> {
        self.budgets.iter().find(|b| b.id == id)
    }

    /// The most the printed programme total may differ from the exact one.
    pub fn bound(&self) -> Decimal {
        self.budgets.iter().map(|b| b.bound(&self.policy)).sum()
    }
}

/// Computes one budget: the exact amounts, then the printed ones.
pub(crate) fn compute_budget(config: &Config, spec: &BudgetSpec) -> ComputedBudget {
    let policy = &config.money;
    let organisations: Vec<OrgAmounts> = spec
        .organisations
        .iter()
        .map(|block| {
            let org = &config.organisations[block.org];
            let lines: Vec<RoleAmount> = block
                .lines
                .iter()
                .map(|line| RoleAmount {
                    role: line.role.clone(),
                    card_role: line.card_role.clone(),
                    charge: Charge::exact(line.rate, line.hours),
                })
                .collect();
            let hours: Decimal = lines.iter().map(|l| l.charge.hours).sum();
            let mut amounts = OrgAmounts {
                org: block.org,
                lines,
                hours,
                staff: Charge::exact(org.staff_rate, hours),
                overhead: Charge::exact(org.overhead_rate, hours),
                total: Decimal::ZERO,
                exact_total: Decimal::ZERO,
            };
            amounts.exact_total = amounts.charges().map(|c| c.exact_amount).sum();
            print_block(&mut amounts, policy);
            amounts
        })
        .collect();
    let material = rounding::at_scale(spec.material, policy.precision);
    let total = organisations.iter().map(|o| o.total).sum::<Decimal>() + material;
    let exact_total = organisations.iter().map(|o| o.exact_total).sum::<Decimal>() + spec.material;
    ComputedBudget {
        id: spec.id.clone(),
        title: spec.title.clone(),
        group: spec.group.clone(),
        organisations,
        material,
        total,
        exact_total,
    }
}

/// Sets the printed amounts of an organisation's block and its printed
/// total, by the policy.
fn print_block(block: &mut OrgAmounts, policy: &MoneyPolicy) {
    match policy.round {
        RoundAt::Lines => {
            for charge in block.charges_mut() {
                charge.amount = rounding::round(charge.exact_amount, policy);
            }
            block.total = block.charges().map(|c| c.amount).sum();
        }
        RoundAt::Totals => {
            block.total = rounding::round(block.exact_total, policy);
            let exact: Vec<Decimal> = block.charges().map(|c| c.exact_amount).collect();
            let printed = rounding::largest_remainder(block.total, &exact, policy.precision);
            for (charge, amount) in block.charges_mut().zip(printed) {
                charge.amount = amount;
            }
        }
    }
}

/// Computes every budget and rolls them up into the programme overview.
pub(crate) fn compute_programme<'a>(
    config: &Config,
    specs: impl IntoIterator<Item = &'a BudgetSpec>,
) -> Programme {
    let budgets: Vec<ComputedBudget> = specs
        .into_iter()
        .map(|s| compute_budget(config, s))
        .collect();
    let policy = config.money;
    let orgs = config.organisations.len();
    let mut groups = Vec::new();
    for function in &config.functions {
        let themes: Vec<GroupTotal> = function
            .themes
            .iter()
            .map(|theme| {
                let mut row =
                    GroupTotal::empty(&theme.id, GroupKind::Theme, &theme.name, &theme.label, orgs);
                for b in budgets
                    .iter()
                    .filter(|b| b.group == Group::Theme(theme.id.clone()))
                {
                    row.add_budget(b, &policy);
                }
                row
            })
            .collect();
        let mut row = GroupTotal::empty(
            &function.id,
            GroupKind::Function,
            &function.name,
            &function.label,
            orgs,
        );
        for b in budgets
            .iter()
            .filter(|b| b.group == Group::Function(function.id.clone()))
        {
            row.add_budget(b, &policy);
        }
        for theme in &themes {
            row.add_row(theme);
        }
        groups.push(row);
        groups.extend(themes);
    }
    let mut per_org = vec![Decimal::ZERO; orgs];
    let mut exact_per_org = vec![Decimal::ZERO; orgs];
    for b in &budgets {
        for o in &b.organisations {
            per_org[o.org] += o.total;
            exact_per_org[o.org] += o.exact_total;
        }
    }
    let material = rounding::at_scale(budgets.iter().map(|b| b.material).sum(), policy.precision);
    let total = rounding::at_scale(budgets.iter().map(|b| b.total).sum(), policy.precision);
    let exact_total = budgets.iter().map(|b| b.exact_total).sum();
    Programme {
        budgets,
        groups,
        per_org,
        exact_per_org,
        material,
        total,
        exact_total,
        available: rounding::at_scale(config.available_budget, policy.precision),
        policy,
    }
}

impl GroupTotal {
    fn empty(id: &str, kind: GroupKind, name: &str, label: &str, orgs: usize) -> Self {
        Self {
            id: id.to_owned(),
            kind,
            name: name.to_owned(),
            label: label.to_owned(),
            per_org: vec![Decimal::ZERO; orgs],
            exact_per_org: vec![Decimal::ZERO; orgs],
            material: Decimal::ZERO,
            total: Decimal::ZERO,
            exact_total: Decimal::ZERO,
            budgets: Vec::new(),
            bound: Decimal::ZERO,
        }
    }

    fn add_budget(&mut self, budget: &ComputedBudget, policy: &MoneyPolicy) {
        for o in &budget.organisations {
            self.per_org[o.org] += o.total;
            self.exact_per_org[o.org] += o.exact_total;
        }
        self.material += budget.material;
        self.total += budget.total;
        self.exact_total += budget.exact_total;
        self.bound += budget.bound(policy);
        self.budgets.push(budget.id.clone());
    }

    fn add_row(&mut self, other: &GroupTotal) {
        for (mine, theirs) in self.per_org.iter_mut().zip(&other.per_org) {
            *mine += *theirs;
        }
        for (mine, theirs) in self.exact_per_org.iter_mut().zip(&other.exact_per_org) {
            *mine += *theirs;
        }
        self.material += other.material;
        self.total += other.total;
        self.exact_total += other.exact_total;
        self.bound += other.bound;
    }
}

#[cfg(test)]
mod footing;
#[cfg(test)]
pub(crate) mod tests;
