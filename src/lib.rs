//! kis-book publishes a budgeted work plan from Markdown.
//!
//! It is a compiler; data flows one way, each stage below the ones that
//! use it:
//!
//! ```text
//! BookInput (the root folder and its templates and fonts, opened once)
//!   -> compile: load (content/; config and front matter: parse, validate)
//!        -> compute (budget: amounts from hours, exactly)
//!        -> resolve (each page's Markdown: placeholders, links, footnotes)
//!        -> assemble (the compiled book: parts -> chapters -> pages, with
//!           numbers, headings, anchors, budgets and their tables)
//!   -> the gate: each backend's check, what it refuses (see [`backend`])
//!   -> backends, each reading the compiled book:
//!        pdf/  -> build/<name>.pdf (Typst as a library)
//!        site/ -> build/site/ (the accessible website)
//!   -> one publication, switched whole ([`publish`])
//! ```
//!
//! [`compile`] runs the stages up to the compiled book and collects every
//! diagnostic on the way: `kis-book budget` exports the computed budget and
//! `kis-book diff` compares the computed budgets of two git revisions
//! ([`diff`]). [`build::Session`] is the gate and the backends: `kis-book
//! check` asks every backend what it refuses (and renders a book with
//! templates of its own once, on trial), `kis-book build` then hands the
//! compiled book to them. [`cli`] is the command line over all of this
//! (src/main.rs a thin binary over it). docs/architecture.md draws the
//! whole picture.

pub mod assets;
pub mod backend;
pub mod budget;
pub mod build;
pub mod checks;
pub mod cli;
pub mod closed;
pub mod compiled;
pub mod config;
pub mod coverage;
pub mod diagnostics;
pub mod diff;
pub mod edition;
pub mod export;
pub mod format;
pub mod frontmatter;
pub mod gfm;
pub mod images;
pub mod input;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod memo;
pub mod memory;
pub mod model;
pub mod output;
pub mod pdf;
pub mod publish;
pub mod quantity;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod text;
pub mod unicode_scripts;
pub mod views;
pub mod words;
pub mod yaml;
pub mod year;

use crate::diagnostics::Diagnostics;
use crate::input::BookInput;

pub use crate::compiled::Compiled;

/// The outcome of [`compile`]: the compiled book, unless an error stopped
/// it, and all diagnostics.
#[derive(Debug)]
pub struct Compilation {
    /// The compiled book; `None` when errors make it unusable. It is there
    /// when the only error is a programme total above the available budget;
    /// commands that publish must check [`Compilation::diagnostics`] as
    /// well.
    pub compiled: Option<Compiled>,
    /// Every error and warning found.
    pub diagnostics: Diagnostics,
}

/// A book compiled as far as its errors allow, before the checks on the
/// programme's totals: what the backends' checks read (see
/// [`build::Session::check`]), whatever errors other files have.
#[derive(Debug)]
pub struct Draft {
    /// The compiled book, errors and all; `None` when it could not be
    /// loaded or is beyond the limits on size.
    pub book: Option<Compiled>,
    /// Every error and warning found so far.
    pub diagnostics: Diagnostics,
    /// What the checks on the programme's totals found; told whatever
    /// other errors there are.
    totals: Diagnostics,
}

/// Loads, checks and computes the book of `input`: the recipe up to the
/// compiled book.
pub fn compile(input: &BookInput) -> Compilation {
    draft(input).finish()
}

/// The stages of [`compile`], up to the checks on the programme's totals.
pub fn draft(input: &BookInput) -> Draft {
    let loaded = load::load_book(input);
    let mut diagnostics = loaded.diagnostics;
    checks::check_assets(input.assets(), &mut diagnostics);
    let unread = |diagnostics| Draft {
        book: None,
        diagnostics,
        totals: Diagnostics::default(),
    };
    let Some(book) = loaded.book else {
        return unread(diagnostics);
    };
    // Beyond the limits the pages are not parsed at all.
    if !checks::check_text_limits(&book, input.memos(), &mut diagnostics) {
        return unread(diagnostics);
    }
    // Every character the book prints must be in one of its fonts, or
    // Typst's PDF/UA export would refuse it after `check` passed.
    coverage::check_characters(input, &book, &mut diagnostics);
    budget::checks::check_precision(&book, &mut diagnostics);
    let programme = budget::compute_programme(&book.config, book.budgets());
    let mut documents = markdown::parse_pages(input, &book, &programme, &mut diagnostics);
    // After the pages: their `{{ budget }}` knew of the error in their own
    // file, which becomes one error at the rate card here.
    frontmatter::merge_unknown_roles(&book.config, &mut diagnostics);
    markdown::check_budgets_shown(&book, &documents, &mut diagnostics);
    let mut totals = Diagnostics::default();
    let complete = budget::checks::every_budget_read(&diagnostics);
    budget::checks::check_programme(&book, &programme, complete, &mut totals);
    let compiled = compiled::assemble(book, programme, &mut |page| {
        documents.remove(&page.file.path).unwrap_or_default()
    });
    Draft {
        book: Some(compiled),
        diagnostics,
        totals,
    }
}

impl Draft {
    /// The compiled book when no error makes it unusable, and every
    /// diagnostic. The programme's totals are told whatever else is wrong
    /// (a broken link must not hide an overrun), on every budget that could
    /// be read. An overrun leaves the book compiled, so that `budget` can
    /// still show where the money goes.
    pub fn finish(self) -> Compilation {
        let mut diagnostics = self.diagnostics;
        let unusable = diagnostics.has_errors();
        diagnostics.extend(self.totals);
        if unusable {
            return Compilation {
                compiled: None,
                diagnostics,
            };
        }
        Compilation {
            compiled: self.book,
            diagnostics,
        }
    }
}
