//! The changes for a terminal: a summary line, each changed budget, the
//! rate changes with their effects and the overview before and after, in
//! Dutch notation.

use std::fmt::Write as _;

use super::ChangeSet;
use super::rows::{self, TotalRow};

/// Pads the cells of `rows` into columns; `right` says which columns are
/// figures (right-aligned). Widths count characters, not bytes (`€`, `→`).
fn aligned(rows: &[Vec<String>], right: &[bool], indent: &str) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let w = widths[c];
            if right.get(c).copied().unwrap_or(false) {
                let _ = write!(line, "{cell:>w$}");
            } else {
                let _ = write!(line, "{cell:<w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The most characters of a budget's heading in the table of causes, so
/// that its figures fit a terminal; the full heading is in the details.
const LABEL_CHARS: usize = 60;

/// `text` cut to [`LABEL_CHARS`], ending in `…` when cut.
fn shortened(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Each changed budget's difference with its causes, largest first.
fn causes(out: &mut String, c: &ChangeSet) {
    if c.budgets.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", c.words.diff_causes);
    let columns = rows::cause_columns(c);
    let mut head: Vec<String> = vec![c.labels.budget.clone(), c.words.diff_difference.clone()];
    head.extend(
        columns
            .iter()
            .map(|k| k.heading(&c.labels, &c.words).to_owned()),
    );
    let mut table = vec![head];
    for row in rows::cause_rows(c, None) {
        let mut cells = vec![shortened(&row.label), super::signed(row.difference)];
        cells.extend(columns.iter().map(|&k| rows::cause_cell(&row.causes, k)));
        table.push(cells);
    }
    let mut right = vec![false];
    right.resize(columns.len() + 2, true);
    out.push_str(&aligned(&table, &right, "  "));
}

pub(super) fn render(c: &ChangeSet) -> String {
    let w = &c.words;
    let mut out = format!(
        "{} {} → {}
{}
{}
",
        w.diff_title,
        c.old.describe(&c.words.working_tree),
        c.new.describe(&c.words.working_tree),
        c.summary(),
        c.verdict()
    );
    causes(&mut out, c);
    for b in &c.budgets {
        let _ = writeln!(out, "\n{}: {}", b.heading(&c.labels), rows::status(b, w));
        let mut table = vec![rows::budget_head(c).map(String::from).to_vec()];
        for r in rows::budget_rows(b, c) {
            table.push(vec![
                r.org,
                r.label,
                r.rate,
                r.hours,
                r.amount,
                r.difference,
            ]);
        }
        out.push_str(&aligned(
            &table,
            &[false, false, true, true, true, true],
            "  ",
        ));
    }
    if !c.rates.is_empty() {
        let _ = writeln!(out, "\n{}", c.labels.rates);
        let mut table = vec![
            [
                &c.labels.organisation,
                &w.diff_line,
                &w.diff_rate,
                &w.diff_hours,
                &w.diff_effect,
            ]
            .map(String::from)
            .to_vec(),
        ];
        for r in &c.rates {
            table.push(vec![
                r.org_name.clone(),
                r.kind.label(&c.labels).to_owned(),
                rows::rate(r),
                String::new(),
                String::new(),
            ]);
            for e in &r.effects {
                table.push(vec![
                    format!("  {} {}", e.budget, e.title),
                    e.line.clone(),
                    String::new(),
                    crate::source::format::number(e.hours),
                    super::signed(e.amount),
                ]);
            }
        }
        out.push_str(&aligned(&table, &[false, false, true, true, true], "  "));
    }
    let _ = writeln!(out, "\n{}", w.diff_overview);
    let mut table = vec![
        [
            "",
            w.diff_before.as_str(),
            w.diff_after.as_str(),
            w.diff_difference.as_str(),
        ]
        .map(String::from)
        .to_vec(),
    ];
    for TotalRow {
        label,
        level,
        delta,
        ..
    } in rows::total_rows(c)
    {
        table.push(vec![
            format!("{}{label}", "  ".repeat(usize::from(level))),
            rows::value(delta.before),
            rows::value(delta.after),
            super::signed(delta.difference()),
        ]);
    }
    out.push_str(&aligned(&table, &[false, true, true, true], "  "));
    out
}
