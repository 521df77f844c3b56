//! The budget for a terminal: every table, then the programme overview,
//! in Dutch notation with the book's labels and money precision.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::compile::budget::{Charge, GroupKind, Programme};
use crate::compile::views::{heading, remainder_label};
use crate::source::format::{amount, currency, hours};
use crate::source::model::Config;

const LABEL: usize = 44;

/// The figures of a printed line: rate, hours, amount (empty where the
/// line has none).
struct Figures {
    rate: String,
    hours: String,
    amount: String,
}

pub(super) fn render(config: &Config, programme: &Programme) -> String {
    let labels = &config.labels;
    let p = programme.policy.precision;
    let sign = labels.currency_sign.as_str();
    let charge = |c: &Charge| Figures {
        rate: amount(c.rate, p),
        hours: hours(c.hours),
        amount: amount(c.amount, p),
    };
    let only = |text: String| Figures {
        rate: String::new(),
        hours: String::new(),
        amount: text,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {}",
        labels.budget, config.subtitle, config.title
    );
    for b in &programme.budgets {
        let _ = writeln!(out, "\n{}", heading(labels, b));
        let _ = writeln!(
            out,
            "  {:<LABEL$}{:>12}{:>10}{:>16}",
            truncate(&labels.role, LABEL - 1),
            labels.rate,
            labels.hours,
            labels.amount
        );
        for o in &b.organisations {
            let org = &config.organisations[o.org];
            let _ = writeln!(out, "  {}", org.name);
            for l in &o.lines {
                line(&mut out, &format!("  {}", l.role), &charge(&l.charge));
            }
            line(&mut out, &format!("  {}", labels.staff), &charge(&o.staff));
            line(
                &mut out,
                &format!("  {}", labels.overhead),
                &charge(&o.overhead),
            );
            line(
                &mut out,
                &format!("{} {}", labels.total, org.name),
                &only(amount(o.total, p)),
            );
        }
        line(&mut out, &labels.material, &only(amount(b.material, p)));
        line(&mut out, &labels.total, &only(currency(b.total, p, sign)));
    }
    overview(&mut out, config, programme);
    out
}

fn line(out: &mut String, label: &str, f: &Figures) {
    let _ = writeln!(
        out,
        "  {:<LABEL$}{:>12}{:>10}{:>16}",
        truncate(label, LABEL - 1),
        f.rate,
        f.hours,
        f.amount
    );
}

fn overview(out: &mut String, config: &Config, programme: &Programme) {
    let labels = &config.labels;
    let p = programme.policy.precision;
    let sign = labels.currency_sign.as_str();
    let _ = writeln!(
        out,
        "\n{} {} {}",
        labels.overview, config.subtitle, config.year
    );
    let mut head = format!("  {:<LABEL$}", "");
    for &i in &config.overview_columns {
        let _ = write!(head, "{:>26}", truncate(&config.organisations[i].name, 25));
    }
    let _ = write!(
        head,
        "{:>18}{:>16}",
        truncate(&labels.material, 17),
        truncate(&labels.total, 15)
    );
    let _ = writeln!(out, "{head}");
    let row = |out: &mut String, label: &str, per_org: &[Decimal], material, total| {
        let mut text = format!("  {:<LABEL$}", truncate(label, LABEL - 1));
        for &i in &config.overview_columns {
            let _ = write!(text, "{:>26}", amount(per_org[i], p));
        }
        let _ = write!(text, "{:>18}{:>16}", amount(material, p), amount(total, p));
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
        &labels.total,
        &programme.per_org,
        programme.material,
        programme.total,
    );
    let _ = writeln!(
        out,
        "\n  {:<LABEL$}{:>16}",
        truncate(&labels.available, LABEL - 1),
        currency(programme.available, p, sign)
    );
    let _ = writeln!(
        out,
        "  {:<LABEL$}{:>16}",
        truncate(remainder_label(labels, programme), LABEL - 1),
        currency(programme.remainder().abs(), p, sign)
    );
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
