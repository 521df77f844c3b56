//! The changes for spreadsheets, with the conventions of `kis-book budget
//! --format csv` (and its quoting): semicolons, decimal commas, no
//! thousands separator, a UTF-8 byte-order mark, CRLF line ends.
//!
//! One row per changed figure. `onderdeel` says what a row is: the rows of
//! a budget (`rol`, `stafkosten`, `overhead`, `totaal-organisatie`,
//! `materieel`, `totaal`, as in the budget export), a rate of a rate card
//! (`tarief`) and its effect on a budget (`tariefgevolg`), a row of the
//! overview (`functie`, `thema`) and the programme's figures (`programma`,
//! `programma-organisatie`, `programma-materieel`, `beschikbaar`,
//! `resterend`). The causes of each budget's change are rows `oorzaak`, one
//! per part (`regel`: Uren, Tarieven, Eigen tarieven, Materiële kosten,
//! Afronding), and of the programme's `programma-oorzaak`: the `verschil`
//! of a budget's `oorzaak` rows adds up to that of its `totaal` row. A
//! value a side does not have is left empty; `verschil` is after − before
//! (for `tariefgevolg`: the rate difference × the hours).

use rust_decimal::Decimal;

use super::{BudgetChange, ChangeSet, ChargeChange, Delta, GroupRef};
use crate::compile::budget::GroupKind;
use crate::render::export::csv::{BOM, push_record};
use crate::source::format::spreadsheet;
use crate::source::model::{Labels, Words};

const HEADER: [&str; 15] = [
    "onderdeel",
    "status",
    "begroting",
    "titel",
    "groep_voor",
    "groep_na",
    "organisatie",
    "regel",
    "tarief_voor",
    "tarief_na",
    "uren_voor",
    "uren_na",
    "bedrag_voor",
    "bedrag_na",
    "verschil",
];

/// One record, every field as text.
#[derive(Default)]
struct Record {
    part: &'static str,
    status: String,
    budget: String,
    title: String,
    group_before: String,
    group_after: String,
    organisation: String,
    line: String,
    rate: Delta,
    hours: Delta,
    amount: Delta,
    difference: Option<Decimal>,
}

impl Record {
    fn push(self, out: &mut String) {
        let d = |v: Option<Decimal>| v.map(spreadsheet).unwrap_or_default();
        push_record(
            out,
            [
                self.part.to_owned(),
                self.status,
                self.budget,
                self.title,
                self.group_before,
                self.group_after,
                self.organisation,
                self.line,
                d(self.rate.before),
                d(self.rate.after),
                d(self.hours.before),
                d(self.hours.after),
                d(self.amount.before),
                d(self.amount.after),
                d(self.difference),
            ]
            .into_iter(),
        );
    }
}

pub(crate) fn render(c: &ChangeSet) -> String {
    let mut out = String::from(BOM);
    push_record(&mut out, HEADER.iter().map(|s| (*s).to_owned()));
    for b in &c.budgets {
        budget(&mut out, b, &c.labels, &c.words);
    }
    rates(&mut out, c);
    overview(&mut out, c);
    out
}

fn budget(out: &mut String, b: &BudgetChange, labels: &Labels, words: &Words) {
    let group = |g: &Option<GroupRef>| g.as_ref().map(|g| g.id.clone()).unwrap_or_default();
    let base = || Record {
        status: b.status.dutch().to_owned(),
        budget: b.id.clone(),
        title: b.title.clone(),
        group_before: group(&b.group_before),
        group_after: group(&b.group_after),
        ..Record::default()
    };
    let charge = |part, org: &str, line: &str, c: &ChargeChange| Record {
        part,
        organisation: org.to_owned(),
        line: line.to_owned(),
        rate: c.rate,
        hours: c.hours,
        amount: c.amount,
        difference: Some(c.amount.difference()),
        ..base()
    };
    for o in b.organisations.iter().filter(|o| o.changed()) {
        for l in o.lines.iter().filter(|l| l.charge.changed()) {
            charge("rol", &o.name, &l.role, &l.charge).push(out);
        }
        if o.staff.changed() {
            charge("stafkosten", &o.name, &labels.staff, &o.staff).push(out);
        }
        if o.overhead.changed() {
            charge("overhead", &o.name, &labels.overhead, &o.overhead).push(out);
        }
        Record {
            part: "totaal-organisatie",
            organisation: o.name.clone(),
            line: labels.total.clone(),
            hours: o.hours,
            amount: o.total,
            difference: Some(o.total.difference()),
            ..base()
        }
        .push(out);
    }
    if b.material.changed() {
        Record {
            part: "materieel",
            line: labels.material.clone(),
            amount: b.material,
            difference: Some(b.material.difference()),
            ..base()
        }
        .push(out);
    }
    Record {
        part: "totaal",
        line: labels.total.clone(),
        amount: b.total,
        difference: Some(b.total.difference()),
        ..base()
    }
    .push(out);
    for (cause, amount) in b.causes.parts() {
        Record {
            part: "oorzaak",
            line: cause.heading(labels, words).to_owned(),
            difference: Some(amount),
            ..base()
        }
        .push(out);
    }
}

fn rates(out: &mut String, c: &ChangeSet) {
    for r in &c.rates {
        Record {
            part: "tarief",
            status: "gewijzigd".to_owned(),
            organisation: r.org_name.clone(),
            line: r.kind.label(&c.labels).to_owned(),
            rate: r.rate,
            difference: Some(r.rate.difference()),
            ..Record::default()
        }
        .push(out);
        for e in &r.effects {
            Record {
                part: "tariefgevolg",
                budget: e.budget.clone(),
                title: e.title.clone(),
                organisation: r.org_name.clone(),
                line: e.line.clone(),
                rate: r.rate,
                hours: Delta {
                    before: None,
                    after: Some(e.hours),
                },
                difference: Some(e.amount),
                ..Record::default()
            }
            .push(out);
        }
    }
}

fn overview(out: &mut String, c: &ChangeSet) {
    let total = |part, organisation: String, line: String, delta: Delta| Record {
        part,
        organisation,
        line,
        amount: delta,
        difference: Some(delta.difference()),
        ..Record::default()
    };
    for g in &c.groups {
        let part = match g.kind {
            GroupKind::Function => "functie",
            GroupKind::Theme => "thema",
        };
        Record {
            group_before: g.id.clone(),
            group_after: g.id.clone(),
            ..total(part, String::new(), g.label.clone(), g.total)
        }
        .push(out);
    }
    total("programma", String::new(), c.labels.total.clone(), c.total).push(out);
    for o in &c.organisations {
        total(
            "programma-organisatie",
            o.name.clone(),
            format!("{} {}", c.labels.total, o.name),
            o.total,
        )
        .push(out);
    }
    for (cause, amount) in c.causes().parts() {
        Record {
            part: "programma-oorzaak",
            line: cause.heading(&c.labels, &c.words).to_owned(),
            difference: Some(amount),
            ..Record::default()
        }
        .push(out);
    }
    total(
        "programma-materieel",
        String::new(),
        c.labels.material.clone(),
        c.material,
    )
    .push(out);
    total(
        "beschikbaar",
        String::new(),
        c.labels.available.clone(),
        c.available,
    )
    .push(out);
    total(
        "resterend",
        String::new(),
        c.labels.remainder.clone(),
        c.remainder(),
    )
    .push(out);
}
