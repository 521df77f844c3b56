//! Helpers for the integration tests: run the real binary on a book.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the default book.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The small fixture book.
pub fn small_book() -> PathBuf {
    repo_root().join("tests/fixtures/small-book")
}

/// Runs `kis-book ARGS` and returns its output.
pub fn kis_book(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(args)
        .output()
        .expect("run kis-book")
}

/// Runs `kis-book ARGS` in `dir`.
pub fn kis_book_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kis-book")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies the book at `from` into a fresh temporary folder.
pub fn copy_book(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(from, dir.path());
    dir
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
