//! `kis-book diff`: what a commit or a pull request changes in the money;
//! `kis-book compare`: what one edition of the book costs against another.
//!
//! Two revisions of the book (or a revision and the working tree) are each
//! compiled to a [`Programme`](crate::compile::budget::Programme); [`compute`]
//! compares them keyed by budget id, organisation id and role name, never
//! by row position, into a [`ChangeSet`]; the renderers ([`table`],
//! [`markdown`], [`csv`], [`json`]) present it for a terminal, a pull
//! request comment, a spreadsheet or a machine. A revision is read straight
//! from git's objects ([`git`]); nothing is checked out.

pub(crate) mod causes;
pub(crate) mod compute;
mod csv;
mod editions;
pub(crate) mod git;
mod json;
mod markdown;
mod revision;
mod rows;
mod signs;
mod summary;
mod table;

use rust_decimal::Decimal;

use crate::base::diagnostics::Diagnostics;
use crate::compile::budget::GroupKind;
use crate::source::model::{Labels, Words};

pub(crate) use causes::{Cause, Causes};
pub(crate) use editions::compare_editions;
pub(crate) use revision::{DiffOutcome, diff};
pub(crate) use signs::{is_overrun, signed, signed_number};

/// The output formats of `kis-book diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
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
pub(crate) fn render(format: Format, changes: &ChangeSet) -> String {
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
pub(crate) struct Side {
    /// The revision as the user named it (`HEAD~1`, `origin/main`); `None`
    /// for the working tree or a folder.
    pub(crate) revision: Option<String>,
    /// The full commit id it names; `None` for the working tree or a
    /// folder.
    pub(crate) commit: Option<String>,
    /// The book's folder as the user named it, for `compare`.
    pub(crate) folder: Option<String>,
}

impl Side {
    /// The working tree.
    pub(crate) fn working_tree() -> Self {
        Self {
            revision: None,
            commit: None,
            folder: None,
        }
    }

    /// The book in `folder`, as the user named it.
    pub(crate) fn folder(folder: &str) -> Self {
        Self {
            folder: Some(folder.to_owned()),
            ..Self::working_tree()
        }
    }

    /// The commit id shortened as git shows it: 7 hex digits.
    pub(crate) fn short_commit(&self) -> Option<&str> {
        self.commit.as_deref().map(|c| c.get(..7).unwrap_or(c))
    }

    /// How a reader sees it: `HEAD~1 (abc1234)`, the book's word for the
    /// working tree (`werkmap`), or the folder of an edition.
    pub(crate) fn describe(&self, working_tree: &str) -> String {
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
pub(crate) struct Delta {
    /// The value in the old revision.
    pub(crate) before: Option<Decimal>,
    /// The value in the new revision (or the working tree).
    pub(crate) after: Option<Decimal>,
}

impl Delta {
    /// A figure present on both sides.
    pub(crate) fn of(before: Decimal, after: Decimal) -> Self {
        Self {
            before: Some(before),
            after: Some(after),
        }
    }

    /// after − before, an absent side counting as 0.
    pub(crate) fn difference(&self) -> Decimal {
        self.after.unwrap_or_default() - self.before.unwrap_or_default()
    }

    /// Whether the figure differs (or exists on one side only).
    pub(crate) fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A rate × hours = amount line before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ChargeChange {
    /// Rate in currency units per hour.
    pub(crate) rate: Delta,
    /// Hours.
    pub(crate) hours: Delta,
    /// Amount in currency units.
    pub(crate) amount: Delta,
}

impl ChargeChange {
    /// Whether its hours or amount differ (or it exists on one side only).
    /// A rate that changed on a line of 0 hours changes nothing in the
    /// budget; the rate itself is listed with the rate card's changes.
    pub(crate) fn changed(&self) -> bool {
        self.hours.changed() || self.amount.changed()
    }
}

/// One role line of a budget, keyed by its role name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineChange {
    /// Role name as printed.
    pub(crate) role: String,
    /// Its rate, hours and amount before and after.
    pub(crate) charge: ChargeChange,
}

/// One organisation's block of a budget, keyed by organisation id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrgChange {
    /// Organisation id, e.g. `movisie`.
    pub(crate) id: String,
    /// Printed name (the new revision's, else the old one's).
    pub(crate) name: String,
    /// Role lines: the new revision's order, then lines removed.
    pub(crate) lines: Vec<LineChange>,
    /// Total hours of the organisation in the budget.
    pub(crate) hours: Delta,
    /// Stafkosten: staff rate × hours.
    pub(crate) staff: ChargeChange,
    /// Overhead: overhead rate × hours.
    pub(crate) overhead: ChargeChange,
    /// Role amounts + Stafkosten + Overhead, in currency units.
    pub(crate) total: Delta,
}

impl OrgChange {
    /// Whether any figure of the block differs.
    pub(crate) fn changed(&self) -> bool {
        self.total.changed()
            || self.hours.changed()
            || self.staff.changed()
            || self.overhead.changed()
            || self.lines.iter().any(|l| l.charge.changed())
    }
}

/// What happened to a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeStatus {
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
    /// In both, with a figure or its theme/function changed.
    Changed,
}

impl ChangeStatus {
    /// The key of the CSV's `status` column: `toegevoegd`, `verwijderd`,
    /// `gewijzigd`; a key for programs, like the CSV's header and its
    /// `onderdeel` column, not the book's words.
    pub(crate) fn dutch(self) -> &'static str {
        match self {
            ChangeStatus::Added => "toegevoegd",
            ChangeStatus::Removed => "verwijderd",
            ChangeStatus::Changed => "gewijzigd",
        }
    }

    /// The word a machine reads: `added`, `removed`, `changed`.
    pub(crate) fn english(self) -> &'static str {
        match self {
            ChangeStatus::Added => "added",
            ChangeStatus::Removed => "removed",
            ChangeStatus::Changed => "changed",
        }
    }
}

/// A theme or function a budget rolls up into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupRef {
    /// Theme number or function letter.
    pub(crate) id: String,
    /// Theme or function.
    pub(crate) kind: GroupKind,
    /// Its label in the overview, e.g. "Thema 1. Nieuwe migratie".
    pub(crate) label: String,
}

/// A budget that differs between the two sides, keyed by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BudgetChange {
    /// Project or function id.
    pub(crate) id: String,
    /// Title (the new revision's, else the old one's).
    pub(crate) title: String,
    /// Added, removed or changed.
    pub(crate) status: ChangeStatus,
    /// Theme or function in the old revision.
    pub(crate) group_before: Option<GroupRef>,
    /// Theme or function in the new revision.
    pub(crate) group_after: Option<GroupRef>,
    /// Organisation blocks: the new revision's order, then those removed.
    pub(crate) organisations: Vec<OrgChange>,
    /// Materiële kosten.
    pub(crate) material: Delta,
    /// Budget total.
    pub(crate) total: Delta,
    /// The change of the total split into hours, rates, material and
    /// rounding (see [`causes`]).
    pub(crate) causes: Causes,
}

impl BudgetChange {
    /// Whether it moved to another theme or function.
    pub(crate) fn moved(&self) -> bool {
        matches!((&self.group_before, &self.group_after), (Some(b), Some(a))
            if (b.kind, &b.id) != (a.kind, &a.id))
    }

    /// Whether any figure differs (rather than only its theme or function).
    pub(crate) fn figures_changed(&self) -> bool {
        self.material.changed()
            || self.total.changed()
            || self.organisations.iter().any(OrgChange::changed)
    }

    /// "Project 1.1 Titel" (the `project` label) or "B Portaalfunctie",
    /// as budget tables are headed.
    pub(crate) fn heading(&self, labels: &Labels) -> String {
        let group = self.group_after.as_ref().or(self.group_before.as_ref());
        let of_function = group.is_some_and(|g| g.kind == GroupKind::Function);
        crate::compile::views::budget_heading(labels, &self.id, &self.title, of_function)
    }
}

/// Which rate of an organisation's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RateKind {
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
    pub(crate) fn label<'a>(&'a self, labels: &'a Labels) -> &'a str {
        match self {
            RateKind::Role(role) => role,
            RateKind::Staff => &labels.staff,
            RateKind::Overhead => &labels.overhead,
        }
    }
}

/// A rate of the rate card that differs, keyed by organisation and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RateChange {
    /// Organisation id.
    pub(crate) org_id: String,
    /// Organisation name as printed.
    pub(crate) org_name: String,
    /// Which rate.
    pub(crate) kind: RateKind,
    /// The rate in currency units per hour, before and after.
    pub(crate) rate: Delta,
    /// What the change does to each budget that uses the rate.
    pub(crate) effects: Vec<RateEffect>,
}

impl RateChange {
    /// The change's effect on all budgets together.
    pub(crate) fn total_effect(&self) -> Decimal {
        self.effects.iter().map(|e| e.amount).sum()
    }
}

/// What one rate change does to one budget: the difference in rate times
/// the hours the budget has in the new revision. (A budget whose hours
/// changed too owes the rest of its difference to the hours, at the old
/// rate.) A line of 0 hours uses no money at any rate and has no effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RateEffect {
    /// Budget id.
    pub(crate) budget: String,
    /// Budget title.
    pub(crate) title: String,
    /// The budget's line that uses the rate: the role as written there
    /// (which may be an alias, `Adviseur` at Expert's rate), or
    /// `Stafkosten`/`Overhead`.
    pub(crate) line: String,
    /// The hours the rate applies to, in the new revision.
    pub(crate) hours: Decimal,
    /// Rate difference × hours, in currency units.
    pub(crate) amount: Decimal,
}

/// One row of the programme overview (a function or a theme), keyed by
/// kind and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupChange {
    /// Theme number or function letter.
    pub(crate) id: String,
    /// Theme or function.
    pub(crate) kind: GroupKind,
    /// Overview label (the new revision's, else the old one's).
    pub(crate) label: String,
    /// Materiële kosten of the row.
    pub(crate) material: Delta,
    /// Total of the row.
    pub(crate) total: Delta,
}

/// An organisation's share of the programme total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrgTotal {
    /// Organisation id.
    pub(crate) id: String,
    /// Printed name.
    pub(crate) name: String,
    /// Its programme total.
    pub(crate) total: Delta,
}

/// Everything that differs in the money between two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangeSet {
    /// The old side.
    pub(crate) old: Side,
    /// The new side.
    pub(crate) new: Side,
    /// ISO 4217 currency of all amounts (the new revision's).
    pub(crate) currency: String,
    /// The new revision's labels: the lines, totals and currency sign.
    pub labels: Labels,
    /// The new revision's words: the sentences, headings and counts.
    pub words: Words,
    /// Budgets that differ, in the new revision's reading order, then those
    /// removed in the old revision's order.
    pub(crate) budgets: Vec<BudgetChange>,
    /// Rates of the rate cards that differ.
    pub(crate) rates: Vec<RateChange>,
    /// Every row of the overview, in the new revision's order, then rows
    /// only the old revision has.
    pub(crate) groups: Vec<GroupChange>,
    /// The programme total per organisation.
    pub(crate) organisations: Vec<OrgTotal>,
    /// Programme Materiële kosten.
    pub(crate) material: Delta,
    /// Programme total.
    pub(crate) total: Delta,
    /// Totaal beschikbaar budget.
    pub(crate) available: Delta,
}

/// The diagnostics of a side that did not compile, for the caller to print.
#[derive(Debug)]
pub(crate) struct FailedSide {
    /// Which side.
    pub(crate) side: Side,
    /// Its diagnostics, paths relative to the book root for a revision.
    pub(crate) diagnostics: Diagnostics,
}

#[cfg(test)]
mod tests {
    use super::*;

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
