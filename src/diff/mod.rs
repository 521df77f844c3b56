//! `kis-book diff`: what a commit or a pull request changes in the money;
//! `kis-book compare`: what one edition of the book costs against another.
//!
//! Two revisions of the book (or a revision and the working tree) are each
//! compiled to a [`Programme`](crate::budget::Programme); [`compute`]
//! compares them keyed by budget id, organisation id and role name, never
//! by row position, into a [`ChangeSet`]; the renderers ([`table`],
//! [`markdown`], [`csv`], [`json`]) present it for a terminal, a pull
//! request comment, a spreadsheet or a machine. A revision is read straight
//! from git's objects ([`git`]); nothing is checked out.

pub mod causes;
pub mod compute;
mod csv;
mod editions;
pub mod git;
mod json;
mod markdown;
mod revision;
mod rows;
mod table;

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::budget::GroupKind;
use crate::diagnostics::Diagnostics;
use crate::format;
use crate::model::{Labels, Words};

pub use causes::{Cause, Causes};
pub use editions::compare_editions;
pub use revision::{Outcome, diff};

/// The output formats of `kis-book diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for a terminal, in Dutch notation.
    Table,
    /// A pull-request comment: a summary line, then collapsible tables.
    Markdown,
    /// Semicolon-separated values with decimal commas, for spreadsheets.
    Csv,
    /// JSON with exact decimals as strings.
    Json,
}

/// Renders a change set in `format`.
pub fn render(format: Format, changes: &ChangeSet) -> String {
    match format {
        Format::Table => table::render(changes),
        Format::Markdown => markdown::render(changes),
        Format::Csv => csv::render(changes),
        Format::Json => json::render(changes),
    }
}

/// One side of a comparison: a revision, the working tree, or (for
/// `compare`) a book's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The revision as the user named it (`HEAD~1`, `origin/main`); `None`
    /// for the working tree or a folder.
    pub revision: Option<String>,
    /// The full commit id it names; `None` for the working tree or a
    /// folder.
    pub commit: Option<String>,
    /// The book's folder as the user named it, for `compare`.
    pub folder: Option<String>,
}

impl Side {
    /// The working tree.
    pub fn working_tree() -> Self {
        Self {
            revision: None,
            commit: None,
            folder: None,
        }
    }

    /// The book in `folder`, as the user named it.
    pub fn folder(folder: &str) -> Self {
        Self {
            folder: Some(folder.to_owned()),
            ..Self::working_tree()
        }
    }

    /// The commit id shortened as git shows it: 7 hex digits.
    pub fn short_commit(&self) -> Option<&str> {
        self.commit.as_deref().map(|c| c.get(..7).unwrap_or(c))
    }

    /// How a reader sees it: `HEAD~1 (abc1234)`, the book's word for the
    /// working tree (`werkmap`), or the folder of an edition.
    pub fn describe(&self, working_tree: &str) -> String {
        if let Some(folder) = &self.folder {
            return folder.clone();
        }
        match (&self.revision, self.short_commit()) {
            (Some(rev), Some(commit)) if rev.starts_with(commit) => commit.to_owned(),
            (Some(rev), Some(commit)) => format!("{rev} ({commit})"),
            (Some(rev), None) => rev.clone(),
            (None, _) => working_tree.to_owned(),
        }
    }
}

/// A figure before and after; `None` on a side where it does not exist
/// (a budget, organisation block or role line added or removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delta {
    /// The value in the old revision.
    pub before: Option<Decimal>,
    /// The value in the new revision (or the working tree).
    pub after: Option<Decimal>,
}

impl Delta {
    /// A figure present on both sides.
    pub fn of(before: Decimal, after: Decimal) -> Self {
        Self {
            before: Some(before),
            after: Some(after),
        }
    }

    /// after − before, an absent side counting as 0.
    pub fn difference(&self) -> Decimal {
        self.after.unwrap_or_default() - self.before.unwrap_or_default()
    }

    /// Whether the figure differs (or exists on one side only).
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A rate × hours = amount line before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChargeChange {
    /// Rate in currency units per hour.
    pub rate: Delta,
    /// Hours.
    pub hours: Delta,
    /// Amount in currency units.
    pub amount: Delta,
}

impl ChargeChange {
    /// Whether its hours or amount differ (or it exists on one side only).
    /// A rate that changed on a line of 0 hours changes nothing in the
    /// budget; the rate itself is listed with the rate card's changes.
    pub fn changed(&self) -> bool {
        self.hours.changed() || self.amount.changed()
    }
}

/// One role line of a budget, keyed by its role name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// Role name as printed.
    pub role: String,
    /// Its rate, hours and amount before and after.
    pub charge: ChargeChange,
}

/// One organisation's block of a budget, keyed by organisation id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgChange {
    /// Organisation id, e.g. `movisie`.
    pub id: String,
    /// Printed name (the new revision's, else the old one's).
    pub name: String,
    /// Role lines: the new revision's order, then lines removed.
    pub lines: Vec<LineChange>,
    /// Total hours of the organisation in the budget.
    pub hours: Delta,
    /// Stafkosten: staff rate × hours.
    pub staff: ChargeChange,
    /// Overhead: overhead rate × hours.
    pub overhead: ChargeChange,
    /// Role amounts + Stafkosten + Overhead, in currency units.
    pub total: Delta,
}

impl OrgChange {
    /// Whether any figure of the block differs.
    pub fn changed(&self) -> bool {
        self.total.changed()
            || self.hours.changed()
            || self.staff.changed()
            || self.overhead.changed()
            || self.lines.iter().any(|l| l.charge.changed())
    }
}

/// What happened to a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
    /// In both, with a figure or its theme/function changed.
    Changed,
}

impl Status {
    /// The key of the CSV's `status` column: `toegevoegd`, `verwijderd`,
    /// `gewijzigd`; a key for programs, like the CSV's header and its
    /// `onderdeel` column, not the book's words.
    pub fn dutch(self) -> &'static str {
        match self {
            Status::Added => "toegevoegd",
            Status::Removed => "verwijderd",
            Status::Changed => "gewijzigd",
        }
    }

    /// The word a machine reads: `added`, `removed`, `changed`.
    pub fn english(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

/// A theme or function a budget rolls up into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// Theme number or function letter.
    pub id: String,
    /// Theme or function.
    pub kind: GroupKind,
    /// Its label in the overview, e.g. "Thema 1. Nieuwe migratie".
    pub label: String,
}

/// A budget that differs between the two sides, keyed by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetChange {
    /// Project or function id.
    pub id: String,
    /// Title (the new revision's, else the old one's).
    pub title: String,
    /// Added, removed or changed.
    pub status: Status,
    /// Theme or function in the old revision.
    pub group_before: Option<GroupRef>,
    /// Theme or function in the new revision.
    pub group_after: Option<GroupRef>,
    /// Organisation blocks: the new revision's order, then those removed.
    pub organisations: Vec<OrgChange>,
    /// Materiële kosten.
    pub material: Delta,
    /// Budget total.
    pub total: Delta,
    /// The change of the total split into hours, rates, material and
    /// rounding (see [`causes`]).
    pub causes: Causes,
}

impl BudgetChange {
    /// Whether it moved to another theme or function.
    pub fn moved(&self) -> bool {
        matches!((&self.group_before, &self.group_after), (Some(b), Some(a))
            if (b.kind, &b.id) != (a.kind, &a.id))
    }

    /// Whether any figure differs (rather than only its theme or function).
    pub fn figures_changed(&self) -> bool {
        self.material.changed()
            || self.total.changed()
            || self.organisations.iter().any(OrgChange::changed)
    }

    /// "Project 1.1 Titel" (the `project` label) or "B Portaalfunctie",
    /// as budget tables are headed.
    pub fn heading(&self, labels: &Labels) -> String {
        let group = self.group_after.as_ref().or(self.group_before.as_ref());
        let of_function = group.is_some_and(|g| g.kind == GroupKind::Function);
        crate::views::budget_heading(labels, &self.id, &self.title, of_function)
    }
}

/// Which rate of an organisation's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateKind {
    /// The hourly rate of a role on the card.
    Role(String),
    /// Stafkosten per hour.
    Staff,
    /// Overhead per hour.
    Overhead,
}

impl RateKind {
    /// The line as a reader sees it: the role, or the book's labels of
    /// Stafkosten and Overhead.
    pub fn label<'a>(&'a self, labels: &'a Labels) -> &'a str {
        match self {
            RateKind::Role(role) => role,
            RateKind::Staff => &labels.staff,
            RateKind::Overhead => &labels.overhead,
        }
    }
}

/// A rate of the rate card that differs, keyed by organisation and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateChange {
    /// Organisation id.
    pub org_id: String,
    /// Organisation name as printed.
    pub org_name: String,
    /// Which rate.
    pub kind: RateKind,
    /// The rate in currency units per hour, before and after.
    pub rate: Delta,
    /// What the change does to each budget that uses the rate.
    pub effects: Vec<RateEffect>,
}

impl RateChange {
    /// The change's effect on all budgets together.
    pub fn total_effect(&self) -> Decimal {
        self.effects.iter().map(|e| e.amount).sum()
    }
}

/// What one rate change does to one budget: the difference in rate times
/// the hours the budget has in the new revision. (A budget whose hours
/// changed too owes the rest of its difference to the hours, at the old
/// rate.) A line of 0 hours uses no money at any rate and has no effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateEffect {
    /// Budget id.
    pub budget: String,
    /// Budget title.
    pub title: String,
    /// The budget's line that uses the rate: the role as written there
    /// (which may be an alias, `Adviseur` at Expert's rate), or
    /// `Stafkosten`/`Overhead`.
    pub line: String,
    /// The hours the rate applies to, in the new revision.
    pub hours: Decimal,
    /// Rate difference × hours, in currency units.
    pub amount: Decimal,
}

/// One row of the programme overview (a function or a theme), keyed by
/// kind and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChange {
    /// Theme number or function letter.
    pub id: String,
    /// Theme or function.
    pub kind: GroupKind,
    /// Overview label (the new revision's, else the old one's).
    pub label: String,
    /// Materiële kosten of the row.
    pub material: Delta,
    /// Total of the row.
    pub total: Delta,
}

/// An organisation's share of the programme total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgTotal {
    /// Organisation id.
    pub id: String,
    /// Printed name.
    pub name: String,
    /// Its programme total.
    pub total: Delta,
}

/// Everything that differs in the money between two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// The old side.
    pub old: Side,
    /// The new side.
    pub new: Side,
    /// ISO 4217 currency of all amounts (the new revision's).
    pub currency: String,
    /// The new revision's labels: the lines, totals and currency sign.
    pub labels: Labels,
    /// The new revision's words: the sentences, headings and counts.
    pub words: Words,
    /// Budgets that differ, in the new revision's reading order, then those
    /// removed in the old revision's order.
    pub budgets: Vec<BudgetChange>,
    /// Rates of the rate cards that differ.
    pub rates: Vec<RateChange>,
    /// Every row of the overview, in the new revision's order, then rows
    /// only the old revision has.
    pub groups: Vec<GroupChange>,
    /// The programme total per organisation.
    pub organisations: Vec<OrgTotal>,
    /// Programme Materiële kosten.
    pub material: Delta,
    /// Programme total.
    pub total: Delta,
    /// Totaal beschikbaar budget.
    pub available: Delta,
}

impl ChangeSet {
    /// Available − total on each side: negative is an overrun.
    pub fn remainder(&self) -> Delta {
        let side = |a: Option<Decimal>, t: Option<Decimal>| Some(a? - t?);
        Delta {
            before: side(self.available.before, self.total.before),
            after: side(self.available.after, self.total.after),
        }
    }

    /// How many budgets have `status`; for [`Status::Changed`], those whose
    /// figures changed (a budget only moved counts in [`ChangeSet::moved`]).
    pub fn count(&self, status: Status) -> usize {
        self.budgets
            .iter()
            .filter(|b| b.status == status)
            .filter(|b| status != Status::Changed || b.figures_changed())
            .count()
    }

    /// The causes of the change of the programme total: the budgets'
    /// causes added up (they add up to [`ChangeSet::total`]'s difference).
    pub fn causes(&self) -> Causes {
        self.budgets.iter().map(|b| b.causes).sum()
    }

    /// Whether nothing in the money differs: no budget, no rate, the same
    /// available budget.
    pub fn is_empty(&self) -> bool {
        self.budgets.is_empty() && self.rates.is_empty() && !self.available.changed()
    }

    /// How many budgets moved to another theme or function.
    pub fn moved(&self) -> usize {
        self.budgets.iter().filter(|b| b.moved()).count()
    }

    /// An amount with the book's currency sign: `€ 2.620.019`.
    pub fn amount(&self, value: Decimal) -> String {
        with_currency(&self.labels.currency_sign, format::money(value))
    }

    /// A difference with its sign and the book's currency sign: `+€ 1.200`,
    /// `-€ 350`, `€ 0`.
    pub fn signed_amount(&self, value: Decimal) -> String {
        signed_currency(&self.labels.currency_sign, value)
    }

    /// The one-line summary a reviewer reads first, e.g. "Programmatotaal
    /// € 2.620.019 → € 2.621.219 (+€ 1.200); 2 begrotingen gewijzigd,
    /// 1 toegevoegd", with the overrun at the end when there is one.
    pub fn summary(&self) -> String {
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
    pub fn changes_in_brief(&self) -> String {
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
    pub fn standing(&self, remainder: Decimal) -> String {
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
    pub fn verdict(&self) -> String {
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
    pub fn counts(&self) -> [(usize, &str); 4] {
        let words = &self.words;
        [
            (self.count(Status::Changed), &words.changed),
            (self.count(Status::Added), &words.added),
            (self.count(Status::Removed), &words.removed),
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

/// Whether a remainder (available − total) is an overrun.
pub fn is_overrun(remainder: Decimal) -> bool {
    remainder.is_sign_negative() && !remainder.is_zero()
}

/// A difference in money with its sign, in Dutch notation: `+1.200`,
/// `-350`, `0`.
pub fn signed(value: Decimal) -> String {
    with_sign(value, format::money(value))
}

/// A difference in hours or a rate with its sign: `+2`, `-12,5`.
pub fn signed_number(value: Decimal) -> String {
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
fn with_currency(sign: &str, amount: String) -> String {
    if sign.is_empty() {
        amount
    } else {
        format!("{sign} {amount}")
    }
}

/// A difference in money with its sign and a currency sign: `+€ 1.200`,
/// `-€ 350`, `€ 0`.
pub fn signed_currency(sign: &str, value: Decimal) -> String {
    let amount = with_currency(sign, format::money(value.abs()));
    if value.is_zero() {
        amount
    } else if value.is_sign_negative() {
        format!("-{amount}")
    } else {
        format!("+{amount}")
    }
}

/// The diagnostics of a side that did not compile, for the caller to print.
#[derive(Debug)]
pub struct FailedSide {
    /// Which side.
    pub side: Side,
    /// Its diagnostics, paths relative to the book root for a revision.
    pub diagnostics: Diagnostics,
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

    #[test]
    fn sides_as_a_reader_sees_them() {
        let side = Side {
            revision: Some("HEAD~1".into()),
            commit: Some("abc1234def".into()),
            folder: None,
        };
        assert_eq!(side.describe("werkmap"), "HEAD~1 (abc1234)");
        let side = Side {
            revision: Some("abc1234".into()),
            commit: Some("abc1234def".into()),
            folder: None,
        };
        assert_eq!(side.describe("werkmap"), "abc1234");
        assert_eq!(Side::working_tree().describe("werkmap"), "werkmap");
        assert_eq!(
            Side::folder("../werkplan-2020").describe("werkmap"),
            "../werkplan-2020"
        );
    }
}
