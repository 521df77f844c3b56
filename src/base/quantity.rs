//! Reading the numbers editors type: hours, rates and euros, exactly.
//!
//! YAML has its own idea of numbers: it reads `1.500` as one and a half and
//! `12,5` as text. Editors write Dutch. So numbers are read from the text the
//! editor typed, into a `Decimal`, and the Dutch habits get a clear message.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Why a typed number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QuantityError {
    /// Nothing was written.
    Empty,
    /// A decimal comma, e.g. `12,5`.
    DecimalComma(String),
    /// Full stops between thousands, e.g. `1.500` (YAML reads 1.5).
    ThousandsSeparator(String),
    /// Below zero.
    Negative(String),
    /// Not a number at all.
    NotANumber(String),
    /// Larger than any hours, rate or amount of a work plan (or infinite).
    TooLarge(String),
}

/// The largest quantity read: a billion hours, euros or euros an hour.
/// Far above any work plan, and small enough that no sum or product of a
/// book's quantities can overflow (see [`crate::base::limits`]).
pub(crate) const MAX_QUANTITY: u64 = 1_000_000_000;

impl QuantityError {
    /// The kind of mistake, for the diagnostic's code.
    pub(crate) fn code(&self) -> crate::base::diagnostics::codes::Code {
        use crate::base::diagnostics::codes;
        match self {
            QuantityError::Empty => codes::MISSING_NUMBER,
            QuantityError::DecimalComma(_) => codes::DECIMAL_COMMA,
            QuantityError::ThousandsSeparator(_) => codes::THOUSANDS_SEPARATOR,
            QuantityError::Negative(_) => codes::NEGATIVE_NUMBER,
            QuantityError::NotANumber(_) => codes::NOT_A_NUMBER,
            QuantityError::TooLarge(_) => codes::NUMBER_TOO_LARGE,
        }
    }

    /// The message for an editor; `what` names the quantity ("hours").
    pub(crate) fn message(&self, what: &str) -> String {
        match self {
            QuantityError::Empty => format!("{what} are missing: write a number"),
            QuantityError::DecimalComma(text) => match plain_number(text) {
                Some(plain) if !plain.contains('.') => format!(
                    "`{text}` is not a number here: write {what} as a plain number, `{plain}`"
                ),
                plain => format!(
                    "`{text}` is not a number here: write {what} with a decimal point, `{}`",
                    plain.unwrap_or_else(|| text.replace(',', "."))
                ),
            },
            QuantityError::ThousandsSeparator(text) => format!(
                "`{text}` has a full stop as thousands separator, which YAML reads as a \
                 decimal point: write {what} without it, `{}`",
                text.replace('.', "")
            ),
            QuantityError::Negative(text) => format!("{what} cannot be negative: `{text}`"),
            QuantityError::NotANumber(text) => match plain_number(text) {
                Some(plain) => format!(
                    "`{text}` is not a number of {what}: write the number alone, without a \
                     currency sign or `,-`: `{plain}`"
                ),
                None => format!("`{text}` is not a number of {what}"),
            },
            QuantityError::TooLarge(text) => {
                format!("`{text}` is too large: {what} can be at most {MAX_QUANTITY}")
            }
        }
    }
}

/// The plain number an editor meant by an amount written the Dutch way:
/// `€ 80` → `80`, `1.500,-` → `1500`, `€ 1.250,50` → `1250.50`; `None`
/// when no such reading gives a number.
pub(crate) fn plain_number(text: &str) -> Option<String> {
    let mut t = text.trim();
    for sign in ["€", "EUR", "eur"] {
        t = t.strip_prefix(sign).unwrap_or(t).trim();
        t = t.strip_suffix(sign).unwrap_or(t).trim();
    }
    for dash in [",--", ",-", ",—", ",–"] {
        t = t.strip_suffix(dash).unwrap_or(t);
    }
    let plain = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if looks_like_thousands(t) {
        t.replace('.', "")
    } else {
        t.to_owned()
    };
    (plain != text.trim() && parse_quantity(&plain).is_ok()).then_some(plain)
}

/// Reads a non-negative quantity as typed: `120`, `12.5`, `0`.
pub(crate) fn parse_quantity(text: &str) -> Result<Decimal, QuantityError> {
    let t = text.trim();
    if t.is_empty() || t == "~" || t.eq_ignore_ascii_case("null") {
        return Err(QuantityError::Empty);
    }
    if looks_like_thousands(t) {
        return Err(QuantityError::ThousandsSeparator(t.to_owned()));
    }
    if t.contains(',') && t.chars().all(|c| c.is_ascii_digit() || ",.-+".contains(c)) {
        return Err(QuantityError::DecimalComma(t.to_owned()));
    }
    let plain = t.strip_prefix('+').unwrap_or(t);
    if is_infinite_or_huge(plain) {
        return Err(QuantityError::TooLarge(t.to_owned()));
    }
    let valid = !plain.is_empty()
        && plain
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && plain.matches('.').count() <= 1
        && plain.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(QuantityError::NotANumber(t.to_owned()));
    }
    let whole = plain.split('.').next().unwrap_or_default();
    if !whole.starts_with('-') && whole.trim_start_matches('0').len() > 10 {
        return Err(QuantityError::TooLarge(t.to_owned()));
    }
    let value = Decimal::from_str(plain).map_err(|_| QuantityError::NotANumber(t.to_owned()))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(QuantityError::Negative(t.to_owned()));
    }
    if value > Decimal::from(MAX_QUANTITY) {
        return Err(QuantityError::TooLarge(t.to_owned()));
    }
    Ok(value)
}

/// YAML's infinity (`.inf`), or a number in exponent form too large for
/// any quantity (`1e400`). Negative ones are left to the sign check.
fn is_infinite_or_huge(text: &str) -> bool {
    if matches!(text, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().any(|c| c.is_ascii_digit() && c != '0');
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    mantissa_ok
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
        && exponent.trim_start_matches('0').len() >= 2
}

/// `1.500`, `12.000`, `1.281.090`: a Dutch thousands separator, not a
/// decimal point. `0.500` and `1.50` are left alone.
fn looks_like_thousands(t: &str) -> bool {
    let mut groups = t.split('.');
    let Some(head) = groups.next() else {
        return false;
    };
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&head.len())
        && head.chars().all(|c| c.is_ascii_digit())
        && !head.starts_with('0')
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn amounts_written_the_dutch_way_get_the_plain_number() {
        let cases = [
            ("€ 80", Some("80")),
            ("1.500,-", Some("1500")),
            ("€ 1.250,50", Some("1250.50")),
            ("12,5", Some("12.5")),
            ("80 EUR", Some("80")),
            ("80", None),
            ("tachtig", None),
        ];
        for (text, expected) in cases {
            assert_eq!(plain_number(text).as_deref(), expected, "{text}");
        }
        let err = parse_quantity("1.500,-").expect_err("not a number");
        assert_eq!(
            err.message("Materiële kosten"),
            "`1.500,-` is not a number here: write Materiële kosten as a plain number, `1500`"
        );
        let err = parse_quantity("€ 80").expect_err("not a number");
        assert_eq!(
            err.message("a rate"),
            "`€ 80` is not a number of a rate: write the number alone, without a currency sign \
             or `,-`: `80`"
        );
    }

    #[test]
    fn accepted_quantities() {
        let cases = [
            ("120", dec!(120)),
            ("0", dec!(0)),
            ("12.5", dec!(12.5)),
            ("0.500", dec!(0.5)),
            ("1.50", dec!(1.5)),
            ("2440", dec!(2440)),
            ("+7", dec!(7)),
            (" 30 ", dec!(30)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_quantity(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn refused_quantities() {
        let cases = [
            ("12,5", QuantityError::DecimalComma("12,5".into())),
            ("1.500", QuantityError::ThousandsSeparator("1.500".into())),
            (
                "1.281.090",
                QuantityError::ThousandsSeparator("1.281.090".into()),
            ),
            ("-3", QuantityError::Negative("-3".into())),
            ("veel", QuantityError::NotANumber("veel".into())),
            ("1e3", QuantityError::NotANumber("1e3".into())),
            ("12 uur", QuantityError::NotANumber("12 uur".into())),
            ("", QuantityError::Empty),
            ("~", QuantityError::Empty),
            (".nan", QuantityError::NotANumber(".nan".into())),
            (".inf", QuantityError::TooLarge(".inf".into())),
            ("1e400", QuantityError::TooLarge("1e400".into())),
            ("1E+99", QuantityError::TooLarge("1E+99".into())),
            ("-.inf", QuantityError::NotANumber("-.inf".into())),
            (
                "79228162514264337593543950336",
                QuantityError::TooLarge("79228162514264337593543950336".into()),
            ),
            ("1000000001", QuantityError::TooLarge("1000000001".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_quantity(text), Err(expected), "{text}");
        }
    }

    #[test]
    fn messages_say_what_to_write() {
        let m = QuantityError::ThousandsSeparator("1.500".into()).message("hours");
        assert!(m.contains("thousands separator"), "{m}");
        assert!(m.contains("`1500`"), "{m}");
        let m = QuantityError::DecimalComma("12,5".into()).message("hours");
        assert!(m.contains("`12.5`"), "{m}");
    }
}
