//! The front door (issue 23, item 5): run from inside a book, commands find
//! its root as git finds its repository; `new` takes ROOT like every other
//! command; `kis-book schema --write` puts the schemas beside book.yaml,
//! which names them, in a repository that holds only the book; a built book
//! shows git nothing to commit.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{copy_dir, repo_root, small_book, stderr, stdout};

/// Runs kis-book in `dir`.
fn kis_book_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kis-book")
}

/// A temporary folder holding only the small book's `content/`.
fn small_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&small_book(), dir.path());
    dir
}

/// A temporary folder holding only the 2019 book's `content/`.
fn werkplan_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    dir
}

#[test]
fn commands_run_inside_a_book_find_its_root_above() {
    let book = small_copy();
    let root = book.path();
    let from_root = kis_book_in(root, &["budget", "--format", "csv"]);
    assert!(from_root.status.success(), "{}", stderr(&from_root));
    assert!(stderr(&from_root).is_empty(), "{}", stderr(&from_root));

    for (dir, found) in [("content", ".."), ("content/02-projecten", "../..")] {
        let inside = kis_book_in(&root.join(dir), &["budget", "--format", "csv"]);
        assert!(inside.status.success(), "{dir}: {}", stderr(&inside));
        assert_eq!(inside.stdout, from_root.stdout, "{dir}: the same budget");
        assert_eq!(
            stderr(&inside),
            format!(
                "using the book at `{found}` (no content/ folder in `.`; the book is the folder \
                 above that holds one)\n"
            )
        );
    }

    // `check` names files from where it runs, so an editor can open them.
    let chapter = root.join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(
        &chapter,
        text.replacen("{{ available }}", "{{ beschikbaar }}", 1),
    )
    .expect("write");
    let check = kis_book_in(&root.join("content"), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("\n../content/01-inleiding.md:"),
        "{}",
        stderr(&check)
    );

    // A ROOT given on the command line is found above the same way.
    let given = kis_book_in(root, &["check", "content/02-projecten"]);
    assert!(
        stderr(&given)
            .starts_with("using the book at `.` (no content/ folder in `content/02-projecten`;"),
        "{}",
        stderr(&given)
    );

    // A mistyped ROOT is not replaced by the book around it.
    let typo = kis_book_in(root, &["check", "contnet"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        !stderr(&typo).contains("using the book"),
        "{}",
        stderr(&typo)
    );

    // Outside any book, the message is today's.
    let nowhere = tempfile::tempdir().expect("temp dir");
    let outside = kis_book_in(nowhere.path(), &["check"]);
    assert_eq!(outside.status.code(), Some(1));
    assert!(!stderr(&outside).contains("using the book"));
    assert!(stderr(&outside).contains("content"), "{}", stderr(&outside));
}

#[test]
fn new_takes_root_like_every_other_command() {
    let book = werkplan_copy();
    let root = book.path().to_str().expect("utf-8 path");
    let elsewhere = tempfile::tempdir().expect("temp dir");

    let project = kis_book_in(
        elsewhere.path(),
        &[
            "new",
            "project",
            "1.9",
            "Nieuw project",
            "--theme",
            "1",
            root,
        ],
    );
    assert!(project.status.success(), "{}", stderr(&project));
    let theme = book
        .path()
        .join("content/03-themas-en-projecten/1-nieuwe-migratie");
    assert!(
        theme.join("1.9-nieuw-project.md").is_file(),
        "{}",
        stderr(&project)
    );

    // The 2019 plan has no free chapter number before its appendix (06):
    // give the appendix a higher one first, as `new chapter` advises.
    let content = book.path().join("content");
    std::fs::rename(
        content.join("06-raad-van-advies.md"),
        content.join("80-raad-van-advies.md"),
    )
    .expect("renumber the appendix");
    let linking = content.join("02-functie-en-hoofdlijnen.md");
    let text = std::fs::read_to_string(&linking).expect("read");
    std::fs::write(
        &linking,
        text.replace("06-raad-van-advies.md", "80-raad-van-advies.md"),
    )
    .expect("write");
    let chapter = kis_book_in(elsewhere.path(), &["new", "chapter", "Evaluatie", root]);
    assert!(chapter.status.success(), "{}", stderr(&chapter));
    // `--root` still works, before or after the subcommand.
    let alias = kis_book_in(
        elsewhere.path(),
        &["new", "--root", root, "chapter", "Nawoord"],
    );
    assert!(alias.status.success(), "{}", stderr(&alias));
    let names: Vec<String> = std::fs::read_dir(book.path().join("content"))
        .expect("read content")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for title in ["evaluatie", "nawoord"] {
        assert!(
            names.iter().any(|n| n.ends_with(&format!("-{title}.md"))),
            "{names:?}"
        );
    }

    let two = kis_book_in(
        elsewhere.path(),
        &["new", "chapter", "Twee", root, "--root", "elders"],
    );
    assert_eq!(two.status.code(), Some(2));
    assert!(stderr(&two).contains("two roots given"), "{}", stderr(&two));

    let check = kis_book_in(book.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn schema_write_puts_the_schemas_beside_book_yaml() {
    // A repository that holds only the book: content/ and nothing else.
    let only_book = werkplan_copy();
    let content = only_book.path().join("content");
    for name in ["book.schema.json", "front-matter.schema.json"] {
        std::fs::remove_file(content.join(name)).expect("remove the copied schema");
    }

    let write = kis_book_in(&content, &["schema", "--write"]);
    assert!(write.status.success(), "{}", stderr(&write));
    assert!(
        stderr(&write).ends_with(
            "wrote ../content/book.schema.json\nwrote ../content/front-matter.schema.json\n"
        ),
        "{}",
        stderr(&write)
    );

    // book.yaml names a schema that is there, and says how it got there.
    let yaml = std::fs::read_to_string(content.join("book.yaml")).expect("read book.yaml");
    let first = yaml.lines().next().expect("a first line");
    let named = first
        .strip_prefix("# yaml-language-server: $schema=")
        .expect("a yaml-language-server line first");
    assert!(
        content.join(named).is_file(),
        "{named} is not beside book.yaml"
    );
    assert!(yaml.contains("`kis-book schema --write`"), "{yaml}");

    for (name, args) in [
        ("book.schema.json", &["schema", "--config"][..]),
        ("front-matter.schema.json", &["schema"][..]),
    ] {
        let printed = kis_book_in(only_book.path(), args);
        assert!(printed.status.success(), "{}", stderr(&printed));
        let written = std::fs::read_to_string(content.join(name)).expect("read schema");
        assert_eq!(written, stdout(&printed), "{name}");
    }

    // Still a clean book: the schemas are no chapters.
    let check = kis_book_in(only_book.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn a_built_book_leaves_git_nothing_to_commit() {
    let book = small_copy();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(book.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    git(&["init", "-q"]);
    git(&["add", "content"]);
    let build = kis_book_in(book.path(), &["build", "--only", "site"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(book.path().join("build/site/index.html").is_file());
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(status.lines().count() > 3, "{status}");
    for line in status.lines() {
        assert!(line.starts_with("A  content/"), "git shows `{line}`");
    }
    // `diff` finds the book above too, as git finds the repository.
    git(&[
        "-c",
        "user.name=Redactie",
        "-c",
        "user.email=r@example.org",
        "commit",
        "-qm",
        "begin",
    ]);
    let diff = kis_book_in(&book.path().join("content/02-projecten"), &["diff", "HEAD"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(
        stderr(&diff).starts_with("using the book at `../..`"),
        "{}",
        stderr(&diff)
    );
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(status, "", "after the commit");
    // A second build, over the first, changes nothing of that either.
    let again = kis_book_in(book.path(), &["build", "--only", "site"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        git(&["status", "--porcelain", "--untracked-files=all"]),
        status
    );
}
