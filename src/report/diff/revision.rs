//! Compiling each side of a comparison: a revision from git's objects,
//! compiled from memory (see [`BookInput::revision`]), or the working tree
//! as it is.

use std::path::Path;

use super::{ChangeSet, FailedSide, Side, compute, git};
use crate::base::diagnostics::Diagnostics;
use crate::compile::compiled::Compiled;
use crate::source::input::BookInput;

/// What `kis-book diff` made of two sides.
#[derive(Debug)]
pub(crate) enum DiffOutcome {
    /// Both sides compiled: the changes between them (perhaps none).
    Made(Box<ChangeSet>),
    /// A side's book has errors, so there is no diff: its diagnostics.
    Failed(Vec<FailedSide>),
}

/// Compares the book at `root` in revision `old` with revision `new`, or
/// with the working tree when `new` is `None`.
///
/// Errors of git (no git, no repository, no such revision) are `Err`; a
/// book that does not compile at a side is [`DiffOutcome::Failed`].
pub(crate) fn diff(root: &Path, old: &str, new: Option<&str>) -> anyhow::Result<DiffOutcome> {
    let repo = git::open(root)?;
    let old_side = resolve(&repo, old)?;
    let new_side = match new {
        Some(rev) => resolve(&repo, rev)?,
        None => Side::working_tree(),
    };
    let old_book = compile_side(&repo, root, &old_side)?;
    if new_side.commit.is_some() && new_side.commit == old_side.commit {
        // One commit under two names: compiled once, its errors told once.
        return Ok(match old_book {
            Ok(book) => DiffOutcome::Made(Box::new(compute::compare(
                (&old_side, &book.config, &book.programme),
                (&new_side, &book.config, &book.programme),
            ))),
            Err(diagnostics) => DiffOutcome::Failed(vec![FailedSide {
                side: old_side,
                diagnostics,
            }]),
        });
    }
    let new_book = compile_side(&repo, root, &new_side)?;
    match (old_book, new_book) {
        (Ok(before), Ok(after)) => Ok(DiffOutcome::Made(Box::new(compute::compare(
            (&old_side, &before.config, &before.programme),
            (&new_side, &after.config, &after.programme),
        )))),
        (before, after) => {
            let failed = [(old_side, before), (new_side, after)]
                .into_iter()
                .filter_map(|(side, result)| {
                    result
                        .err()
                        .map(|diagnostics| FailedSide { side, diagnostics })
                })
                .collect();
            Ok(DiffOutcome::Failed(failed))
        }
    }
}

fn resolve(repo: &git::Repo, rev: &str) -> anyhow::Result<Side> {
    Ok(Side {
        revision: Some(rev.to_owned()),
        commit: Some(git::resolve(repo, rev)?),
        folder: None,
    })
}

/// The compiled book of a side, or the diagnostics that stop it.
fn compile_side(
    repo: &git::Repo,
    root: &Path,
    side: &Side,
) -> anyhow::Result<Result<Compiled, Diagnostics>> {
    let Some(commit) = &side.commit else {
        let outcome = crate::compile::compile(&BookInput::open(root));
        return Ok(outcome.compiled.ok_or(outcome.diagnostics));
    };
    let snapshot = git::read_book(repo, commit)?;
    // Compiled from memory: the revision's files go through the same
    // reader as the working tree's, named as they are in the book.
    let outcome = crate::compile::compile(&BookInput::revision(snapshot.files));
    let refused = !snapshot.refused.is_empty();
    let mut diagnostics = Diagnostics::default();
    for d in snapshot.refused {
        diagnostics.push(d);
    }
    diagnostics.extend(outcome.diagnostics);
    match outcome.compiled {
        Some(compiled) if !refused => Ok(Ok(compiled)),
        _ => Ok(Err(diagnostics)),
    }
}

impl FailedSide {
    /// The side in a message: `revision HEAD~1 (abc1234)` or `the working
    /// tree`.
    pub(crate) fn name(&self) -> String {
        if let Some(folder) = &self.side.folder {
            return format!("the book in `{folder}`");
        }
        match &self.side.commit {
            Some(_) => format!("revision {}", self.side.describe("the working tree")),
            None => "the working tree".to_owned(),
        }
    }

    /// Each diagnostic as printed, a revision's prefixed with it so that it
    /// never looks like the working tree's: `in revision HEAD~1 (abc1234):
    /// content/x.md:3:1: error: …`.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.diagnostics
            .sorted()
            .into_iter()
            .map(|d| match &self.side.commit {
                Some(_) => format!(
                    "in revision {}: {d}",
                    self.side.describe("the working tree")
                ),
                None => d.to_string(),
            })
            .collect()
    }
}
