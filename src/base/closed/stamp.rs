//! A book file's stamp, and a folder's identity: what the file system says of a file without
//! reading it, so that a session that rebuilds can keep what it made of
//! a file (its text checked, an image decoded) and take it again while
//! the file is unchanged, at the cost of a look at the file rather than a
//! read.
//!
//! Why that is safe: a write to a file changes its modification and
//! status-change times (and a save that replaces the file, as most
//! editors do, gives it another inode), so an unchanged stamp means
//! unchanged bytes, as git's index and the watcher of `kis-book serve`
//! take it. The one gap is the clock's tick: on a file system whose times
//! are coarse, two writes within one tick leave the same times. So a stamp
//! is trusted only once the file has been left alone for [`SETTLED`]
//! (git's guard against a "racy" file): a file changed within the last
//! two seconds is read again on every compile, until it has settled.

use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long after its last change a file's stamp is trusted: longer than
/// the coarsest clock tick of a file system in use (FAT's two seconds).
pub const SETTLED: Duration = Duration::from_secs(2);

/// A file's device, inode, length, and times of modification and of its
/// last change of status, to the nanosecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FileStamp {
    /// The stamp of the file `meta` describes, when it has not changed
    /// within [`SETTLED`] of `now` (nor claims a time after it); `None`
    /// while it may still change within one tick of the clock.
    pub fn settled(meta: &Metadata, now: SystemTime) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        let stamp = Self {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        };
        let now = now.duration_since(UNIX_EPOCH).ok()?;
        let last = stamp.modified.max(stamp.changed);
        let last = Duration::new(u64::try_from(last.0).ok()?, u32::try_from(last.1).ok()?);
        (now.checked_sub(last)? >= SETTLED).then_some(stamp)
    }
}

/// A folder's identity (its device and inode): a folder replaced by
/// another of the same name has another.
pub(crate) type FolderId = (u64, u64);

/// The identity of the folder at `path`, never followed when a link;
/// `None` when no folder is there.
pub(crate) fn folder_id(path: &Path) -> Option<FolderId> {
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
        let since = created
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .ok()?;
        Some((since.as_secs(), u64::from(since.subsec_nanos())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_within_two_seconds_has_no_stamp_yet() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "een").expect("write");
        let meta = std::fs::metadata(&path).expect("meta");
        let now = SystemTime::now();
        assert_eq!(FileStamp::settled(&meta, now), None);
        assert_eq!(FileStamp::settled(&meta, now - SETTLED), None);
        let later = FileStamp::settled(&meta, now + SETTLED).expect("settled");
        assert_eq!(FileStamp::settled(&meta, now + 10 * SETTLED), Some(later));
        // Written again, the same length, its modification time set back:
        // another stamp (its status changed).
        let modified = meta.modified().expect("mtime");
        std::fs::write(&path, "twe").expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(modified).expect("set mtime");
        let meta = std::fs::metadata(&path).expect("meta");
        let again = FileStamp::settled(&meta, SystemTime::now() + SETTLED).expect("settled");
        assert_eq!(meta.modified().expect("mtime"), modified);
        assert_ne!(again, later);
    }
}
