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
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};

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

/// A folder open to be listed, reached without following a link: each
/// folder below is opened from its parent's descriptor, so that the
/// path is not looked up again at every level.
struct Folder {
    fd: OwnedFd,
    dev: u64,
}

impl Folder {
    /// The folder `name` in `at` (a path from the working folder when
    /// `at` is [`rustix::fs::CWD`]); `None` when it is no folder (a link
    /// to one included).
    fn open(at: impl AsFd, name: &OsStr, path: &Path) -> anyhow::Result<Option<Self>> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(at, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOTDIR | rustix::io::Errno::LOOP) => return Ok(None),
            Err(err) => {
                return Err(std::io::Error::from(err))
                    .with_context(|| format!("failed to read `{}`", path.display()));
            }
        };
        let dev = rustix::fs::fstat(&fd)
            .with_context(|| format!("failed to read `{}`", path.display()))?
            .st_dev;
        Ok(Some(Self { fd, dev }))
    }

    /// The folder `name` in this one, when it is a folder of the device
    /// `dev`.
    fn open_child(&self, name: &OsStr, path: &Path, dev: u64) -> anyhow::Result<Option<Self>> {
        Ok(Self::open(&self.fd, name, path)?.filter(|f| f.dev == dev))
    }

    /// The entries of the folder (at `path`), by name.
    fn listing(&self, path: &Path) -> anyhow::Result<HashMap<OsString, Entry>> {
        let failed = || format!("failed to read `{}`", path.display());
        let mut out = HashMap::new();
        // Read in large steps: a site's top folder lists hundreds of pages.
        let mut buf = vec![std::mem::MaybeUninit::<u8>::uninit(); 32 * 1024];
        let mut dir = RawDir::new(&self.fd, &mut buf);
        while let Some(entry) = dir.next() {
            let entry = entry.with_context(failed)?;
            let name = OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            let mut kind = entry.file_type();
            if kind == FileType::Unknown {
                // A file system that does not say in its listing.
                kind = FileType::from_raw_mode(
                    rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)
                        .with_context(failed)?
                        .st_mode,
                );
            }
            let ino = entry.ino();
            out.insert(name.to_os_string(), Entry { kind, ino });
        }
        Ok(out)
    }
}

/// One entry of a folder, from its listing.
#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: FileType,
    ino: u64,
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
    let open = |path: &Path| Folder::open(rustix::fs::CWD, path.as_os_str(), path);
    let (Some(source), Some(target)) = (open(from)?, open(to)?) else {
        anyhow::bail!("`{}` or `{}` is no folder", from.display(), to.display());
    };
    refresh_in((&source, from), (&target, to), dev, staged)
}

/// [`refresh`] of the open folders `from` and `to`, with their paths.
fn refresh_in(
    (source_dir, from): (&Folder, &Path),
    (target_dir, to): (&Folder, &Path),
    dev: u64,
    staged: &mut super::Staged,
) -> anyhow::Result<()> {
    // In the order of the names, so that the steps are the same each time.
    let mut source: Vec<_> = source_dir.listing(from)?.into_iter().collect();
    source.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut target = target_dir.listing(to)?;
    for (name, entry) in &source {
        if super::is_leftover(name) {
            continue;
        }
        let (source_path, target_path) = (from.join(name), to.join(name));
        let there = target.remove(name);
        let is_dir = entry.kind == FileType::Directory;
        let is_file = entry.kind == FileType::RegularFile;
        let source_folder = if is_dir {
            source_dir.open_child(name, &source_path, dev)?
        } else {
            None
        };
        let carried = source_folder.is_some() || is_file;
        // What the guard refuses: a link, a mount, what is no regular
        // file or folder, a file where an output folder goes.
        staged.refused |= !carried || (is_file && guard::is_output_folder(&source_path));
        if let Some(source_folder) = source_folder {
            if let Some(t) = there
                && t.kind == FileType::Directory
                && let Some(target_folder) = target_dir.open_child(name, &target_path, dev)?
            {
                refresh_in(
                    (&source_folder, &source_path),
                    (&target_folder, &target_path),
                    dev,
                    staged,
                )?;
                continue;
            }
        } else if carried
            && there.is_some_and(|t| t.kind == FileType::RegularFile && t.ino == entry.ino)
        {
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
        if is_dir {
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
