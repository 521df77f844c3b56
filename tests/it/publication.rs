//! The publication: nothing outside the book, one whole publication after
//! any fault (issue 21, items 1-3).
//!
//! - A link or a mount at `build/` or under it is a `check` error, and
//!   `build` writes and deletes nothing through it.
//! - A fault injected at every step that writes, links, renames, removes
//!   or fsyncs (`KIS_BOOK_FAULT`, src/base/fault.rs), as an error and as
//!   a kill, leaves `build/` holding the previous publication or the new
//!   one, whole: the same files with the same bytes as a clean build of
//!   either, the PDF the same as the site's download copy.
//! - A full disk (a real tmpfs of a few hundred kB) the same.
//! - A second build of a book while one runs says so, exit code 1.
//! - Names of 230 to 255 bytes pass `check` and `build`; a name that is not
//!   UTF-8 is a `check` error naming the file.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{PNG, copy_dir, read_tree, small_book, stderr};

/// Runs `kis-book ARGS`, with the fault hook armed when `fault` is given.
fn run(args: &[&str], fault: Option<&str>) -> Output {
    run_switching(args, fault, Switch::Exchange)
}

/// How a build switches its publication into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Switch {
    /// In one step, where the file system can (Linux, here).
    Exchange,
    /// With two renames, as where it cannot (`KIS_BOOK_SWITCH=renames`).
    Renames,
}

fn run_switching(args: &[&str], fault: Option<&str>, switch: Switch) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kis-book"));
    command
        .args(args)
        .env_remove("KIS_BOOK_FAULT")
        .env_remove("KIS_BOOK_SWITCH");
    if let Some(fault) = fault {
        command.env("KIS_BOOK_FAULT", fault);
    }
    if switch == Switch::Renames {
        command.env("KIS_BOOK_SWITCH", "renames");
    }
    command.output().expect("run kis-book")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

fn build(root: &Path) -> Output {
    run(&["build", path_str(root)], None)
}

fn check(root: &Path) -> Output {
    run(&["check", path_str(root)], None)
}

/// The fixture book at `<temp>/werkplan`, beside the rest of the test's
/// folders.
fn book_in(dir: &Path) -> PathBuf {
    let root = dir.join("werkplan");
    copy_dir(&small_book(), &root);
    root
}

/// Every file of a folder that is outside any book: `V/site/precious.txt`.
fn outside_folder(dir: &Path) -> PathBuf {
    let v = dir.join("V");
    std::fs::create_dir_all(v.join("site/keep")).expect("mkdir");
    std::fs::write(v.join("site/precious.txt"), "x").expect("write");
    v
}

/// Asserts that `check` and `build` refuse the book with `code` at `path`,
/// and returns nothing written.
fn assert_refused(root: &Path, code: &str, path: &Path) {
    for (what, output) in [("check", check(root)), ("build", build(root))] {
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{what}: {err}");
        let line = format!("{}: error[", path.display());
        assert!(
            err.lines().any(|l| l.starts_with(&line)),
            "{what} names {}: {err}",
            path.display()
        );
        let json = run(&["check", path_str(root), "--format", "json"], None);
        assert!(
            String::from_utf8_lossy(&json.stdout).contains(&format!("\"code\": \"{code}\"")),
            "{code}: {}",
            String::from_utf8_lossy(&json.stdout)
        );
    }
}

#[test]
fn a_link_at_build_is_refused_and_nothing_outside_is_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    let v = outside_folder(dir.path());
    symlink(&v, root.join("build")).expect("symlink");
    let before = read_tree(&v);
    assert_refused(&root, "KB0603", &root.join("build"));
    assert_eq!(read_tree(&v), before, "nothing written or deleted in V");
    assert!(v.join("site/keep").is_dir());
    let err = stderr(&check(&root));
    assert!(
        err.contains(&format!("symbolic link to `{}`", v.display())),
        "{err}"
    );
}

#[test]
fn a_link_at_build_site_or_deeper_is_refused() {
    for link in ["build/site", "build/site/static"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = book_in(dir.path());
        let v = outside_folder(dir.path());
        assert!(build(&root).status.success());
        let at = root.join(link);
        std::fs::remove_dir_all(&at).expect("remove the built folder");
        symlink(v.join("site"), &at).expect("symlink");
        let before = read_tree(&v);
        assert_refused(&root, "KB0603", &at);
        assert_eq!(read_tree(&v), before, "{link}: nothing written or deleted");
        assert!(
            std::fs::symlink_metadata(&at)
                .expect("the link")
                .file_type()
                .is_symlink(),
            "{link}: the link itself stays for the editor to remove"
        );
    }
}

/// A tmpfs mounted at a folder for the life of the value.
struct Mount(PathBuf);

impl Mount {
    fn new(at: &Path, size: &str) -> Self {
        std::fs::create_dir_all(at).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (as in CI and scripts/test.sh)"
        );
        Self(at.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_mount_in_build_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    assert!(build(&root).status.success());
    let site = root.join("build/site");
    std::fs::remove_dir_all(&site).expect("remove the site");
    let _mount = Mount::new(&site, "1m");
    std::fs::write(site.join("precious.txt"), "x").expect("write");
    assert_refused(&root, "KB0604", &site);
    assert_eq!(
        std::fs::read_to_string(site.join("precious.txt")).expect("still there"),
        "x"
    );
}

#[test]
fn a_file_where_the_site_goes_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    std::fs::create_dir_all(root.join("build")).expect("mkdir");
    std::fs::write(root.join("build/site"), "mine").expect("write");
    assert_refused(&root, "KB0605", &root.join("build/site"));
    assert_eq!(
        std::fs::read_to_string(root.join("build/site")).expect("read"),
        "mine"
    );
}

/// An edit that changes the PDF, pages, the exports: a new publication.
fn edit(root: &Path) {
    let project = root.join("content/02-projecten/1.1-werk.md");
    let text = std::fs::read_to_string(&project).expect("read");
    std::fs::write(
        &project,
        text.replacen("---\n\n", "---\n\nEen nieuwe eerste zin.\n\n", 1),
    )
    .expect("write");
    let intro = root.join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&intro).expect("read");
    std::fs::write(&intro, format!("{text}\nEen nieuwe alinea aan het eind.\n")).expect("write");
}

type Tree = BTreeMap<String, Vec<u8>>;

/// The old and the new publication of the fixture book (each a clean
/// build), and the book with the old one built and the edit made.
struct Publications {
    dir: tempfile::TempDir,
    old: Tree,
    new: Tree,
}

impl Publications {
    fn new(edit: fn(&Path)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let template = book_in(dir.path());
        assert!(build(&template).status.success());
        let old = read_tree(&template.join("build"));
        let fresh = dir.path().join("fresh");
        copy_dir(&small_book(), &fresh);
        edit(&fresh);
        assert!(build(&fresh).status.success());
        let new = read_tree(&fresh.join("build"));
        assert_ne!(old, new);
        edit(&template);
        Self { dir, old, new }
    }

    /// A copy of the edited book with the old publication built, or
    /// without any (`built` false).
    fn book(&self, name: &str, built: bool) -> PathBuf {
        let root = self.dir.path().join(name);
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&self.dir.path().join("werkplan"), &root);
        if !built {
            std::fs::remove_dir_all(root.join("build")).expect("remove build");
        }
        root
    }

    /// Asserts that `build/` holds one whole publication, the old or the
    /// new one (or none, when there was none before), and its PDF is the
    /// site's download copy.
    fn assert_whole(&self, root: &Path, built_before: bool, step: &str) -> bool {
        let out = root.join("build");
        if !built_before && !out.exists() {
            return false;
        }
        if !out.exists() {
            // Killed between the two renames of the fallback switch: the
            // new publication is whole in the staging folder, and the next
            // build moves it into place first thing.
            assert_eq!(
                read_tree(&root.join(".kis-book-staging")),
                self.new,
                "{step}: build/ is missing and the staged publication not whole"
            );
            return true;
        }
        let tree = read_tree(&out);
        let is_new = tree == self.new;
        assert!(
            is_new || (built_before && tree == self.old),
            "{step}: build/ is neither publication: {:?}",
            tree.keys().collect::<Vec<_>>()
        );
        let pdf = tree
            .iter()
            .find(|(k, _)| k.ends_with(".pdf") && !k.contains('/'))
            .expect("a PDF");
        assert_eq!(
            tree.get(&format!("site/downloads/{}", pdf.0)),
            Some(pdf.1),
            "{step}: the PDF is the site's download"
        );
        is_new
    }

    /// Builds again without a fault: the new publication, nothing left
    /// over beside it.
    fn assert_next_build_completes(&self, root: &Path, step: &str) {
        let output = build(root);
        assert!(output.status.success(), "{step}: {}", stderr(&output));
        assert_eq!(read_tree(&root.join("build")), self.new, "{step}");
        let mut names: Vec<String> = std::fs::read_dir(root)
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["build", "content"], "{step}: nothing left over");
    }
}

/// Injects `mode` (`error` or `abort`) at every step of a build, one build
/// per step, until a build takes fewer steps; returns the number of steps.
fn every_step(mode: &str, built_before: bool, switch: Switch) -> u64 {
    from_step(1, mode, built_before, switch)
}

/// The steps of a clean build of the edited book, as the hook names them:
/// `rename `…/build``.
fn steps(switch: Switch) -> Vec<String> {
    let publications = Publications::new(edit);
    let root = publications.book("trace", true);
    let output = run_switching(&["build", path_str(&root)], Some("trace"), switch);
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
        .lines()
        .filter_map(|l| l.strip_prefix("kis-book: KIS_BOOK_FAULT: step "))
        .map(|l| l.split_once(" (").map_or(l, |(_, what)| what).to_owned())
        .collect()
}

/// As [`every_step`], from step `first` on.
fn from_step(first: u64, mode: &str, built_before: bool, switch: Switch) -> u64 {
    let publications = Publications::new(edit);
    let mut switched = 0;
    for k in first.. {
        let step = format!("{mode}@{k}");
        let root = publications.book(&format!("{mode}-{built_before}"), built_before);
        let output = run_switching(&["build", path_str(&root)], Some(&step), switch);
        let err = stderr(&output);
        let injected = match mode {
            "abort" => !output.status.success(),
            _ => err.contains(&format!("injecting an error at step {k} ")),
        };
        if !injected {
            assert!(output.status.success(), "{step}: {err}");
            assert!(publications.assert_whole(&root, built_before, &step));
            return k - 1;
        }
        if mode == "error" && !output.status.success() {
            assert!(
                err.contains("fault injected by KIS_BOOK_FAULT"),
                "{step}: {err}"
            );
        }
        if publications.assert_whole(&root, built_before, &step) {
            switched += 1;
        }
        publications.assert_next_build_completes(&root, &step);
    }
    unreachable!("the loop ends when a build takes fewer steps ({switched} switched)")
}

#[test]
fn an_error_at_any_step_leaves_one_whole_publication() {
    assert!(every_step("error", true, Switch::Exchange) > 50);
}

#[test]
fn a_kill_at_any_step_leaves_one_whole_publication() {
    assert!(every_step("abort", true, Switch::Exchange) > 50);
}

#[test]
fn a_fault_in_the_first_build_leaves_no_publication_or_a_whole_one() {
    assert!(every_step("error", false, Switch::Exchange) > 20);
    assert!(every_step("abort", false, Switch::Exchange) > 20);
}

/// The switch of two renames, where the file system cannot swap folders:
/// the steps before it are those of the swap, tested above, so the faults
/// go from the first rename on.
#[test]
fn a_fault_at_any_step_of_the_switch_by_renames_leaves_one_whole_publication() {
    let exchanged = steps(Switch::Exchange);
    let renamed = steps(Switch::Renames);
    // The two renames take a step more than the swap, and the fsync of
    // the root between them one more.
    assert_eq!(renamed.len(), exchanged.len() + 2, "{renamed:#?}");
    let first = renamed
        .iter()
        .position(|s| s.starts_with("rename") && s.ends_with("/.kis-book-previous`)"))
        .expect("build/ moved aside");
    assert!(
        exchanged[first].starts_with("rename") && exchanged[first].ends_with("/build`)"),
        "the swap at the same step: {}",
        exchanged[first]
    );
    let first = u64::try_from(first).expect("few") + 1;
    let total = u64::try_from(renamed.len()).expect("few");
    assert_eq!(from_step(first, "error", true, Switch::Renames), total);
    assert_eq!(from_step(first, "abort", true, Switch::Renames), total);
}

#[test]
fn a_second_build_while_one_runs_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    assert!(build(&root).status.success());
    let before = read_tree(&root.join("build"));
    // A build holding the lock: the root folder, flocked as a build does.
    let held = std::fs::File::open(&root).expect("open the root");
    held.lock().expect("lock");
    let output = build(&root);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: another build of this book is running"),
        "{err}"
    );
    assert_eq!(read_tree(&root.join("build")), before);
    held.unlock().expect("unlock");
    assert!(build(&root).status.success());
}

#[test]
fn builds_of_one_book_at_once_never_break_each_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    assert!(build(&root).status.success());
    let intro = root.join("content/01-inleiding.md");
    for round in 0..12 {
        // A change, so that every build writes files.
        let text = std::fs::read_to_string(&intro).expect("read");
        std::fs::write(&intro, format!("{text}\nAlinea {round} erbij.\n")).expect("write");
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_kis-book"))
                    .args(["build", path_str(&root)])
                    .env_remove("KIS_BOOK_FAULT")
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("start a build")
            })
            .collect();
        let mut built = 0;
        for child in children {
            let output = child.wait_with_output().expect("wait");
            let err = stderr(&output);
            match output.status.code() {
                Some(0) => built += 1,
                Some(1) => assert!(
                    err.contains("another build of this book is running"),
                    "round {round}: {err}"
                ),
                _ => panic!("round {round}: {err}"),
            }
        }
        assert!(built >= 1, "round {round}: one build at least ran");
        // What they left is what one build alone makes.
        let published = read_tree(&root.join("build"));
        assert!(build(&root).status.success());
        assert_eq!(read_tree(&root.join("build")), published, "round {round}");
    }
}

#[test]
fn a_full_disk_leaves_the_previous_publication() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A new title: every page of the site changes, so the new site needs
    // more room than the PDF it replaces.
    let publications = Publications::new(|root| {
        let config = root.join("content/book.yaml");
        let text = std::fs::read_to_string(&config).expect("read");
        let renamed = text.replacen("title: ", "title: Herziene uitgave van het ", 1);
        assert_ne!(renamed, text);
        std::fs::write(&config, renamed).expect("write");
    });
    let disk = dir.path().join("schijf");
    // Room for the book and its previous build (the site ships its web
    // fonts, about 0.9 MB), and then some.
    let _mount = Mount::new(&disk, "4m");
    let root = disk.join("werkplan");
    copy_dir(&publications.book("disk", true), &root);
    // Fill the disk but for `free` bytes, then build: every amount of room
    // from none to enough for the new publication.
    let mut failed = 0;
    for free in (0..=1_000_000).step_by(4096) {
        let filler = disk.join("vol");
        let _ = std::fs::remove_file(&filler);
        let available = Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(&disk)
            .output()
            .expect("df");
        let available: u64 = String::from_utf8_lossy(&available.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .expect("df's figure");
        let fill = available.saturating_sub(free);
        let written = std::fs::write(&filler, vec![b'0'; usize::try_from(fill).expect("size")]);
        assert!(written.is_ok() || fill > 0, "the filler");
        let output = build(&root);
        let step = format!("{free} bytes free");
        if output.status.success() {
            assert!(publications.assert_whole(&root, true, &step), "{step}");
            break;
        }
        failed += 1;
        let err = stderr(&output);
        assert!(err.contains("No space left on device"), "{step}: {err}");
        assert!(!publications.assert_whole(&root, true, &step), "{step}");
        let names: Vec<String> = std::fs::read_dir(&root)
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names.iter().any(|n| n.starts_with(".kis-book")),
            "{step}: {names:?}"
        );
    }
    assert!(failed >= 3, "the disk was full for {failed} builds");
    let _ = std::fs::remove_file(disk.join("vol"));
    publications.assert_next_build_completes(&root, "room again");
}

/// An image named `name` on a page of the book.
fn with_image(root: &Path, name: &str) {
    std::fs::write(root.join("content").join(name), PNG).expect("write the image");
    let intro = root.join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&intro).expect("read");
    std::fs::write(&intro, format!("{text}\n![Een kaart](<{name}>)\n")).expect("write");
}

#[test]
fn names_up_to_255_bytes_pass_check_and_build() {
    for (unit, repeat_to) in [("k", 1), ("é", 2), ("€", 3)] {
        for bytes in [230, 236, 240, 250, 255] {
            let stem_bytes = bytes - ".png".len();
            let stem = unit.repeat(stem_bytes / repeat_to);
            let name = format!("{stem}{}.png", "x".repeat(stem_bytes % repeat_to));
            assert_eq!(name.len(), bytes);
            let dir = tempfile::tempdir().expect("temp dir");
            let root = book_in(dir.path());
            with_image(&root, &name);
            let checked = check(&root);
            assert!(
                checked.status.success(),
                "{bytes} bytes: {}",
                stderr(&checked)
            );
            let built = build(&root);
            assert!(built.status.success(), "{bytes} bytes: {}", stderr(&built));
            let copy = root.join("build/site/static/content").join(&name);
            assert_eq!(std::fs::read(&copy).expect("the image in the site"), PNG);
        }
    }
}

#[test]
fn a_name_that_is_not_utf8_is_a_check_error_naming_the_file() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    let name = std::ffi::OsStr::from_bytes(b"kaart-caf\xe9.png");
    std::fs::write(root.join("content").join(name), PNG).expect("write");
    let output = check(&root);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let file = root.join("content/kaart-caf\u{FFFD}.png");
    assert!(
        err.contains(&format!(
            "{}: error[KB0118]: the file name is not UTF-8",
            file.display()
        )),
        "{err}"
    );
    assert!(!err.contains("no such file"), "{err}");
    assert!(!build(&root).status.success());
}

#[test]
fn a_build_of_a_folder_that_does_not_exist_is_the_gates_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nergens");
    let output = build(&missing);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[KB0101]: there is no content folder"),
        "{err}"
    );
    assert!(!missing.exists(), "nothing made");
}

/// A `kis-book serve` child, killed when dropped.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_reports_a_link_at_build_and_never_builds_through_it() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = book_in(dir.path());
    let v = outside_folder(dir.path());
    symlink(&v, root.join("build")).expect("symlink");
    let before = read_tree(&v);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["serve", path_str(&root), "--port", "0"])
        .env_remove("KIS_BOOK_FAULT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().expect("stderr");
    let stdout = child.stdout.take().expect("stdout");
    let _serving = Serving(child);
    // The terminal's lines, as they come (a thread reads them, so that a
    // line that never comes fails the test instead of hanging it).
    let lines = crate::serve::Reports::follow(stderr).0;
    let next = |until: &str| -> String {
        let mut seen = String::new();
        while let Ok(line) = lines.recv_timeout(std::time::Duration::from_secs(60)) {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(until) {
                return seen;
            }
        }
        panic!("no `{until}` from serve:\n{seen}")
    };
    let first = next("the preview starts once the book builds");
    assert!(first.contains("is a symbolic link to"), "{first}");
    // The address is printed once the sources are watched.
    let mut address = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut address)
        .expect("the address");
    assert!(address.contains("http://127.0.0.1:"), "{address}");
    // A save: the rebuild is refused the same way.
    let intro = root.join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&intro).expect("read");
    std::fs::write(&intro, format!("{text}\nNog een zin.\n")).expect("write");
    let rebuilt = next("still serving the last good build");
    assert!(rebuilt.contains("is a symbolic link to"), "{rebuilt}");
    assert_eq!(read_tree(&v), before, "nothing written or deleted in V");
}
