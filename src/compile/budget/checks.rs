//! The budget's meaning checks, on the figures as read and as computed:
//! rates finer than amounts print with, amounts finer than whole units
//! without a stated rounding rule, declared totals that differ from the
//! computed ones, and the programme total against the available budget.

use crate::base::diagnostics::{Diagnostic, Diagnostics, codes};
use crate::compile::budget::{self, Programme};
use crate::source::model::Book;
use crate::{source::config, source::format};

/// Refuses a rate or material cost in front matter with more decimals than
/// amounts print with (those of book.yaml are refused as it is read).
pub(crate) fn check_precision(book: &Book, diags: &mut Diagnostics) {
    let money = &book.config.money;
    for spec in book.budgets() {
        let rates = spec.organisations.iter().flat_map(|o| &o.lines);
        let finer = rates
            .filter(|l| crate::source::rounding::finer_than(l.rate, money.precision))
            .map(|l| (format!("the rate of {}", l.role), l.rate))
            .chain(
                crate::source::rounding::finer_than(spec.material, money.precision)
                    .then(|| ("the material cost".to_owned(), spec.material)),
            );
        for (what, value) in finer {
            diags.push(
                Diagnostic::new(
                    codes::FINER_THAN_PRECISION,
                    &spec.path,
                    spec.pos,
                    format!(
                        "budget {}: {}",
                        spec.id,
                        config::precision_message(&what, &format::plain(value), money)
                    ),
                )
                .with_hint(config::precision_hint(money)),
            );
        }
    }
}

/// A warning for a budget with an amount finer than the printed precision
/// when book.yaml states no rule for rounding it.
fn check_unstated_rounding(book: &Book, programme: &Programme, diags: &mut Diagnostics) {
    let money = &book.config.money;
    if money.stated {
        return;
    }
    let labels = &book.config.labels;
    for spec in book.budgets() {
        let Some(computed) = programme.budget(&spec.id) else {
            continue;
        };
        let lines = computed.organisations.iter().flat_map(|o| {
            o.lines.iter().map(|l| (l.role.as_str(), &l.charge)).chain([
                (labels.staff.as_str(), &o.staff),
                (labels.overhead.as_str(), &o.overhead),
            ])
        });
        let finer: Vec<(&str, &budget::Charge)> = lines
            .filter(|(_, c)| crate::source::rounding::finer_than(c.exact_amount, money.precision))
            .collect();
        let Some((label, first)) = finer.first() else {
            continue;
        };
        let more = match finer.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let exact = format::number(first.exact_amount);
        diags.push(
            Diagnostic::new(
                codes::UNSTATED_ROUNDING,
                &spec.path,
                spec.pos,
                format!(
                    "budget {} has amounts finer than whole units, e.g. {label}: {} × {} h = \
                     {exact}{more}; book.yaml states no rounding rule (no `money:` section), \
                     so each line is rounded half up: {exact} prints as {}",
                    spec.id,
                    format::number(first.rate),
                    format::hours(first.hours),
                    format::amount(first.amount, money.precision),
                ),
            )
            .with_hint(config::precision_hint(money)),
        );
    }
}

/// Meaning checks on the computed budget: declared totals, amounts finer
/// than printed without a rule, and the programme total against the
/// available budget.
///
/// `complete` says whether every budget could be read: money left over
/// is news only then; with a budget missing it would be an echo of that
/// error.
pub(crate) fn check_programme(
    book: &Book,
    programme: &Programme,
    complete: bool,
    diags: &mut Diagnostics,
) {
    let config = &book.config;
    let p = config.money.precision;
    let money = |d| format::currency(d, p, &config.labels.currency_sign);
    check_unstated_rounding(book, programme, diags);
    for spec in book.budgets() {
        if let (Some(declared), Some(computed)) = (spec.declared_total, programme.budget(&spec.id))
            && declared != computed.total
        {
            diags.push(
                Diagnostic::new(
                    codes::DECLARED_TOTAL_DIFFERS,
                    &spec.path,
                    spec.declared_total_pos,
                    format!(
                        "budget {} adds up to {}, but its declared total is {}",
                        spec.id,
                        money(computed.total),
                        money(declared)
                    ),
                )
                .with_hint("check the hours, or change `declared_total` to the agreed figure"),
            );
        }
    }
    let remainder = programme.remainder();
    if remainder.is_sign_negative() && !remainder.is_zero() {
        diags.push(
            Diagnostic::new(
                codes::PROGRAMME_OVERRUN,
                &config.path,
                config.available_budget_pos,
                format!(
                    "the programme total {} is {} above the available budget {}",
                    money(programme.total),
                    money(-remainder),
                    money(programme.available)
                ),
            )
            .with_hint(
                "reduce hours or material costs; `kis-book budget` shows where the money goes",
            ),
        );
    } else if !remainder.is_zero() && complete {
        diags.push(Diagnostic::new(
            codes::UNALLOCATED,
            &config.path,
            config.available_budget_pos,
            format!(
                "{} of the available budget {} is not allocated (programme total {})",
                money(remainder),
                money(programme.available),
                money(programme.total)
            ),
        ));
    }
}

/// Whether every budget could be read: no error of the config, the files
/// or the front matter (codes KB01…, KB02…, KB03…) among `diags`.
pub(crate) fn every_budget_read(diags: &Diagnostics) -> bool {
    !diags.sorted().iter().any(|d| {
        d.severity == crate::base::diagnostics::Severity::Error
            && ["KB01", "KB02", "KB03"]
                .iter()
                .any(|p| d.code.id.starts_with(p))
    })
}
