//! A throwaway git repository for the tests of `kis-book diff`, the
//! workflow of docs/ci.md and the pre-commit hook: the small fixture book in
//! a subfolder `werkplan/`, committed with git isolated from the machine's
//! configuration. The history it can make is described in tests/it/diff.rs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_dir, small_book, stderr, stdout};

/// A git repository in a temporary folder with the fixture book in
/// `werkplan/`.
pub struct Repo {
    /// The repository's folder.
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository with the fixture committed and tagged `begin`.
    pub fn new() -> Self {
        Self::with_book(&small_book())
    }

    /// A repository with the book at `from` committed and tagged `begin`.
    pub fn with_book(from: &Path) -> Self {
        let repo = Self {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "--quiet"]);
        copy_dir(from, &repo.book());
        repo.commit("begin");
        repo
    }

    /// The repository with the history described at the top of
    /// tests/it/diff.rs, each commit tagged.
    pub fn with_history() -> Self {
        let repo = Self::new();
        repo.edit(PROJECT_11, "      Senior: 10\n", "      Senior: 12\n");
        repo.commit("uren");
        repo.edit(CONFIG, "      Expert: 90\n", "      Expert: 95\n");
        repo.commit("tarief");
        repo.edit(PROJECT_21, "theme: \"2\"\n", "theme: \"1\"\n");
        repo.commit("verplaatst");
        repo.write(PROJECT_22, NEW_PROJECT);
        repo.commit("toegevoegd");
        std::fs::remove_file(repo.book().join(FUNCTION_E)).expect("remove E");
        repo.commit("verwijderd");
        repo
    }

    pub fn top(&self) -> &Path {
        self.dir.path()
    }

    pub fn book(&self) -> PathBuf {
        self.top().join("werkplan")
    }

    /// Runs git in the repository, isolated from the machine's config.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    /// Runs git with kis-book on the PATH (for hooks) and returns its
    /// output, whether or not it succeeds.
    pub fn git_output(&self, args: &[&str]) -> Output {
        Command::new("git")
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(self.top())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Redactie")
            .env("GIT_AUTHOR_EMAIL", "redactie@example.org")
            .env("GIT_COMMITTER_NAME", "Redactie")
            .env("GIT_COMMITTER_EMAIL", "redactie@example.org")
            .env("PATH", path_with_kis_book())
            .output()
            .expect("run git (scripts/test.sh installs it)")
    }

    /// Commits everything and tags the commit `name`.
    pub fn commit(&self, name: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "--quiet", "-m", name]);
        self.git(&["tag", name]);
    }

    /// Replaces the one occurrence of `from` in the book's file `rel`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        crate::common::replace_once(&self.book().join(rel), from, to);
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.book().join(rel), text).expect("write");
    }

    /// `kis-book diff werkplan ARGS` from the repository's top.
    pub fn diff(&self, args: &[&str]) -> Output {
        let mut all = vec!["diff", "werkplan"];
        all.extend_from_slice(args);
        kis_book_in(self.top(), &all)
    }

    /// The diff between two tags in `format`, which must succeed.
    pub fn made(&self, old: &str, new: &str, format: &str) -> String {
        let out = self.diff(&[old, new, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    }
}

pub const CONFIG: &str = "content/book.yaml";
pub const PROJECT_11: &str = "content/02-projecten/1.1-werk.md";
pub const PROJECT_21: &str = "content/02-projecten/2.1-wonen.md";
pub const PROJECT_22: &str = "content/02-projecten/2.2-buurt.md";
pub const FUNCTION_E: &str = "content/03-leiding.md";
pub const NEW_PROJECT: &str = "---\nid: \"2.2\"\ntitle: Buurt aan zet\ntheme: \"2\"\nbudget:\n  \
    hours:\n    beta:\n      Assistent: 10\n  material: 100\n---\n\n## Begroting\n\n{{ budget }}\n";

/// PATH with the folder of the kis-book binary under test first.
pub fn path_with_kis_book() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_kis-book"))
        .parent()
        .expect("bin folder")
        .to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).expect("PATH")
}

/// Runs `kis-book ARGS` in `dir`.
pub fn kis_book_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kis-book")
}
