//! Watching a book's sources: content/, templates/ and fonts/, with
//! events debounced so that one save is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// The folders of a book that a rebuild depends on.
const WATCHED: [&str; 3] = ["content", "templates", "fonts"];

/// How long a burst of file events may last before it counts as one save.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Debounced changes to a book's sources.
pub struct Watcher {
    _debouncer: Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    /// What the sources looked like at the last change: reading a file
    /// (as a build does) raises events too, and must not cause a rebuild.
    snapshot: std::cell::RefCell<Vec<(PathBuf, Option<SystemTime>, u64)>>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches the sources of the book at `root`.
    pub fn new(root: &Path) -> anyhow::Result<Self> {
        let (tx, events) = channel();
        let mut debouncer =
            new_debouncer(DEBOUNCE, tx).context("failed to start the file watcher")?;
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() {
                debouncer
                    .watcher()
                    .watch(&path, RecursiveMode::Recursive)
                    .with_context(|| format!("failed to watch `{}`", path.display()))?;
            }
        }
        Ok(Self {
            _debouncer: debouncer,
            events,
            root: root.to_path_buf(),
            snapshot: std::cell::RefCell::new(snapshot(root)),
        })
    }

    /// Blocks until sources change; returns the changed paths.
    pub fn next_change(&self) -> anyhow::Result<Vec<PathBuf>> {
        loop {
            let batch = self.events.recv().context("the file watcher stopped")?;
            let Ok(events) = batch else {
                continue;
            };
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| !is_editor_noise(p))
                .collect();
            paths.sort();
            paths.dedup();
            let now = snapshot(&self.root);
            let changed = *self.snapshot.borrow() != now;
            if changed && !paths.is_empty() {
                *self.snapshot.borrow_mut() = now;
                return Ok(paths);
            }
        }
    }
}

/// Path, modification time and size of every source file, sorted.
fn snapshot(root: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut out = Vec::new();
    for dir in WATCHED {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
                && !is_editor_noise(entry.path())
            {
                out.push((entry.path().to_path_buf(), meta.modified().ok(), meta.len()));
            }
        }
    }
    out
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
