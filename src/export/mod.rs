//! `kis-book budget`: the computed budget for people (a terminal table),
//! spreadsheets (CSV and an xlsx workbook with live formulas) and open data
//! (JSON).
//!
//! Each format is a view over [`Programme`]: it prints the printed figures
//! the budget engine made by the book's money policy, and none computes or
//! rounds anything (the workbook's formulas restate the engine's rule, and
//! their cached values are the engine's figures). Every word a reader sees
//! comes from the book's [`Labels`].

pub(crate) mod csv;
mod csv_lines;
mod json;
mod table;
pub mod xlsx;

use crate::budget::{ComputedBudget, Programme};
use crate::model::{Config, Group, Labels};

/// A text export format. The workbook is bytes: see [`xlsx::workbook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for a terminal, in Dutch notation.
    Table,
    /// Semicolon-separated values with decimal commas, for spreadsheets.
    Csv,
    /// Only the amount lines of [`Format::Csv`], each with its budget,
    /// function, theme and organisation in words, for pivot tables: the
    /// `bedrag` column sums to the programme total.
    CsvLines,
    /// JSON with exact and printed decimals as strings, for open data.
    Json,
}

/// Renders the computed budget in `format`.
pub fn render(format: Format, config: &Config, programme: &Programme) -> String {
    match format {
        Format::Table => table::render(config, programme),
        Format::Csv => csv::render(config, programme),
        Format::CsvLines => csv_lines::render(config, programme),
        Format::Json => json::render(config, programme),
    }
}

/// The title of a budget with the Dutch default labels; see [`heading`].
pub fn budget_heading(budget: &ComputedBudget) -> String {
    heading(&Labels::default(), budget)
}

/// The title of a budget as a reader sees it: "Project 1.1 …" (the
/// `project` label) for a project, "B Portaalfunctie" for a function.
pub fn heading(labels: &Labels, budget: &ComputedBudget) -> String {
    match budget.group {
        Group::Theme(_) if !labels.project.is_empty() => {
            format!("{} {} {}", labels.project, budget.id, budget.title)
        }
        _ => format!("{} {}", budget.id, budget.title),
    }
}

/// The caption of a budget table: "Begroting project 1.3" for a project,
/// "Begroting B Portaalfunctie" for a function (the `budget` and `project`
/// labels).
pub fn caption(labels: &Labels, budget: &ComputedBudget) -> String {
    let text = match budget.group {
        Group::Theme(_) => format!("{} {}", labels.project.to_lowercase(), budget.id),
        Group::Function(_) => format!("{} {}", budget.id, budget.title),
    };
    format!("{} {}", labels.budget, text.trim_start())
}

/// The label of the line under the overview: what is left of the available
/// budget, or the overrun.
pub fn remainder_label<'a>(labels: &'a Labels, programme: &Programme) -> &'a str {
    let remainder = programme.remainder();
    if remainder.is_sign_negative() && !remainder.is_zero() {
        &labels.overrun
    } else {
        &labels.remainder
    }
}
