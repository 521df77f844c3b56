//! The computed data the Typst template renders: budget tables and the
//! Totaaloverzicht as display-ready views, passed to Typst as JSON.
//!
//! The template builds every table from these views; nothing here is laid
//! out. Each figure carries its exact value and its Dutch notation, so the
//! template never formats a number.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::budget::{Charge, ComputedBudget, GroupKind, Programme};
use crate::export::{budget_heading, labels};
use crate::format;
use crate::model::Config;

/// Everything the template reads from `/data.json`.
#[derive(Debug, Serialize)]
pub struct BookData {
    /// Title page, colophon, footer and PDF metadata.
    pub meta: Meta,
    /// The Dutch labels a reader sees.
    pub labels: Labels,
    /// Every budget table, by budget id.
    pub budgets: BTreeMap<String, BudgetView>,
    /// The Totaaloverzicht begroting.
    pub overview: OverviewView,
}

/// Book metadata, as printed.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// "Werkplan 2019".
    pub title: String,
    /// "Kennisplatform Integratie & Samenleving".
    pub subtitle: String,
    /// The year, as text.
    pub year: String,
    /// The publisher (cover, colophon).
    pub publisher: String,
    /// The authors (colophon, PDF metadata).
    pub author: String,
    /// The running footer text.
    pub running_title: String,
    /// Publication date as printed, e.g. "december 2018".
    pub date: String,
    /// The site's address, for the colophon.
    pub base_url: String,
}

/// Labels of tables and front matter, in the book's language.
#[derive(Debug, Serialize)]
pub struct Labels {
    /// "Organisatie".
    pub organisation: &'static str,
    /// "Onderzoeker".
    pub role: &'static str,
    /// "Tarief (€)".
    pub rate: &'static str,
    /// "Aantal".
    pub hours: &'static str,
    /// "Bedrag (€)".
    pub amount: &'static str,
    /// "Stafkosten".
    pub staff: &'static str,
    /// "Overhead".
    pub overhead: &'static str,
    /// "Materiële kosten".
    pub material: &'static str,
    /// "Totaal".
    pub total: &'static str,
    /// "Totaal beschikbaar budget".
    pub available: &'static str,
    /// "Resterend" or "Tekort", whichever applies.
    pub remainder: &'static str,
    /// "Totaaloverzicht begroting".
    pub overview: &'static str,
}

/// A figure: its exact value and how it prints.
#[derive(Debug, Serialize)]
pub struct Figure {
    /// The exact decimal, e.g. "57652".
    pub value: String,
    /// Dutch notation, e.g. "57.652".
    pub text: String,
}

impl Figure {
    fn number(value: Decimal) -> Self {
        Self {
            value: format::plain(value),
            text: format::number(value),
        }
    }

    fn money(value: Decimal) -> Self {
        Self {
            value: format::plain(value),
            text: format::money(value),
        }
    }
}

/// A rate × hours = amount line of a budget table.
#[derive(Debug, Serialize)]
pub struct LineView {
    /// Role, "Stafkosten" or "Overhead".
    pub label: String,
    /// Euros per hour.
    pub rate: Figure,
    /// Hours.
    pub hours: Figure,
    /// Euros.
    pub amount: Figure,
}

impl LineView {
    fn new(label: &str, charge: &Charge) -> Self {
        Self {
            label: label.to_owned(),
            rate: Figure::number(charge.rate),
            hours: Figure::number(charge.hours),
            amount: Figure::money(charge.amount),
        }
    }
}

/// One organisation's block of a budget table.
#[derive(Debug, Serialize)]
pub struct OrgView {
    /// Printed name.
    pub name: String,
    /// Role lines, then Stafkosten and Overhead.
    pub lines: Vec<LineView>,
    /// "Totaal Verwey-Jonker Instituut".
    pub total_label: String,
    /// The organisation's total in euros.
    pub total: Figure,
}

/// A budget table.
#[derive(Debug, Serialize)]
pub struct BudgetView {
    /// "Project 1.1 …" or "B Portaalfunctie".
    pub heading: String,
    /// Organisation blocks in printed order.
    pub organisations: Vec<OrgView>,
    /// Materiële kosten in euros.
    pub material: Figure,
    /// The budget's total in euros.
    pub total: Figure,
}

/// A row of the Totaaloverzicht.
#[derive(Debug, Serialize)]
pub struct OverviewRow {
    /// "A Ontwikkeling van Kennis", "Thema 1. Nieuwe migratie", "Totaal".
    pub label: String,
    /// "function", "theme" or "total": how the row is set.
    pub kind: &'static str,
    /// Per organisation, in column order.
    pub organisations: Vec<Figure>,
    /// Materiële kosten.
    pub material: Figure,
    /// Row total.
    pub total: Figure,
}

/// The Totaaloverzicht begroting.
#[derive(Debug, Serialize)]
pub struct OverviewView {
    /// Organisation column headings, in column order.
    pub columns: Vec<String>,
    /// Function and theme rows, then the total row.
    pub rows: Vec<OverviewRow>,
    /// Totaal beschikbaar budget.
    pub available: Figure,
    /// Available − total, as a positive figure; `None` when it is zero.
    pub remainder: Option<Figure>,
}

/// The data of a compiled book.
pub fn book_data(config: &Config, programme: &Programme) -> BookData {
    let remainder = programme.remainder();
    let overrun = remainder.is_sign_negative() && !remainder.is_zero();
    BookData {
        meta: Meta {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            year: config.year.to_string(),
            publisher: config.publisher.clone(),
            author: config.author.clone(),
            running_title: config.running_title.clone(),
            date: printed_date(&config.date),
            base_url: config.base_url.clone(),
        },
        labels: Labels {
            organisation: labels::ORGANISATION,
            role: labels::ROLE,
            rate: labels::RATE,
            hours: labels::HOURS,
            amount: labels::AMOUNT,
            staff: labels::STAFF,
            overhead: labels::OVERHEAD,
            material: labels::MATERIAL,
            total: labels::TOTAL,
            available: labels::AVAILABLE,
            remainder: if overrun {
                labels::OVERRUN
            } else {
                labels::REMAINDER
            },
            overview: labels::OVERVIEW,
        },
        budgets: programme
            .budgets
            .iter()
            .map(|b| (b.id.clone(), budget_view(config, b)))
            .collect(),
        overview: overview_view(config, programme),
    }
}

fn budget_view(config: &Config, budget: &ComputedBudget) -> BudgetView {
    let organisations = budget
        .organisations
        .iter()
        .map(|o| {
            let name = config.organisations[o.org].name.clone();
            let mut lines: Vec<LineView> = o
                .lines
                .iter()
                .map(|l| LineView::new(&l.role, &l.charge))
                .collect();
            lines.push(LineView::new(labels::STAFF, &o.staff));
            lines.push(LineView::new(labels::OVERHEAD, &o.overhead));
            OrgView {
                total_label: format!("{} {name}", labels::TOTAL),
                name,
                lines,
                total: Figure::money(o.total),
            }
        })
        .collect();
    BudgetView {
        heading: budget_heading(budget),
        organisations,
        material: Figure::money(budget.material),
        total: Figure::money(budget.total),
    }
}

fn overview_view(config: &Config, programme: &Programme) -> OverviewView {
    let columns = &config.overview_columns;
    let per_org = |values: &[Decimal]| columns.iter().map(|&i| Figure::money(values[i])).collect();
    let mut rows: Vec<OverviewRow> = programme
        .groups
        .iter()
        .map(|g| OverviewRow {
            label: g.label.clone(),
            kind: match g.kind {
                GroupKind::Function => "function",
                GroupKind::Theme => "theme",
            },
            organisations: per_org(&g.per_org),
            material: Figure::money(g.material),
            total: Figure::money(g.total),
        })
        .collect();
    rows.push(OverviewRow {
        label: labels::TOTAL.to_owned(),
        kind: "total",
        organisations: per_org(&programme.per_org),
        material: Figure::money(programme.material),
        total: Figure::money(programme.total),
    });
    let remainder = programme.remainder();
    OverviewView {
        columns: columns
            .iter()
            .map(|&i| config.organisations[i].name.clone())
            .collect(),
        rows,
        available: Figure::money(programme.available),
        remainder: (!remainder.is_zero()).then(|| Figure::money(remainder.abs())),
    }
}

/// `2018-12-01` as Dutch readers write it: "december 2018".
fn printed_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let mut parts = iso.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts
        .next()
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match month {
        Some(month) => format!("{month} {year}"),
        None => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_dutch() {
        assert_eq!(printed_date("2018-12-01"), "december 2018");
        assert_eq!(printed_date("2019-01-15"), "januari 2019");
        assert_eq!(printed_date("onbekend"), "onbekend");
    }
}
