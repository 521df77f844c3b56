//! Writing the published files so that a failed or interrupted build never
//! leaves a half-written one: a file goes to a temporary name and is renamed
//! into place; a folder is assembled beside the old one and swapped in.
//!
//! A rebuild changes few files. An unchanged file of the folder is not
//! written again but hard-linked from the previous build (after comparing
//! its bytes), which keeps rebuilds in `kis-book serve` quick and leaves
//! unchanged files with their old modification time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Writes `bytes` to `path` atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("failed to move `{}` to `{}`", tmp.display(), path.display())
    })
}

/// What goes into a file of a folder.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    /// These bytes.
    Bytes(&'a [u8]),
    /// A copy of this file (hard-linked when possible).
    Copy(&'a Path),
}

/// How a folder was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FolderWrite {
    /// Files written anew (or copied in).
    pub written: usize,
    /// Files unchanged since the previous build, hard-linked from it.
    pub unchanged: usize,
}

/// Writes `files` (path relative to the folder, content) into a new folder
/// beside `out_dir`, then swaps it in for the old one.
pub fn write_folder<'a>(
    out_dir: &Path,
    files: impl IntoIterator<Item = (&'a str, Content<'a>)>,
) -> anyhow::Result<FolderWrite> {
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let fresh = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    for stale in [&fresh, &old] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .with_context(|| format!("failed to remove `{}`", stale.display()))?;
        }
    }
    let mut report = FolderWrite::default();
    let mut dirs = HashSet::<PathBuf>::new();
    for (rel, content) in files {
        let path = fresh.join(rel);
        if let Some(dir) = path.parent()
            && !dirs.contains(dir)
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
            dirs.insert(dir.to_path_buf());
        }
        match content {
            Content::Bytes(bytes) => {
                let previous = out_dir.join(rel);
                if unchanged(&previous, bytes) && std::fs::hard_link(&previous, &path).is_ok() {
                    report.unchanged += 1;
                    continue;
                }
                std::fs::write(&path, bytes)
                    .with_context(|| format!("failed to write `{}`", path.display()))?;
            }
            Content::Copy(source) => {
                if std::fs::hard_link(source, &path).is_err() {
                    std::fs::copy(source, &path).with_context(|| {
                        format!(
                            "failed to copy `{}` to `{}`",
                            source.display(),
                            path.display()
                        )
                    })?;
                }
            }
        }
        report.written += 1;
    }
    if out_dir.exists() {
        std::fs::rename(out_dir, &old)
            .with_context(|| format!("failed to move `{}` aside", out_dir.display()))?;
    }
    std::fs::rename(&fresh, out_dir)
        .with_context(|| format!("failed to move the new folder to `{}`", out_dir.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("failed to remove `{}`", old.display()))?;
    }
    Ok(report)
}

/// Whether the file at `path` holds exactly `bytes` (the length first, so
/// that most changed files are not read).
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    let same_length =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_length && std::fs::read(path).is_ok_and(|old| old == bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kis-book-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("site")
    }

    #[test]
    fn unchanged_files_are_linked_changed_ones_written() {
        let out = folder("relink");
        let first = write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"home")),
                ("a/index.html", Content::Bytes(b"page a")),
            ],
        )
        .expect("first write");
        assert_eq!(
            first,
            FolderWrite {
                written: 2,
                unchanged: 0
            }
        );
        let second = write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"home")),
                ("a/index.html", Content::Bytes(b"page A")),
                ("b/index.html", Content::Bytes(b"page b")),
            ],
        )
        .expect("second write");
        assert_eq!(
            second,
            FolderWrite {
                written: 2,
                unchanged: 1
            }
        );
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).expect("read");
        assert_eq!(read("index.html"), "home");
        assert_eq!(read("a/index.html"), "page A");
        assert_eq!(read("b/index.html"), "page b");
        // Nothing is left beside the folder.
        let parent = out.parent().expect("parent");
        let names: Vec<_> = std::fs::read_dir(parent)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["site"]);
        let _ = std::fs::remove_dir_all(parent);
    }

    #[test]
    fn a_file_changed_by_hand_in_the_output_is_written_again() {
        let out = folder("hand");
        write_folder(&out, [("index.html", Content::Bytes(b"home"))]).expect("write");
        std::fs::write(out.join("index.html"), "hack").expect("tamper");
        let again = write_folder(&out, [("index.html", Content::Bytes(b"home"))]).expect("write");
        assert_eq!(
            again,
            FolderWrite {
                written: 1,
                unchanged: 0
            }
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "home"
        );
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }
}
