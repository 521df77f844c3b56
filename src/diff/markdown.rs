//! The changes as a pull-request comment: the one-line summary first, then
//! collapsible sections (`<details>`) with the changed budgets, the rate
//! changes and the overview before and after. Editors' text (titles, role
//! names) is escaped so that it shows as written.

use std::fmt::Write as _;

use super::rows::{self, Row};
use super::{ChangeSet, Status, signed};
use crate::format::number;
use crate::gfm::escape;

pub fn render(c: &ChangeSet) -> String {
    let mut out = format!("{}\n\n", escape(&c.summary()));
    let _ = writeln!(
        out,
        "Begrotingswijzigingen van {} naar {}, berekend door kis-book uit de uren.",
        escape(&c.old.describe(&c.words.working_tree)),
        escape(&c.new.describe(&c.words.working_tree))
    );
    budgets(&mut out, c);
    rates(&mut out, c);
    totals(&mut out, c);
    out
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
        (c.count(Status::Changed), "gewijzigd"),
        (c.count(Status::Added), "toegevoegd"),
        (c.count(Status::Removed), "verwijderd"),
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
        for Row {
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
    section(out, &format!("Begrotingen: {}", counts.join(", ")), &body);
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
    section(
        out,
        &format!(
            "Totaaloverzicht: programmatotaal {}",
            c.signed_amount(c.total.difference())
        ),
        &body,
    );
}
