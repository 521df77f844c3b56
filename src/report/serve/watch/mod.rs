//! Watching a book's sources: content/, templates/ and fonts/, so that
//! one save is one rebuild, begun within milliseconds of the save, at a
//! cost that follows what changed rather than the size of the book.
//!
//! A save is seen the moment the system's watcher reports it (no fixed
//! wait): the paths its events name are compared at once (the file saved;
//! a folder that appears is walked, for the entries it came with), then
//! again after the sources have been quiet for [`QUIET`], so that a file
//! still being written (or a checkout of many files) is one change, taken
//! when it is whole. Events outside the source folders (the publication
//! switched in `build/`, its staging folder) are no change and cost no
//! comparison.
//!
//! Fit to leave open all day. A source folder that is replaced (`git
//! checkout` of another branch, `rm -rf content && cp -r …`, a sync tool
//! renaming a fresh copy over it) is watched again: the book's root is
//! watched too, and each folder's identity (device and inode) is compared
//! after every event. What counts as a change is a difference in a snapshot
//! of the sources that holds every entry, links and named pipes included
//! (so that the rebuild's check reports them at once). Every source folder
//! is walked when the events cannot be trusted (an overflow, an error, a
//! folder watched again, more than [`MAX_NAMED`] paths), and every
//! [`POLL`], so that a change is seen even when the system's watcher
//! misses it (events dropped, watches exhausted).

mod snapshot;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify_debouncer_mini::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_mini::notify::{self, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::base::closed::{FolderId, folder_id};
use snapshot::{Snapshot, WATCHED};

/// How long the sources must be without events before a change counts as
/// whole: an editor's save (write and close, or write a copy and rename
/// it) raises its events within a millisecond.
const QUIET: Duration = Duration::from_millis(8);

/// How long a change may go on (a checkout writing many files) before it
/// is taken as it stands.
const MAX_SETTLE: Duration = Duration::from_secs(3);

/// How often the sources are compared without an event.
const POLL: Duration = Duration::from_secs(2);

/// How many paths events may name before walking every source folder is
/// the cheaper comparison (a checkout, a copy of the book).
const MAX_NAMED: usize = 256;

/// Changes to a book's sources.
pub(super) struct Watcher {
    /// The system's watcher (`None` in tests that send the events).
    watcher: Option<RecommendedWatcher>,
    events: Receiver<notify::Result<notify::Event>>,
    /// The book's root, absolute as the system's watcher names paths.
    root: PathBuf,
    /// Each source folder and the identity it had when it was last looked
    /// at (`None`: it was not there), and whether it is watched.
    watched: Vec<(PathBuf, Option<FolderId>, bool)>,
    /// What the sources looked like at the last change: reading a file
    /// (as a build does) raises events too, and must not cause a rebuild.
    snapshot: Snapshot,
    /// How often the sources are compared without an event.
    poll: Duration,
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
        Self::with_events(root, Some(watcher), events)
    }

    /// Watches the sources of the book at `root` with the events `events`
    /// brings (of `watcher`, if there is one).
    fn with_events(
        root: &Path,
        watcher: Option<RecommendedWatcher>,
        events: Receiver<notify::Result<notify::Event>>,
    ) -> anyhow::Result<Self> {
        // The system's watcher names what it reports from the current
        // folder, as the root is given.
        let root = if root.is_absolute() {
            root.to_path_buf()
        } else {
            std::env::current_dir()
                .context("failed to read the current folder")?
                .join(root)
        };
        let mut watcher = Self {
            watcher,
            events,
            watched: WATCHED
                .iter()
                .map(|d| (root.join(d), None, false))
                .collect(),
            snapshot: Snapshot::new(&root),
            root,
            poll: POLL,
        };
        // Watched first, then walked: a change in between is then seen.
        watcher.rewatch(true);
        watcher.snapshot.rewalk();
        watcher.snapshot.mark();
        Ok(watcher)
    }

    /// Blocks until sources change; returns the paths that changed (added,
    /// removed or altered).
    pub(super) fn next_change(&mut self) -> anyhow::Result<Vec<PathBuf>> {
        loop {
            let named = self.wait_for_event(self.poll);
            if !self.compare(&named) {
                continue;
            }
            // What the events named is compared again once the sources
            // have been quiet (a file still being written raises events
            // until it is whole), and again while events came during
            // that comparison.
            let mut named = named;
            let deadline = Instant::now() + MAX_SETTLE;
            loop {
                named.add(self.wait_for_quiet(deadline));
                self.compare(&named);
                let mut more = Named::default();
                self.drain(&mut more);
                if more.is_empty() {
                    break;
                }
                named.add(more);
                if Instant::now() >= deadline {
                    self.compare(&named);
                    break;
                }
            }
            let changed = self.snapshot.changed();
            self.snapshot.mark();
            if !changed.is_empty() {
                return Ok(changed);
            }
        }
    }

    /// Compares what `named` names with the disk; whether any entry of the
    /// snapshot was updated.
    fn compare(&mut self, named: &Named) -> bool {
        let replaced = self.rewatch(named.everything);
        if replaced || named.everything {
            return self.snapshot.rewalk();
        }
        let mut updated = false;
        for path in &named.paths {
            updated |= self.snapshot.refresh(path);
        }
        updated
    }

    /// Waits at most `timeout` for events that may be a change, and takes
    /// those that came with them; what they name. Everything, when the
    /// timeout passed, or the system's watcher is gone (comparing every
    /// `timeout` goes on).
    fn wait_for_event(&self, timeout: Duration) -> Named {
        let deadline = Instant::now() + timeout;
        let mut named = Named::default();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    named.note(&self.root, &event);
                }
                Err(RecvTimeoutError::Timeout) => return Named::everything(),
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(timeout);
                    return Named::everything();
                }
            }
            if !named.is_empty() {
                break;
            }
        }
        self.drain(&mut named);
        named
    }

    /// Notes in `named` what the events already come name.
    fn drain(&self, named: &mut Named) {
        loop {
            match self.events.try_recv() {
                Ok(event) => {
                    named.note(&self.root, &event);
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return,
            }
        }
    }

    /// Waits until no event that may be a change came for [`QUIET`], or
    /// until `deadline`; what the events that came name.
    fn wait_for_quiet(&self, deadline: Instant) -> Named {
        let mut named = Named::default();
        let mut quiet_from = Instant::now();
        loop {
            let now = Instant::now();
            let until = (quiet_from + QUIET).min(deadline);
            if now >= until {
                return named;
            }
            match self.events.recv_timeout(until - now) {
                Ok(event) => {
                    if named.note(&self.root, &event) {
                        quiet_from = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return named,
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(QUIET);
                    return named;
                }
            }
        }
    }

    /// Watches each source folder that is new or was replaced since it was
    /// last looked at, and when `retry`, each that could not be watched;
    /// whether any was (its events until then are not known). Failing to
    /// watch is no error: the comparison every [`POLL`] still sees its
    /// changes.
    fn rewatch(&mut self, retry: bool) -> bool {
        let mut replaced = false;
        for (path, id, watching) in &mut self.watched {
            let now = folder_id(path);
            if now == *id && (*watching || !retry) {
                continue;
            }
            replaced |= now != *id;
            *id = now;
            let Some(w) = &mut self.watcher else {
                continue;
            };
            if *watching {
                let _ = w.unwatch(path);
            }
            *watching = now.is_some() && w.watch(path, RecursiveMode::Recursive).is_ok();
            replaced |= *watching;
        }
        replaced
    }
}

/// What events name: the paths under the source folders (or the folders
/// themselves) to compare, or everything.
#[derive(Debug, Default, PartialEq, Eq)]
struct Named {
    everything: bool,
    paths: BTreeSet<PathBuf>,
}

impl Named {
    fn everything() -> Self {
        Self {
            everything: true,
            paths: BTreeSet::new(),
        }
    }

    fn is_empty(&self) -> bool {
        !self.everything && self.paths.is_empty()
    }

    fn add(&mut self, other: Self) {
        self.everything |= other.everything;
        self.paths.extend(other.paths);
        self.bound();
    }

    /// Notes what `event` names; whether it may be a change. An event
    /// outside the source folders (the publication in `build/`, its
    /// staging folder) is none; one that cannot be trusted to name all it
    /// is about (an overflow, an error, one without paths) names
    /// everything.
    fn note(&mut self, root: &Path, event: &notify::Result<notify::Event>) -> bool {
        if !may_change(event) {
            return false;
        }
        let Ok(event) = event else {
            self.everything = true;
            return true;
        };
        if event.need_rescan() || event.paths.is_empty() {
            self.everything = true;
            return true;
        }
        let mut named = false;
        for path in &event.paths {
            match path.strip_prefix(root).map(|p| p.components().next()) {
                Ok(Some(first)) if WATCHED.iter().any(|d| first.as_os_str() == *d) => {
                    self.paths.insert(path.clone());
                    named = true;
                }
                // The root itself, or another of its entries.
                Ok(_) => {}
                Err(_) => {
                    self.everything = true;
                    named = true;
                }
            }
        }
        self.bound();
        named
    }

    fn bound(&mut self) {
        if self.everything || self.paths.len() > MAX_NAMED {
            self.everything = true;
            self.paths.clear();
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

#[cfg(test)]
mod tests;
