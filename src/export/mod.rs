//! `kis-book budget`: the computed budget for people (a terminal table),
//! spreadsheets (CSV) and open data (JSON).
//!
//! Each format is a view over [`Programme`]; none computes anything.

pub(crate) mod csv;
mod json;
mod table;

use crate::budget::Programme;
use crate::model::Config;

/// The Dutch labels a reader of the budget sees, shared by every view.
pub mod labels {
    /// Staff costs line.
    pub const STAFF: &str = "Stafkosten";
    /// Overhead line.
    pub const OVERHEAD: &str = "Overhead";
    /// Material costs line and column.
    pub const MATERIAL: &str = "Materiële kosten";
    /// Total line.
    pub const TOTAL: &str = "Totaal";
    /// Available budget line.
    pub const AVAILABLE: &str = "Totaal beschikbaar budget";
    /// What is left of the available budget.
    pub const REMAINDER: &str = "Resterend";
    /// Overrun of the available budget.
    pub const OVERRUN: &str = "Tekort";
    /// Heading of the programme overview.
    pub const OVERVIEW: &str = "Totaaloverzicht begroting";
    /// Column headings of a budget table.
    pub const ORGANISATION: &str = "Organisatie";
    /// Role column.
    pub const ROLE: &str = "Onderzoeker";
    /// Rate column.
    pub const RATE: &str = "Tarief (€)";
    /// Hours column.
    pub const HOURS: &str = "Aantal";
    /// Amount column.
    pub const AMOUNT: &str = "Bedrag (€)";
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for a terminal, in Dutch notation.
    Table,
    /// Semicolon-separated values with decimal commas, for spreadsheets.
    Csv,
    /// JSON with exact decimals as strings, for open data.
    Json,
}

/// Renders the computed budget in `format`.
pub fn render(format: Format, config: &Config, programme: &Programme) -> String {
    match format {
        Format::Table => table::render(config, programme),
        Format::Csv => csv::render(config, programme),
        Format::Json => json::render(config, programme),
    }
}

/// The title of a budget as a reader sees it: "Project 1.1 …" or
/// "B Portaalfunctie".
pub fn budget_heading(budget: &crate::budget::ComputedBudget) -> String {
    match budget.group {
        crate::model::Group::Theme(_) => format!("Project {} {}", budget.id, budget.title),
        crate::model::Group::Function(_) => format!("{} {}", budget.id, budget.title),
    }
}
