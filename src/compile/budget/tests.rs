//! The budget arithmetic on small hand-made books; every expected figure is
//! worked out by hand in the comments.

use super::*;
use crate::source::model::{
    Function, Labels, OrgHours, Organisation, RateCard, RoleHours, Rounding, Theme,
};
use proptest::prelude::{Just, Strategy, prop_oneof};
use rust_decimal::dec;

/// An organisation with a rate card.
pub(crate) fn organisation(
    id: &str,
    staff: Decimal,
    overhead: Decimal,
    roles: &[(&str, Decimal)],
) -> Organisation {
    Organisation {
        id: id.into(),
        name: id.into(),
        rates: RateCard {
            roles: roles.iter().map(|(n, r)| ((*n).into(), *r)).collect(),
        },
        staff_rate: staff,
        overhead_rate: overhead,
        pos: crate::base::diagnostics::Pos::default(),
    }
}

/// A config with function A (theme 1) and function E, and these
/// organisations and money policy.
pub(crate) fn config_with(organisations: Vec<Organisation>, money: MoneyPolicy) -> Config {
    Config {
        title: String::new(),
        subtitle: String::new(),
        year: 0,
        publisher: String::new(),
        author: String::new(),
        language: "nl".into(),
        base_url: String::new(),
        indexed: true,
        running_title: String::new(),
        output_name: String::new(),
        date: String::new(),
        currency: "EUR".into(),
        available_budget: dec!(100000),
        overview_columns: (0..organisations.len()).rev().collect(),
        organisations,
        functions: vec![
            Function {
                id: "A".into(),
                name: "Kennis".into(),
                label: "A Kennis".into(),
                themes: vec![Theme {
                    id: "1".into(),
                    name: "Eerste".into(),
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
        money,
        labels: Labels::default(),
        words: crate::source::model::Words::default(),
        pdf: crate::source::model::PdfLayout::default(),
        editions: Vec::new(),
        available_budget_pos: Default::default(),
        path: Default::default(),
    }
}

fn config() -> Config {
    config_with(
        vec![
            organisation("a", dec!(13), dec!(25), &[("Lead", dec!(100))]),
            organisation("b", dec!(11), dec!(26), &[("Analyst", dec!(80))]),
        ],
        MoneyPolicy::default(),
    )
}

pub(crate) fn spec(id: &str, group: Group, orgs: Vec<OrgHours>, material: Decimal) -> BudgetSpec {
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

pub(super) fn line(role: &str, rate: Decimal, hours: Decimal) -> RoleHours {
    RoleHours {
        role: role.into(),
        rate,
        card_role: Some(role.into()),
        hours,
    }
}

fn cents(round: RoundAt, rounding: Rounding) -> MoneyPolicy {
    MoneyPolicy {
        precision: 2,
        rounding,
        round,
        stated: true,
    }
}

// A project of the golden book as printed: 120/300/80/12 hours at
// 100/68/48/38, Stafkosten 13 × 512 = 6.656, Overhead 25 × 512 = 12.800,
// organisation total 56.152, material 1.500, total 57.652.
#[test]
fn a_printed_project_in_whole_euros() {
    let cfg = config();
    let b = compute_budget(
        &cfg,
        &spec(
            "1.1",
            Group::Theme("1".into()),
            vec![OrgHours {
                org: 0,
                lines: vec![
                    line("Lead", dec!(100), dec!(120)),
                    line("Analyst", dec!(68), dec!(300)),
                    line("Trainee", dec!(48), dec!(80)),
                    line("Support", dec!(38), dec!(12)),
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
    assert_eq!(b.exact_total, dec!(57652));
}

#[test]
fn decimal_hours_stay_exact_and_print_rounded() {
    let cfg = config();
    let b = compute_budget(
        &cfg,
        &spec(
            "x",
            Group::Function("E".into()),
            vec![OrgHours {
                org: 1,
                lines: vec![line("Analyst", dec!(80), dec!(0.1)); 3],
            }],
            dec!(0),
        ),
    );
    // 0.1 + 0.1 + 0.1 hours is exactly 0.3; a float would not say so.
    let o = &b.organisations[0];
    assert_eq!(o.hours, dec!(0.3));
    // Exact: 3 × 8 + 11 × 0,3 + 26 × 0,3 = 24 + 3,3 + 7,8 = 35,1.
    assert_eq!(b.exact_total, dec!(35.1));
    // Whole euros, each line rounded half up: 8 + 8 + 8 + 3 + 8 = 35.
    assert_eq!(o.staff.amount, dec!(3));
    assert_eq!(o.overhead.amount, dec!(8));
    assert_eq!(b.total, dec!(35));
}

// One organisation at cents: 0,25 h × 112,50 = 28,125 and 0,5 h × 87,25 =
// 43,625; 0,75 h of Stafkosten at 12,75 = 9,5625 and of Overhead at 20 =
// 15. Exact total 96,3125.
fn cents_budget(policy: MoneyPolicy) -> ComputedBudget {
    let cfg = config_with(
        vec![organisation(
            "a",
            dec!(12.75),
            dec!(20),
            &[("Lead", dec!(112.50)), ("Analyst", dec!(87.25))],
        )],
        policy,
    );
    compute_budget(
        &cfg,
        &spec(
            "c",
            Group::Theme("1".into()),
            vec![OrgHours {
                org: 0,
                lines: vec![
                    line("Lead", dec!(112.50), dec!(0.25)),
                    line("Analyst", dec!(87.25), dec!(0.5)),
                ],
            }],
            dec!(10.10),
        ),
    )
}

fn printed(b: &ComputedBudget) -> Vec<Decimal> {
    b.organisations[0].charges().map(|c| c.amount).collect()
}

#[test]
fn lines_rounded_half_up() {
    let b = cents_budget(cents(RoundAt::Lines, Rounding::HalfUp));
    // 28,125 → 28,13; 43,625 → 43,63; 9,5625 → 9,56; 15 → 15,00.
    assert_eq!(
        printed(&b),
        [dec!(28.13), dec!(43.63), dec!(9.56), dec!(15)]
    );
    // 28,13 + 43,63 + 9,56 + 15,00 = 96,32; + 10,10 = 106,42.
    assert_eq!(b.organisations[0].total, dec!(96.32));
    assert_eq!(b.total, dec!(106.42));
    assert_eq!(b.exact_total, dec!(106.4125));
    assert_eq!(b.total.to_string(), "106.42", "printed with two decimals");
}

#[test]
fn lines_rounded_half_even() {
    let b = cents_budget(cents(RoundAt::Lines, Rounding::HalfEven));
    // 28,125 → 28,12 (2 is even); 43,625 → 43,62; 9,5625 → 9,56.
    assert_eq!(
        printed(&b),
        [dec!(28.12), dec!(43.62), dec!(9.56), dec!(15)]
    );
    // 28,12 + 43,62 + 9,56 + 15 = 96,30; + 10,10 = 106,40.
    assert_eq!(b.total, dec!(106.40));
}

#[test]
fn totals_rounded_and_lines_shared_out() {
    let b = cents_budget(cents(RoundAt::Totals, Rounding::HalfUp));
    // The organisation's exact 96,3125 rounds to 96,31. Rounded down, the
    // lines are 28,12 + 43,62 + 9,56 + 15,00 = 96,30: one cent is missing,
    // and it goes to the largest remainder: 0,005 (28,125) and 0,005
    // (43,625) tie, 0,0025 (9,5625) is less; the earlier line gets it.
    assert_eq!(
        printed(&b),
        [dec!(28.13), dec!(43.62), dec!(9.56), dec!(15)]
    );
    assert_eq!(b.organisations[0].total, dec!(96.31));
    assert_eq!(b.total, dec!(106.41));
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
                lines: vec![line("Lead", dec!(100), dec!(10))],
            }],
            dec!(500),
        ),
        spec(
            "E",
            Group::Function("E".into()),
            vec![OrgHours {
                org: 1,
                lines: vec![line("Analyst", dec!(80), dec!(10))],
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
    // Three rounded lines in each budget, ½ euro each.
    assert_eq!(p.bound(), dec!(3));
}

/// A money policy: every precision, rounding mode and place to round.
pub(crate) fn policy() -> impl Strategy<Value = MoneyPolicy> {
    (
        prop_oneof![Just(0u32), Just(2u32), Just(1u32)],
        prop_oneof![Just(Rounding::HalfUp), Just(Rounding::HalfEven)],
        prop_oneof![Just(RoundAt::Lines), Just(RoundAt::Totals)],
    )
        .prop_map(|(precision, rounding, round)| MoneyPolicy {
            precision,
            rounding,
            round,
            stated: true,
        })
}
