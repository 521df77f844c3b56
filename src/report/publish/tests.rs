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
