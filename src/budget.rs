//! The budget engine: amounts from hours, exactly, with `rust_decimal`.
//!
//! Pure: no I/O and no formatting. For each budget, a role amount is rate ×
//! hours; per organisation, Stafkosten and Overhead are their rates × that
//! organisation's total hours; the budget total adds Materiële kosten. The
//! programme rolls budgets up per theme and per function into the overview
//! that must match the available budget.

use rust_decimal::Decimal;

use crate::model::{BudgetSpec, Config, Group};

/// A rate × hours = amount line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// Rate in currency units per hour.
    pub rate: Decimal,
    /// Hours.
    pub hours: Decimal,
    /// rate × hours, in currency units.
    pub amount: Decimal,
}

impl Charge {
    fn new(rate: Decimal, hours: Decimal) -> Self {
        Self {
            rate,
            hours,
            amount: rate * hours,
        }
    }
}

/// A role line with its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAmount {
    /// Role name as printed.
    pub role: String,
    /// The role's rate, hours and amount.
    pub charge: Charge,
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
    /// Role amounts + Stafkosten + Overhead, in currency units.
    pub total: Decimal,
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
    /// Materiële kosten, in currency units.
    pub material: Decimal,
    /// Organisation totals + material, in currency units.
    pub total: Decimal,
}

impl ComputedBudget {
    /// The total of organisation `org` in this budget (0 when absent).
    pub fn org_total(&self, org: usize) -> Decimal {
        self.organisations
            .iter()
            .filter(|o| o.org == org)
            .map(|o| o.total)
            .sum()
    }
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
    /// Total per organisation, indexed like [`Config::organisations`].
    pub per_org: Vec<Decimal>,
    /// Materiële kosten.
    pub material: Decimal,
    /// Organisation totals + material.
    pub total: Decimal,
    /// Ids of the budgets counted directly in this row, in reading order.
    pub budgets: Vec<String>,
}

/// The whole computed budget of a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// Every budget, in reading order.
    pub budgets: Vec<ComputedBudget>,
    /// Overview rows in printed order: each function, followed by its themes.
    pub groups: Vec<GroupTotal>,
    /// Programme total per organisation, indexed like the organisations.
    pub per_org: Vec<Decimal>,
    /// Programme Materiële kosten.
    pub material: Decimal,
    /// Programme total.
    pub total: Decimal,
    /// Totaal beschikbaar budget.
    pub available: Decimal,
}

impl Programme {
    /// Available budget − total: positive is unallocated, negative an overrun.
    pub fn remainder(&self) -> Decimal {
        self.available - self.total
    }

    /// The computed budget with this id.
    pub fn budget(&self, id: &str) -> Option<&ComputedBudget> {
        self.budgets.iter().find(|b| b.id == id)
    }
}

/// Computes one budget.
pub fn compute_budget(config: &Config, spec: &BudgetSpec) -> ComputedBudget {
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
                    charge: Charge::new(line.rate, line.hours),
                })
                .collect();
            let hours: Decimal = lines.iter().map(|l| l.charge.hours).sum();
            let roles: Decimal = lines.iter().map(|l| l.charge.amount).sum();
            let staff = Charge::new(org.staff_rate, hours);
            let overhead = Charge::new(org.overhead_rate, hours);
            let total = roles + staff.amount + overhead.amount;
            OrgAmounts {
                org: block.org,
                lines,
                hours,
                staff,
                overhead,
                total,
            }
        })
        .collect();
    let total = organisations.iter().map(|o| o.total).sum::<Decimal>() + spec.material;
    ComputedBudget {
        id: spec.id.clone(),
        title: spec.title.clone(),
        group: spec.group.clone(),
        organisations,
        material: spec.material,
        total,
    }
}

/// Computes every budget and rolls them up into the programme overview.
pub fn compute_programme<'a>(
    config: &Config,
    specs: impl IntoIterator<Item = &'a BudgetSpec>,
) -> Programme {
    let budgets: Vec<ComputedBudget> = specs
        .into_iter()
        .map(|s| compute_budget(config, s))
        .collect();
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
                    row.add_budget(b);
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
            row.add_budget(b);
        }
        for theme in &themes {
            row.add_row(theme);
        }
        groups.push(row);
        groups.extend(themes);
    }
    let mut per_org = vec![Decimal::ZERO; orgs];
    for b in &budgets {
        for o in &b.organisations {
            per_org[o.org] += o.total;
        }
    }
    let material = budgets.iter().map(|b| b.material).sum();
    let total = budgets.iter().map(|b| b.total).sum();
    Programme {
        budgets,
        groups,
        per_org,
        material,
        total,
        available: config.available_budget,
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
            material: Decimal::ZERO,
            total: Decimal::ZERO,
            budgets: Vec::new(),
        }
    }

    fn add_budget(&mut self, budget: &ComputedBudget) {
        for o in &budget.organisations {
            self.per_org[o.org] += o.total;
        }
        self.material += budget.material;
        self.total += budget.total;
        self.budgets.push(budget.id.clone());
    }

    fn add_row(&mut self, other: &GroupTotal) {
        for (mine, theirs) in self.per_org.iter_mut().zip(&other.per_org) {
            *mine += *theirs;
        }
        self.material += other.material;
        self.total += other.total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Function, OrgHours, Organisation, RateCard, RoleHours, Theme};
    use rust_decimal::dec;

    fn config() -> Config {
        let org = |id: &str, staff, overhead, roles: &[(&str, Decimal)]| Organisation {
            id: id.into(),
            name: id.into(),
            rates: RateCard {
                roles: roles.iter().map(|(n, r)| ((*n).into(), *r)).collect(),
            },
            staff_rate: staff,
            overhead_rate: overhead,
        };
        Config {
            title: String::new(),
            subtitle: String::new(),
            year: 2019,
            publisher: String::new(),
            author: String::new(),
            language: "nl".into(),
            base_url: String::new(),
            running_title: String::new(),
            output_name: String::new(),
            date: String::new(),
            currency: "EUR".into(),
            available_budget: dec!(100000),
            organisations: vec![
                org(
                    "vj",
                    dec!(13),
                    dec!(25),
                    &[("Senior onderzoeker", dec!(100))],
                ),
                org("mov", dec!(11), dec!(26), &[("Medior", dec!(80))]),
            ],
            overview_columns: vec![1, 0],
            functions: vec![
                Function {
                    id: "A".into(),
                    name: "Kennis".into(),
                    label: "A Kennis".into(),
                    themes: vec![Theme {
                        id: "1".into(),
                        name: "Migratie".into(),
                        label: "Thema 1".into(),
                    }],
                },
                Function {
                    id: "E".into(),
                    name: "Leiding".into(),
                    label: "E Leiding".into(),
                    themes: vec![],
                },
            ],
            available_budget_pos: Default::default(),
            path: Default::default(),
        }
    }

    fn spec(id: &str, group: Group, orgs: Vec<OrgHours>, material: Decimal) -> BudgetSpec {
        BudgetSpec {
            id: id.into(),
            title: id.into(),
            group,
            organisations: orgs,
            material,
            declared_total: None,
            path: Default::default(),
            pos: Default::default(),
            declared_total_pos: Default::default(),
        }
    }

    fn line(role: &str, rate: Decimal, hours: Decimal) -> RoleHours {
        RoleHours {
            role: role.into(),
            rate,
            hours,
        }
    }

    // Project 1.1 of the KIS Werkplan 2019 as printed: 120/300/80/12 hours,
    // Stafkosten 13 × 512 = 6.656, Overhead 25 × 512 = 12.800,
    // Totaal Verwey-Jonker Instituut 56.152, material 1.500, Totaal 57.652.
    #[test]
    fn project_1_1_as_printed() {
        let cfg = config();
        let b = compute_budget(
            &cfg,
            &spec(
                "1.1",
                Group::Theme("1".into()),
                vec![OrgHours {
                    org: 0,
                    lines: vec![
                        line("Senior onderzoeker", dec!(100), dec!(120)),
                        line("Onderzoeker", dec!(68), dec!(300)),
                        line("Junior onderzoeker", dec!(48), dec!(80)),
                        line("Project ondersteuning", dec!(38), dec!(12)),
                    ],
                }],
                dec!(1500),
            ),
        );
        let o = &b.organisations[0];
        let amounts: Vec<Decimal> = o.lines.iter().map(|l| l.charge.amount).collect();
        assert_eq!(amounts, [dec!(12000), dec!(20400), dec!(3840), dec!(456)]);
        assert_eq!(o.hours, dec!(512));
        assert_eq!(o.staff.amount, dec!(6656));
        assert_eq!(o.overhead.amount, dec!(12800));
        assert_eq!(o.total, dec!(56152));
        assert_eq!(b.total, dec!(57652));
    }

    #[test]
    fn decimal_hours_stay_exact() {
        let cfg = config();
        let b = compute_budget(
            &cfg,
            &spec(
                "x",
                Group::Function("E".into()),
                vec![OrgHours {
                    org: 1,
                    lines: vec![line("Medior", dec!(80), dec!(0.1)); 3],
                }],
                dec!(0),
            ),
        );
        // 0.1 + 0.1 + 0.1 hours is exactly 0.3; a float would not say so.
        assert_eq!(b.organisations[0].hours, dec!(0.3));
        assert_eq!(b.total, dec!(24) + dec!(3.3) + dec!(7.8));
    }

    #[test]
    fn roll_up_per_theme_function_and_organisation() {
        let cfg = config();
        let specs = vec![
            spec(
                "1.1",
                Group::Theme("1".into()),
                vec![OrgHours {
                    org: 0,
                    lines: vec![line("Senior onderzoeker", dec!(100), dec!(10))],
                }],
                dec!(500),
            ),
            spec(
                "E",
                Group::Function("E".into()),
                vec![OrgHours {
                    org: 1,
                    lines: vec![line("Medior", dec!(80), dec!(10))],
                }],
                dec!(0),
            ),
        ];
        let p = compute_programme(&cfg, &specs);
        // 1.1: 1000 + 130 + 250 + 500 = 1880; E: 800 + 110 + 260 = 1170.
        let ids: Vec<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["A", "1", "E"]);
        assert_eq!(p.groups[0].total, dec!(1880));
        assert_eq!(p.groups[1].total, dec!(1880));
        assert_eq!(p.groups[0].per_org, [dec!(1380), dec!(0)]);
        assert_eq!(p.groups[2].per_org, [dec!(0), dec!(1170)]);
        assert_eq!(p.total, dec!(3050));
        assert_eq!(p.material, dec!(500));
        assert_eq!(p.remainder(), dec!(96950));
    }
}
