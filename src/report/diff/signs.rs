//! Differences in money, hours and rates as `diff` prints them: with their
//! sign, in Dutch notation, with or without a currency sign.

use rust_decimal::Decimal;

use crate::source::format;

/// Whether a remainder (available − total) is an overrun.
pub(crate) fn is_overrun(remainder: Decimal) -> bool {
    remainder.is_sign_negative() && !remainder.is_zero()
}

/// A difference in money with its sign, in Dutch notation: `+1.200`,
/// `-350`, `0`.
pub(crate) fn signed(value: Decimal) -> String {
    with_sign(value, format::money(value))
}

/// A difference in hours or a rate with its sign: `+2`, `-12,5`.
pub(crate) fn signed_number(value: Decimal) -> String {
    with_sign(value, format::number(value))
}

fn with_sign(value: Decimal, text: String) -> String {
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// An amount after a currency sign, `€ 1.200`; the amount alone when the
/// sign is empty.
pub(super) fn with_currency(sign: &str, amount: String) -> String {
    if sign.is_empty() {
        amount
    } else {
        format!("{sign} {amount}")
    }
}

/// A difference in money with its sign and a currency sign: `+€ 1.200`,
/// `-€ 350`, `€ 0`.
pub(crate) fn signed_currency(sign: &str, value: Decimal) -> String {
    let amount = with_currency(sign, format::money(value.abs()));
    if value.is_zero() {
        amount
    } else if value.is_sign_negative() {
        format!("-{amount}")
    } else {
        format!("+{amount}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn signed_figures() {
        assert_eq!(signed(dec!(1200)), "+1.200");
        assert_eq!(signed(dec!(-350)), "-350");
        assert_eq!(signed(dec!(0)), "0");
        assert_eq!(signed(dec!(12.5)), "+12,50");
        assert_eq!(signed_number(dec!(-12.5)), "-12,5");
        assert_eq!(signed_currency("€", dec!(1200)), "+€ 1.200");
        assert_eq!(signed_currency("€", dec!(-350)), "-€ 350");
        assert_eq!(signed_currency("€", dec!(0)), "€ 0");
        assert_eq!(signed_currency("CHF", dec!(12.5)), "+CHF 12,50");
        assert_eq!(signed_currency("", dec!(-1)), "-1");
    }
}
