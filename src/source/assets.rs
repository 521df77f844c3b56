//! Templates and fonts: the defaults embedded in the binary by build.rs,
//! overridden file by file by a book's own `templates/` and `fonts/`.
//!
//! The book's own files are read through the closed world (see
//! [`crate::base::closed`]): a link in `templates/` or `fonts/` that leads out of
//! the book is reported by [`Assets::diagnostics`] and never read.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::base::closed::{BookRoot, ReadError};
use crate::base::diagnostics::{Diagnostic, Diagnostics};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The folders of a book that override the embedded defaults.
pub const DIRS: [&str; 2] = ["templates", "fonts"];

/// The endings of the font files Typst reads, in `fonts/` of a book or
/// embedded (lower case).
pub const FONT_EXTENSIONS: [&str; 4] = [".ttf", ".otf", ".ttc", ".otc"];

/// Largest template or font file read, in bytes (the largest embedded font
/// is under 1 MB).
const MAX_ASSET_BYTES: u64 = 50_000_000;

/// Where templates and fonts come from for one book.
#[derive(Debug, Clone)]
pub struct Assets {
    /// The book's root folder, as the closed world that reads it.
    closed: Option<BookRoot>,
    /// The book's own files, relative to its root (`templates/pdf/book.typ`).
    own: BTreeSet<String>,
    /// Links out of the book and unreadable entries under `templates/` and
    /// `fonts/`.
    problems: Vec<Diagnostic>,
}

impl Assets {
    /// The assets of the book at `root`.
    pub fn new(root: &Path) -> Self {
        let root = crate::base::closed::display_path(root);
        let closed = BookRoot::new(&root).ok();
        let mut own = BTreeSet::new();
        let mut problems = Vec::new();
        if let Some(closed) = &closed {
            for dir in DIRS {
                let path = root.join(dir);
                if std::fs::symlink_metadata(&path).is_err() {
                    continue;
                }
                let (found, refused) = closed.walk(&path, |a, b| a.cmp(b));
                problems.extend(refused.iter().map(crate::base::closed::refusal_diagnostic));
                own.extend(
                    found
                        .iter()
                        .filter(|w| !w.is_dir)
                        .filter_map(|w| w.path.strip_prefix(&root).ok())
                        .map(|rel| rel.to_string_lossy().replace('\\', "/")),
                );
            }
        }
        Self {
            closed,
            own,
            problems,
        }
    }

    /// The assets built into the binary only, for a book with none of its own.
    pub fn embedded() -> Self {
        Self {
            closed: None,
            own: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// What is wrong with the book's own templates and fonts folders.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        for d in &self.problems {
            diags.push(d.clone());
        }
        diags
    }

    /// The book's own copy of `rel`, when it has one, as a path to report.
    pub fn own_path(&self, rel: &str) -> Option<PathBuf> {
        let closed = self.closed.as_ref()?;
        self.own.contains(rel).then(|| closed.path().join(rel))
    }

    /// The embedded default of `rel`, if there is one.
    pub fn default_of(rel: &str) -> Option<&'static [u8]> {
        embedded::FILES
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(_, bytes)| *bytes)
    }

    /// The file at `rel` (e.g. `templates/pdf/book.typ`): the book's own
    /// copy when it has one, else the embedded default.
    pub fn get(&self, rel: &str) -> anyhow::Result<Cow<'static, [u8]>> {
        if let (Some(closed), true) = (&self.closed, self.own.contains(rel)) {
            let path = closed.path().join(rel);
            return match closed.read(&path, MAX_ASSET_BYTES) {
                Ok(bytes) => Ok(Cow::Owned(bytes)),
                Err(ReadError::Refused(refusal)) => {
                    Err(anyhow::anyhow!("`{}`: {refusal}", path.display()))
                }
                Err(ReadError::TooLarge { size, max }) => Err(anyhow::anyhow!(
                    "`{}` is {}; a template or font may hold at most {}",
                    path.display(),
                    crate::base::limits::bytes(size),
                    crate::base::limits::bytes(max)
                )),
            };
        }
        Self::default_of(rel)
            .map(Cow::Borrowed)
            .ok_or_else(|| anyhow::anyhow!("there is no template or font `{rel}`"))
    }

    /// The file at `rel` as UTF-8 text.
    pub fn text(&self, rel: &str) -> anyhow::Result<String> {
        let bytes = self.get(rel)?;
        String::from_utf8(bytes.into_owned())
            .map_err(|_| anyhow::anyhow!("`{rel}` is not UTF-8 text"))
    }

    /// A fingerprint of the files under `dir`: it changes when a book's own
    /// file there is added, removed, resized or saved again (the embedded
    /// defaults never change within one binary). Cheap: no file is read.
    pub fn fingerprint(&self, dir: &str) -> u128 {
        // For each file: its path and, for the book's own, its size and
        // modification time.
        let files: Vec<_> = self
            .list(dir)
            .into_iter()
            .map(|rel| {
                let own = self
                    .own_path(&rel)
                    .and_then(|path| std::fs::metadata(path).ok())
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| (m.len(), m.modified().ok()));
                (rel, own)
            })
            .collect();
        typst::utils::hash128(&files)
    }

    /// Every file under the folder `dir` (e.g. `fonts`), embedded or the
    /// book's own, as sorted relative paths.
    pub fn list(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let mut out: Vec<String> = embedded::FILES
            .iter()
            .map(|(path, _)| (*path).to_owned())
            .chain(self.own.iter().cloned())
            .filter(|p| p.starts_with(&prefix))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The book's own files that differ from the embedded defaults (or have
    /// none): what a designer changed, and what `check` must look at.
    pub fn overrides(&self) -> Vec<String> {
        self.own
            .iter()
            .filter(|rel| match (Self::default_of(rel), self.get(rel)) {
                (Some(default), Ok(own)) => *default != *own,
                _ => true,
            })
            .cloned()
            .collect()
    }

    /// The closed world of the book, for readers of other files (images).
    pub fn book_root(&self) -> Option<&BookRoot> {
        self.closed.as_ref()
    }
}
