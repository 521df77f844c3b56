//! Templates and fonts: the defaults embedded in the binary by build.rs,
//! overridden file by file by a book's own `templates/` and `fonts/`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where templates and fonts come from for one book.
#[derive(Debug, Clone)]
pub struct Assets {
    root: PathBuf,
}

impl Assets {
    /// The assets of the book at `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// The file at `rel` (e.g. `templates/pdf/book.typ`): the book's own
    /// copy when it has one, else the embedded default.
    pub fn get(&self, rel: &str) -> anyhow::Result<Cow<'static, [u8]>> {
        let own = self.root.join(rel);
        if own.is_file() {
            let bytes = std::fs::read(&own)
                .with_context(|| format!("failed to read `{}`", own.display()))?;
            return Ok(Cow::Owned(bytes));
        }
        embedded::FILES
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(_, bytes)| Cow::Borrowed(*bytes))
            .with_context(|| format!("there is no template or font `{rel}`"))
    }

    /// The file at `rel` as UTF-8 text.
    pub fn text(&self, rel: &str) -> anyhow::Result<String> {
        let bytes = self.get(rel)?;
        String::from_utf8(bytes.into_owned()).with_context(|| format!("`{rel}` is not UTF-8 text"))
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
                let own = std::fs::metadata(self.root.join(&rel))
                    .ok()
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
            .filter(|p| p.starts_with(&prefix))
            .collect();
        let own = self.root.join(dir);
        for entry in walkdir::WalkDir::new(&own)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&self.root)
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.split('/').any(|part| part.starts_with('.')) {
                    out.push(rel);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
