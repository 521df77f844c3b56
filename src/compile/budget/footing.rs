//! The footing property: for random rate cards, hours, material and money
//! policies, every printed table adds up as printed at every level, and
//! every printed figure lies within the documented bound of its exact
//! amount (see the module docs of [`super`]).

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use rust_decimal::Decimal;

use super::tests::{config_with, line, organisation, policy, spec};
use super::*;
use crate::source::model::{Group, OrgHours};

/// How many random books the property is checked on.
const CASES: u32 = 2000;

/// A rate card: staff rate, overhead rate, role rates.
type Card = (Decimal, Decimal, Vec<Decimal>);

/// An organisation block: its index and (role, hours) lines.
type RandomBlock = (usize, Vec<(usize, Decimal)>);

/// A random book: rate cards, budgets in hours, and a money policy.
#[derive(Debug, Clone)]
struct Case {
    policy: MoneyPolicy,
    /// One rate card per organisation.
    cards: Vec<Card>,
    /// Per budget: group (0 theme 1, 1 function A, 2 function E), material
    /// and organisation blocks.
    budgets: Vec<(u8, Decimal, Vec<RandomBlock>)>,
}

/// An amount with `precision` decimals from 0 to 200 units.
fn amount(precision: u32) -> impl Strategy<Value = Decimal> {
    let scale = 10i64.pow(precision);
    (0..=200 * scale).prop_map(move |n| Decimal::new(n, precision))
}

/// Hours as editors write them: whole, halves, quarters, and odd decimals
/// such as 12,25, 0,5, 1,333 or 7,05.
fn hours() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..400).prop_map(Decimal::from),
        (0i64..1600).prop_map(|n| Decimal::new(n * 25, 2)),
        (0i64..400_000).prop_map(|n| Decimal::new(n, 3)),
        (0i64..4000).prop_map(|n| Decimal::new(n, 2)),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    policy().prop_flat_map(|policy| {
        let p = policy.precision;
        let card = (amount(p), amount(p), prop::collection::vec(amount(p), 1..5));
        let cards = prop::collection::vec(card, 1..4);
        cards.prop_flat_map(move |cards| {
            let roles: Vec<usize> = cards.iter().map(|c| c.2.len()).collect();
            let block = (0..roles.len()).prop_flat_map(move |org| {
                let lines = prop::collection::vec((0..roles[org], hours()), 0..5);
                (Just(org), lines)
            });
            let budget = (0u8..3, amount(p), prop::collection::vec(block, 0..4));
            let budgets = prop::collection::vec(budget, 1..8);
            (Just(cards.clone()), budgets).prop_map(move |(cards, budgets)| Case {
                policy,
                cards,
                budgets,
            })
        })
    })
}

fn programme(case: &Case) -> Programme {
    let organisations = case
        .cards
        .iter()
        .enumerate()
        .map(|(i, (staff, overhead, roles))| {
            let names: Vec<String> = (0..roles.len()).map(|r| format!("r{r}")).collect();
            let card: Vec<(&str, Decimal)> = names
                .iter()
                .map(String::as_str)
                .zip(roles.iter().copied())
                .collect();
            organisation(&format!("o{i}"), *staff, *overhead, &card)
        })
        .collect();
    let config = config_with(organisations, case.policy);
    let specs: Vec<BudgetSpec> = case
        .budgets
        .iter()
        .enumerate()
        .map(|(n, (group, material, blocks))| {
            let group = match group {
                0 => Group::Theme("1".into()),
                1 => Group::Function("A".into()),
                _ => Group::Function("E".into()),
            };
            let blocks = blocks
                .iter()
                .map(|(org, lines)| OrgHours {
                    org: *org,
                    lines: lines
                        .iter()
                        .map(|(role, hours)| line("r", case.cards[*org].2[*role], *hours))
                        .collect(),
                })
                .collect();
            spec(&format!("b{n}"), group, blocks, *material)
        })
        .collect();
    compute_programme(&config, &specs)
}

/// Checks one random book; an `Err` names the figure that does not foot.
fn check(case: &Case) -> Result<(), TestCaseError> {
    let p = programme(case);
    let policy = &case.policy;
    let u = rounding::unit(policy.precision);
    let half = u / Decimal::TWO;
    let mut lines_in_programme = 0usize;
    let mut blocks_in_programme = 0usize;
    for b in &p.budgets {
        let mut lines_in_budget = 0usize;
        for o in &b.organisations {
            let n = o.lines.len() + 2;
            lines_in_budget += n;
            let mut sum = Decimal::ZERO;
            for c in o.charges() {
                prop_assert_eq!(c.exact_amount, c.rate * c.hours);
                prop_assert!(
                    !rounding::finer_than(c.amount, policy.precision),
                    "{} finer",
                    c.amount
                );
                let off = (c.amount - c.exact_amount).abs();
                match policy.round {
                    RoundAt::Lines => prop_assert!(off <= half, "line {} off {}", c.amount, off),
                    RoundAt::Totals => prop_assert!(off < u, "line {} off {}", c.amount, off),
                }
                sum += c.amount;
            }
            prop_assert_eq!(o.total, sum, "organisation block of {} foots", b.id);
            let off = (o.total - o.exact_total).abs();
            let bound = match policy.round {
                RoundAt::Lines => half * Decimal::from(n),
                RoundAt::Totals => half,
            };
            prop_assert!(off <= bound, "organisation total off {} > {}", off, bound);
        }
        let sum: Decimal = b.organisations.iter().map(|o| o.total).sum();
        prop_assert_eq!(b.total, sum + b.material, "budget {} foots", b.id);
        let bound = match policy.round {
            RoundAt::Lines => half * Decimal::from(lines_in_budget),
            RoundAt::Totals => half * Decimal::from(b.organisations.len()),
        };
        prop_assert!(
            (b.total - b.exact_total).abs() <= bound,
            "budget {} off",
            b.id
        );
        prop_assert_eq!(b.bound(policy), bound);
        lines_in_programme += lines_in_budget;
        blocks_in_programme += b.organisations.len();
    }
    check_overview(&p)?;
    let bound = match policy.round {
        RoundAt::Lines => half * Decimal::from(lines_in_programme),
        RoundAt::Totals => half * Decimal::from(blocks_in_programme),
    };
    prop_assert!((p.total - p.exact_total).abs() <= bound, "programme off");
    prop_assert_eq!(p.bound(), bound);
    Ok(())
}

/// Every overview row foots across (organisations + material = total) and
/// down (budgets → themes → functions → the programme total).
fn check_overview(p: &Programme) -> Result<(), TestCaseError> {
    let orgs = p.per_org.len();
    for g in &p.groups {
        let across: Decimal = g.per_org.iter().copied().sum::<Decimal>() + g.material;
        prop_assert_eq!(g.total, across, "row {} foots across", g.id);
        let mut per_org = vec![Decimal::ZERO; orgs];
        let mut material = Decimal::ZERO;
        let in_row = |b: &&ComputedBudget| match (&b.group, g.kind) {
            (Group::Theme(t), GroupKind::Theme) => *t == g.id,
            (Group::Theme(_), GroupKind::Function) => g.id == "A",
            (Group::Function(f), GroupKind::Function) => *f == g.id,
            (Group::Function(_), GroupKind::Theme) => false,
        };
        for b in p.budgets.iter().filter(in_row) {
            for (i, cell) in per_org.iter_mut().enumerate() {
                *cell += b.org_total(i);
            }
            material += b.material;
        }
        prop_assert_eq!(&g.per_org, &per_org, "row {} foots down", g.id);
        prop_assert_eq!(g.material, material);
    }
    let functions: Vec<&GroupTotal> = p
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Function)
        .collect();
    for i in 0..orgs {
        let column: Decimal = functions.iter().map(|g| g.per_org[i]).sum();
        prop_assert_eq!(p.per_org[i], column, "column {} foots", i);
    }
    let totals: Decimal = functions.iter().map(|g| g.total).sum();
    prop_assert_eq!(p.total, totals, "programme total foots down");
    let across: Decimal = p.per_org.iter().copied().sum::<Decimal>() + p.material;
    prop_assert_eq!(p.total, across, "programme total foots across");
    Ok(())
}

#[test]
fn every_table_foots_within_the_bound() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: CASES,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let ran = std::cell::Cell::new(0u32);
    let result = runner.run(&case(), |case| {
        ran.set(ran.get() + 1);
        check(&case)
    });
    let ran = ran.get();
    if let Err(e) = result {
        panic!("{e}");
    }
    // Shrinking never happens on success, so every run was a case.
    assert_eq!(ran, CASES);
    eprintln!("footing property: {ran} random books, every table foots");
}
