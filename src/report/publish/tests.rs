use super::*;

/// A book root with `build/` holding `old` and the staging folder `new`.
fn root(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kis-book-publish-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn put(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn a_switch_killed_between_its_two_renames_is_completed() {
    let dir = root("between");
    // `build/` moved aside, the complete staging folder not yet in place.
    put(&dir.join(PREVIOUS).join("site/index.html"), "old");
    put(&dir.join(STAGING).join("site/index.html"), "new");
    recover(&dir).expect("recover");
    assert_eq!(read(&dir.join("build/site/index.html")), "new");
    assert!(!dir.join(PREVIOUS).exists());
    assert!(!dir.join(STAGING).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_staging_folder_the_previous_publication_comes_back() {
    let dir = root("back");
    put(&dir.join(PREVIOUS).join("site/index.html"), "old");
    recover(&dir).expect("recover");
    assert_eq!(read(&dir.join("build/site/index.html")), "old");
    assert!(!dir.join(PREVIOUS).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_half_staged_publication_is_cleared_and_build_left_alone() {
    let dir = root("half");
    put(&dir.join("build/site/index.html"), "old");
    put(&dir.join(STAGING).join("site/index.html"), "half");
    recover(&dir).expect("recover");
    assert_eq!(read(&dir.join("build/site/index.html")), "old");
    assert!(!dir.join(STAGING).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_staged_publication_replaces_the_published_one_and_shares_unchanged_files() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = root("switch");
    put(&dir.join("build/site/index.html"), "home");
    put(&dir.join("build/site/a.html"), "old a");
    put(
        &dir.join("build/.kis-werkplan.pdf.77.kis-book-new"),
        "killed",
    );
    put(&dir.join("build/notities.txt"), "not kis-book's");
    let home = std::fs::metadata(dir.join("build/site/index.html"))
        .expect("stat")
        .ino();
    let publication = Publication::lock(&dir).expect("lock");
    let staging = publication.stage().expect("stage");
    crate::base::output::write_folder(
        &staging.path().join("site"),
        [
            ("index.html", crate::base::output::Content::Bytes(b"home")),
            ("b.html", crate::base::output::Content::Bytes(b"new b")),
        ],
    )
    .expect("write");
    // Not visible before the switch.
    assert_eq!(read(&dir.join("build/site/a.html")), "old a");
    staging.publish().expect("publish");
    assert_eq!(read(&dir.join("build/site/b.html")), "new b");
    assert!(!dir.join("build/site/a.html").exists());
    assert!(!dir.join("build/.kis-werkplan.pdf.77.kis-book-new").exists());
    assert_eq!(read(&dir.join("build/notities.txt")), "not kis-book's");
    let inode = std::fs::metadata(dir.join("build/site/index.html"))
        .expect("stat")
        .ino();
    assert_eq!(inode, home, "an unchanged file is the same file");
    assert!(!dir.join(STAGING).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_lock_on_the_same_book_is_refused() {
    let dir = root("lock");
    let first = Publication::lock(&dir).expect("lock");
    let second = Publication::lock(&dir).expect_err("busy");
    assert!(second.is::<Busy>(), "{second:#}");
    drop(first);
    Publication::lock(&dir).expect("free again");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every folder and file under `dir`, relative, with its inode: a copy in
/// hard links has the same.
fn inodes(dir: &Path) -> std::collections::BTreeMap<String, Option<u64>> {
    use std::os::unix::fs::MetadataExt as _;
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(dir).expect("under");
            let kind = entry.file_type();
            // Folders are made, not linked: their names only.
            let ino = (!kind.is_dir()).then(|| entry.metadata().expect("stat").ino());
            (rel.to_string_lossy().into_owned(), ino)
        })
        .collect()
}

/// One publication of a serve session: `files` written into the site.
fn publish_keeping(dir: &Path, kept: &mut Option<Kept>, files: &[(&str, &str)]) {
    let publication = Publication::lock_keeping(dir, kept.take()).expect("lock");
    let staging = publication.stage().expect("stage");
    assert_eq!(inodes(staging.path()), inodes(&publication.published()));
    crate::base::output::write_folder(
        &staging.path().join("site"),
        files
            .iter()
            .map(|(name, text)| (*name, crate::base::output::Content::Bytes(text.as_bytes()))),
    )
    .expect("write");
    *kept = staging.publish_keeping().expect("publish");
}

#[test]
fn a_kept_publication_is_brought_to_equal_the_published_one() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = root("kept");
    let outside = dir.with_file_name(format!("kis-book-publish-buiten-{}", std::process::id()));
    put(&outside.join("precious.txt"), "x");
    put(&dir.join("build/site/index.html"), "home");
    put(&dir.join("build/site/old/x.html"), "x");
    put(&dir.join("build/site/static/s.css"), "css");
    let mut kept = None;
    publish_keeping(
        &dir,
        &mut kept,
        &[
            ("index.html", "home"),
            ("a.html", "a"),
            ("static/s.css", "css"),
        ],
    );
    assert!(kept.is_some(), "the previous publication is kept");
    assert_eq!(read(&dir.join(STAGING).join("site/old/x.html")), "x");
    // A folder of the kept publication, held open: should it be removed
    // and made anew, its inode could not come back.
    let static_dir = std::fs::File::open(dir.join(STAGING).join("site/static")).expect("open");
    // Meanwhile someone replaces a published file by hand, and plants a
    // stray file, a link out of the book and a folder where a file was in
    // the kept folder.
    put(&dir.join("build/site/new.html"), "by hand");
    std::fs::rename(
        dir.join("build/site/new.html"),
        dir.join("build/site/index.html"),
    )
    .expect("replace");
    put(&dir.join(STAGING).join("site/stray.html"), "stray");
    std::os::unix::fs::symlink(&outside, dir.join(STAGING).join("site/link")).expect("link");
    std::fs::remove_file(dir.join(STAGING).join("site/index.html")).expect("rm");
    put(&dir.join(STAGING).join("site/index.html/deep.html"), "deep");
    // The next publication starts as the published one (asserted in
    // `publish_keeping`), from the kept folders.
    publish_keeping(
        &dir,
        &mut kept,
        &[
            ("index.html", "home"),
            ("b.html", "b"),
            ("static/s.css", "css 2"),
        ],
    );
    assert_eq!(
        std::fs::metadata(dir.join(BUILD_DIR).join("site/static"))
            .expect("stat")
            .ino(),
        static_dir.metadata().expect("stat").ino(),
        "the kept folder was brought up to date, not made anew"
    );
    assert_eq!(read(&dir.join("build/site/index.html")), "home");
    assert!(!dir.join("build/site/a.html").exists());
    assert!(!dir.join("build/site/stray.html").exists());
    assert_eq!(read(&dir.join("build/site/static/s.css")), "css 2");
    assert_eq!(read(&outside.join("precious.txt")), "x", "nothing outside");
    assert_eq!(
        std::fs::read_dir(&outside).expect("outside").count(),
        1,
        "nothing written outside"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn a_kept_publication_that_another_build_replaced_is_staged_afresh() {
    let dir = root("replaced");
    put(&dir.join("build/site/index.html"), "home");
    let mut kept = None;
    publish_keeping(&dir, &mut kept, &[("index.html", "home 2")]);
    assert!(kept.is_some());
    // `kis-book build` from another terminal: it clears the kept folder
    // and switches its own publication in.
    let other = Publication::lock(&dir).expect("lock");
    let staging = other.stage().expect("stage");
    crate::base::output::write_folder(
        &staging.path().join("site"),
        [("index.html", crate::base::output::Content::Bytes(b"home 3"))],
    )
    .expect("write");
    staging.publish().expect("publish");
    drop(other);
    assert!(!dir.join(STAGING).exists());
    let publication = Publication::lock_keeping(&dir, kept).expect("lock");
    assert!(
        publication.kept.is_none(),
        "not the folders the session left"
    );
    drop(publication);
    // A half-staged folder a killed build left in the kept one's place.
    put(&dir.join(STAGING).join("site/half.html"), "half");
    let publication = Publication::lock_keeping(&dir, kept).expect("lock");
    assert!(publication.kept.is_none());
    assert!(!dir.join(STAGING).exists(), "cleared");
    let staging = publication.stage().expect("stage");
    assert_eq!(inodes(staging.path()), inodes(&publication.published()));
    drop(staging);
    let _ = std::fs::remove_dir_all(&dir);
}
