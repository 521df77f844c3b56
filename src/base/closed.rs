//! The book is a closed world: content, templates, fonts and images are
//! read only from inside the book's root folder, and `kis-book serve` serves
//! only the files of the built site.
//!
//! [`BookRoot`] owns the rule. It canonicalises the root once; every path a
//! reader wants goes through [`BookRoot::resolve`], which walks the path one
//! component at a time. A symbolic link on the way is refused, naming the
//! link and its target (and saying so when the target is outside the
//! book); so is a path that climbs out with `..`, and anything that is not
//! a regular file or folder (a named pipe would block a read forever).
//!
//! A link that stays inside the book is refused too, although reading it
//! would not leave the book: `kis-book diff` reads the book's revisions
//! from git, where a link is only a path, never the file, so a book that
//! `check` accepted through a link would fail there (KB0110). One rule for
//! every command: a book holds its files themselves. The built site holds
//! no link either, since kis-book writes every file of it.
//!
//! The same world can be held in memory ([`BookRoot::in_memory`]): the files
//! of a git revision, which `kis-book diff` compiles through the same
//! readers as a folder on disk.

use std::collections::HashSet;
use std::fmt;
use std::fs::{FileType, Metadata};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::base::diagnostics::{Diagnostic, Pos, codes};

mod stamp;
mod tree;

pub use stamp::{FileStamp, SETTLED};
pub(crate) use stamp::{FolderId, folder_id};
pub use tree::Files;

/// A folder whose files may be read, and nothing outside it.
#[derive(Debug, Clone)]
pub struct BookRoot {
    /// The root as the caller named it (`.` or `path/to/book`); paths
    /// handed in and reported start with it.
    given: PathBuf,
    /// The root with every link resolved, what resolved paths must start with.
    canonical: PathBuf,
    /// The files, when the book is held in memory rather than on disk.
    memory: Option<Arc<Files>>,
    /// Folders (with every link resolved) already found to be no link,
    /// when this reader remembers them (see [`BookRoot::remembering_folders`]).
    folders: Option<Arc<Mutex<HashSet<PathBuf>>>>,
}

/// A path as a user should see it: `content/x.md`, not `./content/x.md`.
pub fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A file the closed world refused, as a diagnostic at that file.
pub fn refusal_diagnostic(refusal: &Refusal) -> Diagnostic {
    let code = match refusal {
        Refusal::Escapes { .. } | Refusal::Outside(_) => codes::OUTSIDE_THE_BOOK,
        Refusal::Link { .. } => codes::SYMBOLIC_LINK,
        Refusal::Special(_) => codes::NOT_A_FILE,
        Refusal::NotUtf8(_) => codes::NAME_NOT_UTF8,
        Refusal::Io(..) => codes::UNREADABLE,
    };
    let d = Diagnostic::new(
        code,
        display_path(refusal.path()),
        Pos::default(),
        refusal.to_string(),
    );
    match refusal.hint() {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// Why a path was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link on the way resolves outside the root.
    Escapes {
        /// The link, as a path under the given root.
        link: PathBuf,
        /// What the link says, as written in it.
        target: PathBuf,
        /// Where that leads, with every link resolved (when it exists).
        resolved: Option<PathBuf>,
    },
    /// A symbolic link whose target is inside the root.
    Link {
        /// The link, as a path under the given root.
        link: PathBuf,
        /// What the link says, as written in it.
        target: PathBuf,
    },
    /// The path itself leaves the root (`..` above it, or absolute).
    Outside(PathBuf),
    /// Not a regular file or folder: a named pipe, socket or device.
    Special(PathBuf),
    /// A name that is not UTF-8 (the path holds it as it is on disk).
    NotUtf8(PathBuf),
    /// The file system said no (not found, permission denied, a loop).
    Io(PathBuf, io::Error),
}

impl Refusal {
    /// Whether the path simply does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Refusal::Io(_, err) if err.kind() == io::ErrorKind::NotFound)
    }

    /// The path the refusal is about: the link, or the path asked for.
    pub fn path(&self) -> &Path {
        match self {
            Refusal::Escapes { link, .. } => link,
            Refusal::Link { link, .. } => link,
            Refusal::Outside(p) | Refusal::Special(p) | Refusal::NotUtf8(p) | Refusal::Io(p, _) => {
                p
            }
        }
    }

    /// What to do about it, for an editor.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Refusal::Escapes { .. } => Some(
                "a book reads only files inside its own folder: copy the file into the book \
                 instead of linking to it",
            ),
            Refusal::Link { .. } => Some(
                "put the file itself in the book instead of a link to it: a book holds its \
                 files themselves (`kis-book diff` reads revisions, where a link is no file)",
            ),
            Refusal::Outside(_) => Some("a book reads only files inside its own folder"),
            Refusal::Special(_) => Some("a book holds only ordinary files and folders"),
            Refusal::NotUtf8(_) => Some(
                "rename the file with letters an editor can type (UTF-8): the site's addresses, \
                 links and git need the name as text",
            ),
            Refusal::Io(..) => None,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Escapes {
                link,
                target,
                resolved,
            } => {
                write!(
                    f,
                    "`{}` is a symbolic link to `{}`",
                    link.display(),
                    target.display()
                )?;
                match resolved {
                    Some(r) if r != target => {
                        write!(f, " (that is `{}`), outside the book", r.display())
                    }
                    _ => write!(f, ", outside the book"),
                }
            }
            Refusal::Link { link, target } => write!(
                f,
                "`{}` is a symbolic link to `{}`",
                link.display(),
                target.display()
            ),
            Refusal::Outside(p) => write!(f, "`{}` is outside the book", p.display()),
            Refusal::Special(p) => {
                write!(f, "`{}` is not a regular file or folder", p.display())
            }
            // The diagnostic names the path.
            Refusal::NotUtf8(_) => write!(
                f,
                "the file name is not UTF-8 (\u{FFFD} stands for the bytes that are no text)"
            ),
            // The diagnostic names the path.
            Refusal::Io(_, err) => write!(f, "cannot read: {}", reason(err)),
        }
    }
}

impl std::error::Error for Refusal {}

/// An I/O error in an editor's words.
pub fn reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

impl BookRoot {
    /// The folder at `root` (which may itself be reached through links).
    pub fn new(root: &Path) -> io::Result<Self> {
        let on_disk = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        Ok(Self {
            given: root.to_path_buf(),
            canonical: on_disk.canonicalize()?,
            memory: None,
            folders: None,
        })
    }

    /// The same reader, remembering each folder it found to be no link,
    /// so that the files of one folder do not each check it again: for the
    /// reader of one compile, which reads every file of the book at once.
    /// A link that replaces a checked folder later is found by the next
    /// compile's reader (a save starts one), as one made during a read
    /// always was.
    pub fn remembering_folders(mut self) -> Self {
        if self.memory.is_none() {
            self.folders = Some(Arc::default());
        }
        self
    }

    /// A book held in memory: `files` by path relative to its root
    /// (`content/book.yaml`), which is then the empty path, so that paths
    /// are reported as they are in the book.
    pub fn in_memory(files: Files) -> Self {
        Self {
            given: PathBuf::new(),
            canonical: PathBuf::new(),
            memory: Some(Arc::new(files)),
            folders: None,
        }
    }

    /// Whether `path` is a folder (on disk, as `Path::is_dir` says, links
    /// followed: [`BookRoot::resolve`] is what refuses them).
    pub fn is_dir(&self, path: &Path) -> bool {
        match &self.memory {
            Some(files) => tree::normal(path).is_ok_and(|rel| tree::is_dir(files, &rel)),
            None => path.is_dir(),
        }
    }

    /// The root as the caller named it.
    pub fn path(&self) -> &Path {
        &self.given
    }

    /// Where `path` (the root joined with a relative path, or a path
    /// relative to the root) really is, when that is inside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        if let Some(files) = &self.memory {
            return tree::resolve(files, path);
        }
        self.resolve_on_disk(path).map(|(real, _)| real)
    }

    /// [`BookRoot::resolve`] on disk, with what the last component is when
    /// it was looked at on the way (a link refused, it is what it is).
    fn resolve_on_disk(&self, path: &Path) -> Result<(PathBuf, Option<Metadata>), Refusal> {
        let rel = path.strip_prefix(&self.given).unwrap_or(path);
        if rel.is_absolute() {
            return Err(Refusal::Outside(path.to_path_buf()));
        }
        // Names alone, in a folder found to be no link (as every folder
        // above it was, on the way): only the last name is looked at.
        if path.starts_with(&self.given)
            && rel.components().all(|c| matches!(c, Component::Normal(_)))
        {
            let real = self.canonical.join(rel);
            if real
                .parent()
                .is_some_and(|folder| self.is_known_folder(folder))
            {
                if self.is_known_folder(&real) {
                    return Ok((real, None));
                }
                let meta = self.follow(&real, path)?;
                return Ok((real, Some(meta)));
            }
        }
        let mut real = self.canonical.clone();
        // Reported paths start the way the caller's did.
        let mut named = if path.starts_with(&self.given) {
            self.given.clone()
        } else {
            PathBuf::new()
        };
        let mut last = None;
        for component in rel.components() {
            last = None;
            match component {
                Component::CurDir => {}
                Component::Normal(part) => {
                    named.push(part);
                    real.push(part);
                    if !self.is_known_folder(&real) {
                        last = Some(self.follow(&real, &named)?);
                    }
                }
                // `real` has no links in it, so `..` is its parent.
                Component::ParentDir => {
                    named.pop();
                    if real == self.canonical || !real.pop() {
                        return Err(Refusal::Outside(path.to_path_buf()));
                    }
                }
                Component::RootDir | Component::Prefix(_) => {
                    return Err(Refusal::Outside(path.to_path_buf()));
                }
            }
        }
        Ok((real, last))
    }

    /// Whether `real` is a folder this reader found to be no link before;
    /// not knowing it, it is looked at.
    fn is_known_folder(&self, real: &Path) -> bool {
        self.folders.as_ref().is_some_and(|folders| {
            folders
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(real)
        })
    }

    /// Remembers `real`, a folder found to be no link (its folders above
    /// it were, on the way), when this reader remembers them.
    fn remember_folder(&self, real: &Path) {
        if let Some(folders) = &self.folders {
            folders
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(real.to_path_buf());
        }
    }

    /// What `real` is, when it is no link (a folder is remembered, when
    /// this reader remembers them); a link is refused, saying whether it
    /// leads out of the book.
    fn follow(&self, real: &Path, named: &Path) -> Result<Metadata, Refusal> {
        let meta =
            std::fs::symlink_metadata(real).map_err(|err| Refusal::Io(named.to_path_buf(), err))?;
        if !meta.file_type().is_symlink() {
            if meta.is_dir() {
                self.remember_folder(real);
            }
            return Ok(meta);
        }
        let target = std::fs::read_link(real).map_err(|err| Refusal::Io(named.into(), err))?;
        // Where it leads: with every link resolved, or (a dangling link)
        // as its text says.
        let resolved = real
            .canonicalize()
            .ok()
            .or_else(|| lexical_target(real, &target));
        match resolved {
            Some(resolved) if resolved.starts_with(&self.canonical) => Err(Refusal::Link {
                link: named.to_path_buf(),
                target,
            }),
            resolved => Err(Refusal::Escapes {
                link: named.to_path_buf(),
                target,
                resolved,
            }),
        }
    }

    /// Like [`BookRoot::resolve`], and the result must be a regular file.
    pub fn file(&self, path: &Path) -> Result<PathBuf, Refusal> {
        if let Some(files) = &self.memory {
            return tree::file(files, path);
        }
        self.file_on_disk(path).map(|(real, _)| real)
    }

    /// [`BookRoot::file`] on disk, with what the file is.
    fn file_on_disk(&self, path: &Path) -> Result<(PathBuf, Metadata), Refusal> {
        let (real, meta) = self.kind_on_disk(path)?;
        if meta.is_file() {
            Ok((real, meta))
        } else if meta.is_dir() {
            Err(Refusal::Io(
                path.to_path_buf(),
                io::Error::other("it is a folder, not a file"),
            ))
        } else {
            Err(Refusal::Special(path.to_path_buf()))
        }
    }

    /// Where `path` really is and what it is (a path found to be no link
    /// is not a link, so that what it is was seen on the way).
    fn kind_on_disk(&self, path: &Path) -> Result<(PathBuf, Metadata), Refusal> {
        let (real, last) = self.resolve_on_disk(path)?;
        let meta = match last {
            Some(meta) => meta,
            None => std::fs::metadata(&real).map_err(|err| Refusal::Io(path.into(), err))?,
        };
        Ok((real, meta))
    }

    /// The stamp of the regular file at `path` inside the root (refused
    /// as [`BookRoot::file`] refuses), when it has settled by `now` (see
    /// [`FileStamp`]); `None` for a book held in memory, whose files
    /// have no stamp.
    pub fn settled_stamp(
        &self,
        path: &Path,
        now: std::time::SystemTime,
    ) -> Result<Option<FileStamp>, Refusal> {
        if let Some(files) = &self.memory {
            return tree::file(files, path).map(|_| None);
        }
        let (_, meta) = self.file_on_disk(path)?;
        Ok(FileStamp::settled(&meta, now))
    }

    /// Reads the regular file at `path` inside the root, refusing one larger
    /// than `max` bytes (the error then says so).
    pub fn read(&self, path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
        if let Some(files) = &self.memory {
            return tree::read(files, path, max);
        }
        let (real, meta) = self.file_on_disk(path).map_err(ReadError::Refused)?;
        let size = meta.len();
        if size > max {
            return Err(ReadError::TooLarge { size, max });
        }
        std::fs::read(&real).map_err(|err| ReadError::Refused(Refusal::Io(path.into(), err)))
    }

    /// Every file and folder under `dir` (a path under the root), sorted by
    /// `order` within each folder, hidden names (`.git`) left out; links and
    /// what cannot be read are reported, not walked.
    pub fn walk(
        &self,
        dir: &Path,
        order: fn(&str, &str) -> std::cmp::Ordering,
    ) -> (Vec<Walked>, Vec<Refusal>) {
        if let Some(files) = &self.memory {
            return tree::walk(files, dir, order);
        }
        let mut found = Vec::new();
        let mut refused = Vec::new();
        match self.resolve(dir) {
            Ok(real) => self.walk_into(dir, &real, 0, order, &mut found, &mut refused),
            Err(refusal) => refused.push(refusal),
        }
        (found, refused)
    }

    /// Walks the folder `dir`, which is `real` with every link resolved.
    fn walk_into(
        &self,
        dir: &Path,
        real: &Path,
        depth: usize,
        order: fn(&str, &str) -> std::cmp::Ordering,
        found: &mut Vec<Walked>,
        refused: &mut Vec<Refusal>,
    ) {
        // What each entry is, as the folder itself says (no look at the
        // entry, on most file systems); a link says it is a link.
        let mut names: Vec<(String, Option<FileType>)> = match std::fs::read_dir(real) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| (e.file_name(), e.file_type().ok()))
                .filter_map(|(name, kind)| match name.into_string() {
                    Ok(name) => Some((name, kind)),
                    // Not text: no page, link or address can name it.
                    Err(raw) => {
                        if !raw.as_encoded_bytes().starts_with(b".") {
                            refused.push(Refusal::NotUtf8(dir.join(raw)));
                        }
                        None
                    }
                })
                .filter(|(n, _)| !n.starts_with('.'))
                .collect(),
            Err(err) => {
                refused.push(Refusal::Io(dir.to_path_buf(), err));
                return;
            }
        };
        names.sort_by(|(a, _), (b, _)| order(a, b));
        for (name, kind) in names {
            let path = dir.join(&name);
            // The folder is resolved already: only the name itself is
            // looked at, as resolving the whole path would at its end.
            let kind = match kind {
                Some(kind) if kind.is_dir() || kind.is_file() => Ok(kind),
                // A link (refused, naming its target), or what the folder
                // did not say.
                _ => self
                    .follow(&real.join(&name), &path)
                    .map(|meta| meta.file_type()),
            };
            match kind {
                Ok(meta) if meta.is_dir() => {
                    let inner = real.join(&name);
                    self.remember_folder(&inner);
                    found.push(Walked {
                        path: path.clone(),
                        depth,
                        is_dir: true,
                    });
                    self.walk_into(&path, &inner, depth + 1, order, found, refused);
                }
                Ok(meta) if meta.is_file() => found.push(Walked {
                    path,
                    depth,
                    is_dir: false,
                }),
                Ok(_) => refused.push(Refusal::Special(path)),
                Err(refusal) => refused.push(refusal),
            }
        }
    }
}

/// One entry found by [`BookRoot::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walked {
    /// Its path under the given root.
    pub path: PathBuf,
    /// 0 for what is directly in the folder walked.
    pub depth: usize,
    /// Whether it is a folder.
    pub is_dir: bool,
}

/// Why [`BookRoot::read`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    /// Not a file inside the book.
    Refused(Refusal),
    /// Larger than the limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
}

/// Where the link at `link` saying `target` points, without touching the
/// disk beyond the link's own folder (which is canonical already).
fn lexical_target(link: &Path, target: &Path) -> Option<PathBuf> {
    let mut out = if target.is_absolute() {
        PathBuf::new()
    } else {
        link.parent()?.to_path_buf()
    };
    for component in target.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
