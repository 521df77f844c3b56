//! Writing the published files so that a failed build never leaves a
//! half-written one.
//!
//! A file goes to a temporary name beside it and is renamed into place. A
//! folder (the site) is updated the way `rsync --delay-updates` does it:
//! every changed file is first written beside its target; only when all of
//! them are written (the step that can run out of space) are they renamed
//! into place, and files the build no longer makes are removed. A failure
//! while writing removes what it wrote and leaves the folder as it was.
//!
//! A rebuild changes few files: unchanged ones (compared byte for byte) are
//! not touched, which keeps rebuilds in `kis-book serve` quick and leaves
//! them with their modification time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Writes `bytes` to `path` atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = beside(path);
    let result = std::fs::write(&tmp, bytes)
        .with_context(|| format!("failed to write `{}`", tmp.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, path).with_context(|| {
                format!("failed to move `{}` to `{}`", tmp.display(), path.display())
            })
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where a file is written before it is renamed to `target`: beside it,
/// hidden, with this process's id so that two builds never share one.
fn beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}{STAGED}", std::process::id()))
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
    /// Files written anew.
    pub written: usize,
    /// Files that were already there with the same bytes.
    pub unchanged: usize,
    /// Files of the previous build that this one no longer makes, removed.
    pub removed: usize,
}

/// The suffix of a file written beside its target, before it is renamed.
const STAGED: &str = ".kis-book-new";

/// Makes the folder `out_dir` hold exactly `files` (path relative to the
/// folder, content), writing only what changed.
pub fn write_folder<'a>(
    out_dir: &Path,
    files: impl IntoIterator<Item = (&'a str, Content<'a>)>,
) -> anyhow::Result<FolderWrite> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("failed to create `{}`", out_dir.display()))?;
    let mut before = existing_files(out_dir)?;
    // A symbolic link in the folder is none of kis-book's making: writing
    // through it would write outside the folder. It goes first.
    let links: Vec<PathBuf> = before
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()))
        .cloned()
        .collect();
    for link in links {
        std::fs::remove_file(&link)
            .with_context(|| format!("failed to remove the link `{}`", link.display()))?;
        before.remove(&link);
    }
    let mut report = FolderWrite::default();
    let mut staging = Staging::default();
    for (rel, content) in files {
        let target = out_dir.join(rel);
        before.remove(&target);
        if same_content(&target, content) {
            report.unchanged += 1;
            continue;
        }
        if let Err(err) = staging.stage(out_dir, &target, content) {
            staging.abandon();
            return Err(err);
        }
        report.written += 1;
    }
    staging.commit()?;
    for stale in &before {
        std::fs::remove_file(stale)
            .with_context(|| format!("failed to remove `{}`", stale.display()))?;
        report.removed += 1;
        // Folders the build no longer uses go too (`remove_dir` refuses a
        // folder that still has files).
        let mut dir = stale.parent();
        while let Some(d) = dir.filter(|d| *d != out_dir) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(report)
}

/// The changed files, written beside their targets and not yet in place.
#[derive(Debug, Default)]
struct Staging {
    /// (staged file, target).
    files: Vec<(PathBuf, PathBuf)>,
    /// Folders created for new files, outermost first.
    dirs: Vec<PathBuf>,
    known_dirs: HashSet<PathBuf>,
}

impl Staging {
    fn stage(&mut self, out_dir: &Path, target: &Path, content: Content<'_>) -> anyhow::Result<()> {
        let dir = target.parent().unwrap_or(out_dir);
        if !self.known_dirs.contains(dir) {
            let mut missing = Vec::new();
            let mut d = Some(dir);
            while let Some(p) = d.filter(|p| !p.exists()) {
                missing.push(p.to_path_buf());
                d = p.parent();
            }
            for p in missing.into_iter().rev() {
                std::fs::create_dir(&p)
                    .with_context(|| format!("failed to create `{}`", p.display()))?;
                self.dirs.push(p);
            }
            self.known_dirs.insert(dir.to_path_buf());
        }
        let staged = beside(target);
        // Recorded first, so that `abandon` also removes a half-written one.
        self.files.push((staged.clone(), target.to_path_buf()));
        match content {
            Content::Bytes(bytes) => std::fs::write(&staged, bytes)
                .with_context(|| format!("failed to write `{}`", staged.display()))?,
            Content::Copy(source) => {
                let _ = std::fs::remove_file(&staged);
                if std::fs::hard_link(source, &staged).is_err() {
                    std::fs::copy(source, &staged).with_context(|| {
                        format!(
                            "failed to copy `{}` to `{}`",
                            source.display(),
                            staged.display()
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Renames every staged file into place.
    fn commit(self) -> anyhow::Result<()> {
        for (staged, target) in &self.files {
            std::fs::rename(staged, target).with_context(|| {
                format!(
                    "failed to move `{}` to `{}`",
                    staged.display(),
                    target.display()
                )
            })?;
        }
        Ok(())
    }

    /// Removes what was staged: the folder is as it was.
    fn abandon(self) {
        for (staged, _) in &self.files {
            let _ = std::fs::remove_file(staged);
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Every file under `dir`. Files staged by an interrupted build are
/// included, so that they are cleared away.
fn existing_files(dir: &Path) -> anyhow::Result<HashSet<PathBuf>> {
    let mut out = HashSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry =
            entry.with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
        if !entry.file_type().is_dir() {
            out.insert(entry.into_path());
        }
    }
    Ok(out)
}

/// Whether the file at `path` already holds `content` (the length first,
/// so that most changed files are not read).
fn same_content(path: &Path, content: Content<'_>) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match content {
        Content::Bytes(bytes) => {
            meta.len() == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        Content::Copy(source) => {
            std::fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                && matches!(
                    (std::fs::read(path), std::fs::read(source)),
                    (Ok(a), Ok(b)) if a == b
                )
        }
    }
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

    fn read(out: &Path, rel: &str) -> String {
        std::fs::read_to_string(out.join(rel)).expect("read")
    }

    /// Every file under `out`, relative and sorted.
    fn listing(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = existing_files(out)
            .expect("list")
            .iter()
            .map(|p| {
                p.strip_prefix(out)
                    .expect("under")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_link_planted_in_the_folder_is_not_written_through() {
        let dir = folder("link");
        let outside = dir.with_file_name(format!("buiten-{}", std::process::id()));
        std::fs::create_dir_all(&outside).expect("mkdir outside");
        std::fs::create_dir_all(&dir).expect("mkdir site");
        std::os::unix::fs::symlink(&outside, dir.join("static")).expect("symlink");
        write_folder(&dir, [("static/x.css", Content::Bytes(b"x"))]).expect("write");
        assert!(!outside.join("x.css").exists(), "nothing written outside");
        assert_eq!(std::fs::read(dir.join("static/x.css")).expect("read"), b"x");
        assert!(
            !std::fs::symlink_metadata(dir.join("static"))
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        let _ = std::fs::remove_dir_all(&outside);
        let _ = std::fs::remove_dir_all(dir.parent().expect("parent"));
    }

    #[test]
    fn only_changed_files_are_written_and_stale_ones_removed() {
        use std::os::unix::fs::MetadataExt as _;
        let out = folder("update");
        let first = write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"home")),
                ("a/index.html", Content::Bytes(b"page a")),
                ("old/deep/index.html", Content::Bytes(b"gone soon")),
            ],
        )
        .expect("first write");
        assert_eq!((first.written, first.unchanged, first.removed), (3, 0, 0));
        let inode = |rel: &str| std::fs::metadata(out.join(rel)).expect("stat").ino();
        let home = inode("index.html");
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
            (second.written, second.unchanged, second.removed),
            (2, 1, 1)
        );
        assert_eq!(inode("index.html"), home, "an unchanged file is left alone");
        assert_eq!(read(&out, "a/index.html"), "page A");
        assert_eq!(read(&out, "b/index.html"), "page b");
        assert_eq!(
            listing(&out),
            ["a/index.html", "b/index.html", "index.html"]
        );
        assert!(!out.join("old").exists(), "emptied folders go too");
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_file_changed_by_hand_is_written_again_and_leftovers_cleared() {
        let out = folder("hand");
        write_folder(&out, [("index.html", Content::Bytes(b"home"))]).expect("write");
        std::fs::write(out.join("index.html"), "hack").expect("tamper");
        std::fs::write(out.join(format!(".x.html{STAGED}")), "interrupted").expect("leftover");
        let again = write_folder(&out, [("index.html", Content::Bytes(b"home"))]).expect("write");
        assert_eq!((again.written, again.unchanged, again.removed), (1, 0, 1));
        assert_eq!(read(&out, "index.html"), "home");
        assert_eq!(listing(&out), ["index.html"]);
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_failed_write_leaves_the_folder_as_it_was() {
        let out = folder("fail");
        write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"home")),
                ("a", Content::Bytes(b"a file")),
            ],
        )
        .expect("write");
        // `a` is a file, so nothing can be written under it.
        let err = write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"new home")),
                ("c/index.html", Content::Bytes(b"page c")),
                ("a/b.html", Content::Bytes(b"cannot be")),
            ],
        )
        .expect_err("the write fails");
        assert!(format!("{err:#}").contains("b.html"), "{err:#}");
        assert_eq!(read(&out, "index.html"), "home");
        assert_eq!(listing(&out), ["a", "index.html"]);
        assert!(
            !out.join("c").exists(),
            "a folder made for the build is gone"
        );
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_copy_is_linked_and_unchanged_when_equal() {
        let out = folder("copy");
        let source = out.parent().expect("parent").join("book.pdf");
        std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
        std::fs::write(&source, "%PDF-1").expect("pdf");
        let first = write_folder(&out, [("d/book.pdf", Content::Copy(&source))]).expect("write");
        assert_eq!(first.written, 1);
        assert_eq!(read(&out, "d/book.pdf"), "%PDF-1");
        let again = write_folder(&out, [("d/book.pdf", Content::Copy(&source))]).expect("write");
        assert_eq!((again.written, again.unchanged), (0, 1));
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }
}
