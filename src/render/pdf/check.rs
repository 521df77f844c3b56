//! What the PDF refuses in a book, asked by `check` before anything is
//! written (see [`crate::render::backend::Backend::check`]): a `SOURCE_DATE_EPOCH`
//! that is no timestamp, Typst templates of the book's own with a syntax
//! error, and font files Typst cannot read.

use typst::syntax::DiagSpanKind;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::render::backend::CheckContext;
use crate::source::assets::{Assets, FONT_EXTENSIONS};

/// Every check of the PDF on the book of `ctx`.
pub(super) fn check(ctx: &CheckContext<'_>, diags: &mut Diagnostics) {
    own_files(ctx.input.assets(), diags);
    if let Some(book) = ctx.book {
        source_date_epoch(&book.config.date, diags);
    }
}

/// `SOURCE_DATE_EPOCH`, when set, is the PDF's timestamp instead of the
/// book's date: not part of the book, but `build` would stop on a bad one.
fn source_date_epoch(date: &str, diags: &mut Diagnostics) {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else {
        return;
    };
    if let Err(err) = super::world::fixed_date(date, Some(&epoch)) {
        diags.push(
            Diagnostic::new(
                codes::INVALID_SOURCE_DATE_EPOCH,
                "SOURCE_DATE_EPOCH",
                Pos::default(),
                format!("{err:#}"),
            )
            .with_hint(
                "the variable holds seconds since 1970-01-01; unset it to use the book's date",
            ),
        );
    }
}

/// The book's own Typst files and fonts that differ from the embedded
/// defaults but cannot be read as what they are. (A file that cannot be
/// read at all, or a template that is not UTF-8, is the compile stage's
/// error; see [`crate::compile::checks::check_assets`].)
fn own_files(assets: &Assets, diags: &mut Diagnostics) {
    for rel in assets.overrides() {
        let (Some(path), Ok(bytes)) = (assets.own_path(&rel), assets.get(&rel)) else {
            continue;
        };
        if let Some((code, pos, message)) = problem(&rel, &bytes) {
            diags.push(Diagnostic::new(code, &path, pos, message));
        }
    }
}

/// What is wrong with the book's own file `rel` for Typst, if anything.
fn problem(rel: &str, bytes: &[u8]) -> Option<(codes::Code, Pos, String)> {
    let lower = rel.to_ascii_lowercase();
    if lower.ends_with(".typ") {
        let text = std::str::from_utf8(bytes).ok()?;
        let source = typst::syntax::Source::detached(text);
        let (errors, _) = source.root().errors_and_warnings();
        let error = errors.into_iter().next()?;
        let offset = match error.span.get() {
            DiagSpanKind::Number { num, sub_range, .. } => {
                source.range(num, sub_range).map_or(0, |r| r.start)
            }
            DiagSpanKind::Range { range, .. } => range.start,
            DiagSpanKind::Detached => 0,
        };
        return Some((
            codes::TEMPLATE_UNREADABLE,
            Pos::of_offset(text, offset),
            format!("typst: {}", error.message),
        ));
    }
    if rel.starts_with("fonts/") && FONT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
        let data = typst::foundations::Bytes::new(bytes.to_vec());
        if typst::text::Font::iter(data).next().is_none() {
            return Some((
                codes::FONT_UNREADABLE,
                Pos::default(),
                "not a font Typst can read (TrueType or OpenType)".to_owned(),
            ));
        }
    }
    None
}
