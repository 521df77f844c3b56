//! Watching a book's sources: content/, templates/ and fonts/, with
//! events debounced so that one save is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

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
            if !paths.is_empty() {
                return Ok(paths);
            }
        }
    }
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
