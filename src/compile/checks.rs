//! The compile stage's own checks, beside those in the stages they guard
//! (the Markdown checks live in [`crate::compile::markdown`], the budget's in
//! [`crate::compile::budget::checks`], the closed world in [`crate::base::closed`]): the
//! limits on size before the pages are parsed, and the book's own
//! templates and fonts that cannot be read at all.
//!
//! What an output refuses (page names the site keeps, a Typst template
//! with a syntax error, a font Typst cannot read) is that backend's check
//! (see [`crate::render::backend::Backend::check`]), which the gate in
//! [`crate::report::build::Session`] runs.

use std::path::Path;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::limits;
use crate::base::memo::{Memo, Memos, Told};
use crate::source::assets::Assets;
use crate::source::model::{Book, LoadedPage};

/// The book's own templates and fonts: links out of the book, files that
/// cannot be read, and templates that are not UTF-8 text. Whether a
/// template or font works for its output is that backend's check.
pub(crate) fn check_assets(assets: &Assets, diags: &mut Diagnostics) {
    diags.extend(assets.diagnostics());
    for rel in assets.overrides() {
        let Some(path) = assets.own_path(&rel) else {
            continue;
        };
        let bytes = match assets.get(&rel) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(Diagnostic::new(
                    codes::UNREADABLE,
                    &path,
                    Pos::default(),
                    format!("{err:#}"),
                ));
                continue;
            }
        };
        if is_template(&rel) && std::str::from_utf8(&bytes).is_err() {
            diags.push(Diagnostic::new(
                codes::TEMPLATE_UNREADABLE,
                &path,
                Pos::default(),
                "the template is not UTF-8 text",
            ));
        }
    }
}

/// Whether the asset `rel` is a template, which must be text.
fn is_template(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    rel.starts_with("templates/")
        && [".typ", ".html", ".xml", ".txt", ".css", ".js"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// The limits on Markdown (see [`crate::base::limits`]), checked before the
/// pages are read into document trees: all text of the book together, and
/// per page the nesting depth, the longest paragraph and the longest word.
/// Returns whether the book is within them; beyond them, the pages are not
/// parsed at all (deep nesting would exhaust the stack).
pub(crate) fn check_text_limits(
    book: &Book,
    memos: Option<&Memos>,
    diags: &mut Diagnostics,
) -> bool {
    let pages = book.pages();
    let errors_before = diags.counts().0;
    let total: u64 = pages.iter().map(|p| p.body.len() as u64).sum();
    if total > limits::BOOK_BYTES {
        let content = pages
            .first()
            .and_then(|p| {
                p.file
                    .path
                    .ancestors()
                    .find(|a| a.ends_with(crate::source::load::CONTENT_DIR))
            })
            .unwrap_or(Path::new(crate::source::load::CONTENT_DIR));
        diags.push(
            Diagnostic::new(codes::BOOK_TOO_LARGE,
                content,
                Pos::default(),
                format!(
                    "the book holds {} of text; a book may hold at most {} (the limit on book size)",
                    limits::bytes(total),
                    limits::bytes(limits::BOOK_BYTES)
                ),
            )
            .with_hint("a work plan of 1 000 printed pages holds about 3 MB of Markdown"),
        );
    }
    let mut blocks = 0;
    let memo = memos.map(Memos::of::<Told<PageBlocks>>);
    for page in &pages {
        match &memo {
            Some(memo) => page_limits_kept(memo, page, &mut blocks, diags),
            None => crate::compile::markdown::page_limits(page, &mut blocks, diags),
        }
    }
    budget_lines(book, diags);
    diags.counts().0 == errors_before
}

/// How many blocks of the book one page holds.
#[derive(Debug, Clone, Copy)]
struct PageBlocks(usize);

/// [`crate::compile::markdown::page_limits`], kept for the next compile by the
/// page's body: what a page breaches is its own, but for the book's limit
/// on blocks, which a page's blocks breach only together with the pages
/// before it (a page that crosses it is measured again every time).
fn page_limits_kept(
    memo: &Memo<Told<PageBlocks>>,
    page: &LoadedPage,
    blocks: &mut usize,
    diags: &mut Diagnostics,
) {
    let before = *blocks;
    let key = Memo::<()>::key(&(&page.file.path, &page.body, page.file.body_line));
    let within = |told: &Told<PageBlocks>| before + told.value.0 <= limits::BLOCKS;
    let told = match memo.lookup(key).filter(within) {
        Some(told) => told,
        None => {
            let told = Told::make(|found| {
                let mut counted = before;
                crate::compile::markdown::page_limits(page, &mut counted, found);
                PageBlocks(counted - before)
            });
            if within(&told) {
                memo.store(key, told.clone());
            }
            told
        }
    };
    *blocks = before + told.value.0;
    told.tell(diags);
}

/// All role lines of all budgets together: each is a row of a printed table.
fn budget_lines(book: &Book, diags: &mut Diagnostics) {
    let mut lines = 0;
    for spec in book.budgets() {
        lines += spec
            .organisations
            .iter()
            .map(|o| o.lines.len())
            .sum::<usize>();
        if lines > limits::BUDGET_LINES {
            diags.push(
                Diagnostic::new(
                    codes::TOO_MANY_BUDGET_LINES,
                    &spec.path,
                    spec.pos,
                    format!(
                        "with this budget, the book's budgets hold more than {} role lines \
                         (the limit on budget lines)",
                        limits::BUDGET_LINES
                    ),
                )
                .with_hint("a budget lists the roles of its printed table, a few per organisation"),
            );
            return;
        }
    }
}
