//! The sentences a reviewer reads first about a [`ChangeSet`]: the summary
//! line, the verdict against the available budget, the counts of budgets.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::signs::{is_overrun, signed_currency, with_currency};
use super::{Causes, ChangeSet, ChangeStatus, Delta};
use crate::source::format;

impl ChangeSet {
    /// Available − total on each side: negative is an overrun.
    pub(crate) fn remainder(&self) -> Delta {
        let side = |a: Option<Decimal>, t: Option<Decimal>| Some(a? - t?);
        Delta {
            before: side(self.available.before, self.total.before),
            after: side(self.available.after, self.total.after),
        }
    }

    /// How many budgets have `status`; for [`ChangeStatus::Changed`], those whose
    /// figures changed (a budget only moved counts in [`ChangeSet::moved`]).
    pub(crate) fn count(&self, status: ChangeStatus) -> usize {
        self.budgets
            .iter()
            .filter(|b| b.status == status)
            .filter(|b| status != ChangeStatus::Changed || b.figures_changed())
            .count()
    }

    /// The causes of the change of the programme total: the budgets'
    /// causes added up (they add up to [`ChangeSet::total`]'s difference).
    pub(crate) fn causes(&self) -> Causes {
        self.budgets.iter().map(|b| b.causes).sum()
    }

    /// Whether nothing in the money differs: no budget, no rate, the same
    /// available budget.
    pub(crate) fn is_empty(&self) -> bool {
        self.budgets.is_empty() && self.rates.is_empty() && !self.available.changed()
    }

    /// How many budgets moved to another theme or function.
    pub(crate) fn moved(&self) -> usize {
        self.budgets.iter().filter(|b| b.moved()).count()
    }

    /// An amount with the book's currency sign: `€ 2.620.019`.
    pub(crate) fn amount(&self, value: Decimal) -> String {
        with_currency(&self.labels.currency_sign, format::money(value))
    }

    /// A difference with its sign and the book's currency sign: `+€ 1.200`,
    /// `-€ 350`, `€ 0`.
    pub(crate) fn signed_amount(&self, value: Decimal) -> String {
        signed_currency(&self.labels.currency_sign, value)
    }

    /// The one-line summary a reviewer reads first, e.g. "Programmatotaal
    /// € 2.620.019 → € 2.621.219 (+€ 1.200); 2 begrotingen gewijzigd,
    /// 1 toegevoegd", with the overrun at the end when there is one.
    pub(crate) fn summary(&self) -> String {
        let mut text = self.changes_in_brief();
        if let Some(after) = self.remainder().after
            && is_overrun(after)
        {
            let _ = write!(
                text,
                "; {} {}",
                self.amount(-after),
                self.words.over_available
            );
        }
        text
    }

    /// The summary without the overrun, for the Markdown comment, which
    /// opens with [`ChangeSet::verdict`].
    pub(crate) fn changes_in_brief(&self) -> String {
        let words = &self.words;
        let programme = &words.programme_total;
        let total = match (self.total.before, self.total.after) {
            (Some(b), Some(a)) if b == a => {
                format!("{programme} {} ({})", self.amount(a), words.unchanged)
            }
            (b, a) => format!(
                "{programme} {} → {} ({})",
                self.amount(b.unwrap_or_default()),
                self.amount(a.unwrap_or_default()),
                self.signed_amount(self.total.difference())
            ),
        };
        let mut parts = vec![total, self.budget_counts()];
        let rates = self.rates.len();
        if rates > 0 {
            let noun = if rates == 1 {
                &words.rate_one
            } else {
                &words.rate_many
            };
            parts.push(format!("{rates} {noun} {}", words.changed));
        }
        if self.available.changed() {
            parts.push(format!(
                "{} {} → {}",
                words.available_in_text,
                self.amount(self.available.before.unwrap_or_default()),
                self.amount(self.available.after.unwrap_or_default())
            ));
        }
        parts.join("; ")
    }

    /// A remainder as the overview words it, with the book's labels:
    /// "Resterend € 10", "Tekort € 260".
    pub(crate) fn standing(&self, remainder: Decimal) -> String {
        let label = if is_overrun(remainder) {
            &self.labels.overrun
        } else {
            &self.labels.remainder
        };
        format!("{label} {}", self.amount(remainder.abs()))
    }

    /// The new side against its available budget, in the words of the
    /// overview ("Resterend", "Tekort"), with the old side's standing:
    /// "Binnen het beschikbare budget van € 7.250: Resterend € 10 (was
    /// Resterend € 0)", "Boven het beschikbare budget van € 7.250: Tekort
    /// € 260 (was Resterend € 0)".
    pub(crate) fn verdict(&self) -> String {
        let remainder = self.remainder();
        let (Some(after), Some(available)) = (remainder.after, self.available.after) else {
            return String::new();
        };
        let words = &self.words;
        let within = if is_overrun(after) {
            &words.verdict_over
        } else {
            &words.verdict_within
        };
        let was = match remainder.before {
            Some(before) if before == after => words.unchanged.clone(),
            Some(before) => format!("{} {}", words.was, self.standing(before)),
            None => String::new(),
        };
        let mut text = format!(
            "{within} {}: {}",
            self.amount(available),
            self.standing(after)
        );
        if !was.is_empty() {
            let _ = write!(text, " ({was})");
        }
        text
    }

    /// How many budgets changed, were added, removed and moved, each with
    /// the book's word for it.
    pub(crate) fn counts(&self) -> [(usize, &str); 4] {
        let words = &self.words;
        [
            (self.count(ChangeStatus::Changed), &words.changed),
            (self.count(ChangeStatus::Added), &words.added),
            (self.count(ChangeStatus::Removed), &words.removed),
            (self.moved(), &words.moved),
        ]
    }

    /// "2 begrotingen gewijzigd, 1 toegevoegd, 1 verplaatst", the noun with
    /// the first count; "geen begrotingen gewijzigd" when there is none.
    fn budget_counts(&self) -> String {
        let words = &self.words;
        let mut out: Vec<String> = Vec::new();
        for (n, word) in self.counts().into_iter().filter(|(n, _)| *n > 0) {
            if out.is_empty() {
                let noun = if n == 1 {
                    &words.budget_one
                } else {
                    &words.budget_many
                };
                out.push(format!("{n} {noun} {word}"));
            } else {
                out.push(format!("{n} {word}"));
            }
        }
        if out.is_empty() {
            words.no_budgets_changed.clone()
        } else {
            out.join(", ")
        }
    }
}
