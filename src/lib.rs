//! kis-book publishes a budgeted work plan from Markdown.
//!
//! It is a compiler; data flows one way:
//!
//! ```text
//! load (walk content/; config and front matter: parse, validate)
//!   -> compute (budget: amounts from hours, exactly)
//!   -> resolve (each page's Markdown: placeholders, links, footnotes)
//!   -> assemble (the compiled book: parts -> chapters -> pages, with
//!      numbers, headings, anchors, budgets and their tables, derived once)
//!   -> backends, each reading the compiled book (see [`backend`]):
//!        pdf/  -> build/<name>.pdf (Typst as a library)
//!        site/ -> build/site/ (the accessible website)
//! ```
//!
//! [`compile`] runs the stages up to the compiled book and collects every
//! diagnostic on the way; `kis-book check` stops there, `kis-book budget`
//! exports the computed budget, `kis-book diff` compares the computed
//! budgets of two git revisions ([`diff`]), and `kis-book build` hands the
//! compiled book to the backends ([`build::Session`]). docs/architecture.md
//! draws the whole picture.

pub mod assets;
pub mod backend;
pub mod budget;
pub mod build;
pub mod closed;
pub mod compiled;
pub mod config;
pub mod coverage;
pub mod diagnostics;
pub mod diff;
pub mod export;
pub mod format;
pub mod frontmatter;
pub mod gate;
pub mod gfm;
pub mod images;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod pdf;
pub mod publish;
pub mod quantity;
pub mod scaffold;
pub mod schema;
pub mod scripts;
pub mod serve;
pub mod site;
pub mod text;
pub mod views;
pub mod yaml;

use std::path::Path;

use crate::budget::Programme;
use crate::diagnostics::{Diagnostic, Diagnostics, codes};
use crate::model::Book;

pub use crate::compiled::Compiled;

/// The outcome of [`compile`]: the compiled book, unless an error stopped
/// it, and all diagnostics.
#[derive(Debug)]
pub struct Outcome {
    /// The compiled book; `None` when errors make it unusable. It is there
    /// when the only error is a programme total above the available budget;
    /// commands that publish must check [`Outcome::diagnostics`] as well.
    pub compiled: Option<Compiled>,
    /// Every error and warning found.
    pub diagnostics: Diagnostics,
}

/// Loads, checks and computes the book at `root`: the recipe up to the
/// compiled book.
pub fn compile(root: &Path) -> Outcome {
    let loaded = load::load_book(root);
    let mut diagnostics = loaded.diagnostics;
    gate::check_assets(&assets::Assets::new(root), &mut diagnostics);
    let Some(book) = loaded.book else {
        return Outcome {
            compiled: None,
            diagnostics,
        };
    };
    if !gate::check_text_limits(&book, &mut diagnostics) {
        return Outcome {
            compiled: None,
            diagnostics,
        };
    }
    // Every character the book prints must be in one of its fonts, or
    // Typst's PDF/UA export would refuse it after `check` passed.
    coverage::check_book(root, &book, &mut diagnostics);
    check_precision(&book, &mut diagnostics);
    let programme = budget::compute_programme(&book.config, book.budgets());
    let mut documents = markdown::parse_pages(root, &book, &programme, &mut diagnostics);
    // After the pages: their `{{ budget }}` knew of the error in their own
    // file, which becomes one error at the rate card here.
    frontmatter::merge_unknown_roles(&book.config, &mut diagnostics);
    gate::check_book(&book, &documents, &mut diagnostics);
    markdown::check_budgets_shown(&book, &documents, &mut diagnostics);
    // The money is checked whatever else is wrong (a broken link must not
    // hide an overrun), on every budget that could be read. An overrun
    // leaves the book compiled, so that `budget` can still show where the
    // money goes.
    let unusable = diagnostics.has_errors();
    check_programme(&book, &programme, &mut diagnostics);
    if unusable {
        return Outcome {
            compiled: None,
            diagnostics,
        };
    }
    let compiled = compiled::assemble(book, programme, &mut |page| {
        documents.remove(&page.path).unwrap_or_default()
    });
    Outcome {
        compiled: Some(compiled),
        diagnostics,
    }
}

/// Refuses a rate or material cost in front matter with more decimals than
/// amounts print with (those of book.yaml are refused as it is read).
fn check_precision(book: &Book, diags: &mut Diagnostics) {
    let money = &book.config.money;
    for spec in book.budgets() {
        let rates = spec.organisations.iter().flat_map(|o| &o.lines);
        let finer = rates
            .filter(|l| budget::rounding::finer_than(l.rate, money.precision))
            .map(|l| (format!("the rate of {}", l.role), l.rate))
            .chain(
                budget::rounding::finer_than(spec.material, money.precision)
                    .then(|| ("the material cost".to_owned(), spec.material)),
            );
        for (what, value) in finer {
            diags.push(
                Diagnostic::new(
                    codes::FINER_THAN_PRECISION,
                    &spec.path,
                    spec.pos,
                    format!(
                        "budget {}: {}",
                        spec.id,
                        config::precision_message(&what, &format::plain(value), money)
                    ),
                )
                .with_hint(config::precision_hint(money)),
            );
        }
    }
}

/// A warning for a budget with an amount finer than the printed precision
/// when book.yaml states no rule for rounding it.
fn check_unstated_rounding(book: &Book, programme: &Programme, diags: &mut Diagnostics) {
    let money = &book.config.money;
    if money.stated {
        return;
    }
    let labels = &book.config.labels;
    for spec in book.budgets() {
        let Some(computed) = programme.budget(&spec.id) else {
            continue;
        };
        let lines = computed.organisations.iter().flat_map(|o| {
            o.lines.iter().map(|l| (l.role.as_str(), &l.charge)).chain([
                (labels.staff.as_str(), &o.staff),
                (labels.overhead.as_str(), &o.overhead),
            ])
        });
        let finer: Vec<(&str, &budget::Charge)> = lines
            .filter(|(_, c)| budget::rounding::finer_than(c.exact_amount, money.precision))
            .collect();
        let Some((label, first)) = finer.first() else {
            continue;
        };
        let more = match finer.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let exact = format::number(first.exact_amount);
        diags.push(
            Diagnostic::new(
                codes::UNSTATED_ROUNDING,
                &spec.path,
                spec.pos,
                format!(
                    "budget {} has amounts finer than whole units, e.g. {label}: {} × {} h = \
                     {exact}{more}; book.yaml states no rounding rule (no `money:` section), \
                     so each line is rounded half up: {exact} prints as {}",
                    spec.id,
                    format::number(first.rate),
                    format::hours(first.hours),
                    format::amount(first.amount, money.precision),
                ),
            )
            .with_hint(config::precision_hint(money)),
        );
    }
}

/// Meaning checks on the computed budget: declared totals, amounts finer
/// than printed without a rule, and the programme total against the
/// available budget.
fn check_programme(book: &Book, programme: &Programme, diags: &mut Diagnostics) {
    let config = &book.config;
    let p = config.money.precision;
    let money = |d| format::currency(d, p, &config.labels.currency_sign);
    check_unstated_rounding(book, programme, diags);
    for spec in book.budgets() {
        if let (Some(declared), Some(computed)) = (spec.declared_total, programme.budget(&spec.id))
            && declared != computed.total
        {
            diags.push(
                Diagnostic::new(
                    codes::DECLARED_TOTAL_DIFFERS,
                    &spec.path,
                    spec.declared_total_pos,
                    format!(
                        "budget {} adds up to {}, but its declared total is {}",
                        spec.id,
                        money(computed.total),
                        money(declared)
                    ),
                )
                .with_hint("check the hours, or change `declared_total` to the agreed figure"),
            );
        }
    }
    // A budget that could not be read is missing from the total: money
    // left over is then an echo of that error, not news.
    let complete = !diags.sorted().iter().any(|d| {
        d.severity == diagnostics::Severity::Error
            && ["KB01", "KB02", "KB03"]
                .iter()
                .any(|p| d.code.id.starts_with(p))
    });
    let remainder = programme.remainder();
    if remainder.is_sign_negative() && !remainder.is_zero() {
        diags.push(
            Diagnostic::new(
                codes::PROGRAMME_OVERRUN,
                &config.path,
                config.available_budget_pos,
                format!(
                    "the programme total {} is {} above the available budget {}",
                    money(programme.total),
                    money(-remainder),
                    money(programme.available)
                ),
            )
            .with_hint(
                "reduce hours or material costs; `kis-book budget` shows where the money goes",
            ),
        );
    } else if !remainder.is_zero() && complete {
        diags.push(Diagnostic::new(
            codes::UNALLOCATED,
            &config.path,
            config.available_budget_pos,
            format!(
                "{} of the available budget {} is not allocated (programme total {})",
                money(remainder),
                money(programme.available),
                money(programme.total)
            ),
        ));
    }
}
