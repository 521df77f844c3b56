//! Why a budget's printed total changed: the change split into what the
//! hours did, what the rates did (the rate card's, and roles' own rates),
//! material and rounding, so that the parts add up to the change exactly.
//!
//! Per line (a role, Stafkosten, Overhead), with r the rate and h the hours
//! before (0) and after (1), the exact amount r × h changes by
//!
//! ```text
//! r1 × h1 − r0 × h0 = (r1 − r0) × h1  +  r0 × (h1 − h0)
//!                      rate effect        hours effect
//! ```
//!
//! the rate effect at the new hours (as the rate table's effects are), the
//! hours effect at the old rate. A line on one side only has no rate
//! effect: its rate on the other side is taken to be the same. Material
//! is its own difference, and rounding is what the printed total changed
//! beyond the exact total: Δ printed − Δ exact. So
//! hours + rates + own rates + material + rounding = Δ printed total.
//! docs/money.md states this for readers. Pure: no I/O, no formatting.

use rust_decimal::Decimal;

use crate::compile::budget::{Charge, ComputedBudget, OrgAmounts};
use crate::source::model::{Config, Labels, Words};

/// The parts of a change, in currency units; they add up to the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Causes {
    /// Changed hours at the old rates.
    pub(crate) hours: Decimal,
    /// Changed rates of the rate card (roles, aliases, Stafkosten,
    /// Overhead) at the new hours.
    pub(crate) card_rates: Decimal,
    /// Changed own rates (a role's `rate:` in front matter) at the new
    /// hours.
    pub(crate) own_rates: Decimal,
    /// Changed Materiële kosten.
    pub(crate) material: Decimal,
    /// The printed change beyond the exact change.
    pub(crate) rounding: Decimal,
}

impl Causes {
    /// The sum of the parts: the change of the printed total.
    pub(crate) fn total(&self) -> Decimal {
        self.hours + self.card_rates + self.own_rates + self.material + self.rounding
    }

    /// The parts with their Dutch names, in the order they are shown.
    pub(crate) fn parts(&self) -> [(Cause, Decimal); 5] {
        [
            (Cause::Hours, self.hours),
            (Cause::CardRates, self.card_rates),
            (Cause::OwnRates, self.own_rates),
            (Cause::Material, self.material),
            (Cause::Rounding, self.rounding),
        ]
    }
}

impl std::ops::Add for Causes {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            hours: self.hours + other.hours,
            card_rates: self.card_rates + other.card_rates,
            own_rates: self.own_rates + other.own_rates,
            material: self.material + other.material,
            rounding: self.rounding + other.rounding,
        }
    }
}

impl std::iter::Sum for Causes {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, b| a + b)
    }
}

/// One part of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// [`Causes::hours`].
    Hours,
    /// [`Causes::card_rates`].
    CardRates,
    /// [`Causes::own_rates`].
    OwnRates,
    /// [`Causes::material`].
    Material,
    /// [`Causes::rounding`].
    Rounding,
}

impl Cause {
    /// The word a reader sees, as a column heading: the book's labels
    /// (`material`, `rates`, `money_rule`) and words (`diff_hours`,
    /// `diff_own_rates`).
    pub(crate) fn heading<'a>(self, labels: &'a Labels, words: &'a Words) -> &'a str {
        match self {
            Cause::Hours => &words.diff_hours,
            Cause::CardRates => &labels.rates,
            Cause::OwnRates => &words.diff_own_rates,
            Cause::Material => &labels.material,
            Cause::Rounding => &labels.money_rule,
        }
    }
}

/// A budget on one side of a comparison, with the config that names its
/// organisations; `None` where the budget does not exist.
pub(crate) type BudgetSide<'a> = Option<(&'a Config, &'a ComputedBudget)>;

/// The causes of the change from `before` to `after` (either absent for a
/// budget added or removed). Organisation blocks are matched by
/// organisation id (each side's config names its own), role lines by role
/// name.
pub(crate) fn of_budget(before: BudgetSide<'_>, after: BudgetSide<'_>) -> Causes {
    let (old_blocks, new_blocks) = (blocks(before), blocks(after));
    let mut causes = Causes::default();
    for (id, old) in &old_blocks {
        if !new_blocks.iter().any(|(new_id, _)| new_id == id) {
            causes = causes + of_block(Some(old), None);
        }
    }
    for (id, new) in &new_blocks {
        let old = old_blocks.iter().find(|(old_id, _)| old_id == id);
        causes = causes + of_block(old.map(|(_, o)| *o), Some(new));
    }
    let figure = |side: BudgetSide<'_>, f: fn(&ComputedBudget) -> Decimal| {
        side.map_or(Decimal::ZERO, |(_, b)| f(b))
    };
    let change = |f: fn(&ComputedBudget) -> Decimal| figure(after, f) - figure(before, f);
    causes.material = change(|b| b.material);
    causes.rounding = change(|b| b.total) - change(|b| b.exact_total);
    causes
}

/// A budget's organisation blocks keyed by organisation id.
fn blocks<'a>(side: BudgetSide<'a>) -> Vec<(&'a str, &'a OrgAmounts)> {
    side.map(|(config, b)| {
        b.organisations
            .iter()
            .map(|o| (config.organisations[o.org].id.as_str(), o))
            .collect()
    })
    .unwrap_or_default()
}

/// The hours and rate effects of one organisation block's lines.
fn of_block(before: Option<&OrgAmounts>, after: Option<&OrgAmounts>) -> Causes {
    let mut causes = Causes::default();
    let old_lines = before.map(|o| o.lines.as_slice()).unwrap_or_default();
    let new_lines = after.map(|o| o.lines.as_slice()).unwrap_or_default();
    let mut add = |old: Option<&Charge>, new: Option<&Charge>, own: bool| {
        let (rate, hours) = effects(old, new);
        causes.hours += hours;
        if own {
            causes.own_rates += rate;
        } else {
            causes.card_rates += rate;
        }
    };
    for old in old_lines {
        if !new_lines.iter().any(|l| l.role == old.role) {
            add(Some(&old.charge), None, old.own_rate());
        }
    }
    for new in new_lines {
        let old = old_lines.iter().find(|l| l.role == new.role);
        add(old.map(|l| &l.charge), Some(&new.charge), new.own_rate());
    }
    add(before.map(|o| &o.staff), after.map(|o| &o.staff), false);
    add(
        before.map(|o| &o.overhead),
        after.map(|o| &o.overhead),
        false,
    );
    causes
}

/// The rate effect (r1 − r0) × h1 and the hours effect r0 × (h1 − h0) of a
/// line; a side without the line has its hours 0 and the other side's rate.
fn effects(before: Option<&Charge>, after: Option<&Charge>) -> (Decimal, Decimal) {
    let (Some(r0), Some(r1)) = (
        before.or(after).map(|c| c.rate),
        after.or(before).map(|c| c.rate),
    ) else {
        return (Decimal::ZERO, Decimal::ZERO);
    };
    let h0 = before.map_or(Decimal::ZERO, |c| c.hours);
    let h1 = after.map_or(Decimal::ZERO, |c| c.hours);
    ((r1 - r0) * h1, r0 * (h1 - h0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::budget::compute_budget;
    use crate::compile::budget::tests::{config_with, organisation, policy, spec};
    use crate::source::model::{Group, MoneyPolicy, OrgHours, RoleHours};
    use proptest::prelude::*;
    use rust_decimal::dec;

    /// One side of a random budget: a rate card (staff, overhead, three
    /// role rates), the budget's lines (a role, its hours, an own rate or
    /// none) and material.
    type RandomSide = ((Decimal, Decimal, [Decimal; 3]), Vec<LineSpec>, Decimal);
    type LineSpec = (usize, Decimal, Option<Decimal>);

    fn money(precision: u32) -> impl Strategy<Value = Decimal> {
        let scale = 10i64.pow(precision);
        (0..=150 * scale).prop_map(move |n| Decimal::new(n, precision))
    }

    fn side(precision: u32) -> impl Strategy<Value = RandomSide> {
        let rate = move || money(precision);
        let card = (rate(), rate(), [rate(), rate(), rate()]);
        let hours = (0i64..40_000).prop_map(|n| Decimal::new(n, 2));
        let line = (0usize..3, hours, prop::option::of(rate()));
        (card, prop::collection::vec(line, 0..4), rate())
    }

    /// The budget of `side` computed by the budget engine under `policy`;
    /// a role appears once (its first line).
    fn computed(
        side: &RandomSide,
        policy: MoneyPolicy,
    ) -> (crate::source::model::Config, ComputedBudget) {
        let ((staff, overhead, rates), lines, material) = side;
        let names = ["r0", "r1", "r2"];
        let card: Vec<(&str, Decimal)> = names.iter().copied().zip(rates.iter().copied()).collect();
        let config = config_with(vec![organisation("o", *staff, *overhead, &card)], policy);
        let mut seen = Vec::new();
        let lines = lines
            .iter()
            .filter(|(role, ..)| {
                let first = !seen.contains(role);
                seen.push(*role);
                first
            })
            .map(|(role, hours, own)| RoleHours {
                role: names[*role].into(),
                rate: own.unwrap_or(rates[*role]),
                hours: *hours,
                card_role: own.is_none().then(|| names[*role].into()),
            })
            .collect();
        let spec = spec(
            "b",
            Group::Theme("1".into()),
            vec![OrgHours { org: 0, lines }],
            *material,
        );
        let budget = compute_budget(&config, &spec);
        (config, budget)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// For random budgets before and after (rates with the policy's
        /// decimals, hours with two, every rule of rounding), the parts
        /// add up exactly to the change of the printed total, also for a
        /// budget added or removed.
        #[test]
        fn the_causes_add_up_to_the_printed_change(
            (policy, before, after) in policy().prop_flat_map(|p| {
                (Just(p), side(p.precision), side(p.precision))
            }),
        ) {
            let (old_config, old) = computed(&before, policy);
            let (new_config, new) = computed(&after, policy);
            let causes = of_budget(Some((&old_config, &old)), Some((&new_config, &new)));
            prop_assert_eq!(causes.total(), new.total - old.total);
            prop_assert_eq!(causes.material, after.2 - before.2);
            let added = of_budget(None, Some((&new_config, &new)));
            prop_assert_eq!(added.total(), new.total);
            prop_assert_eq!(added.card_rates + added.own_rates, Decimal::ZERO);
            let removed = of_budget(Some((&old_config, &old)), None);
            prop_assert_eq!(removed.total(), -old.total);
            // The same budget on both sides has no cause at all.
            let same = of_budget(Some((&old_config, &old)), Some((&old_config, &old)));
            prop_assert_eq!(same, Causes::default());
        }

        /// With the hours of `before` and the rates of `after`, everything
        /// but rounding is a rate effect; with the rates of `before` and
        /// the hours of `after`, everything but rounding is an hours effect.
        #[test]
        fn rates_alone_and_hours_alone(
            (policy, before, after) in policy().prop_flat_map(|p| {
                (Just(p), side(p.precision), side(p.precision))
            }),
        ) {
            let rates_only: RandomSide = (after.0, before.1.iter().map(|(role, hours, own)| {
                (*role, *hours, own.map(|o| o + Decimal::ONE))
            }).collect(), before.2);
            let (old_config, old) = computed(&before, policy);
            let (new_config, new) = computed(&rates_only, policy);
            let causes = of_budget(Some((&old_config, &old)), Some((&new_config, &new)));
            prop_assert_eq!(causes.hours, Decimal::ZERO);
            prop_assert_eq!(
                causes.card_rates + causes.own_rates,
                new.exact_total - old.exact_total
            );
            // Hours alone: the rate card's rates on both sides.
            let card = |lines: &[LineSpec]| -> Vec<LineSpec> {
                lines.iter().map(|(role, hours, _)| (*role, *hours, None)).collect()
            };
            let (old_config, old) = computed(&(before.0, card(&before.1), before.2), policy);
            let (new_config, new) = computed(&(before.0, card(&after.1), before.2), policy);
            let causes = of_budget(Some((&old_config, &old)), Some((&new_config, &new)));
            prop_assert_eq!(causes.card_rates + causes.own_rates, Decimal::ZERO);
            prop_assert_eq!(causes.hours, new.exact_total - old.exact_total);
        }
    }

    fn charge(rate: Decimal, hours: Decimal) -> Charge {
        Charge {
            rate,
            hours,
            amount: rate * hours,
            exact_amount: rate * hours,
        }
    }

    /// (rate, hours) before and after → (rate effect, hours effect), worked
    /// out by hand.
    #[test]
    fn a_line_splits_into_rate_and_hours() {
        let cases = [
            // 10 h at 100 → 12 h at 100: hours 100 × 2 = 200.
            (
                Some((dec!(100), dec!(10))),
                Some((dec!(100), dec!(12))),
                (dec!(0), dec!(200)),
            ),
            // 5 h at 90 → 5 h at 95: rate 5 × 5 = 25.
            (
                Some((dec!(90), dec!(5))),
                Some((dec!(95), dec!(5))),
                (dec!(25), dec!(0)),
            ),
            // 10 h at 80 → 12 h at 82: rate 2 × 12 = 24, hours 80 × 2 = 160;
            // 984 − 800 = 184 = 24 + 160.
            (
                Some((dec!(80), dec!(10))),
                Some((dec!(82), dec!(12))),
                (dec!(24), dec!(160)),
            ),
            // Added: 7,5 h at 44: hours 330.
            (None, Some((dec!(44), dec!(7.5))), (dec!(0), dec!(330))),
            // Removed: 3 h at 54: hours −162.
            (Some((dec!(54), dec!(3))), None, (dec!(0), dec!(-162))),
        ];
        for (before, after, expected) in cases {
            let before = before.map(|(r, h)| charge(r, h));
            let after = after.map(|(r, h)| charge(r, h));
            assert_eq!(
                effects(before.as_ref(), after.as_ref()),
                expected,
                "{before:?} → {after:?}"
            );
        }
    }

    #[test]
    fn the_parts_add_up() {
        let causes = Causes {
            hours: dec!(200),
            card_rates: dec!(75),
            own_rates: dec!(-10),
            material: dec!(100),
            rounding: dec!(1),
        };
        assert_eq!(causes.total(), dec!(366));
        assert_eq!((causes + causes).total(), dec!(732));
    }
}
