//! What the watcher compares: every entry under a book's source folders,
//! links and named pipes included, by path.
//!
//! An event names the paths it is about, so a save costs the stat of the
//! file saved (and a folder that appears, the walk of that folder); the
//! walk of every source folder is kept for when the events cannot be
//! trusted and for the comparison every `POLL`. The snapshot remembers,
//! for each entry updated since the last change, what it was then: a file
//! made and removed again before the sources were quiet is no change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folders of a book that a rebuild depends on.
pub(super) const WATCHED: [&str; 3] = ["content", "templates", "fonts"];

/// Every entry under the source folders of a book.
#[derive(Debug)]
pub(super) struct Snapshot {
    /// The source folders, each under the book's root.
    folders: Vec<PathBuf>,
    /// Every entry, by path (a folder's entries follow it in this order).
    entries: BTreeMap<PathBuf, WatchedFile>,
    /// Of each entry updated since the last change, what it was then
    /// (`None`: it was not there).
    before: BTreeMap<PathBuf, Option<WatchedFile>>,
    /// How many times every source folder was walked.
    #[cfg(test)]
    pub(super) walks: usize,
}

/// What a snapshot knows of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WatchedFile {
    /// A regular file: its size, modification time and, where there is
    /// one, change time and inode (which no copy that keeps the
    /// modification time keeps).
    File {
        len: u64,
        modified: Option<SystemTime>,
        changed: (i64, i64, u64),
    },
    /// A symbolic link and what it says.
    Link(Option<PathBuf>),
    /// A named pipe, socket or device.
    Special,
}

impl Snapshot {
    /// The source folders of the book at `root`, not yet walked.
    pub(super) fn new(root: &Path) -> Self {
        Self {
            folders: WATCHED.iter().map(|d| root.join(d)).collect(),
            entries: BTreeMap::new(),
            before: BTreeMap::new(),
            #[cfg(test)]
            walks: 0,
        }
    }

    /// Walks every source folder again; whether any entry was updated.
    pub(super) fn rewalk(&mut self) -> bool {
        #[cfg(test)]
        {
            self.walks += 1;
        }
        let mut updated = false;
        for folder in self.folders.clone() {
            updated |= self.replace_under(&folder);
        }
        updated
    }

    /// Compares the entry at `path`, a path under a source folder or one
    /// of them, with the disk, and everything under it when it is a folder
    /// now; whether any entry was updated.
    pub(super) fn refresh(&mut self, path: &Path) -> bool {
        let meta = std::fs::symlink_metadata(path).ok();
        if self.folders.iter().any(|f| f == path) || meta.as_ref().is_some_and(|m| m.is_dir()) {
            // The folder may have come with entries (a copy, a rename into
            // place) that no event named; and it may have been a file.
            let updated = self.set(path, None);
            return self.replace_under(path) | updated;
        }
        let now = match meta {
            Some(_) if is_editor_noise(path) => None,
            Some(meta) => Some(watched_file(path, &meta)),
            None => None,
        };
        // What was a folder may now be a file, or gone.
        let mut updated = self.replace_range(path, BTreeMap::new());
        updated |= self.set(path, now);
        updated
    }

    /// The paths whose entries differ from what they were at the last
    /// change, sorted.
    pub(super) fn changed(&self) -> Vec<PathBuf> {
        self.before
            .iter()
            .filter(|(path, was)| self.entries.get(*path) != was.as_ref())
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// The sources as they are now are those of the last change.
    pub(super) fn mark(&mut self) {
        self.before.clear();
    }

    /// Replaces every entry under `folder` by what a walk of it finds.
    fn replace_under(&mut self, folder: &Path) -> bool {
        self.replace_range(folder, walk(folder))
    }

    /// Replaces the entries under `folder` (not `folder` itself) by `now`.
    fn replace_range(&mut self, folder: &Path, mut now: BTreeMap<PathBuf, WatchedFile>) -> bool {
        let gone: Vec<PathBuf> = self
            .entries
            .range::<Path, _>((
                std::ops::Bound::Excluded(folder),
                std::ops::Bound::Unbounded,
            ))
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(folder))
            .filter(|path| !now.contains_key(*path))
            .cloned()
            .collect();
        let mut updated = false;
        for path in gone {
            updated |= self.set(&path, None);
        }
        while let Some((path, found)) = now.pop_first() {
            updated |= self.set(&path, Some(found));
        }
        updated
    }

    /// Sets the entry at `path`; whether it differs from what it was.
    fn set(&mut self, path: &Path, now: Option<WatchedFile>) -> bool {
        if self.entries.get(path) == now.as_ref() {
            return false;
        }
        let was = match now {
            Some(found) => self.entries.insert(path.to_path_buf(), found),
            None => self.entries.remove(path),
        };
        self.before.entry(path.to_path_buf()).or_insert(was);
        true
    }
}

/// Every entry under `folder` (a link to a folder is followed only for
/// `folder` itself), by path.
fn walk(folder: &Path) -> BTreeMap<PathBuf, WatchedFile> {
    let mut out = BTreeMap::new();
    let walk = walkdir::WalkDir::new(folder)
        .min_depth(1)
        .follow_links(false);
    for entry in walk.into_iter().flatten() {
        if entry.file_type().is_dir() || is_editor_noise(entry.path()) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        out.insert(
            entry.path().to_path_buf(),
            watched_file(entry.path(), &meta),
        );
    }
    out
}

/// What a snapshot knows of the entry at `path`, from its own metadata
/// (never a link's target's).
fn watched_file(path: &Path, meta: &std::fs::Metadata) -> WatchedFile {
    let kind = meta.file_type();
    if kind.is_symlink() {
        WatchedFile::Link(std::fs::read_link(path).ok())
    } else if kind.is_file() {
        WatchedFile::File {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: change_stamp(meta),
        }
    } else {
        WatchedFile::Special
    }
}

#[cfg(unix)]
fn change_stamp(meta: &std::fs::Metadata) -> (i64, i64, u64) {
    use std::os::unix::fs::MetadataExt as _;
    (meta.ctime(), meta.ctime_nsec(), meta.ino())
}

#[cfg(not(unix))]
fn change_stamp(_: &std::fs::Metadata) -> (i64, i64, u64) {
    (0, 0, 0)
}

/// Swap and backup files editors write beside the real one.
pub(super) fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(root: &Path) -> Snapshot {
        let mut snapshot = Snapshot::new(root);
        snapshot.rewalk();
        snapshot.mark();
        snapshot
    }

    fn book() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("01-hoofdstuk")).expect("mkdir");
        std::fs::write(content.join("a.md"), "a").expect("write");
        std::fs::write(content.join("01-hoofdstuk/b.md"), "b").expect("write");
        (dir, content)
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_replaced_files_are_in_the_snapshot() {
        let (dir, content) = book();
        let mut snapshot = walked(dir.path());
        assert_eq!(snapshot.entries.len(), 2);
        std::os::unix::fs::symlink("a.md", content.join("l.md")).expect("link");
        assert!(snapshot.rewalk());
        assert_eq!(snapshot.changed(), [content.join("l.md")]);
        snapshot.mark();
        std::fs::remove_file(content.join("l.md")).expect("unlink");
        let made = std::process::Command::new("mkfifo")
            .arg(content.join("p.md"))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        assert!(snapshot.refresh(&content.join("l.md")));
        assert!(snapshot.refresh(&content.join("p.md")));
        assert_eq!(
            snapshot.changed(),
            [content.join("l.md"), content.join("p.md")]
        );
        assert_eq!(
            snapshot.entries.get(&content.join("p.md")),
            Some(&WatchedFile::Special)
        );
        // A file replaced by a copy of itself (same size and time) is a
        // change; touching nothing is none.
        snapshot.mark();
        let a = content.join("a.md");
        let copy = content.join("a.md.kopie");
        std::fs::copy(&a, &copy).expect("copy");
        let modified = std::fs::metadata(&a)
            .and_then(|m| m.modified())
            .expect("time");
        std::fs::File::options()
            .write(true)
            .open(&copy)
            .and_then(|f| f.set_modified(modified))
            .expect("set time");
        std::fs::rename(&copy, &a).expect("rename");
        assert!(!snapshot.refresh(&copy));
        assert!(snapshot.refresh(&a));
        assert!(!snapshot.refresh(&a));
        assert_eq!(snapshot.changed(), [a]);
        assert_eq!(snapshot.walks, 2);
    }

    /// A folder named by an event is walked (a copy brings entries no event
    /// named); a folder gone takes its entries with it; nothing else is
    /// walked.
    #[test]
    fn a_named_folder_is_walked_alone() {
        let (dir, content) = book();
        let mut snapshot = walked(dir.path());
        let new = content.join("02-nieuw");
        std::fs::create_dir_all(new.join("bijlagen")).expect("mkdir");
        std::fs::write(new.join("c.md"), "c").expect("write");
        std::fs::write(new.join("bijlagen/d.md"), "d").expect("write");
        std::fs::write(new.join("c.md~"), "backup").expect("write");
        assert!(snapshot.refresh(&new));
        assert_eq!(
            snapshot.changed(),
            [new.join("bijlagen/d.md"), new.join("c.md")]
        );
        snapshot.mark();

        let old = content.join("01-hoofdstuk");
        std::fs::remove_dir_all(&old).expect("remove");
        assert!(snapshot.refresh(&old));
        assert_eq!(snapshot.changed(), [old.join("b.md")]);
        // The entry of a file beside the folder whose name begins as its
        // does is kept.
        assert!(snapshot.entries.contains_key(&content.join("a.md")));
        assert_eq!(snapshot.walks, 1);
        // A full walk agrees with what the events found.
        assert!(!snapshot.rewalk());
    }

    /// A file made and removed before the sources were quiet is no change;
    /// a file that became a folder is.
    #[test]
    fn what_comes_and_goes_is_no_change() {
        let (dir, content) = book();
        let mut snapshot = walked(dir.path());
        let temp = content.join(".a.md.tmp");
        std::fs::write(&temp, "half").expect("write");
        assert!(snapshot.refresh(&temp));
        std::fs::remove_file(&temp).expect("remove");
        assert!(snapshot.refresh(&temp));
        assert!(snapshot.changed().is_empty());

        let a = content.join("a.md");
        std::fs::remove_file(&a).expect("remove");
        std::fs::create_dir(&a).expect("mkdir");
        std::fs::write(a.join("x.md"), "x").expect("write");
        assert!(snapshot.refresh(&a));
        assert_eq!(snapshot.changed(), [a.clone(), a.join("x.md")]);
    }
}
