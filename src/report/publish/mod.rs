//! One publication at a time, switched atomically.
//!
//! A build's PDF, site, downloads (and with `--typ` the Typst project) are
//! one publication: `ROOT/build/`. Readers (a web server, `kis-book
//! serve`, someone opening the PDF) must see the previous publication or
//! the new one, whole, never a mix, whatever happens to the build:
//!
//! 1. [`Publication::lock`] locks the book's root folder (`flock` on the
//!    folder itself, through `File::try_lock`; no lock file), so that a
//!    second build of the same book says so and stops, and completes or
//!    clears what a killed build left (see [`recover`]).
//! 2. [`Publication::stage`] makes `ROOT/.kis-book-staging/` a copy of the
//!    published `build/` in hard links, so that the backends only write
//!    what changed (see [`crate::base::output`]), and a `--only pdf` build keeps
//!    the previous site.
//! 3. The backends write into the staging folder.
//! 4. [`Staging::publish`] fsyncs every file and folder of it, then swaps
//!    it with `build/` in one step (Linux `renameat2(RENAME_EXCHANGE)`),
//!    fsyncs the root and removes the previous publication, now in the
//!    staging folder's place.
//!
//! `kis-book serve` publishes every few seconds, without fsyncs
//! ([`Staging::publish_keeping`]), and keeps the previous publication in
//! the staging folder after the switch: the next publication is staged by
//! bringing it to equal the published one by what changed instead of
//! making it anew ([`kept`]).
//!
//! Where the file system cannot swap two folders, the switch is two
//! renames: `build/` to `ROOT/.kis-book-previous/`, then the staging folder
//! to `build/`. Between the two, `build/` is missing for an instant; when
//! the build is killed just there, the next build (or `serve`) completes
//! the switch before it does anything else.
//!
//! A failure anywhere before the switch removes the staging folder and
//! leaves `build/` untouched. `check` refuses a `build/` that is a link, a
//! mount or not kis-book's ([`guard`]), so nothing is ever written or
//! deleted outside the book.

pub(crate) mod guard;
mod kept;

pub(crate) use kept::Kept;

use crate::base::fault;
use crate::base::output::Listing;
use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// The output folder under a book's root.
pub const BUILD_DIR: &str = "build";

/// The folder a publication is staged in, beside `build/` in the root.
pub(crate) const STAGING: &str = ".kis-book-staging";

/// Where the previous publication waits during a switch of two renames.
pub(crate) const PREVIOUS: &str = ".kis-book-previous";

/// Another build of the same book holds the lock.
#[derive(Debug)]
pub(crate) struct Busy {
    /// The book's root.
    pub root: PathBuf,
}

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "another build of this book is running (`{}`); try again when it has finished",
            self.root.display()
        )
    }
}

impl std::error::Error for Busy {}

/// The book's output, locked for one build.
#[derive(Debug)]
pub(crate) struct Publication {
    /// The root folder, open and locked for as long as this lives.
    dir: File,
    /// The root as given (`.` for an empty path).
    root: PathBuf,
    /// The previous publication in the staging folder, left by the
    /// session's last publication and found as it left it.
    kept: Option<Kept>,
}

impl Publication {
    /// Locks the book at `root` for one build and completes or clears what
    /// an earlier, killed build left. A second build of the same book gets
    /// [`Busy`] as its error.
    pub(crate) fn lock(root: &Path) -> anyhow::Result<Self> {
        Self::lock_keeping(root, None)
    }

    /// As [`Publication::lock`], keeping the previous publication that the
    /// session's last publication left in the staging folder (`kept`, from
    /// [`Staging::publish_keeping`]) when both it and `build/` are the
    /// folders it left there: [`Publication::stage`] then brings it to
    /// equal the published one. Anything else there is cleared.
    pub(crate) fn lock_keeping(root: &Path, kept: Option<Kept>) -> anyhow::Result<Self> {
        let root = if root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root.to_path_buf()
        };
        let dir = File::open(&root)
            .with_context(|| format!("failed to open the book's folder `{}`", root.display()))?;
        match dir.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(Busy { root }.into()),
            Err(std::fs::TryLockError::Error(err)) => {
                return Err(err)
                    .with_context(|| format!("failed to lock the book `{}`", root.display()));
            }
        }
        let published = root.join(BUILD_DIR);
        let staging = root.join(STAGING);
        let kept = kept.filter(|k| Kept::of(&published, &staging).as_ref() == Some(k));
        if kept.is_some() {
            remove_tree(&root.join(PREVIOUS))?;
        } else {
            recover(&root)?;
        }
        Ok(Self { dir, root, kept })
    }

    /// Whether the previous publication is kept and found as the
    /// session's last publication left it: [`Publication::stage_listed`]
    /// then brings it up to date from one listing of `build/`, which
    /// also finds what [`guard`] refuses there.
    pub(crate) fn keeps(&self) -> bool {
        self.kept.is_some()
    }

    /// The published folder, `ROOT/build`.
    pub(crate) fn published(&self) -> PathBuf {
        self.root.join(BUILD_DIR)
    }

    /// A staging folder holding the published files as hard links: a new
    /// one, or the kept previous publication brought to equal the
    /// published one ([`kept::refresh`]).
    pub(crate) fn stage(&self) -> anyhow::Result<Staging<'_>> {
        Ok(self.stage_listed()?.0)
    }

    /// [`Publication::stage`], with what staging found on the way
    /// ([`Staged`]).
    pub(crate) fn stage_listed(&self) -> anyhow::Result<(Staging<'_>, Staged)> {
        let path = self.root.join(STAGING);
        if self.kept.is_none() {
            remove_tree(&path)?;
            make_dir(&path)?;
        }
        let staging = Staging {
            publication: self,
            path,
            done: false,
        };
        let published = self.published();
        let mut staged = Staged::default();
        if let Ok(meta) = std::fs::symlink_metadata(&published)
            && meta.is_dir()
        {
            if self.kept.is_some() {
                // `build/` itself a mount: the guard's first refusal.
                staged.refused |=
                    std::fs::metadata(&self.root).is_ok_and(|r| r.dev() != meta.dev());
                kept::refresh(&published, &staging.path, meta.dev(), &mut staged)?;
            } else {
                carry(&published, &staging.path, meta.dev(), &mut staged.files)?;
            }
        }
        Ok((staging, staged))
    }
}

/// What staging found: every file the staging folder holds (all of them
/// links of the published files, as listed while they were made), and
/// whether the published folder, as listed to bring the kept publication
/// up to date, held anything [`guard`] refuses (a link, a mount, what is
/// no regular file or folder, a file where an output folder goes), which
/// staging left behind.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    /// The files of the staging folder.
    pub(crate) files: Listing,
    /// Whether [`guard::check`] must be asked about the published folder.
    pub(crate) refused: bool,
}

/// A publication being written: thrown away unless published.
#[derive(Debug)]
pub(crate) struct Staging<'a> {
    publication: &'a Publication,
    path: PathBuf,
    done: bool,
}

impl Staging<'_> {
    /// The folder the backends write into.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the staged publication durable and switches it into place.
    pub(crate) fn publish(self) -> anyhow::Result<()> {
        sync_tree(&self.path)?;
        self.switch(true)
    }

    /// Switches the staged publication into place without making it
    /// durable first, and keeps the previous publication in the staging
    /// folder: `kis-book serve`'s publications, which follow each other
    /// within seconds, are made again when it starts, and the next one is
    /// staged from the kept one ([`Publication::lock_keeping`] with what
    /// this returns; `None` when nothing was kept). Any other lock
    /// removes it. Readers still see the previous publication or this
    /// one, whole; only a crash of the whole machine may leave files
    /// without what was written to them, which the next build (comparing
    /// every file's bytes) writes again.
    pub(crate) fn publish_keeping(self) -> anyhow::Result<Option<Kept>> {
        let (root, published) = (&self.publication.root, self.publication.published());
        let staging = root.join(STAGING);
        self.switch(false)?;
        Ok(Kept::of(&published, &staging))
    }

    /// Switches the staging folder into place; when `durable`, with the
    /// root's entries fsynced and the previous publication removed.
    fn switch(mut self, durable: bool) -> anyhow::Result<()> {
        let sync_root = |root: &Path| if durable { sync_dir(root) } else { Ok(()) };
        let root = &self.publication.root;
        let published = self.publication.published();
        let dir = &self.publication.dir;
        if std::fs::symlink_metadata(&published).is_err() {
            // The first build: nothing to swap with.
            rename(&self.path, &published)?;
        } else if fault::two_renames() || !exchange(dir, &self.path, &published)? {
            let previous = root.join(PREVIOUS);
            rename(&published, &previous)?;
            if let Err(err) = rename(&self.path, &published) {
                // Put the previous publication back; should that fail too,
                // the next build does it (see [`recover`]).
                let _ = std::fs::rename(&previous, &published);
                return Err(err);
            }
            sync_root(root)?;
            remove_tree(&previous)?;
        }
        sync_root(root)?;
        self.done = true;
        if !durable {
            return Ok(());
        }
        // The previous publication, now where the staging folder was.
        remove_tree(&self.path)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Completes a switch a killed build left half done, and removes the
/// staging and previous folders a killed build left.
pub(crate) fn recover(root: &Path) -> anyhow::Result<()> {
    let published = root.join(BUILD_DIR);
    let staging = root.join(STAGING);
    let previous = root.join(PREVIOUS);
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    if !exists(&published) && exists(&previous) {
        // Killed between the two renames of a switch: the staging folder
        // was complete and fsynced before the first.
        let whole = if exists(&staging) {
            &staging
        } else {
            &previous
        };
        rename(whole, &published)?;
        sync_dir(root)?;
    }
    remove_tree(&staging)?;
    remove_tree(&previous)
}

/// Swaps the folders `a` and `b` (both in `dir`) in one step; `false` when
/// the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(dir: &File, a: &Path, b: &Path) -> anyhow::Result<bool> {
    use rustix::fs::{RenameFlags, renameat_with};
    let name = |p: &Path| p.file_name().map(Path::new).unwrap_or(p).to_path_buf();
    let swapped = fault::step("rename", b).and_then(|()| {
        renameat_with(dir, name(a), dir, name(b), RenameFlags::EXCHANGE).map_err(io::Error::from)
    });
    match swapped {
        Ok(()) => Ok(true),
        Err(err)
            if err.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error())
                || err.kind() == io::ErrorKind::Unsupported =>
        {
            Ok(false)
        }
        Err(err) => Err(err)
            .with_context(|| format!("failed to switch `{}` with `{}`", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_dir: &File, _a: &Path, _b: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

fn rename(from: &Path, to: &Path) -> anyhow::Result<()> {
    fault::step("rename", to)
        .and_then(|()| std::fs::rename(from, to))
        .with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))
}

/// Removes the folder at `path` if there is one; a link there is removed
/// itself, never followed.
fn remove_tree(path: &Path) -> anyhow::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    fault::step("remove", path)
        .and_then(|()| {
            if meta.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            }
        })
        .with_context(|| format!("failed to remove `{}`", path.display()))
}

/// Makes the folder `path`.
fn make_dir(path: &Path) -> anyhow::Result<()> {
    fault::step("mkdir", path)
        .and_then(|()| std::fs::create_dir(path))
        .with_context(|| format!("failed to create `{}`", path.display()))
}

/// Makes `target` a hard link of the file `source`, or a copy where the
/// file system has no links.
fn link(source: &Path, target: &Path) -> anyhow::Result<()> {
    let linked = fault::step("link", target).and_then(|()| std::fs::hard_link(source, target));
    if linked.is_ok() {
        return Ok(());
    }
    fault::step("write", target)
        .and_then(|()| std::fs::copy(source, target).map(drop))
        .with_context(|| {
            format!(
                "failed to copy `{}` to `{}`",
                source.display(),
                target.display()
            )
        })
}

/// Makes `to` a copy of the folder `from` in hard links: folders made,
/// files linked. What is no regular file or folder of the book's file
/// system (`dev`) is left behind, never followed; `check` refuses it.
/// Every file linked goes into `listing`.
fn carry(from: &Path, to: &Path, dev: u64, listing: &mut Listing) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(from).with_context(|| format!("failed to read `{}`", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to read `{}`", from.display()))?;
        let source = entry.path();
        if is_leftover(&entry.file_name()) {
            continue;
        }
        let target = to.join(entry.file_name());
        let meta = std::fs::symlink_metadata(&source)
            .with_context(|| format!("failed to read `{}`", source.display()))?;
        if meta.dev() != dev {
            continue;
        }
        if meta.is_dir() {
            make_dir(&target)?;
            carry(&source, &target, dev, listing)?;
        } else if meta.is_file() {
            link(&source, &target)?;
            listing.add(target);
        }
    }
    Ok(())
}

/// A file a killed build left: ours (`.kis-book-…`), or one staged beside
/// its target by kis-book before the publication (`….kis-book-new`).
fn is_leftover(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(b".kis-book-") || name.ends_with(b".kis-book-new")
}

/// fsyncs every file and folder under `dir`, and `dir` itself.
fn sync_tree(dir: &Path) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read `{}`", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let kind = entry
            .file_type()
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        if kind.is_dir() {
            sync_tree(&path)?;
        } else if kind.is_file() {
            fault::step("fsync", &path)
                .and_then(|()| File::open(&path)?.sync_all())
                .with_context(|| format!("failed to fsync `{}`", path.display()))?;
        }
    }
    sync_dir(dir)
}

/// fsyncs the folder `dir` (its entries: names made, renamed, removed).
fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    fault::step("fsync", dir)
        .and_then(|()| File::open(dir)?.sync_all())
        .with_context(|| format!("failed to fsync `{}`", dir.display()))
}

#[cfg(test)]
mod tests;
