//! The compile stage: from the loaded book to the compiled one, with
//! every diagnostic on the way (the budget computed, each page's
//! Markdown resolved, every printed character in a font, the tree
//! assembled), and the recipe that runs them ([`compile`]).

pub(crate) mod budget;
pub(crate) mod checks;
pub(crate) mod compiled;
pub(crate) mod coverage;
pub mod markdown;
pub(crate) mod unicode_scripts;
pub(crate) mod views;
use crate::base::diagnostics::Diagnostics;
use crate::source::input::BookInput;
use crate::source::{frontmatter, load};

pub use crate::compile::compiled::Compiled;

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
/// [`Session::check`](crate::report::build::Session::check)), whatever errors other files have.
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
    coverage::check_characters(input, &book, &loaded.texts, &mut diagnostics);
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
