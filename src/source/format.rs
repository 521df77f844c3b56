//! Dutch number notation, in one place: `1.281.090`, `12,5`, `€ 2.620.019`.
//!
//! A full stop between thousands and a decimal comma. Amounts and rates
//! print with the decimals the book's money policy asks for ([`amount`]:
//! `112,50`, `2.620.019`), hours with the decimals they have ([`hours`]:
//! `12,25`, `0,5`). Everything a reader sees goes through these functions;
//! exports for machines use [`plain`] and [`fixed`].

use rust_decimal::Decimal;

/// A figure in Dutch notation: thousands separated by `.`, a decimal comma,
/// no decimals for whole numbers and two for money with cents.
///
/// Hours with one decimal keep it (`12,5`); money with cents gets two
/// (`12,50`). Values are never rounded away: `0,125` stays `0,125`.
pub fn number(value: Decimal) -> String {
    number_with_scale(value.normalize())
}

/// An amount of money in Dutch notation: like [`number`], but an amount with
/// cents always shows two decimals (`12,50`).
pub fn money(value: Decimal) -> String {
    let value = value.normalize();
    if value.scale() == 1 {
        let mut v = value;
        v.rescale(2);
        return number_with_scale(v);
    }
    number(value)
}

/// An amount of money with the euro sign: `€ 2.620.019`.
pub fn euro(value: Decimal) -> String {
    format!("€ {}", money(value))
}

/// An amount or rate as a finance officer writes it: exactly `precision`
/// decimals, `112,50`, `2.620.019`, `0,00`. The value must already be at
/// that precision (the budget's printed figures are); a finer one is rounded
/// half away from zero, never cut.
pub fn amount(value: Decimal, precision: u32) -> String {
    let mut v = value;
    v.rescale(precision);
    number_with_scale(v)
}

/// An amount with the currency sign before it: `€ 2.620.019`, `€ 106,42`.
/// An empty sign gives the amount alone.
pub fn currency(value: Decimal, precision: u32, sign: &str) -> String {
    if sign.is_empty() {
        amount(value, precision)
    } else {
        format!("{sign} {}", amount(value, precision))
    }
}

/// An amount as the book with `config` prints it: its precision and its
/// currency sign, `€ 2.620.019`.
pub fn printed(config: &crate::source::model::Config, value: Decimal) -> String {
    currency(value, config.money.precision, &config.labels.currency_sign)
}

/// Hours with the decimals they have: `12,25`, `0,5`, `1.500`.
pub fn hours(value: Decimal) -> String {
    number(value)
}

/// A printed amount for a machine: a decimal point and exactly `precision`
/// decimals, `112.50`, `57652`.
pub fn fixed(value: Decimal, precision: u32) -> String {
    let mut v = value;
    v.rescale(precision);
    v.to_string()
}

/// A printed amount for a Dutch spreadsheet: a decimal comma, no thousands
/// separator and exactly `precision` decimals, `112,50`, `57652`.
pub fn spreadsheet_fixed(value: Decimal, precision: u32) -> String {
    fixed(value, precision).replace('.', ",")
}

/// The exact decimal as a machine reads it: `57652`, `12.5`, `-3`.
/// Used for JSON (as a string, never a float) and wherever exactness matters.
pub fn plain(value: Decimal) -> String {
    let value = value.normalize();
    let digits = Digits::of(value);
    let (int_part, frac) = digits.parts();
    let mut out = String::with_capacity(int_part.len() + frac.len() + 2);
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    out.push_str(int_part);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The exact decimal with a decimal comma and no thousands separator, the
/// form Dutch spreadsheet programs read from a CSV file: `57652`, `12,5`.
pub fn spreadsheet(value: Decimal) -> String {
    plain(value).replace('.', ",")
}

/// `value` in Dutch notation with the decimals of its scale.
fn number_with_scale(value: Decimal) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let digits = Digits::of(value);
    let (int_part, frac) = digits.parts();
    let len = int_part.len();
    let mut out = String::with_capacity(len + len / 3 + frac.len() + 2);
    if negative {
        out.push('-');
    }
    // Thousands separated by `.`; the digits are ASCII.
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// The digits of a decimal without its sign, as `Decimal`'s `Display`
/// writes them (`12.50` gives `12` and `50`, `0.05` gives `0` and `05`),
/// made from its integer and scale without an allocation: figures are
/// formatted by the thousand on every save of `serve`.
struct Digits {
    /// The digits, right-aligned: at most 29 of the integer, padded with
    /// zeros to one more than the scale (at most 28).
    buf: [u8; Self::MAX],
    /// Where the digits start.
    start: usize,
    /// Where the decimals start.
    point: usize,
}

impl Digits {
    const MAX: usize = 32;

    fn of(value: Decimal) -> Self {
        let mut buf = [b'0'; Self::MAX];
        let mut at = Self::MAX;
        let mut rest = value.mantissa().unsigned_abs();
        loop {
            at -= 1;
            // The remainder of a division by 10 is a digit.
            buf[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let point = Self::MAX - value.scale() as usize;
        Self {
            buf,
            start: at.min(point - 1),
            point,
        }
    }

    /// The digits before and after the point.
    fn parts(&self) -> (&str, &str) {
        // Nothing but ASCII digits was written.
        let text = std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default();
        text.split_at(self.point - self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    #[test]
    fn numbers_in_dutch_notation() {
        let cases = [
            ("0", "0"),
            ("5", "5"),
            ("456", "456"),
            ("1500", "1.500"),
            ("12000", "12.000"),
            ("57652", "57.652"),
            ("100000", "100.000"),
            ("1281090", "1.281.090"),
            ("2620019", "2.620.019"),
            ("12.5", "12,5"),
            ("2440.25", "2.440,25"),
            ("0.125", "0,125"),
            ("-1500", "-1.500"),
            ("12000.00", "12.000"),
        ];
        for (input, expected) in cases {
            assert_eq!(number(d(input)), expected, "number({input})");
        }
    }

    #[test]
    fn money_shows_cents_as_two_decimals() {
        let cases = [
            ("57652", "57.652"),
            ("57652.00", "57.652"),
            ("850.5", "850,50"),
            ("1234567.89", "1.234.567,89"),
            ("-0.5", "-0,50"),
        ];
        for (input, expected) in cases {
            assert_eq!(money(d(input)), expected, "money({input})");
        }
    }

    #[test]
    fn amounts_with_the_precision() {
        // (value, precision, printed)
        let cases = [
            ("112.5", 2, "112,50"),
            ("12.75", 2, "12,75"),
            ("1047", 2, "1.047,00"),
            ("0", 2, "0,00"),
            ("2620019", 0, "2.620.019"),
            ("2620019.00", 0, "2.620.019"),
            ("1234567.8", 2, "1.234.567,80"),
            ("-0.5", 2, "-0,50"),
        ];
        for (input, precision, expected) in cases {
            assert_eq!(
                amount(d(input), precision),
                expected,
                "amount({input}, {precision})"
            );
        }
        assert_eq!(currency(d("2620019"), 0, "€"), "€ 2.620.019");
        assert_eq!(currency(d("106.42"), 2, "CHF"), "CHF 106,42");
        assert_eq!(currency(d("5"), 2, ""), "5,00");
    }

    #[test]
    fn hours_keep_their_decimals() {
        assert_eq!(hours(d("12.25")), "12,25");
        assert_eq!(hours(d("0.5")), "0,5");
        assert_eq!(hours(d("0.50")), "0,5");
        assert_eq!(hours(d("1500")), "1.500");
    }

    #[test]
    fn printed_amounts_for_machines() {
        assert_eq!(fixed(d("112.5"), 2), "112.50");
        assert_eq!(fixed(d("57652"), 0), "57652");
        assert_eq!(spreadsheet_fixed(d("112.5"), 2), "112,50");
        assert_eq!(spreadsheet_fixed(d("1500"), 0), "1500");
    }

    #[test]
    fn euro_amounts() {
        assert_eq!(euro(d("2620019")), "€ 2.620.019");
        assert_eq!(euro(d("0")), "€ 0");
    }

    /// The digits match `Decimal`'s own `Display` (the reference) for
    /// every scale, sign and size of integer.
    #[test]
    fn the_digits_are_those_of_the_decimals_display() {
        let mantissas = [
            0_i128,
            1,
            5,
            9,
            10,
            99,
            100,
            101,
            999,
            1000,
            1_234_567,
            2_620_019,
            4_294_967_296,
            i128::from(u64::MAX),
            79_228_162_514_264_337_593_543_950_335,
        ];
        for m in mantissas {
            for scale in 0..=28 {
                for m in [m, -m] {
                    let value = Decimal::from_i128_with_scale(m, scale);
                    let text = value.abs().to_string();
                    let (int_part, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
                    assert_eq!(
                        Digits::of(value).parts(),
                        (int_part, frac),
                        "{m} at scale {scale}"
                    );
                    assert_eq!(plain(value), value.normalize().to_string());
                }
            }
        }
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        assert_eq!(plain(negative_zero), negative_zero.normalize().to_string());
        assert_eq!(number(negative_zero), "0");
    }

    #[test]
    fn machine_forms_are_exact() {
        assert_eq!(plain(d("57652.00")), "57652");
        assert_eq!(plain(d("12.50")), "12.5");
        assert_eq!(spreadsheet(d("12.5")), "12,5");
        assert_eq!(spreadsheet(d("1500")), "1500");
    }
}
