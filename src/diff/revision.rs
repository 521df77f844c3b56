//! Compiling each side of a comparison: a revision from git's objects,
//! written into a fresh temporary folder and compiled there, or the working
//! tree as it is.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;

use super::{ChangeSet, FailedSide, Side, compute, git};
use crate::Compiled;
use crate::diagnostics::Diagnostics;

/// What `kis-book diff` made of two sides.
#[derive(Debug)]
pub enum Outcome {
    /// Both sides compiled: the changes between them (perhaps none).
    Made(Box<ChangeSet>),
    /// A side's book has errors, so there is no diff: its diagnostics.
    Failed(Vec<FailedSide>),
}

/// Compares the book at `root` in revision `old` with revision `new`, or
/// with the working tree when `new` is `None`.
///
/// Errors of git (no git, no repository, no such revision) are `Err`; a
/// book that does not compile at a side is [`Outcome::Failed`].
pub fn diff(root: &Path, old: &str, new: Option<&str>) -> anyhow::Result<Outcome> {
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
            Ok(book) => Outcome::Made(Box::new(compute::compare(
                (&old_side, &book.config, &book.programme),
                (&new_side, &book.config, &book.programme),
            ))),
            Err(diagnostics) => Outcome::Failed(vec![FailedSide {
                side: old_side,
                diagnostics,
            }]),
        });
    }
    let new_book = compile_side(&repo, root, &new_side)?;
    match (old_book, new_book) {
        (Ok(before), Ok(after)) => Ok(Outcome::Made(Box::new(compute::compare(
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
            Ok(Outcome::Failed(failed))
        }
    }
}

fn resolve(repo: &git::Repo, rev: &str) -> anyhow::Result<Side> {
    Ok(Side {
        revision: Some(rev.to_owned()),
        commit: Some(git::resolve(repo, rev)?),
    })
}

/// The compiled book of a side, or the diagnostics that stop it.
fn compile_side(
    repo: &git::Repo,
    root: &Path,
    side: &Side,
) -> anyhow::Result<Result<Compiled, Diagnostics>> {
    let Some(commit) = &side.commit else {
        let outcome = crate::compile(root);
        return Ok(outcome.compiled.ok_or(outcome.diagnostics));
    };
    let snapshot = git::read_book(repo, commit)?;
    let dir = tempfile::Builder::new()
        .prefix("kis-book-diff-")
        .tempdir()
        .context("failed to make a temporary folder for the revision's book")?;
    write_files(dir.path(), &snapshot.files)?;
    let outcome = crate::compile(dir.path());
    let refused = !snapshot.refused.is_empty();
    let mut diagnostics = Diagnostics::default();
    for d in snapshot.refused {
        diagnostics.push(d);
    }
    // Reported at the path in the book, not in the temporary folder.
    for d in outcome.diagnostics.sorted() {
        let mut d = d.clone();
        if let Ok(inside) = d.path.strip_prefix(dir.path()) {
            d.path = inside.to_path_buf();
        }
        diagnostics.push(d);
    }
    match outcome.compiled {
        Some(compiled) if !refused => Ok(Ok(compiled)),
        _ => Ok(Err(diagnostics)),
    }
}

/// Writes a revision's files (paths relative to the book root, checked by
/// [`git::read_book`] to stay inside it) under `dir`.
fn write_files(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<()> {
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
    }
    Ok(())
}

impl FailedSide {
    /// The side in a message: `revision HEAD~1 (abc1234)` or `the working
    /// tree`.
    pub fn name(&self) -> String {
        match &self.side.commit {
            Some(_) => format!("revision {}", self.side.describe("the working tree")),
            None => "the working tree".to_owned(),
        }
    }

    /// Each diagnostic as printed, a revision's prefixed with it so that it
    /// never looks like the working tree's: `in revision HEAD~1 (abc1234):
    /// content/x.md:3:1: error: …`.
    pub fn lines(&self) -> Vec<String> {
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
