//! The spreadsheet export: one row per line of each budget table, with the
//! printed figures (rounded by the book's money policy, so that a
//! spreadsheet's sums equal the printed totals; the exact amounts are in
//! the JSON export, and `tarief` × `uren` gives them back).
//!
//! Semicolons between fields and decimal commas, as Dutch spreadsheet
//! programs expect; UTF-8 with a byte-order mark so that Excel reads
//! "Materiële" right; CRLF line ends (RFC 4180).

use rust_decimal::Decimal;

use crate::compile::budget::Programme;
use crate::source::format::{spreadsheet, spreadsheet_fixed};
use crate::source::model::Config;

/// The byte-order mark that starts every CSV file, so that Excel reads
/// UTF-8.
pub(crate) const BOM: &str = "\u{feff}";

const HEADER: [&str; 9] = [
    "budget",
    "titel",
    "groep",
    "organisatie",
    "soort",
    "regel",
    "tarief",
    "uren",
    "bedrag",
];

struct Row<'a> {
    budget: &'a str,
    title: &'a str,
    group: &'a str,
    organisation: &'a str,
    kind: &'a str,
    line: &'a str,
    rate: Option<Decimal>,
    hours: Option<Decimal>,
    amount: Decimal,
    precision: u32,
}

pub(crate) fn render(config: &Config, programme: &Programme) -> String {
    let labels = &config.labels;
    let precision = programme.policy.precision;
    let mut out = String::from(BOM);
    push_record(&mut out, HEADER.iter().map(|s| (*s).to_owned()));
    for b in &programme.budgets {
        let base = |organisation, kind, line, rate, hours, amount| Row {
            budget: &b.id,
            title: &b.title,
            group: b.group.id(),
            organisation,
            kind,
            line,
            rate,
            hours,
            amount,
            precision,
        };
        for o in &b.organisations {
            let name = config.organisations[o.org].name.as_str();
            for l in &o.lines {
                row(
                    &mut out,
                    base(
                        name,
                        "rol",
                        &l.role,
                        Some(l.charge.rate),
                        Some(l.charge.hours),
                        l.charge.amount,
                    ),
                );
            }
            row(
                &mut out,
                base(
                    name,
                    "stafkosten",
                    &labels.staff,
                    Some(o.staff.rate),
                    Some(o.staff.hours),
                    o.staff.amount,
                ),
            );
            row(
                &mut out,
                base(
                    name,
                    "overhead",
                    &labels.overhead,
                    Some(o.overhead.rate),
                    Some(o.overhead.hours),
                    o.overhead.amount,
                ),
            );
            row(
                &mut out,
                base(
                    name,
                    "totaal-organisatie",
                    &labels.total,
                    None,
                    Some(o.hours),
                    o.total,
                ),
            );
        }
        row(
            &mut out,
            base("", "materieel", &labels.material, None, None, b.material),
        );
        row(
            &mut out,
            base("", "totaal", &labels.total, None, None, b.total),
        );
    }
    out
}

fn row(out: &mut String, r: Row<'_>) {
    let opt = |d: Option<Decimal>| d.map(spreadsheet).unwrap_or_default();
    let money = |d: Decimal| spreadsheet_fixed(d, r.precision);
    push_record(
        out,
        [
            r.budget.to_owned(),
            r.title.to_owned(),
            r.group.to_owned(),
            r.organisation.to_owned(),
            r.kind.to_owned(),
            r.line.to_owned(),
            r.rate.map(money).unwrap_or_default(),
            opt(r.hours),
            money(r.amount),
        ]
        .into_iter(),
    );
}

/// Appends one record: fields quoted where needed ([`quote`]), separated by
/// semicolons, ended by CRLF. Shared with `kis-book diff --format csv`.
pub(crate) fn push_record(out: &mut String, fields: impl Iterator<Item = String>) {
    push_quoted_record(out, fields.map(|field| quote(&field)));
}

/// Appends one record of fields already quoted, separated by semicolons,
/// ended by CRLF.
pub(crate) fn push_quoted_record(out: &mut String, fields: impl Iterator<Item = String>) {
    let mut first = true;
    for field in fields {
        if !first {
            out.push(';');
        }
        first = false;
        out.push_str(&field);
    }
    out.push_str("\r\n");
}

/// Quotes a field when it holds a separator, a quote or a line break.
/// A field starting with `=`, `+`, `-` or `@` gets a leading apostrophe so a
/// spreadsheet does not run an editor's title as a formula.
pub(crate) fn quote(field: &str) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@']) && !is_number(field) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if guarded.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A number as a spreadsheet reads it: a sign, digits, and a decimal comma
/// or point (`-12,5`), which needs no guard.
fn is_number(field: &str) -> bool {
    let digits = field.trim_start_matches(['+', '-']);
    let (int, frac) = digits.split_once([',', '.']).unwrap_or((digits, "0"));
    field.len() - digits.len() <= 1
        && !int.is_empty()
        && !frac.is_empty()
        && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(quote("Monitor"), "Monitor");
        assert_eq!(quote("a;b"), "\"a;b\"");
        assert_eq!(quote("zeg \"ja\""), "\"zeg \"\"ja\"\"\"");
        assert_eq!(quote("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(quote("-5"), "-5");
        assert_eq!(quote("-112,5"), "-112,5");
        assert_eq!(quote("-1,2,3"), "'-1,2,3");
        assert_eq!(quote("--5"), "'--5");
        assert_eq!(quote("-"), "'-");
    }
}
