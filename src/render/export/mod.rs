//! `kis-book budget`: the computed budget for people (a terminal table),
//! spreadsheets (CSV and an xlsx workbook with live formulas) and open data
//! (JSON).
//!
//! Each format is a view over [`Programme`]: it prints the printed figures
//! the budget engine made by the book's money policy, and none computes or
//! rounds anything (the workbook's formulas restate the engine's rule, and
//! their cached values are the engine's figures). Every word a reader sees
//! comes from the book's [`Labels`](crate::source::model::Labels).

pub(crate) mod csv;
mod csv_lines;
mod json;
mod table;
pub mod xlsx;

use crate::compile::budget::Programme;
use crate::source::model::Config;

/// A text export format. The workbook is bytes: see [`xlsx::workbook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Aligned text for a terminal, in Dutch notation.
    Table,
    /// Semicolon-separated values with decimal commas, for spreadsheets.
    Csv,
    /// Only the amount lines of [`ExportFormat::Csv`], each with its budget,
    /// function, theme and organisation in words, for pivot tables: the
    /// `bedrag` column sums to the programme total.
    CsvLines,
    /// JSON with exact and printed decimals as strings, for open data.
    Json,
}

/// Renders the computed budget in `format`.
pub fn render(format: ExportFormat, config: &Config, programme: &Programme) -> String {
    match format {
        ExportFormat::Table => table::render(config, programme),
        ExportFormat::Csv => csv::render(config, programme),
        ExportFormat::CsvLines => csv_lines::render(config, programme),
        ExportFormat::Json => json::render(config, programme),
    }
}
