//! `kis-book compare`: two editions of the book (two folders, e.g. this
//! year's plan and next year's) compared with the engine of `diff`: each
//! compiled from its folder, then compared keyed by budget id, organisation
//! id and role name ([`compute`]), with the same renderers.

use std::path::Path;

use super::{DiffOutcome, FailedSide, Side, compute};

/// Compares the book in folder `old` with the book in folder `new`, each
/// named as the user gave it. A book that does not compile is
/// [`DiffOutcome::Failed`] with its diagnostics.
pub(crate) fn compare_editions(old: &str, new: &str) -> DiffOutcome {
    let (old_side, new_side) = (Side::folder(old), Side::folder(new));
    let before = crate::compile::compile(&crate::source::input::BookInput::open(Path::new(old)));
    let after = crate::compile::compile(&crate::source::input::BookInput::open(Path::new(new)));
    match (before.compiled, after.compiled) {
        (Some(b), Some(a)) => DiffOutcome::Made(Box::new(compute::compare(
            (&old_side, &b.config, &b.programme),
            (&new_side, &a.config, &a.programme),
        ))),
        (b, a) => {
            let failed = [
                (old_side, b.is_none(), before.diagnostics),
                (new_side, a.is_none(), after.diagnostics),
            ]
            .into_iter()
            .filter(|(_, failed, _)| *failed)
            .map(|(side, _, diagnostics)| FailedSide { side, diagnostics })
            .collect();
            DiffOutcome::Failed(failed)
        }
    }
}
