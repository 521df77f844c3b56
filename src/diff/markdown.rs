//! The changes as a pull-request comment, read from the top: the verdict
//! against the available budget in the overview's words ("Resterend",
//! "Tekort"), the changes in brief, then one short table of the budgets
//! that changed, largest change first, with what caused each change; the
//! rate changes, every budget's changed lines and the overview before and
//! after are folded below (`<details>`). Without changes it says so in
//! words. Editors' text (titles, role names) is escaped so that it shows as
//! written.

use std::fmt::Write as _;

use super::rows::{self, ChangeRow};
use super::{ChangeSet, ChangeStatus, signed};
use crate::format::number;
use crate::gfm::escape;

/// The most budgets the short table shows; the rest are summed in a row.
const SHORT_TABLE: usize = 10;

pub(crate) fn render(c: &ChangeSet) -> String {
    let sides = format!(
        "van {} naar {}",
        escape(&c.old.describe(&c.words.working_tree)),
        escape(&c.new.describe(&c.words.working_tree))
    );
    if c.is_empty() {
        return format!(
            "Geen wijzigingen in de begroting {sides}: programmatotaal {}, {}.\n",
            c.amount(c.total.after.unwrap_or_default()),
            escape(&c.standing(c.remainder().after.unwrap_or_default()))
        );
    }
    let mut out = format!(
        "**{}**\n\n{}\n\nBegrotingswijzigingen {sides}, berekend door kis-book uit de uren.\n",
        escape(&c.verdict()),
        escape(&c.changes_in_brief()),
    );
    causes(&mut out, c);
    rates(&mut out, c);
    budgets(&mut out, c);
    totals(&mut out, c);
    out
}

/// The short table: each changed budget's difference and its causes.
fn causes(out: &mut String, c: &ChangeSet) {
    if c.budgets.is_empty() {
        return;
    }
    let columns = rows::cause_columns(c);
    out.push('\n');
    let mut head = vec![
        c.labels.budget.clone(),
        "Wijziging".to_owned(),
        "Verschil".to_owned(),
    ];
    head.extend(columns.iter().map(|k| k.heading(&c.labels).to_owned()));
    table_row(out, &head);
    let mut rule = String::from("|---|---|--:|");
    rule.push_str(&"--:|".repeat(columns.len()));
    out.push_str(&rule);
    out.push('\n');
    for row in rows::cause_rows(c, Some(SHORT_TABLE)) {
        let strong = |s: String| {
            if row.total && !s.is_empty() {
                format!("**{s}**")
            } else {
                s
            }
        };
        let mut cells = vec![
            strong(escape(&row.label)),
            escape(&row.status),
            strong(signed(row.difference)),
        ];
        cells.extend(
            columns
                .iter()
                .map(|&k| strong(rows::cause_cell(&row.causes, k))),
        );
        table_row(out, &cells);
    }
}

fn section(out: &mut String, summary: &str, body: &str) {
    let _ = write!(
        out,
        "\n<details><summary>{summary}</summary>\n\n{body}\n</details>\n"
    );
}

fn table_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        if cell.is_empty() {
            out.push_str(" |");
        } else {
            let _ = write!(out, " {cell} |");
        }
    }
    out.push('\n');
}

fn budgets(out: &mut String, c: &ChangeSet) {
    if c.budgets.is_empty() {
        return;
    }
    let counts: Vec<String> = [
        (c.count(ChangeStatus::Changed), "gewijzigd"),
        (c.count(ChangeStatus::Added), "toegevoegd"),
        (c.count(ChangeStatus::Removed), "verwijderd"),
        (c.moved(), "verplaatst"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    let mut body = String::new();
    for b in &c.budgets {
        let _ = writeln!(
            body,
            "**{}**: {}\n",
            escape(&b.heading(&c.labels)),
            escape(&rows::status(b))
        );
        let _ = writeln!(
            body,
            "| {} | Regel | Tarief | Uren | Bedrag | Verschil |\n\
             |---|---|--:|--:|--:|--:|",
            escape(&c.labels.organisation)
        );
        for ChangeRow {
            org,
            label,
            rate,
            hours,
            amount,
            difference,
            total,
        } in rows::budget_rows(b, c)
        {
            let strong = |s: String| {
                if total && !s.is_empty() {
                    format!("**{s}**")
                } else {
                    s
                }
            };
            table_row(
                &mut body,
                &[
                    escape(&org),
                    strong(escape(&label)),
                    rate,
                    hours,
                    strong(amount),
                    strong(difference),
                ],
            );
        }
        body.push('\n');
    }
    body.truncate(body.trim_end().len());
    body.push('\n');
    section(
        out,
        &format!("Begrotingen per regel: {}", counts.join(", ")),
        &body,
    );
}

fn rates(out: &mut String, c: &ChangeSet) {
    if c.rates.is_empty() {
        return;
    }
    let mut body = format!(
        "| {} | Regel | Tarief | Gevolg voor de begrotingen |\n|---|---|--:|--:|\n",
        escape(&c.labels.organisation)
    );
    for r in &c.rates {
        table_row(
            &mut body,
            &[
                escape(&r.org_name),
                escape(r.kind.label(&c.labels)),
                rows::rate(r),
                signed(r.total_effect()),
            ],
        );
    }
    let effects: Vec<_> = c
        .rates
        .iter()
        .flat_map(|r| r.effects.iter().map(move |e| (r, e)))
        .collect();
    if !effects.is_empty() {
        let _ = writeln!(
            body,
            "\n| Tarief | {} | Regel | Uren | Gevolg |\n|---|---|---|--:|--:|",
            escape(&c.labels.budget)
        );
        for (r, e) in effects {
            table_row(
                &mut body,
                &[
                    format!(
                        "{} {}",
                        escape(&r.org_name),
                        escape(r.kind.label(&c.labels))
                    ),
                    format!("{} {}", escape(&e.budget), escape(&e.title)),
                    escape(&e.line),
                    number(e.hours),
                    signed(e.amount),
                ],
            );
        }
    }
    let noun = if c.rates.len() == 1 {
        "tarief"
    } else {
        "tarieven"
    };
    section(
        out,
        &format!("Tarieven: {} {noun} gewijzigd", c.rates.len()),
        &body,
    );
}

fn totals(out: &mut String, c: &ChangeSet) {
    let mut body = String::from("| | Voor | Na | Verschil |\n|---|--:|--:|--:|\n");
    for row in rows::total_rows(c) {
        let indent = "&nbsp;&nbsp;".repeat(usize::from(row.level));
        let cells = [
            format!("{indent}{}", escape(&row.label)),
            rows::value(row.delta.before),
            rows::value(row.delta.after),
            signed(row.delta.difference()),
        ];
        let cells = if row.strong {
            cells.map(|s| format!("**{s}**"))
        } else {
            cells
        };
        table_row(&mut body, &cells);
    }
    let total = if c.total.changed() {
        c.signed_amount(c.total.difference())
    } else {
        "ongewijzigd".to_owned()
    };
    section(
        out,
        &format!("Totaaloverzicht: programmatotaal {total}"),
        &body,
    );
}
