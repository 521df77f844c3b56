//! Rounding by the book's money policy: one amount to the printed
//! precision, and a printed total shared out over its lines by the
//! largest-remainder method so that the lines add up to it.
//!
//! Pure decimal arithmetic; amounts here are never negative (hours and
//! rates are refused below zero when the book is read).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::source::model::{MoneyPolicy, Rounding};

/// One unit of the last printed decimal: 1 for whole units, 0,01 for cents.
pub(crate) fn unit(precision: u32) -> Decimal {
    Decimal::new(1, precision)
}

/// Whether `value` has more decimals than `precision` (trailing zeros do not
/// count: 112.50 has one).
pub(crate) fn finer_than(value: Decimal, precision: u32) -> bool {
    value.normalize().scale() > precision
}

/// `value` rounded to the policy's precision with its rounding mode, with
/// exactly `precision` decimals.
pub(crate) fn round(value: Decimal, policy: &MoneyPolicy) -> Decimal {
    let strategy = match policy.rounding {
        Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
    };
    at_scale(
        value.round_dp_with_strategy(policy.precision, strategy),
        policy.precision,
    )
}

/// `value` rounded down to `precision` decimals, with exactly that many.
pub(crate) fn floor(value: Decimal, precision: u32) -> Decimal {
    at_scale(
        value.round_dp_with_strategy(precision, RoundingStrategy::ToNegativeInfinity),
        precision,
    )
}

/// `value`, already at `precision` or coarser, written with exactly
/// `precision` decimals (12.5 → 12.50), so that it prints as it is meant.
pub(crate) fn at_scale(mut value: Decimal, precision: u32) -> Decimal {
    value.rescale(precision);
    value
}

/// Shares `target` out over `exact` by the largest-remainder method: each
/// part is its exact amount rounded down to `precision`, and the units
/// still missing to reach `target` go one each to the parts with the largest
/// remainders, the earlier part first among equal remainders.
///
/// When `target` lies between the sum of the rounded-down parts and that sum
/// plus one unit per part (as it does for a rounded sum of `exact`), every
/// part is its exact amount rounded down or up, so it differs from it by
/// less than one unit, and the parts add up to `target`.
pub(crate) fn largest_remainder(
    target: Decimal,
    exact: &[Decimal],
    precision: u32,
) -> Vec<Decimal> {
    let unit = unit(precision);
    let mut parts: Vec<Decimal> = exact.iter().map(|e| floor(*e, precision)).collect();
    let missing = target - parts.iter().copied().sum::<Decimal>();
    let mut units = (missing / unit).trunc();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    // Stable: among equal remainders the earlier part stays first.
    order.sort_by(|&a, &b| (exact[b] - parts[b]).cmp(&(exact[a] - parts[a])));
    for &i in order.iter().cycle().take(exact.len().saturating_mul(2)) {
        if units <= Decimal::ZERO {
            break;
        }
        parts[i] += unit;
        units -= Decimal::ONE;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::model::RoundAt;
    use rust_decimal::dec;

    fn policy(precision: u32, rounding: Rounding) -> MoneyPolicy {
        MoneyPolicy {
            precision,
            rounding,
            round: RoundAt::Lines,
            stated: true,
        }
    }

    #[test]
    fn halves_round_by_the_mode() {
        let up = policy(2, Rounding::HalfUp);
        let even = policy(2, Rounding::HalfEven);
        // (exact, half up, half even)
        let cases = [
            (dec!(28.125), dec!(28.13), dec!(28.12)),
            (dec!(28.135), dec!(28.14), dec!(28.14)),
            (dec!(28.1251), dec!(28.13), dec!(28.13)),
            (dec!(6.375), dec!(6.38), dec!(6.38)),
            (dec!(0.005), dec!(0.01), dec!(0.00)),
            (dec!(12), dec!(12.00), dec!(12.00)),
        ];
        for (exact, half_up, half_even) in cases {
            assert_eq!(round(exact, &up), half_up, "half up {exact}");
            assert_eq!(round(exact, &even), half_even, "half even {exact}");
        }
        let whole = policy(0, Rounding::HalfEven);
        assert_eq!(round(dec!(2.5), &whole), dec!(2));
        assert_eq!(round(dec!(3.5), &whole), dec!(4));
    }

    #[test]
    fn rounded_figures_carry_the_precision() {
        let up = policy(2, Rounding::HalfUp);
        assert_eq!(round(dec!(12.5), &up).to_string(), "12.50");
        assert_eq!(floor(dec!(12.999), 2).to_string(), "12.99");
        assert_eq!(at_scale(dec!(7), 2).to_string(), "7.00");
    }

    #[test]
    fn finer_than_the_precision() {
        assert!(finer_than(dec!(112.5), 0));
        assert!(!finer_than(dec!(112.50), 2));
        assert!(!finer_than(dec!(112.00), 0));
        assert!(finer_than(dec!(28.125), 2));
    }

    #[test]
    fn largest_remainder_adds_up() {
        // 10 / 3 three times: 3,33 each, 0,01 left for the first (equal
        // remainders go to the earlier part).
        let third = dec!(10) / dec!(3);
        assert_eq!(
            largest_remainder(dec!(10.00), &[third, third, third], 2),
            [dec!(3.34), dec!(3.33), dec!(3.33)]
        );
        // 1,4 + 1,6 = 3: floors 1 + 1, one unit to the larger remainder.
        assert_eq!(
            largest_remainder(dec!(3), &[dec!(1.4), dec!(1.6)], 0),
            [dec!(1), dec!(2)]
        );
        // Whole already: nothing to share out.
        assert_eq!(
            largest_remainder(dec!(30), &[dec!(10), dec!(20)], 0),
            [dec!(10), dec!(20)]
        );
        assert!(largest_remainder(dec!(0), &[], 2).is_empty());
    }
}
