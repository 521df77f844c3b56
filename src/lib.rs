//! kis-book publishes a budgeted work plan from Markdown.
//!
//! It is a compiler; data flows one way:
//!
//! ```text
//! load (walk content/) -> front matter (parse, validate) -> budget (compute)
//!    -> document model (chapters, projects, computed tables)
//!       -> typst backend -> PDF
//!       -> html backend  -> site/
//! ```
//!
//! [`compile`] runs the stages up to the document model and collects every
//! diagnostic on the way; `kis-book check` stops there, `kis-book budget`
//! exports the computed budget, and `kis-book build` hands the result to the
//! backends.

pub mod assets;
pub mod budget;
pub mod build;
pub mod closed;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod format;
pub mod frontmatter;
pub mod gate;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod quantity;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod text;
pub mod yaml;

use std::path::Path;

use crate::budget::Programme;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Document;
use crate::model::Book;

/// A book with its budget computed and every page parsed: what the backends
/// render.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The book as loaded.
    pub book: Book,
    /// The computed budget.
    pub programme: Programme,
    /// The parsed body of every page, in the order of [`Book::pages`].
    pub documents: Vec<Document>,
}

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

/// Loads, checks and computes the book at `root`.
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
    let programme = budget::compute_programme(&book.config, &book.budgets);
    let documents = resolve::parse_pages(&book, &programme, &mut diagnostics);
    gate::check_book(&book, &documents, &mut diagnostics);
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
    Outcome {
        compiled: Some(Compiled {
            book,
            programme,
            documents,
        }),
        diagnostics,
    }
}

/// Meaning checks on the computed budget: declared totals, and the
/// programme total against the available budget.
fn check_programme(book: &Book, programme: &Programme, diags: &mut Diagnostics) {
    for (spec, computed) in book.budgets.iter().zip(&programme.budgets) {
        if let Some(declared) = spec.declared_total
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
