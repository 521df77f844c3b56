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
use super::{ChangeSet, signed};
use crate::base::gfm::escape;
use crate::source::format::number;

/// The most budgets the short table shows; the rest are summed in a row.
const SHORT_TABLE: usize = 10;

pub(super) fn render(c: &ChangeSet) -> String {
    let w = &c.words;
    let sides = format!(
        "{} {} {} {}",
        escape(&w.diff_from),
        escape(&c.old.describe(&w.working_tree)),
        escape(&w.diff_to),
        escape(&c.new.describe(&w.working_tree))
    );
    if c.is_empty() {
        return format!(
            "{} {sides}: {} {}, {}.\n",
            escape(&w.diff_no_changes),
            escape(&w.programme_total_in_text),
            c.amount(c.total.after.unwrap_or_default()),
            escape(&c.standing(c.remainder().after.unwrap_or_default()))
        );
    }
    let mut out = format!(
        "**{}**\n\n{}\n\n{} {sides}, {}.\n",
        escape(&c.verdict()),
        escape(&c.changes_in_brief()),
        escape(&w.diff_title),
        escape(&w.diff_computed),
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
        c.words.diff_change.clone(),
        c.words.diff_difference.clone(),
    ];
    head.extend(
        columns
            .iter()
            .map(|k| k.heading(&c.labels, &c.words).to_owned()),
    );
    let head: Vec<String> = head.iter().map(|h| escape(h)).collect();
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
    let w = &c.words;
    let counts: Vec<String> = c
        .counts()
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {}", escape(word)))
        .collect();
    let mut body = String::new();
    for b in &c.budgets {
        let _ = writeln!(
            body,
            "**{}**: {}\n",
            escape(&b.heading(&c.labels)),
            escape(&rows::status(b, &c.words))
        );
        table_row(&mut body, &rows::budget_head(c).map(escape));
        body.push_str("|---|---|--:|--:|--:|--:|\n");
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
        &format!("{}: {}", escape(&w.budgets_per_line), counts.join(", ")),
        &body,
    );
}

fn rates(out: &mut String, c: &ChangeSet) {
    if c.rates.is_empty() {
        return;
    }
    let w = &c.words;
    let mut body = String::new();
    table_row(
        &mut body,
        &[
            &c.labels.organisation,
            &w.diff_line,
            &w.diff_rate,
            &w.diff_effect_on_budgets,
        ]
        .map(|h| escape(h)),
    );
    body.push_str("|---|---|--:|--:|\n");
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
        body.push('\n');
        table_row(
            &mut body,
            &[
                &w.diff_rate,
                &c.labels.budget,
                &w.diff_line,
                &w.diff_hours,
                &w.diff_effect,
            ]
            .map(|h| escape(h)),
        );
        body.push_str("|---|---|---|--:|--:|\n");
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
        &w.rate_one
    } else {
        &w.rate_many
    };
    section(
        out,
        &format!(
            "{}: {} {} {}",
            escape(&c.labels.rates),
            c.rates.len(),
            escape(noun),
            escape(&w.changed)
        ),
        &body,
    );
}

fn totals(out: &mut String, c: &ChangeSet) {
    let w = &c.words;
    let mut body = format!(
        "| | {} | {} | {} |\n|---|--:|--:|--:|\n",
        escape(&w.diff_before),
        escape(&w.diff_after),
        escape(&w.diff_difference)
    );
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
        escape(&w.unchanged)
    };
    section(
        out,
        &format!(
            "{}: {} {total}",
            escape(&w.diff_overview),
            escape(&w.programme_total_in_text)
        ),
        &body,
    );
}
