//! The `money:` section of book.yaml: the precision amounts print with and
//! the rounding rule, and the check that a rate or amount of book.yaml is
//! no finer than that precision (the front matter's are checked in
//! [`crate::compile::budget::checks`], with the same words).

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::raw::RawMoney;
use crate::base::diagnostics::{Diagnostic, Diagnostics, codes};
use crate::source::model::{MoneyPolicy, RoundAt, Rounding};
use crate::source::rounding::finer_than;
use crate::source::yaml::Origin;

/// The money policy; defaults for what the section leaves out.
pub(super) fn money(
    origin: &Origin<'_>,
    raw: Option<&RawMoney>,
    diags: &mut Diagnostics,
) -> MoneyPolicy {
    let mut policy = MoneyPolicy::default();
    let Some(raw) = raw else {
        return policy;
    };
    policy.stated = true;
    if let Some(precision) = &raw.precision {
        if precision.value <= MoneyPolicy::MAX_PRECISION {
            policy.precision = precision.value;
        } else {
            diags.push(
                Diagnostic::new(
                    codes::INVALID_MONEY_SETTING,
                    origin.path,
                    origin.at(&precision.referenced),
                    format!(
                        "`precision: {}` is not a precision for money: amounts print with 0 to {} decimals",
                        precision.value,
                        MoneyPolicy::MAX_PRECISION
                    ),
                )
                .with_hint("write 0 for whole units or 2 for cents"),
            );
        }
    }
    if let Some(rounding) = &raw.rounding {
        match rounding.value.as_str() {
            "half-up" => policy.rounding = Rounding::HalfUp,
            "half-even" => policy.rounding = Rounding::HalfEven,
            other => {
                diags.report(
                    codes::INVALID_MONEY_SETTING,
                    origin.path,
                    origin.at(&rounding.referenced),
                    format!(
                        "`rounding: {other}` is not a rounding mode: write `half-up` or `half-even`"
                    ),
                );
            }
        }
    }
    if let Some(round) = &raw.round {
        match round.value.as_str() {
            "lines" => policy.round = RoundAt::Lines,
            "totals" => policy.round = RoundAt::Totals,
            other => {
                diags.report(
                    codes::INVALID_MONEY_SETTING,
                    origin.path,
                    origin.at(&round.referenced),
                    format!("`round: {other}` is not a place to round: write `lines` or `totals`"),
                );
            }
        }
    }
    policy
}

/// Refuses a rate or amount from book.yaml that has more decimals than
/// amounts print with: it could not be printed as it is.
pub(super) fn check_precision(
    origin: &Origin<'_>,
    text: &Spanned<String>,
    value: Decimal,
    what: &str,
    money: &MoneyPolicy,
    diags: &mut Diagnostics,
) {
    if finer_than(value, money.precision) {
        diags.push(
            Diagnostic::new(
                codes::FINER_THAN_PRECISION,
                origin.path,
                origin.at(&text.referenced),
                precision_message(what, &text.value, money),
            )
            .with_hint(precision_hint(money)),
        );
    }
}

/// The message for a rate or amount finer than the printed precision.
pub(crate) fn precision_message(what: &str, value: &str, money: &MoneyPolicy) -> String {
    if money.stated {
        format!(
            "{what} `{value}` has more decimals than amounts print with (`precision: {}`)",
            money.precision
        )
    } else {
        format!(
            "{what} `{value}` has decimals, but amounts print in whole units: book.yaml has no `money:` section"
        )
    }
}

/// The hint for a rate or amount finer than the printed precision.
pub(crate) fn precision_hint(money: &MoneyPolicy) -> String {
    if money.stated {
        format!(
            "round it to {} decimals, or raise `precision` in the `money:` section of book.yaml",
            money.precision
        )
    } else {
        "to print cents, add to content/book.yaml: `money: { precision: 2, rounding: half-up, round: lines }`"
            .to_owned()
    }
}
