//! Helpers for the integration tests: run the real binary on a book.

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

/// Every file under `dir`: path relative to it (with `/`) → bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("inside the folder")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The figures printed in the KIS Werkplan 2019, transcribed from the seed
/// into tests/fixtures/werkplan-2019-figures.json: the expected values of
/// the golden, PDF and site tests, never produced by the code under test.
pub fn printed_figures() -> serde_json::Value {
    let path = repo_root().join("tests/fixtures/werkplan-2019-figures.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read fixture"))
        .expect("fixture JSON")
}

/// Whole euros in Dutch notation as the printed plan writes them
/// (57652 → "57.652"), written here apart from `kis_book::format` so that
/// the tests do not check the code with itself.
pub fn dutch(value: i64) -> String {
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}
