//! Rebuilds in one session (as `kis-book serve` makes them, with Typst's
//! caches, the edited main source and the site's caches kept) give exactly
//! the files a fresh `kis-book build` of the same sources gives.

use std::path::Path;
use std::process::Command;

use kis_book::report::build::{self, BuildFailure, Session};

const CHAPTER: &str = "content/03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md";

fn build_here(session: &mut Session, root: &Path) {
    match session.build(root) {
        Ok(_) => {}
        Err(BuildFailure::Book(d)) => panic!("{d:?}"),
        Err(BuildFailure::Output(e)) => panic!("{e:#}"),
    }
    session.trim();
}

#[test]
fn rebuilds_in_one_process_equal_a_fresh_build() {
    let served = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(
        &crate::common::repo_root().join("content"),
        &served.path().join("content"),
    );
    let mut session = Session::new(&build::serve_options());
    build_here(&mut session, served.path());
    let chapter = served.path().join(CHAPTER);
    let original = std::fs::read_to_string(&chapter).expect("read");
    // Saves as an editor makes them: a paragraph, a sentence more, a
    // footnote, a heading, and a paragraph taken out again.
    let saves = [
        "\nEen nieuwe alinea.\n",
        "\nEen nieuwe alinea. Met een tweede zin die langer is dan de eerste.\n",
        "\nEen nieuwe alinea met een voetnoot.[^extra]\n\n[^extra]: De voetnoot.\n",
        "\n## Een nieuwe kop\n\nEen nieuwe alinea met een voetnoot.[^extra]\n\n[^extra]: De voetnoot.\n",
        "",
    ];
    for added in saves {
        std::fs::write(&chapter, format!("{original}{added}")).expect("save");
        build_here(&mut session, served.path());
    }
    std::fs::write(&chapter, format!("{original}{}", saves[3])).expect("save");
    build_here(&mut session, served.path());

    let fresh = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(
        &served.path().join("content"),
        &fresh.path().join("content"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .arg("build")
        .arg(fresh.path())
        .output()
        .expect("run kis-book");
    assert!(out.status.success(), "{}", crate::common::stderr(&out));

    let (a, b) = (
        crate::common::read_tree(&served.path().join("build")),
        crate::common::read_tree(&fresh.path().join("build")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let page = String::from_utf8_lossy(&a["site/1.3-schakeljaren/index.html"]);
    assert!(page.contains("Een nieuwe kop"), "the last save is built");
    for (path, bytes) in &a {
        assert!(
            b[path] == *bytes,
            "{path} differs from a fresh build of the same sources"
        );
    }
}
