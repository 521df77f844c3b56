//! Reading a revision of the book straight from git's objects, through the
//! `git` command: `rev-parse` finds the repository and the revision,
//! `ls-tree` lists the book's files at that revision and `cat-file --batch`
//! reads them. Nothing is checked out: the working tree and the index are
//! never touched (git runs with `GIT_OPTIONAL_LOCKS=0`, so that not even
//! its index refresh writes).

use std::io::{BufReader, Write as _};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};

use crate::base::closed::Files;
use crate::base::diagnostics::{Diagnostic, Pos, codes};
use crate::source::load::CONTENT_DIR;

/// The git repository a book lives in.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    /// The repository's top folder.
    pub(crate) top: PathBuf,
    /// The book root relative to `top`, with a trailing `/` (empty when the
    /// book is the whole repository).
    pub(crate) prefix: String,
}

/// The files of a book at one revision.
#[derive(Debug, Clone, Default)]
pub(crate) struct RevisionFiles {
    /// Every file under `content/`: path relative to the book root (with
    /// `/`, e.g. `content/book.yaml`) → its bytes.
    pub(crate) files: Files,
    /// Entries refused rather than read: symbolic links, submodules and
    /// file names the book cannot use, each a diagnostic at its path.
    pub(crate) refused: Vec<Diagnostic>,
}

/// A `git` command that never writes to the repository on its own accord.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` and returns its standard output, or git's own message.
fn run(cmd: &mut Command) -> anyhow::Result<Result<Vec<u8>, String>> {
    let out = cmd.output().map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            anyhow::anyhow!(
                "`kis-book diff` reads revisions with the `git` command, which is not \
                 installed (or not on PATH): install git"
            )
        } else {
            anyhow::Error::new(err).context("failed to run `git`")
        }
    })?;
    if out.status.success() {
        Ok(Ok(out.stdout))
    } else {
        Ok(Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()))
    }
}

/// The repository holding the book at `root`.
pub(crate) fn open(root: &Path) -> anyhow::Result<Repo> {
    if !root.is_dir() {
        bail!("`{}` is not a folder", root.display());
    }
    let out = run(git(root).args(["rev-parse", "--show-toplevel", "--show-prefix"]))?;
    let out = match out {
        Ok(out) => out,
        Err(message) if message.contains("not a git repository") => bail!(
            "`{}` is not in a git repository: `kis-book diff` compares revisions of a book \
             kept in git",
            root.display()
        ),
        Err(message) => bail!(
            "git cannot read the repository at `{}`: {message}",
            root.display()
        ),
    };
    let text = String::from_utf8(out).context("git printed a path that is not UTF-8")?;
    let mut lines = text.lines();
    let top = lines.next().unwrap_or_default();
    let prefix = lines.next().unwrap_or_default();
    if top.is_empty() {
        bail!("`{}` is not inside a git work tree", root.display());
    }
    Ok(Repo {
        top: PathBuf::from(top),
        prefix: prefix.to_owned(),
    })
}

/// The full commit id that `rev` names.
pub(crate) fn resolve(repo: &Repo, rev: &str) -> anyhow::Result<String> {
    if rev.is_empty() || rev.starts_with('-') {
        bail!("`{rev}` is not a revision");
    }
    let spec = format!("{rev}^{{commit}}");
    let out = run(git(&repo.top).args(["rev-parse", "--verify", "--quiet", &spec]))?;
    match out {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
        Err(_) => bail!(
            "there is no revision `{rev}` in the repository at `{}` (a branch, tag or commit; \
             in a shallow clone, fetch it first: `git fetch origin <branch>`)",
            repo.top.display()
        ),
    }
}

/// One entry of `git ls-tree`.
struct TreeEntry {
    mode: String,
    object: String,
    /// Path relative to the book root.
    path: String,
}

/// The book's files at `commit`: everything under `content/`, read from
/// git's objects. Symbolic links (mode 120000) are never followed: they are
/// refused, naming the link and its target, as are submodules.
///
/// The one place that reads a revision: its files by path, which the
/// loader reads from memory (see [`crate::source::input::BookInput::revision`]).
pub(crate) fn read_book(repo: &Repo, commit: &str) -> anyhow::Result<RevisionFiles> {
    let entries = list(repo, commit)?;
    let mut snapshot = RevisionFiles::default();
    let mut wanted = Vec::new();
    for entry in entries {
        if let Err(why) = check_path(&entry.path) {
            snapshot.refused.push(Diagnostic::new(
                codes::UNUSABLE_FILE_NAME,
                entry.path.clone(),
                Pos::default(),
                format!("the file name cannot be part of a book: {why}"),
            ));
            continue;
        }
        match entry.mode.as_str() {
            "100644" | "100755" | "120000" => wanted.push(entry),
            "160000" => snapshot.refused.push(
                Diagnostic::new(
                    codes::SUBMODULE,
                    entry.path.clone(),
                    Pos::default(),
                    format!(
                        "`{}` is a git submodule: a book is a closed world, so kis-book does \
                         not read other repositories",
                        entry.path
                    ),
                )
                .with_hint("put the files themselves in the book"),
            ),
            other => bail!("git lists `{}` with an unknown mode {other}", entry.path),
        }
    }
    let objects: Vec<&str> = wanted.iter().map(|e| e.object.as_str()).collect();
    let blobs = cat_files(repo, &objects)?;
    for (entry, bytes) in wanted.into_iter().zip(blobs) {
        if entry.mode == "120000" {
            let target = String::from_utf8_lossy(&bytes).into_owned();
            snapshot.refused.push(
                Diagnostic::new(
                    codes::SYMBOLIC_LINK,
                    entry.path.clone(),
                    Pos::default(),
                    format!(
                        "`{}` is a symbolic link to `{target}`: a book is a closed world, so \
                         kis-book never follows links",
                        entry.path
                    ),
                )
                .with_hint("put the file itself in the book instead of a link to it"),
            );
        } else {
            snapshot.files.insert(entry.path, bytes);
        }
    }
    Ok(snapshot)
}

/// `git ls-tree -r -z COMMIT -- <prefix>content`, paths made relative to
/// the book root.
fn list(repo: &Repo, commit: &str) -> anyhow::Result<Vec<TreeEntry>> {
    // Without a trailing `/`, so that a `content` that is itself a symbolic
    // link is listed (and refused) rather than missed.
    let pathspec = format!("{}{CONTENT_DIR}", repo.prefix);
    let out = run(git(&repo.top).args(["ls-tree", "-r", "-z", commit, "--", &pathspec]))?
        .map_err(|message| anyhow::anyhow!("git cannot list the revision's files: {message}"))?;
    let mut entries = Vec::new();
    for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8(record.to_vec());
        let Ok(text) = text else {
            let shown = String::from_utf8_lossy(record).into_owned();
            bail!("the revision holds a file name that is not UTF-8: {shown}");
        };
        let (meta, path) = text
            .split_once('\t')
            .with_context(|| format!("unexpected output of git ls-tree: {text}"))?;
        let mut meta = meta.split(' ');
        let (Some(mode), Some(_kind), Some(object)) = (meta.next(), meta.next(), meta.next())
        else {
            bail!("unexpected output of git ls-tree: {text}");
        };
        let inside = path
            .strip_prefix(&repo.prefix)
            .filter(|p| *p == CONTENT_DIR || p.starts_with(&format!("{CONTENT_DIR}/")));
        let Some(path) = inside else {
            bail!("git listed `{path}`, which is outside the book's content folder");
        };
        entries.push(TreeEntry {
            mode: mode.to_owned(),
            object: object.to_owned(),
            path: path.to_owned(),
        });
    }
    Ok(entries)
}

/// A path from a tree must stay inside the book when it is written out.
fn check_path(path: &str) -> Result<(), String> {
    for component in Path::new(path).components() {
        match component {
            Component::Normal(name) if name != ".git" => {}
            _ => return Err(format!("`{path}` is not a plain relative path")),
        }
    }
    Ok(())
}

/// The contents of `objects`, in order, through one `git cat-file --batch`.
fn cat_files(repo: &Repo, objects: &[&str]) -> anyhow::Result<Vec<Vec<u8>>> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(&repo.top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("failed to run `git cat-file`")?;
    let mut stdin = child.stdin.take().context("no stdin for git cat-file")?;
    let input: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written beside the reading, so that neither pipe can fill up and
    // leave both processes waiting.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let stdout = child.stdout.take().context("no stdout for git cat-file")?;
    let mut reader = BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(objects.len());
    for object in objects {
        blobs.push(read_object(&mut reader, object)?);
    }
    drop(reader);
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to git cat-file failed"))?
        .context("failed to write to git cat-file")?;
    let status = child.wait().context("git cat-file did not finish")?;
    if !status.success() {
        bail!("git cat-file failed ({status})");
    }
    Ok(blobs)
}

/// One `<oid> <type> <size>\n<contents>\n` record of `cat-file --batch`.
fn read_object(reader: &mut impl std::io::BufRead, object: &str) -> anyhow::Result<Vec<u8>> {
    let mut header = Vec::new();
    reader
        .read_until(b'\n', &mut header)
        .context("failed to read from git cat-file")?;
    let header = String::from_utf8_lossy(&header).trim().to_owned();
    let size = match header.split(' ').collect::<Vec<_>>().as_slice() {
        [_, "blob", size] => size
            .parse::<usize>()
            .with_context(|| format!("git cat-file: bad size in `{header}`"))?,
        _ => bail!("git cannot read object {object}: `{header}`"),
    };
    let mut bytes = vec![0; size];
    reader
        .read_exact(&mut bytes)
        .context("git cat-file ended early")?;
    let mut newline = [0u8; 1];
    reader
        .read_exact(&mut newline)
        .context("git cat-file ended early")?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_book() {
        assert!(check_path("content/02-projecten/1.1-werk.md").is_ok());
        assert!(check_path("content/../../etc/passwd").is_err());
        assert!(check_path("/etc/passwd").is_err());
        assert!(check_path("content/.git/config").is_err());
    }

    #[test]
    fn batch_records_are_read_by_size() {
        let data = b"abc blob 5\nhallo\ndef blob 0\n\n".to_vec();
        let mut reader = std::io::Cursor::new(data);
        assert_eq!(read_object(&mut reader, "abc").expect("first"), b"hallo");
        assert_eq!(read_object(&mut reader, "def").expect("second"), b"");
        let mut missing = std::io::Cursor::new(b"xyz missing\n".to_vec());
        assert!(read_object(&mut missing, "xyz").is_err());
    }
}
