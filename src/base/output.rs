//! Writing files: one file atomically beside its target, or a folder of a
//! publication being staged.
//!
//! [`write_file`] writes a file to a temporary name beside it, fsyncs it
//! and renames it into place (`kis-book budget -o FILE`, and the PDF in
//! the staging folder).
//!
//! [`write_folder`] makes a folder of a publication being staged hold
//! exactly the files of this build. No reader sees that folder: the whole
//! publication becomes visible in one step when it is switched into place
//! ([`crate::report::publish`]). It starts as hard links to the previous
//! publication's files, so an unchanged file (compared byte for byte) is
//! left as it is, which keeps rebuilds in `kis-book serve` quick; a changed
//! one is unlinked and written anew, never written into, because its inode
//! is the published file's too. Since nothing is renamed inside the
//! folder, a file is written under its own name: the build adds nothing to
//! a name, so every name the book holds fits.
//!
//! Every step that writes, links, renames, removes or fsyncs goes through
//! [`crate::base::fault::step`], the tests' hook for injecting a fault.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;

use crate::base::fault;

mod listed;

pub(crate) use listed::{Listing, with_listing};

/// Writes `bytes` to `path` atomically: a temporary file beside it,
/// fsynced, renamed into place.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = beside(path);
    let result = create(&tmp, bytes, true).and_then(|()| {
        fault::step("rename", path)
            .and_then(|()| std::fs::rename(&tmp, path))
            .with_context(|| format!("failed to move `{}` to `{}`", tmp.display(), path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where a file is written before it is renamed to `target`: beside it,
/// hidden, named by this process and a counter (never by the target's
/// name, which may already be as long as a name can be).
fn beside(target: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".kis-book-{}-{n}.tmp", std::process::id()))
}

/// Writes a new file at `path` (which must not exist), fsynced when
/// `sync` says so.
fn create(path: &Path, bytes: &[u8], sync: bool) -> anyhow::Result<()> {
    let written = fault::step("write", path).and_then(|()| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(bytes)?;
        if sync {
            fault::step("fsync", path)?;
            file.sync_all()?;
        }
        Ok(())
    });
    written.with_context(|| format!("failed to write `{}`", path.display()))
}

/// What goes into a file of a folder.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Content<'a> {
    /// These bytes.
    Bytes(&'a [u8]),
    /// These bytes, made of what the key (a hash of it) names: the same
    /// key, the same bytes (see [`Stamps`]).
    Known(&'a [u8], u128),
    /// A copy of this file (hard-linked when possible).
    Copy(&'a Path),
    /// The file as the folder already holds it, from the publication it
    /// was staged from (nothing when it holds none): made later, by a
    /// publication that follows (see `kis-book serve`'s search index).
    Kept,
}

/// How a folder was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FolderWrite {
    /// Files written anew.
    pub written: usize,
    /// Files that were already there with the same bytes.
    pub unchanged: usize,
    /// Files of the previous build that this one no longer makes, removed.
    pub removed: usize,
}

/// What the files of [`Content::Known`] held after a folder was last
/// written: each file's key and the identity of its file (device, inode,
/// length, modification time), by its path in the folder. A folder staged
/// from the publication that write became holds the same files (hard
/// links), so a file whose key and identity are both unchanged holds the
/// same bytes and is not read to be compared. A file written or replaced
/// since (another publication, a hand edit) has another identity and is
/// compared byte for byte as any other.
#[derive(Debug, Default)]
pub(crate) struct Stamps {
    files: HashMap<String, Stamp>,
}

/// A file's key and identity (see [`Stamps`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    key: u128,
    file: FileId,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata, key: u128) -> Self {
        Self {
            key,
            file: FileId::of(meta),
        }
    }
}

/// A file's identity: its device, inode, length and time of change. The
/// same identity at the same path is the same file, unchanged (as git
/// takes it; a change within the clock's tick of the last look is the
/// caller's to guard against where it matters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
}

impl FileId {
    /// The identity of the file `meta` describes.
    fn of(meta: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt as _;
        Self {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// Makes the folder `out_dir`, a folder no reader sees (a publication
/// being staged, or a scratch folder), hold exactly `files` (path relative
/// to the folder, content), writing only what changed. A failure leaves it
/// half-written: the caller throws the staging away.
pub(crate) fn write_folder<'a>(
    out_dir: &Path,
    files: impl IntoIterator<Item = (&'a str, Content<'a>)>,
) -> anyhow::Result<FolderWrite> {
    write_folder_stamped(out_dir, files, &mut Stamps::default())
}

/// [`write_folder`], which takes a file of [`Content::Known`] whose stamp
/// in `stamps` still holds as unchanged, and leaves in `stamps` those of
/// this write.
pub(crate) fn write_folder_stamped<'a>(
    out_dir: &Path,
    files: impl IntoIterator<Item = (&'a str, Content<'a>)>,
    stamps: &mut Stamps,
) -> anyhow::Result<FolderWrite> {
    // Cleared first: should this write fail, no stamp of it is trusted.
    let known = std::mem::take(&mut stamps.files);
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("failed to create `{}`", out_dir.display()))?;
    // Known when the publication staging the folder just listed it.
    let (mut before, links) = match listed::take(out_dir) {
        Some(files) => (files, Vec::new()),
        None => existing_files(out_dir)?,
    };
    // A symbolic link in the folder is none of kis-book's making (`check`
    // refuses one in `build/`): writing through it would write outside
    // the folder. It goes first.
    for link in links {
        remove(&link)?;
        before.remove(&link);
    }
    let mut report = FolderWrite::default();
    let mut known_dirs: HashSet<PathBuf> = HashSet::new();
    for (rel, content) in files {
        let target = out_dir.join(rel);
        let existed = before.remove(&target);
        if matches!(content, Content::Kept) {
            report.unchanged += usize::from(existed);
            continue;
        }
        if existed && let Content::Known(_, key) = content {
            let now = std::fs::symlink_metadata(&target)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|meta| Stamp::of(&meta, key));
            if let Some(now) = now
                && known.get(rel) == Some(&now)
            {
                report.unchanged += 1;
                stamps.files.insert(rel.to_owned(), now);
                continue;
            }
        }
        if existed && same_content(&target, content) {
            report.unchanged += 1;
            stamp(&target, rel, content, stamps);
            continue;
        }
        if existed {
            remove(&target)?;
        }
        let dir = target.parent().unwrap_or(out_dir);
        if known_dirs.insert(dir.to_path_buf()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        match content {
            Content::Bytes(bytes) | Content::Known(bytes, _) => create(&target, bytes, false)?,
            Content::Copy(source) => copy(source, &target)?,
            Content::Kept => {}
        }
        stamp(&target, rel, content, stamps);
        report.written += 1;
    }
    for stale in &before {
        remove(stale)?;
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

/// Keeps the stamp of `target`, which holds `content`, when it is known.
fn stamp(target: &Path, rel: &str, content: Content<'_>, stamps: &mut Stamps) {
    if let Content::Known(_, key) = content
        && let Ok(meta) = std::fs::symlink_metadata(target)
    {
        stamps.files.insert(rel.to_owned(), Stamp::of(&meta, key));
    }
}

/// Makes `target` (which does not exist) a copy of `source`: a hard link,
/// or the bytes where the file system has no links.
fn copy(source: &Path, target: &Path) -> anyhow::Result<()> {
    let linked = fault::step("link", target).and_then(|()| std::fs::hard_link(source, target));
    if linked.is_ok() {
        return Ok(());
    }
    let bytes =
        std::fs::read(source).with_context(|| format!("failed to read `{}`", source.display()))?;
    create(target, &bytes, false)
}

/// Unlinks the file at `path` (the staging folder's link only: the
/// published file keeps its own).
fn remove(path: &Path) -> anyhow::Result<()> {
    fault::step("remove", path)
        .and_then(|()| std::fs::remove_file(path))
        .with_context(|| format!("failed to remove `{}`", path.display()))
}

/// Every file under `dir`, and of them the symbolic links (as the folder
/// lists them: no link is followed). Files staged by an interrupted build
/// are included, so that they are cleared away.
fn existing_files(dir: &Path) -> anyhow::Result<(HashSet<PathBuf>, Vec<PathBuf>)> {
    let mut out = HashSet::new();
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry =
            entry.with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
        if entry.file_type().is_symlink() {
            links.push(entry.path().to_path_buf());
        }
        if !entry.file_type().is_dir() {
            out.insert(entry.into_path());
        }
    }
    Ok((out, links))
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
        Content::Bytes(bytes) | Content::Known(bytes, _) => {
            meta.len() == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        Content::Kept => true,
        Content::Copy(source) => {
            use std::os::unix::fs::MetadataExt as _;
            let Ok(from) = std::fs::metadata(source) else {
                return false;
            };
            // A link to the same file (the PDF offered by the site it was
            // published with) holds the same bytes.
            if (from.dev(), from.ino()) == (meta.dev(), meta.ino()) {
                return true;
            }
            from.len() == meta.len()
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
            .0
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
        std::fs::write(out.join(".x.html.kis-book-new"), "interrupted").expect("leftover");
        let again = write_folder(&out, [("index.html", Content::Bytes(b"home"))]).expect("write");
        assert_eq!((again.written, again.unchanged, again.removed), (1, 0, 1));
        assert_eq!(read(&out, "index.html"), "home");
        assert_eq!(listing(&out), ["index.html"]);
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_changed_file_is_written_anew_never_into_a_shared_one() {
        let out = folder("shared");
        let published = out.with_file_name("published.html");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(&published, "old page").expect("publish");
        // The staging folder starts as links to the published files.
        std::fs::hard_link(&published, out.join("index.html")).expect("link");
        let wrote =
            write_folder(&out, [("index.html", Content::Bytes(b"new page"))]).expect("write");
        assert_eq!(wrote.written, 1);
        assert_eq!(read(&out, "index.html"), "new page");
        assert_eq!(
            std::fs::read_to_string(&published).expect("read"),
            "old page",
            "the published file keeps its bytes"
        );
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_long_name_is_written_under_itself() {
        let out = folder("long");
        let name = format!("{}.png", "é".repeat(125));
        assert_eq!(name.len(), 254);
        write_folder(&out, [(name.as_str(), Content::Bytes(b"png"))]).expect("write");
        assert_eq!(listing(&out), vec![name.clone()]);
        write_file(&out.join(&name), b"again").expect("write file");
        assert_eq!(read(&out, &name), "again");
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

    #[test]
    fn a_kept_file_stays_as_staged_and_is_not_made_when_missing() {
        let out = folder("kept");
        write_folder(&out, [("static/index.js", Content::Bytes(b"old index"))]).expect("write");
        let kept = write_folder(
            &out,
            [
                ("index.html", Content::Bytes(b"home")),
                ("static/index.js", Content::Kept),
            ],
        )
        .expect("write");
        assert_eq!((kept.written, kept.unchanged, kept.removed), (1, 1, 0));
        assert_eq!(read(&out, "static/index.js"), "old index");
        let fresh = folder("kept-fresh");
        write_folder(&fresh, [("static/index.js", Content::Kept)]).expect("write");
        assert!(listing(&fresh).is_empty(), "nothing to keep, nothing made");
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
        let _ = std::fs::remove_dir_all(fresh.parent().expect("parent"));
    }

    #[test]
    fn a_known_file_is_trusted_by_its_stamp_until_it_changes() {
        let out = folder("known");
        let mut stamps = Stamps::default();
        let page = |key| [("a/index.html", Content::Known(b"page a", key))];
        let first = write_folder_stamped(&out, page(1), &mut stamps).expect("write");
        assert_eq!((first.written, first.unchanged), (1, 0));
        let again = write_folder_stamped(&out, page(1), &mut stamps).expect("write");
        assert_eq!((again.written, again.unchanged), (0, 1));
        // Changed by hand to bytes of the same length, an hour back: the
        // file is no longer the one stamped, so it is compared and written.
        let path = out.join("a/index.html");
        std::fs::write(&path, "hack a").expect("tamper");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("touch");
        let fixed = write_folder_stamped(&out, page(1), &mut stamps).expect("write");
        assert_eq!((fixed.written, fixed.unchanged), (1, 0));
        assert_eq!(read(&out, "a/index.html"), "page a");
        // Another key with the same bytes: compared, found the same.
        let same = write_folder_stamped(&out, page(2), &mut stamps).expect("write");
        assert_eq!((same.written, same.unchanged), (0, 1));
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }

    #[test]
    fn a_copy_that_is_a_link_to_its_source_is_unchanged() {
        let out = folder("same-file");
        let source = out.parent().expect("parent").join("book.pdf");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(&source, "%PDF-2").expect("pdf");
        std::fs::hard_link(&source, out.join("book.pdf")).expect("link");
        let again = write_folder(&out, [("book.pdf", Content::Copy(&source))]).expect("write");
        assert_eq!((again.written, again.unchanged), (0, 1));
        // Another file with other bytes of the same length is written.
        let other = out.parent().expect("parent").join("other.pdf");
        std::fs::write(&other, "%PDF-3").expect("pdf");
        let changed = write_folder(&out, [("book.pdf", Content::Copy(&other))]).expect("write");
        assert_eq!(changed.written, 1);
        assert_eq!(read(&out, "book.pdf"), "%PDF-3");
        assert_eq!(
            std::fs::read_to_string(&source).expect("read"),
            "%PDF-2",
            "the source keeps its bytes"
        );
        let _ = std::fs::remove_dir_all(out.parent().expect("parent"));
    }
}
