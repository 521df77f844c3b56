//! What a compilation reads: the book's root folder and its assets, opened
//! once per build and handed to every stage, as all of Typst's input goes
//! through its `World`.
//!
//! The text of the book (`content/`) is read through the closed world under
//! the root (see [`crate::closed`]); the templates and fonts through
//! [`Assets`], the book's own over the embedded defaults.

use std::path::{Path, PathBuf};

use crate::assets::Assets;

/// The input of one compilation of a book.
#[derive(Debug, Clone)]
pub struct BookInput {
    /// The book's root folder, which holds `content/`.
    root: PathBuf,
    /// Its templates and fonts, listed once for the whole build.
    assets: Assets,
}

impl BookInput {
    /// The book at `root`, with its assets as they are now.
    pub fn open(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            assets: Assets::new(root),
        }
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
