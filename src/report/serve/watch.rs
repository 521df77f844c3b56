//! Watching a book's sources: content/, templates/ and fonts/, so that
//! one save is one rebuild, begun within milliseconds of the save.
//!
//! A save is seen the moment the system's watcher reports it (no fixed
//! wait): the sources are compared at once, then again after they have
//! been quiet for [`QUIET`], so that a file still being written (or a
//! checkout of many files) is one change, taken when it is whole.
//!
//! Fit to leave open all day. A source folder that is replaced (`git
//! checkout` of another branch, `rm -rf content && cp -r …`, a sync tool
//! renaming a fresh copy over it) is watched again: the book's root is
//! watched too, and each folder's identity (device and inode) is compared
//! after every event. What counts as a change is a difference in a snapshot
//! of the sources that holds every entry, links and named pipes included
//! (so that the rebuild's check reports them at once). And the snapshot is
//! also compared every [`POLL`], so that a change is seen even when the
//! system's watcher misses it (events dropped, watches exhausted).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use notify_debouncer_mini::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_mini::notify::{self, RecommendedWatcher, RecursiveMode, Watcher as _};

/// The folders of a book that a rebuild depends on.
const WATCHED: [&str; 3] = ["content", "templates", "fonts"];

/// How long the sources must be without events before a change counts as
/// whole: an editor's save (write and close, or write a copy and rename
/// it) raises its events within a millisecond.
const QUIET: Duration = Duration::from_millis(8);

/// How long a change may go on (a checkout writing many files) before it
/// is taken as it stands.
const MAX_SETTLE: Duration = Duration::from_secs(3);

/// How often the sources are compared without an event.
const POLL: Duration = Duration::from_secs(2);

/// Changes to a book's sources.
pub(super) struct Watcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Each source folder and the identity it had when it was watched
    /// (`None`: it was not there, or could not be watched).
    watched: Vec<(PathBuf, Option<FolderId>)>,
    /// What the sources looked like at the last change: reading a file
    /// (as a build does) raises events too, and must not cause a rebuild.
    snapshot: Snapshot,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches the sources of the book at `root`.
    pub(super) fn new(root: &Path) -> anyhow::Result<Self> {
        let (tx, events) = channel();
        let mut watcher =
            notify::recommended_watcher(tx).context("failed to start the file watcher")?;
        // The root itself, for source folders that appear, go or are
        // replaced.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("failed to watch `{}`", root.display()))?;
        let mut watcher = Self {
            watcher,
            events,
            root: root.to_path_buf(),
            watched: WATCHED.iter().map(|d| (root.join(d), None)).collect(),
            snapshot: Vec::new(),
        };
        watcher.rewatch();
        watcher.snapshot = snapshot(root);
        Ok(watcher)
    }

    /// Blocks until sources change; returns the paths that changed (added,
    /// removed or altered).
    pub(super) fn next_change(&mut self) -> anyhow::Result<Vec<PathBuf>> {
        loop {
            if !self.wait_for_event(POLL) {
                // The system's watcher is gone: comparing every POLL goes on.
                std::thread::sleep(POLL);
            }
            self.rewatch();
            let mut now = snapshot(&self.root);
            if now == self.snapshot {
                continue;
            }
            let started = Instant::now();
            while started.elapsed() < MAX_SETTLE {
                self.wait_for_quiet(started + MAX_SETTLE);
                self.rewatch();
                let again = snapshot(&self.root);
                if again == now {
                    break;
                }
                now = again;
            }
            let changed = difference(&self.snapshot, &now);
            self.snapshot = now;
            return Ok(changed);
        }
    }

    /// Waits at most `timeout` for an event that may be a change; `false`
    /// when the system's watcher is gone.
    fn wait_for_event(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if may_change(&event) => return true,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        }
    }

    /// Waits until no event that may be a change came for [`QUIET`], or
    /// until `deadline`.
    fn wait_for_quiet(&self, deadline: Instant) {
        let mut quiet_from = Instant::now();
        loop {
            let now = Instant::now();
            let until = (quiet_from + QUIET).min(deadline);
            if now >= until {
                return;
            }
            match self.events.recv_timeout(until - now) {
                Ok(event) if may_change(&event) => quiet_from = Instant::now(),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(QUIET);
                    return;
                }
            }
        }
    }

    /// Watches each source folder that is new or was replaced since it was
    /// last watched. Failing to watch is no error: the comparison every
    /// [`POLL`] still sees its changes.
    fn rewatch(&mut self) {
        for (path, watched) in &mut self.watched {
            let now = folder_id(path);
            if now == *watched {
                continue;
            }
            let w = &mut self.watcher;
            if watched.is_some() {
                let _ = w.unwatch(path);
            }
            *watched = match now {
                Some(_) if w.watch(path, RecursiveMode::Recursive).is_ok() => now,
                _ => None,
            };
        }
    }
}

/// Whether an event may be a change: reading a file (as every build does)
/// is none; an error of the watcher may hide one.
fn may_change(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(event) => match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        },
        Err(_) => true,
    }
}

/// A folder's identity: replaced by a new folder of the same name, it
/// changes.
type FolderId = (u64, u64);

/// The folder at `path` (never a link to one), if it is there.
fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = meta.created().ok()?;
        let since = created.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        Some((since.as_secs(), u64::from(since.subsec_nanos())))
    }
}

/// Every entry under the source folders, sorted by path.
type Snapshot = Vec<(PathBuf, WatchedFile)>;

/// What a snapshot knows of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WatchedFile {
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

fn snapshot(root: &Path) -> Snapshot {
    let mut out = Vec::new();
    for dir in WATCHED {
        let walk = walkdir::WalkDir::new(root.join(dir))
            .follow_links(false)
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            if is_editor_noise(entry.path()) || entry.depth() == 0 {
                continue;
            }
            let kind = entry.file_type();
            let found = if kind.is_symlink() {
                WatchedFile::Link(std::fs::read_link(entry.path()).ok())
            } else if kind.is_dir() {
                continue;
            } else if kind.is_file() {
                let Ok(meta) = entry.metadata() else {
                    continue;
                };
                WatchedFile::File {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                    changed: change_stamp(&meta),
                }
            } else {
                WatchedFile::Special
            };
            out.push((entry.path().to_path_buf(), found));
        }
    }
    out
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

/// The paths whose entries differ between two snapshots, sorted.
fn difference(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    use std::collections::BTreeMap;
    let before: BTreeMap<&PathBuf, &WatchedFile> = before.iter().map(|(p, e)| (p, e)).collect();
    let after: BTreeMap<&PathBuf, &WatchedFile> = after.iter().map(|(p, e)| (p, e)).collect();
    let mut changed: Vec<PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| (*p).clone())
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// Swap and backup files editors write beside the real one.
fn is_editor_noise(path: &Path) -> bool {
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

    /// Reading a file, as every build does, is no change; writing,
    /// creating, removing and renaming are, and so is a watcher's error.
    #[test]
    fn reading_is_no_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        let event = |kind| Ok(notify::Event::new(kind));
        for (kind, change) in [
            (EventKind::Access(AccessKind::Open(AccessMode::Read)), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                false,
            ),
            (EventKind::Access(AccessKind::Read), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            (EventKind::Modify(ModifyKind::Any), true),
            (EventKind::Create(CreateKind::File), true),
            (EventKind::Remove(RemoveKind::Folder), true),
        ] {
            assert_eq!(may_change(&event(kind)), change, "{kind:?}");
        }
        assert!(may_change(&Err(notify::Error::generic("overflow"))));
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_replaced_files_are_in_the_snapshot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::fs::write(root.join("content/a.md"), "a").expect("write");
        let first = snapshot(root);
        assert_eq!(first.len(), 1);
        std::os::unix::fs::symlink("a.md", root.join("content/b.md")).expect("link");
        let linked = snapshot(root);
        assert_eq!(difference(&first, &linked), [root.join("content/b.md")]);
        std::fs::remove_file(root.join("content/b.md")).expect("unlink");
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("content/c.md"))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let piped = snapshot(root);
        assert_eq!(difference(&first, &piped), [root.join("content/c.md")]);
        assert!(matches!(piped.last(), Some((_, WatchedFile::Special))));
    }
}
