//! What the templates see: display-ready values, apart from the domain
//! types. Figures are already in Dutch notation and links already relative
//! to the page that shows them.

use serde::Serialize;

use crate::budget::{ComputedBudget, GroupKind, Programme};
use crate::export::labels;
use crate::format::{euro, money, number};
use crate::model::{Config, Group, Page, PageKind};

/// A link: where to and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Relative href.
    pub href: String,
    /// Link text.
    pub text: String,
}

/// One entry of the contents sidebar, with its sub-entries.
#[derive(Debug, Clone, Serialize)]
pub struct NavView {
    /// Relative href.
    pub href: String,
    /// Short title, e.g. "1.3 Vluchtelingen: …".
    pub text: String,
    /// Whether this is the page being shown.
    pub current: bool,
    /// Whether the page being shown is this entry or below it.
    pub open: bool,
    /// Sub-pages.
    pub children: Vec<NavView>,
}

/// A file to download, e.g. the PDF or a budget export.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    /// Relative href.
    pub href: String,
    /// What it is, e.g. "Werkplan 2019 (PDF)".
    pub text: String,
    /// Its format and size, e.g. "PDF, 1,2 MB".
    pub meta: String,
}

/// The figures of a budget table, in Dutch notation.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    /// Table caption, e.g. "Begroting project 1.3".
    pub caption: String,
    /// Column headings: role, rate, hours, amount.
    pub columns: [&'static str; 4],
    /// One block per organisation.
    pub organisations: Vec<OrgView>,
    /// Label of the material costs line.
    pub material_label: &'static str,
    /// Materiële kosten.
    pub material: String,
    /// Label of the total line.
    pub total_label: &'static str,
    /// The total with the euro sign.
    pub total: String,
}

/// One organisation's block of a budget table.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    /// Organisation name.
    pub name: String,
    /// Role lines, then Stafkosten and Overhead.
    pub lines: Vec<LineView>,
    /// "Totaal Movisie".
    pub total_label: String,
    /// The organisation's total.
    pub total: String,
}

/// A rate × hours = amount line.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// Role or cost line.
    pub label: String,
    /// Rate per hour.
    pub rate: String,
    /// Hours.
    pub hours: String,
    /// Amount.
    pub amount: String,
}

/// The programme overview (Totaaloverzicht begroting).
#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// Table caption.
    pub caption: String,
    /// Column headings after the row label: organisations, material, total.
    pub columns: Vec<String>,
    /// Rows: functions, themes and projects in printed order.
    pub rows: Vec<OverviewRow>,
    /// The total row.
    pub total: OverviewRow,
    /// "Totaal beschikbaar budget" and its amount.
    pub available: LinkView,
    /// "Resterend" or "Tekort" and its amount.
    pub remainder: LinkView,
}

/// One row of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    /// "function", "theme" or "item".
    pub kind: &'static str,
    /// Row label.
    pub label: String,
    /// Relative href of the project, theme or function page, if it has one.
    pub href: Option<String>,
    /// The figures, one per column.
    pub values: Vec<String>,
}

/// A sub-page listed on its parent page.
#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    /// Relative href.
    pub href: String,
    /// Heading of the sub-page.
    pub text: String,
    /// Its budget total, if it has a budget.
    pub total: Option<String>,
}

/// The caption of a budget table.
pub fn budget_caption(budget: &ComputedBudget) -> String {
    match budget.group {
        Group::Theme(_) => format!("Begroting project {}", budget.id),
        Group::Function(_) => format!("Begroting {} {}", budget.id, budget.title),
    }
}

/// The budget table of one budget.
pub fn budget(config: &Config, budget: &ComputedBudget) -> BudgetView {
    let organisations = budget
        .organisations
        .iter()
        .map(|o| {
            let name = config.organisations[o.org].name.clone();
            let mut lines: Vec<LineView> =
                o.lines.iter().map(|l| line(&l.role, &l.charge)).collect();
            lines.push(line(labels::STAFF, &o.staff));
            lines.push(line(labels::OVERHEAD, &o.overhead));
            OrgView {
                total_label: format!("{} {name}", labels::TOTAL),
                name,
                lines,
                total: money(o.total),
            }
        })
        .collect();
    BudgetView {
        caption: budget_caption(budget),
        columns: [labels::ROLE, labels::RATE, labels::HOURS, labels::AMOUNT],
        organisations,
        material_label: labels::MATERIAL,
        material: money(budget.material),
        total_label: labels::TOTAL,
        total: euro(budget.total),
    }
}

fn line(label: &str, charge: &crate::budget::Charge) -> LineView {
    LineView {
        label: label.to_owned(),
        rate: number(charge.rate),
        hours: number(charge.hours),
        amount: money(charge.amount),
    }
}

/// What a row of the overview links to.
#[derive(Debug, Clone, Copy)]
pub enum RowTarget<'a> {
    /// A function, by letter.
    Function(&'a str),
    /// A theme, by number.
    Theme(&'a str),
    /// A project or function budget, by id.
    Budget(&'a str),
}

/// The programme overview; `href` gives the relative link to the page a
/// row stands for.
pub fn overview(
    config: &Config,
    programme: &Programme,
    href: &dyn Fn(RowTarget<'_>) -> Option<String>,
) -> OverviewView {
    let figures = |per_org: &[rust_decimal::Decimal], material, total| {
        let mut values: Vec<String> = config
            .overview_columns
            .iter()
            .map(|&i| money(per_org[i]))
            .collect();
        values.push(money(material));
        values.push(money(total));
        values
    };
    let mut rows = Vec::new();
    for g in &programme.groups {
        let (kind, target) = match g.kind {
            GroupKind::Function => ("function", RowTarget::Function(&g.id)),
            GroupKind::Theme => ("theme", RowTarget::Theme(&g.id)),
        };
        rows.push(OverviewRow {
            kind,
            label: g.label.clone(),
            href: href(target),
            values: figures(&g.per_org, g.material, g.total),
        });
        // A function with a budget of its own is its own row already.
        if g.kind == GroupKind::Function && g.budgets == [g.id.clone()] {
            continue;
        }
        for id in &g.budgets {
            let Some(b) = programme.budget(id) else {
                continue;
            };
            let per_org: Vec<_> = (0..config.organisations.len())
                .map(|i| b.org_total(i))
                .collect();
            rows.push(OverviewRow {
                kind: "item",
                label: crate::export::budget_heading(b),
                href: href(RowTarget::Budget(&b.id)),
                values: figures(&per_org, b.material, b.total),
            });
        }
    }
    let mut columns: Vec<String> = config
        .overview_columns
        .iter()
        .map(|&i| config.organisations[i].name.clone())
        .collect();
    columns.push(labels::MATERIAL.to_owned());
    columns.push(labels::TOTAL.to_owned());
    let remainder = programme.remainder();
    let remainder_label = if remainder.is_sign_negative() && !remainder.is_zero() {
        labels::OVERRUN
    } else {
        labels::REMAINDER
    };
    OverviewView {
        caption: format!("{} {} {}", labels::OVERVIEW, config.subtitle, config.year),
        columns,
        rows,
        total: OverviewRow {
            kind: "total",
            label: labels::TOTAL.to_owned(),
            href: None,
            values: figures(&programme.per_org, programme.material, programme.total),
        },
        available: LinkView {
            href: String::new(),
            text: format!("{}: {}", labels::AVAILABLE, euro(programme.available)),
        },
        remainder: LinkView {
            href: String::new(),
            text: format!("{remainder_label}: {}", euro(remainder.abs())),
        },
    }
}

/// The heading of a page as a reader sees it, as the PDF prints it:
/// "Project 1.3 …", "Thema 1. Nieuwe migratie", "B. Portaalfunctie",
/// "Bijlage 1. Raad van Advies".
pub fn heading(_config: &Config, page: &Page, appendix_number: Option<usize>) -> String {
    match (&page.kind, &page.id, &page.group) {
        (PageKind::Item, Some(id), Some(Group::Theme(_))) => {
            format!("Project {id} {}", page.title)
        }
        (PageKind::Item, Some(id), _) => format!("{id}. {}", page.title),
        (PageKind::Theme, _, Some(Group::Theme(theme))) => {
            format!("Thema {theme}. {}", page.title)
        }
        (PageKind::Appendix, _, _) => match appendix_number {
            Some(n) => format!("Bijlage {n}. {}", page.title),
            None => page.title.clone(),
        },
        _ => page.title.clone(),
    }
}

/// The short title of a page in the contents: "1.3 Vluchtelingen: …".
pub fn nav_title(config: &Config, page: &Page) -> String {
    match (&page.kind, &page.id, &page.group) {
        (PageKind::Item, Some(id), _) => format!("{id} {}", page.title),
        (PageKind::Theme, _, Some(Group::Theme(theme))) => match config.theme(theme) {
            Some((_, t)) => format!("Thema {} {}", t.id, t.name),
            None => page.title.clone(),
        },
        _ => page.title.clone(),
    }
}
