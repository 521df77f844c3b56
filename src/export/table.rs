//! The budget for a terminal: every table, then the programme overview,
//! in Dutch notation.

use std::fmt::Write as _;

use crate::budget::{GroupKind, Programme};
use crate::export::{budget_heading, labels};
use crate::format::{euro, money, number};
use crate::model::Config;

const LABEL: usize = 44;

pub fn render(config: &Config, programme: &Programme) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Begroting {} {}", config.subtitle, config.title);
    for b in &programme.budgets {
        let _ = writeln!(out, "\n{}", budget_heading(b));
        let _ = writeln!(
            out,
            "  {:<LABEL$}{:>10}{:>10}{:>14}",
            labels::ROLE,
            labels::RATE,
            labels::HOURS,
            labels::AMOUNT
        );
        for o in &b.organisations {
            let org = &config.organisations[o.org];
            let _ = writeln!(out, "  {}", org.name);
            for l in &o.lines {
                line(&mut out, &format!("  {}", l.role), Some(&l.charge), None);
            }
            line(
                &mut out,
                &format!("  {}", labels::STAFF),
                Some(&o.staff),
                None,
            );
            line(
                &mut out,
                &format!("  {}", labels::OVERHEAD),
                Some(&o.overhead),
                None,
            );
            line(
                &mut out,
                &format!("{} {}", labels::TOTAL, org.name),
                None,
                Some(money(o.total)),
            );
        }
        line(&mut out, labels::MATERIAL, None, Some(money(b.material)));
        line(&mut out, labels::TOTAL, None, Some(euro(b.total)));
    }
    overview(&mut out, config, programme);
    out
}

fn line(
    out: &mut String,
    label: &str,
    charge: Option<&crate::budget::Charge>,
    amount: Option<String>,
) {
    let (rate, hours, amount) = match charge {
        Some(c) => (number(c.rate), number(c.hours), money(c.amount)),
        None => (String::new(), String::new(), amount.unwrap_or_default()),
    };
    let _ = writeln!(
        out,
        "  {:<LABEL$}{rate:>10}{hours:>10}{amount:>14}",
        truncate(label, LABEL - 1)
    );
}

fn overview(out: &mut String, config: &Config, programme: &Programme) {
    let _ = writeln!(
        out,
        "\n{} {} {}",
        labels::OVERVIEW,
        config.subtitle,
        config.year
    );
    let mut head = format!("  {:<LABEL$}", "");
    for &i in &config.overview_columns {
        let _ = write!(head, "{:>26}", truncate(&config.organisations[i].name, 25));
    }
    let _ = write!(head, "{:>18}{:>14}", labels::MATERIAL, labels::TOTAL);
    let _ = writeln!(out, "{head}");
    let row =
        |out: &mut String, label: &str, per_org: &[rust_decimal::Decimal], material, total| {
            let mut text = format!("  {:<LABEL$}", truncate(label, LABEL - 1));
            for &i in &config.overview_columns {
                let _ = write!(text, "{:>26}", money(per_org[i]));
            }
            let _ = write!(text, "{:>18}{:>14}", money(material), money(total));
            let _ = writeln!(out, "{text}");
        };
    for g in &programme.groups {
        let label = match g.kind {
            GroupKind::Function => g.label.clone(),
            GroupKind::Theme => format!("  {}", g.label),
        };
        row(out, &label, &g.per_org, g.material, g.total);
    }
    row(
        out,
        labels::TOTAL,
        &programme.per_org,
        programme.material,
        programme.total,
    );
    let _ = writeln!(
        out,
        "\n  {:<LABEL$}{:>14}",
        labels::AVAILABLE,
        euro(programme.available)
    );
    let remainder = programme.remainder();
    let label = if remainder.is_sign_negative() && !remainder.is_zero() {
        labels::OVERRUN
    } else {
        labels::REMAINDER
    };
    let _ = writeln!(out, "  {:<LABEL$}{:>14}", label, euro(remainder.abs()));
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
