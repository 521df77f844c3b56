//! A serve session stages each publication from the previous one, kept in
//! the staging folder after the switch and brought up to date by what
//! changed (src/report/publish/kept.rs). Whatever else happens to the
//! book's output between two saves (a `kis-book build` from another
//! terminal, which clears the kept folder and switches its own
//! publication in; a published page replaced by hand; files planted in
//! the kept folder, a link out of the book among them), the preview ends
//! as a cold build of the same sources, and nothing outside the book is
//! written or deleted.

use std::path::Path;

use crate::common::{copy_book, kis_book, read_tree, small_book, stderr};
use crate::preview::{edit, wait_for_cold_build};
use crate::serve::{Preview, Reports};

/// The folder serve keeps the previous publication in.
const KEPT: &str = ".kis-book-staging";

/// `kis-book build` of the book at `root` from another terminal, tried
/// again while serve holds the book's lock for a publication.
fn build_beside(root: &Path) {
    for _ in 0..200 {
        let out = kis_book(&["build", root.to_str().expect("utf-8 path")]);
        if out.status.success() {
            return;
        }
        let err = stderr(&out);
        assert!(
            err.contains("another build of this book is running"),
            "{err}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the build never got the lock");
}

#[test]
fn serve_stages_from_the_kept_publication_whatever_touched_the_output() {
    let (book, outside, preview) = serving_after_a_sentence();
    let root = book.path();
    let intro = root.join("content/01-inleiding.md");

    // A build from another terminal between two saves.
    build_beside(root);
    edit(&intro, "## Opbouw", "## Opbouw van het plan");
    wait_for_cold_build(&preview, root, "a build beside serve, then a heading");

    // A published page replaced by hand, and files planted in the kept
    // folder: a stray page and a link out of the book.
    let page = root.join("build/site/index.html");
    let by_hand = root.join("build/site/by-hand.html");
    std::fs::write(&by_hand, "met de hand").expect("write");
    std::fs::rename(&by_hand, &page).expect("replace");
    let kept = root.join(KEPT).join("site");
    std::fs::write(kept.join("stray.html"), "verdwaald").expect("write");
    std::os::unix::fs::symlink(outside.path(), kept.join("buiten")).expect("symlink");
    let before = read_tree(outside.path());
    edit(&intro, "één idee", "twee ideeën");
    wait_for_cold_build(&preview, root, "files touched by hand, then a sentence");
    assert_eq!(
        read_tree(outside.path()),
        before,
        "nothing outside the book"
    );
    edit(&intro, "twee ideeën", "drie ideeën");
    wait_for_cold_build(&preview, root, "one more sentence");
    assert_eq!(
        read_tree(outside.path()),
        before,
        "nothing outside the book"
    );
}

#[test]
fn a_link_made_in_build_between_two_saves_is_refused_as_the_gate_refuses_it() {
    let (book, outside, preview) = serving_after_a_sentence();
    let root = book.path();
    let intro = root.join("content/01-inleiding.md");

    // Links made by hand in the published site: to a folder and to a file
    // outside the book.
    let site = root.join("build/site");
    std::os::unix::fs::symlink(outside.path(), site.join("buiten")).expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("precious.txt"),
        site.join("static/lek.css"),
    )
    .expect("symlink");
    let before = read_tree(outside.path());
    let page = std::fs::read(site.join("index.html")).expect("read");
    edit(&intro, "één idee", "twee ideeën");
    let told = told_once(&preview, "KB0603");
    assert!(told.contains("build/site/buiten"), "{told}");
    assert!(told.contains("build/site/static/lek.css"), "{told}");
    assert_eq!(
        std::fs::read(site.join("index.html")).expect("read"),
        page,
        "nothing published"
    );
    assert!(
        std::fs::symlink_metadata(site.join("buiten")).is_ok_and(|m| m.is_symlink()),
        "the link is left for the editor to remove"
    );
    assert_eq!(
        read_tree(outside.path()),
        before,
        "nothing outside the book"
    );

    // A broken front matter beside the links: both are told at once, the
    // one does not hide the other.
    edit(&intro, "title: Inleiding", "title: [kapot");
    let told = told_once(&preview, "KB0201");
    assert!(told.contains("KB0603"), "the links too: {told}");
    assert!(told.contains("build/site/buiten"), "{told}");
    edit(&intro, "title: [kapot", "title: Inleiding");

    // Removed: the save publishes as a cold build.
    std::fs::remove_file(site.join("buiten")).expect("unlink");
    std::fs::remove_file(site.join("static/lek.css")).expect("unlink");
    edit(&intro, "twee ideeën", "drie ideeën");
    wait_for_cold_build(&preview, root, "the links removed, then a sentence");
    assert_eq!(
        read_tree(outside.path()),
        before,
        "nothing outside the book"
    );
}

/// Serve of a copy of the small book after a first save (a sentence in
/// its introduction), published as a cold build would be and kept for
/// the next; and a folder outside the book holding a file, which nothing
/// may touch.
fn serving_after_a_sentence() -> (tempfile::TempDir, tempfile::TempDir, Preview) {
    let book = copy_book(&small_book());
    let root = book.path();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("precious.txt"), "x").expect("write");
    let preview = Preview::start(root);
    let intro = root.join("content/01-inleiding.md");
    edit(&intro, "over twee thema's", "over twee thema's en één idee");
    wait_for_cold_build(&preview, root, "a sentence");
    assert!(
        root.join(KEPT).join("site/index.html").is_file(),
        "the previous publication is kept"
    );
    (book, outside, preview)
}

/// Serve's status once it tells `code`, waiting for the saves before.
fn told_once(preview: &Preview, code: &str) -> String {
    let status = || preview.get("/__kis/status").1;
    let started = std::time::Instant::now();
    while !status().contains(code) {
        assert!(
            started.elapsed() < crate::serve::GUARD,
            "{code} was never told: {}",
            status()
        );
        let _ = preview
            .reports
            .0
            .recv_timeout(std::time::Duration::from_millis(200));
    }
    status()
}

/// A `kis-book serve` child with its fault hook set, killed when dropped.
struct Serving {
    child: std::process::Child,
    /// Its terminal's lines, as they come.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// Starts serve on `root` with `KIS_BOOK_FAULT=fault` and waits until
    /// it listens (its first site and PDF published).
    fn start(root: &Path, fault: &str) -> Self {
        use std::io::BufRead as _;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kis-book"))
            .args(["serve", root.to_str().expect("utf-8 path"), "--port", "0"])
            .env("KIS_BOOK_FAULT", fault)
            .env_remove("KIS_BOOK_SWITCH")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start serve");
        let lines = Reports::follow(child.stderr.take().expect("stderr")).0;
        let mut address = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut address)
            .expect("the address");
        assert!(address.contains("http://"), "{address}");
        Self { child, lines }
    }

    /// The terminal's lines until one that starts with `until`.
    fn lines_until(&self, until: &str) -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(crate::serve::GUARD) {
            let found = line.starts_with(until);
            seen.push(line);
            if found {
                return seen;
            }
        }
        panic!("no `{until}` from serve: {seen:#?}");
    }
}

/// The step of a traced line `kis-book: KIS_BOOK_FAULT: step K (what)`
/// and what it does.
fn traced(line: &str) -> Option<(u64, &str)> {
    let rest = line.strip_prefix("kis-book: KIS_BOOK_FAULT: step ")?;
    let (k, what) = rest.split_once(' ')?;
    Some((k.parse().ok()?, what))
}

/// The save the fault tests make.
fn save(root: &Path) {
    edit(
        &root.join("content/01-inleiding.md"),
        "over twee thema's",
        "over twee thema's en één idee",
    );
}

/// A kill of serve at any step of a save's publication before its switch,
/// the kept publication's refresh among them, leaves the publication
/// before the save, whole; the next build completes and clears the rest.
#[test]
fn a_kill_at_any_step_of_staging_from_the_kept_publication_leaves_the_previous_one() {
    // The steps of the save's site publication, from a traced session:
    // after the switch of the first PDF, up to the switch after the save.
    let steps = {
        let book = copy_book(&small_book());
        let serving = Serving::start(book.path(), "trace");
        let mut lines = serving.lines_until("PDF rebuilt");
        save(book.path());
        lines.extend(serving.lines_until("rebuilt in"));
        let switches: Vec<u64> = lines
            .iter()
            .filter_map(|l| traced(l))
            .filter(|(_, what)| what.starts_with("(rename") && what.ends_with("/build`)"))
            .map(|(k, _)| k)
            .collect();
        let [.., pdf, site] = switches[..] else {
            panic!("three switches: {lines:#?}");
        };
        let refreshed = lines
            .iter()
            .filter_map(|l| traced(l))
            .any(|(k, what)| k > pdf && k < site && what.contains(KEPT));
        assert!(
            refreshed,
            "the save staged from the kept folder: {lines:#?}"
        );
        pdf + 1..site
    };
    assert!(steps.clone().count() >= 3, "{steps:?}");
    for k in steps {
        let book = copy_book(&small_book());
        let root = book.path();
        let mut serving = Serving::start(root, &format!("abort@{k}"));
        let before = read_tree(&root.join("build"));
        save(root);
        let status = serving.child.wait().expect("wait");
        assert!(!status.success(), "step {k}: serve was killed");
        assert_eq!(
            read_tree(&root.join("build")),
            before,
            "step {k}: the publication before the save"
        );
        build_beside(root);
        assert_eq!(
            read_tree(&root.join("build")),
            crate::preview::cold_build(root),
            "step {k}"
        );
        let mut names: Vec<String> = std::fs::read_dir(root)
            .expect("read root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["build", "content"], "step {k}: nothing left over");
    }
}
