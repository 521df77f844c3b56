//! What a compilation reads: the book's root folder and its assets, opened
//! once per build and handed to every stage, as all of Typst's input goes
//! through its `World`.
//!
//! The text of the book (`content/`) and its images are read through one
//! reader, the closed world (see [`crate::base::closed`]): a folder on disk, or
//! the files of a git revision held in memory, which `kis-book diff`
//! compiles without writing them anywhere. The templates and fonts come
//! through [`Assets`], the book's own over the embedded defaults.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::closed::{BookRoot, Files, display_path};
use crate::base::memo::Memos;
use crate::source::assets::Assets;

/// The input of one compilation of a book.
#[derive(Debug, Clone)]
pub struct BookInput {
    /// The book's root folder, which holds `content/` (the empty path for
    /// a revision: its files are named as they are in the book).
    root: PathBuf,
    /// The reader of the book's files; `None` when the root cannot be read
    /// at all (the loader then reports that there is no content folder).
    closed: Option<BookRoot>,
    /// Its templates and fonts, listed once for the whole build.
    assets: Assets,
    /// What the compile of a session that rebuilds keeps between its
    /// compiles; `None` for a one-off compile.
    memos: Option<Arc<Memos>>,
}

impl BookInput {
    /// The book at `root`, with its assets as they are now.
    pub fn open(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            closed: BookRoot::new(&display_path(root))
                .ok()
                .map(BookRoot::remembering_folders),
            assets: Assets::new(root),
            memos: None,
        }
    }

    /// A revision of a book: `files` by path relative to its root
    /// (`content/book.yaml`), with the embedded templates and fonts.
    pub fn revision(files: Files) -> Self {
        Self {
            root: PathBuf::new(),
            closed: Some(BookRoot::in_memory(files)),
            assets: Assets::embedded(),
            memos: None,
        }
    }

    /// The same input, compiled with what `memos` kept of the compiles
    /// before (see [`crate::base::memo`]).
    pub fn with_memos(mut self, memos: Option<Arc<Memos>>) -> Self {
        self.memos = memos;
        self
    }

    /// What the session keeps between its compiles, if it keeps anything.
    pub fn memos(&self) -> Option<&Memos> {
        self.memos.as_deref()
    }

    /// The reader of the book's files.
    pub fn book_root(&self) -> Option<&BookRoot> {
        self.closed.as_ref()
    }

    /// The book's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Its templates and fonts.
    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// Whether the book has templates of its own that differ from the
    /// embedded ones: then only rendering can tell whether they work.
    pub fn has_own_templates(&self) -> bool {
        self.assets
            .overrides()
            .iter()
            .any(|rel| rel.starts_with("templates/"))
    }
}
