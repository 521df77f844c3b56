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
//! exports the computed budget, and `kis-book build` hands the compiled
//! book to the backends ([`build::Session`]). docs/architecture.md draws
//! the whole picture.

pub mod assets;
pub mod backend;
pub mod budget;
pub mod build;
pub mod compiled;
pub mod config;
pub mod coverage;
pub mod diagnostics;
pub mod export;
pub mod format;
pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
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
use crate::diagnostics::{Diagnostic, Diagnostics};
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
    let Some(book) = loaded.book else {
        return Outcome {
            compiled: None,
            diagnostics,
        };
    };
    // Every character the book prints must be in one of its fonts, or
    // Typst's PDF/UA export would refuse it after `check` passed.
    coverage::check_book(root, &book, &mut diagnostics);
    let programme = budget::compute_programme(&book.config, book.budgets());
    let mut documents = markdown::parse_pages(&book, &programme, &mut diagnostics);
    if diagnostics.has_errors() {
        return Outcome {
            compiled: None,
            diagnostics,
        };
    }
    // Checked last: with a budget missing, the totals would only repeat the
    // errors above. An overrun leaves the book compiled, so that `budget`
    // can still show where the money goes.
    check_programme(&book, &programme, &mut diagnostics);
    let compiled = compiled::assemble(book, programme, &mut |page| {
        documents.remove(&page.path).unwrap_or_default()
    });
    Outcome {
        compiled: Some(compiled),
        diagnostics,
    }
}

/// Meaning checks on the computed budget: declared totals, and the
/// programme total against the available budget.
fn check_programme(book: &Book, programme: &Programme, diags: &mut Diagnostics) {
    for spec in book.budgets() {
        if let (Some(declared), Some(computed)) = (spec.declared_total, programme.budget(&spec.id))
            && declared != computed.total
        {
            diags.push(
                Diagnostic::warning(
                    &spec.path,
                    spec.declared_total_pos,
                    format!(
                        "budget {} adds up to {}, but its declared total is {}",
                        spec.id,
                        format::euro(computed.total),
                        format::euro(declared)
                    ),
                )
                .with_hint("check the hours, or change `declared_total` to the agreed figure"),
            );
        }
    }
    let config = &book.config;
    let remainder = programme.remainder();
    if remainder.is_sign_negative() && !remainder.is_zero() {
        diags.push(
            Diagnostic::error(
                &config.path,
                config.available_budget_pos,
                format!(
                    "the programme total {} is {} above the available budget {}",
                    format::euro(programme.total),
                    format::euro(-remainder),
                    format::euro(programme.available)
                ),
            )
            .with_hint(
                "reduce hours or material costs; `kis-book budget` shows where the money goes",
            ),
        );
    } else if !remainder.is_zero() {
        diags.push(Diagnostic::warning(
            &config.path,
            config.available_budget_pos,
            format!(
                "{} of the available budget {} is not allocated (programme total {})",
                format::euro(remainder),
                format::euro(programme.available),
                format::euro(programme.total)
            ),
        ));
    }
}
