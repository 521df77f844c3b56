//! The previous publication kept for the next, in a session that
//! publishes every few seconds (`kis-book serve`).
//!
//! A publication is staged as a copy of the published one in hard links
//! ([`super::carry`]): a folder made for every folder, a link for every
//! file, and after the switch the previous publication unlinked file by
//! file. On a large book that is thousands of steps per save, most of
//! them undoing what the last save did. A serve session instead keeps the
//! previous publication where the switch left it, in the staging folder,
//! and brings it to equal the published one by what differs ([`refresh`]):
//! a name whose file (inode) is not the published one's is linked again,
//! what the published folder lacks is removed, what it has more is
//! carried. The names are compared from the folders' listings alone
//! (`readdir` gives each name's inode and kind), so an unchanged file
//! costs nothing.
//!
//! Whatever happened to either folder meanwhile, the result is what
//! [`super::carry`] makes: every regular file of the published folder as
//! a link of it, under its name, and nothing else. The folders' identities
//! ([`Kept`]) decide only whether to try: a folder that is not the one the
//! session left (another `kis-book build` of the book ran, and cleared or
//! swapped them) is removed and the publication staged afresh.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::FileType;
use std::os::unix::fs::{DirEntryExt as _, MetadataExt as _};
use std::path::Path;

use anyhow::Context as _;

use super::guard;
use crate::base::closed::{FolderId, folder_id};

/// What a session's last publication left: the published folder and the
/// previous publication kept in the staging folder, by identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kept {
    published: FolderId,
    kept: FolderId,
}

impl Kept {
    /// The folders at `published` and `kept` as they are now; `None` when
    /// either is no folder.
    pub(super) fn of(published: &Path, kept: &Path) -> Option<Self> {
        Some(Self {
            published: folder_id(published)?,
            kept: folder_id(kept)?,
        })
    }
}

/// One entry of a folder, from its listing.
#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: FileType,
    ino: u64,
}

/// The entries of the folder `dir`, by name.
fn listing(dir: &Path) -> anyhow::Result<HashMap<OsString, Entry>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
    let mut out = HashMap::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
        let kind = entry
            .file_type()
            .with_context(|| format!("failed to read `{}`", entry.path().display()))?;
        out.insert(
            entry.file_name(),
            Entry {
                kind,
                ino: entry.ino(),
            },
        );
    }
    Ok(out)
}

/// The device of the folder at `path`, when it is a folder (not followed).
fn folder_dev(path: &Path) -> anyhow::Result<Option<u64>> {
    let meta = std::fs::symlink_metadata(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    Ok(meta.is_dir().then(|| meta.dev()))
}

/// Makes the folder `to` (the kept publication) hold what
/// [`super::carry`] would make of `from` (the published one, on the
/// device `dev`): the same names, each a link of `from`'s file, its
/// folders alike; what `from` does not hold as a regular file or folder
/// of `dev` goes.
///
/// Every file of `to` goes into `staged`'s listing, and what of `from`
/// the guard refuses ([`super::guard`]) sets `staged.refused`: the
/// listing of `from` is the one a serve session's save makes of
/// `build/`, so the gate need not walk it again.
pub(super) fn refresh(
    from: &Path,
    to: &Path,
    dev: u64,
    staged: &mut super::Staged,
) -> anyhow::Result<()> {
    // In the order of the names, so that the steps are the same each time.
    let mut source: Vec<_> = listing(from)?.into_iter().collect();
    source.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut target = listing(to)?;
    for (name, entry) in &source {
        if super::is_leftover(name) {
            continue;
        }
        let (source_path, target_path) = (from.join(name), to.join(name));
        let there = target.remove(name);
        let carried = if entry.kind.is_dir() {
            folder_dev(&source_path)? == Some(dev)
        } else {
            entry.kind.is_file()
        };
        // What the guard refuses: a link, a mount, what is no regular
        // file or folder, a file where an output folder goes.
        staged.refused |=
            !carried || (entry.kind.is_file() && guard::is_output_folder(&source_path));
        if carried && entry.kind.is_dir() {
            if let Some(t) = there
                && t.kind.is_dir()
                && folder_dev(&target_path)? == Some(dev)
            {
                refresh(&source_path, &target_path, dev, staged)?;
                continue;
            }
        } else if carried && there.is_some_and(|t| t.kind.is_file() && t.ino == entry.ino) {
            // The same file: unchanged since the last publication.
            staged.files.add(target_path);
            continue;
        }
        if there.is_some() {
            super::remove_tree(&target_path)?;
        }
        if !carried {
            continue;
        }
        if entry.kind.is_dir() {
            super::make_dir(&target_path)?;
            super::carry(&source_path, &target_path, dev, &mut staged.files)?;
        } else {
            let meta = std::fs::symlink_metadata(&source_path)
                .with_context(|| format!("failed to read `{}`", source_path.display()))?;
            if meta.dev() == dev && meta.is_file() {
                super::link(&source_path, &target_path)?;
                staged.files.add(target_path);
            } else {
                staged.refused = true;
            }
        }
    }
    // What the published folder does not hold (any longer).
    let mut gone: Vec<_> = target.into_keys().collect();
    gone.sort_unstable();
    for name in gone {
        super::remove_tree(&to.join(name))?;
    }
    Ok(())
}
