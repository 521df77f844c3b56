//! The closed world of a book held in memory: the files of a git revision,
//! read from git's objects (see `diff/git.rs`), so that `kis-book diff`
//! compiles a revision through the same reader as the working tree, without
//! writing it to a temporary folder.
//!
//! Paths are relative to the book root (`content/book.yaml`); a folder is
//! there when a file lies under it. Git has already refused what a book may
//! not hold (links, submodules, names that climb out), so what is here is
//! files.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::{ReadError, Refusal, Walked};

/// A book's files by path relative to its root (with `/`).
pub type Files = BTreeMap<String, Vec<u8>>;

/// The path relative to the root that `path` names, `..` and `.` taken
/// out; a path that climbs out or is absolute is refused.
pub(super) fn normal(path: &Path) -> Result<String, Refusal> {
    let mut parts: Vec<&str> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::Normal(part) => {
                let part = part
                    .to_str()
                    .ok_or_else(|| Refusal::NotUtf8(path.to_path_buf()))?;
                parts.push(part);
            }
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(Refusal::Outside(path.to_path_buf()));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(Refusal::Outside(path.to_path_buf()));
            }
        }
    }
    Ok(parts.join("/"))
}

/// Whether `rel` is a folder of `files`: the root, or a path some file lies
/// under.
pub(super) fn is_dir(files: &Files, rel: &str) -> bool {
    if rel.is_empty() {
        return true;
    }
    let prefix = format!("{rel}/");
    files
        .range(prefix.clone()..)
        .next()
        .is_some_and(|(path, _)| path.starts_with(&prefix))
}

/// `rel` when it is a file or a folder of `files`, else not found.
pub(super) fn resolve(files: &Files, path: &Path) -> Result<PathBuf, Refusal> {
    let rel = normal(path)?;
    if files.contains_key(&rel) || is_dir(files, &rel) {
        Ok(PathBuf::from(rel))
    } else {
        Err(not_found(path))
    }
}

/// `rel` when it is a file of `files`.
pub(super) fn file(files: &Files, path: &Path) -> Result<PathBuf, Refusal> {
    let rel = normal(path)?;
    if files.contains_key(&rel) {
        Ok(PathBuf::from(rel))
    } else if is_dir(files, &rel) {
        Err(Refusal::Io(
            path.to_path_buf(),
            io::Error::other("it is a folder, not a file"),
        ))
    } else {
        Err(not_found(path))
    }
}

/// The file at `path`, refusing one larger than `max` bytes.
pub(super) fn read(files: &Files, path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let rel = file(files, path).map_err(ReadError::Refused)?;
    let rel = rel.to_string_lossy();
    let Some(bytes) = files.get(rel.as_ref()) else {
        return Err(ReadError::Refused(not_found(path)));
    };
    let size = bytes.len() as u64;
    if size > max {
        return Err(ReadError::TooLarge { size, max });
    }
    Ok(bytes.clone())
}

/// Every file and folder under `dir`, as [`super::BookRoot::walk`] lists
/// those of a folder on disk: sorted by `order` within each folder, hidden
/// names left out.
pub(super) fn walk(
    files: &Files,
    dir: &Path,
    order: fn(&str, &str) -> std::cmp::Ordering,
) -> (Vec<Walked>, Vec<Refusal>) {
    let mut found = Vec::new();
    match normal(dir) {
        Ok(rel) if is_dir(files, &rel) => walk_into(files, dir, &rel, 0, order, &mut found),
        Ok(_) => return (found, vec![not_found(dir)]),
        Err(refusal) => return (found, vec![refusal]),
    }
    (found, Vec::new())
}

fn walk_into(
    files: &Files,
    dir: &Path,
    rel: &str,
    depth: usize,
    order: fn(&str, &str) -> std::cmp::Ordering,
    found: &mut Vec<Walked>,
) {
    let prefix = if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    };
    // The names directly in the folder, each with whether it is a folder.
    let mut names: BTreeMap<&str, bool> = BTreeMap::new();
    for path in files.keys().filter_map(|p| p.strip_prefix(&prefix)) {
        match path.split_once('/') {
            Some((name, _)) => names.insert(name, true),
            None => names.insert(path, false),
        };
    }
    let mut names: Vec<(&str, bool)> = names
        .into_iter()
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort_by(|a, b| order(a.0, b.0));
    for (name, is_dir) in names {
        let path = dir.join(name);
        found.push(Walked {
            path: path.clone(),
            depth,
            is_dir,
        });
        if is_dir {
            walk_into(
                files,
                &path,
                &format!("{prefix}{name}"),
                depth + 1,
                order,
                found,
            );
        }
    }
}

fn not_found(path: &Path) -> Refusal {
    Refusal::Io(path.to_path_buf(), io::ErrorKind::NotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        [
            ("content/book.yaml", "title: x"),
            ("content/01-inleiding.md", "# Inleiding"),
            ("content/02-themas/index.md", "# Thema's"),
            ("content/02-themas/.gitkeep", ""),
            ("content/10-slot.md", "# Slot"),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_owned(), t.as_bytes().to_vec()))
        .collect()
    }

    #[test]
    fn folders_are_there_when_a_file_lies_under_them() {
        let files = files();
        assert!(is_dir(&files, ""));
        assert!(is_dir(&files, "content"));
        assert!(is_dir(&files, "content/02-themas"));
        assert!(!is_dir(&files, "content/book.yaml"));
        assert!(!is_dir(&files, "cont"));
        assert!(resolve(&files, Path::new("templates")).is_err_and(|r| r.is_not_found()));
    }

    #[test]
    fn a_walk_lists_folders_before_their_files_in_the_given_order() {
        let (found, refused) = walk(&files(), Path::new("content"), |a, b| a.cmp(b));
        assert!(refused.is_empty());
        let listed: Vec<(String, usize, bool)> = found
            .into_iter()
            .map(|w| (w.path.display().to_string(), w.depth, w.is_dir))
            .collect();
        let want = [
            ("content/01-inleiding.md", 0, false),
            ("content/02-themas", 0, true),
            ("content/02-themas/index.md", 1, false),
            ("content/10-slot.md", 0, false),
            ("content/book.yaml", 0, false),
        ];
        let want: Vec<(String, usize, bool)> = want
            .into_iter()
            .map(|(p, d, f)| (p.to_owned(), d, f))
            .collect();
        assert_eq!(listed, want);
    }

    #[test]
    fn reads_stay_inside_and_within_the_size() {
        let files = files();
        assert_eq!(
            read(&files, Path::new("content/./book.yaml"), 100).expect("read"),
            b"title: x"
        );
        assert!(matches!(
            read(&files, Path::new("content/book.yaml"), 3),
            Err(ReadError::TooLarge { size: 8, max: 3 })
        ));
        assert!(matches!(
            read(&files, Path::new("../etc/passwd"), 100),
            Err(ReadError::Refused(Refusal::Outside(_)))
        ));
        assert!(matches!(
            read(&files, Path::new("content"), 100),
            Err(ReadError::Refused(Refusal::Io(..)))
        ));
    }
}
