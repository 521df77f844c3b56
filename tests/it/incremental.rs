//! The compile of a save in a session that rebuilds (`kis-book serve`)
//! reuses what each unchanged file gave before (src/base/memo.rs). Whatever
//! the saves, the session must find what a cold compile of the same
//! sources finds: the same compiled book and the same diagnostics, in the
//! same order. A stale result kept too long is the bug this looks for.

use std::path::Path;

use kis_book::report::build::{self, Session};

use crate::common::{copy_dir, replace_once, repo_root};

const CHAPTER: &str = "content/03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md";
const INTRODUCTION: &str = "content/01-inleiding.md";
const NEW_PAGE: &str = "content/03-themas-en-projecten/1-nieuwe-migratie/1.5-nieuw.md";

/// What a compile of the book at `root` gives, as text to compare: the
/// compiled book and every diagnostic, in order.
fn compiled(session: &mut Session, root: &Path) -> (String, String, bool) {
    let compilation = session.check(root);
    session.trim();
    (
        format!("{:#?}", compilation.compiled),
        format!("{:#?}", compilation.diagnostics),
        compilation.diagnostics.has_errors(),
    )
}

/// Compiles the book at `root` in the long session and cold, and asserts
/// that both give the same; returns the session's.
fn same_as_cold(session: &mut Session, root: &Path, step: &str) -> (String, String, bool) {
    let kept = compiled(session, root);
    let cold = compiled(&mut Session::new(&build::options(false)), root);
    assert!(
        kept.0 == cold.0,
        "{step}: the compiled book differs from a cold compile"
    );
    assert_eq!(
        kept.1, cold.1,
        "{step}: the diagnostics differ from a cold compile"
    );
    kept
}

#[test]
fn after_any_saves_a_session_compiles_what_a_cold_compile_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("content"), &root.join("content"));
    let (chapter, introduction) = (root.join(CHAPTER), root.join(INTRODUCTION));
    let mut session = Session::new(&build::serve_options());
    let first = same_as_cold(&mut session, root, "the first compile");
    assert!(first.0.contains("2620019"), "the 2019 programme total");

    // A link from the introduction to a heading of the chapter.
    let intro = std::fs::read_to_string(&introduction).expect("read");
    std::fs::write(
        &introduction,
        format!(
            "{intro}\nZie de [doelstelling](03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md#doelstelling).\n"
        ),
    )
    .expect("save");
    let linked = same_as_cold(&mut session, root, "a link added");
    assert!(!linked.2, "the link resolves: {}", linked.1);

    // A sentence, a heading.
    replace_once(
        &chapter,
        "## Doelstelling\n",
        "## Doelstelling\n\nEen nieuwe zin.\n",
    );
    let text = same_as_cold(&mut session, root, "a sentence");
    assert!(text.0.contains("Een nieuwe zin."));
    replace_once(
        &chapter,
        "## Aanleiding\n",
        "## Aanleiding van het project\n",
    );
    let heading = same_as_cold(&mut session, root, "a heading");
    assert!(heading.0.contains("aanleiding-van-het-project"));

    // The heading the introduction links to renamed: the unchanged
    // introduction's link is broken now, and fixed again.
    replace_once(&chapter, "## Doelstelling\n", "## Doelen\n");
    let renamed = same_as_cold(&mut session, root, "a linked heading renamed");
    assert!(renamed.2, "the broken link is an error");
    assert!(renamed.1.contains("01-inleiding.md"), "{}", renamed.1);
    replace_once(&chapter, "## Doelen\n", "## Doelstelling\n");
    let restored = same_as_cold(&mut session, root, "the heading back");
    assert!(!restored.2, "{}", restored.1);

    // A budget's hours: every figure of it and of the programme changes.
    replace_once(&chapter, "Onderzoeker: 220", "Onderzoeker: 210");
    let budget = same_as_cold(&mut session, root, "a budget's hours");
    assert!(budget.0 != restored.0);
    let totals = |compiled: &str| compiled.matches("2620019").count();
    assert!(
        totals(&budget.0) < totals(&restored.0),
        "the programme total moved (the available budget stays)"
    );

    // A new page, then the front matter broken and fixed again.
    std::fs::write(
        root.join(NEW_PAGE),
        "---\ntitle: \"Een nieuw project\"\n---\n\n## Aanleiding\n\nZie [het project](1.3-schakeljaren.md#doelstelling).\n",
    )
    .expect("save");
    let added = same_as_cold(&mut session, root, "a new page");
    assert!(added.0.contains("Een nieuw project"));
    replace_once(&chapter, "theme: \"1\"\n", "theme: [\"1\"\n");
    let broken = same_as_cold(&mut session, root, "broken front matter");
    assert!(broken.2, "the broken front matter is an error");
    replace_once(&chapter, "theme: [\"1\"\n", "theme: \"1\"\n");
    let fixed = same_as_cold(&mut session, root, "front matter fixed");
    assert!(!fixed.2, "{}", fixed.1);
    assert_eq!(fixed.0, added.0, "fixed is as before it broke");

    // Back to the sources of the start, after the cache saw all of this.
    std::fs::remove_file(root.join(NEW_PAGE)).expect("remove");
    replace_once(&chapter, "Onderzoeker: 210", "Onderzoeker: 220");
    replace_once(
        &chapter,
        "## Aanleiding van het project\n",
        "## Aanleiding\n",
    );
    replace_once(
        &chapter,
        "## Doelstelling\n\nEen nieuwe zin.\n",
        "## Doelstelling\n",
    );
    std::fs::write(&introduction, intro).expect("save");
    let again = same_as_cold(&mut session, root, "the sources of the start");
    assert_eq!(again.0, first.0);
    assert_eq!(again.1, first.1);
}
