//! The workflow of docs/ci.md and scripts/pre-commit, run on a throwaway
//! git repository (tests/it/git_repo.rs): what an editor's push and commit
//! go through.

use std::process::Command;

use crate::common::{stderr, stdout};
use crate::git_repo::{PROJECT_11, PROJECT_21, Repo, path_with_kis_book};

/// The `kis-book` lines of the workflow in docs/ci.md, run as the workflow
/// runs them on a pull request and on `main`: from the repository's top,
/// with the book in `werkplan/` and the base branch fetched as
/// `origin/main` (here the fixture as first committed).
#[test]
fn the_workflow_in_docs_ci_md() {
    let docs = std::fs::read_to_string(crate::common::repo_root().join("docs/ci.md"))
        .expect("read docs/ci.md");
    let workflow = docs
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a yaml block in docs/ci.md");
    let commands: Vec<&str> = workflow
        .lines()
        .map(|l| l.trim().trim_start_matches("run: "))
        .filter(|l| l.starts_with("kis-book "))
        .collect();
    assert_eq!(
        commands.len(),
        4,
        "check, review build, diff and build: {commands:?}"
    );

    let repo = Repo::with_history();
    let tip = repo.git(&["rev-parse", "begin"]);
    repo.git(&["update-ref", "refs/remotes/origin/main", tip.trim()]);
    let summary = repo.top().join("step-summary.md");
    let run = |command: &str| {
        Command::new("sh")
            .args(["-c", command])
            .current_dir(repo.top())
            .env("PATH", path_with_kis_book())
            .env("BOOK", "werkplan")
            .env("BASE", "main")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("REVIEW_URL", "https://kis.github.io/werkplan/review/7/")
            .output()
            .expect("run sh")
    };

    let check = run(commands[0]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}: {}",
        commands[0],
        stderr(&check)
    );
    assert!(
        stdout(&check).starts_with(
            "::warning file=werkplan/content/book.yaml,line=11,col=19,title=KB0322%3A part of \
             the available budget is not allocated::€ 665 of the available budget € 7.250 is \
             not allocated (programme total € 6.585)"
        ),
        "{}",
        stdout(&check)
    );
    let written = std::fs::read_to_string(&summary).expect("the job summary");
    assert!(written.contains("| Resterend | € 665 |"), "{written}");

    // The review copy: built for its address under GitHub Pages, not to
    // be indexed, its 404 page styled under that path.
    let review = run(commands[1]);
    assert_eq!(
        review.status.code(),
        Some(0),
        "{}: {}",
        commands[1],
        stderr(&review)
    );
    let site = repo.book().join("build/site");
    let read = |file: &str| std::fs::read_to_string(site.join(file)).expect(file);
    assert!(read("index.html").contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!read("index.html").contains("example.org/proef"));
    assert!(read("404.html").contains("href=\"/werkplan/review/7/static/site.css\""));

    let diff = run(commands[2]);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}: {}",
        commands[2],
        stderr(&diff)
    );
    let comment = std::fs::read_to_string(repo.top().join("budget-diff.md")).expect("comment");
    let opening: Vec<&str> = comment.lines().take(3).collect();
    assert_eq!(
        opening,
        [
            "**Binnen het beschikbare budget van € 7.250: Resterend € 665 (was Resterend € 0)**",
            "",
            "Programmatotaal € 7.250 → € 6.585 (-€ 665); 2 begrotingen gewijzigd, 1 toegevoegd, \
             1 verwijderd, 1 verplaatst; 1 tarief gewijzigd"
        ]
    );

    let build = run(commands[3]);
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}: {}",
        commands[3],
        stderr(&build)
    );
    // What the workflow uploads: `$BOOK/build/*.pdf` and `$BOOK/build/site/`.
    assert!(repo.book().join("build/proef-werkplan.pdf").is_file());
    assert!(repo.book().join("build/site/index.html").is_file());
}

/// scripts/pre-commit checks the book as staged: an unstaged mistake does
/// not stop a commit, a staged one does, and nothing is changed by it.
#[test]
fn the_pre_commit_hook_checks_what_is_staged() {
    let repo = Repo::new();
    let hook = repo.top().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks")).expect("hooks folder");
    std::fs::copy(crate::common::repo_root().join("scripts/pre-commit"), &hook)
        .expect("install the hook");
    repo.git(&["config", "hooks.kisBookRoot", "werkplan"]);

    repo.edit(
        PROJECT_21,
        "title: Wonen in de wijk\n",
        "title: Wonen in de buurt\n",
    );
    repo.write(
        PROJECT_11,
        "---\nid: \"1.1\"\ntitle: Werk\n  theme: \"1\"\n---\n\nTekst\n",
    );
    repo.git(&["add", &format!("werkplan/{PROJECT_21}")]);
    let out = repo.git_output(&["commit", "--quiet", "-m", "titel"]);
    assert!(
        out.status.success(),
        "an unstaged mistake stops the commit: {}",
        stderr(&out)
    );

    repo.git(&["add", "-A"]);
    let status = repo.git(&["status", "--porcelain"]);
    let out = repo.git_output(&["commit", "--quiet", "-m", "kapot"]);
    assert!(!out.status.success(), "a staged mistake is committed");
    let err = stderr(&out);
    assert!(
        err.contains("content/02-projecten/1.1-werk.md:4:8: error["),
        "{err}"
    );
    assert!(
        err.contains("pre-commit: the staged book has errors"),
        "{err}"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), status);
    assert_eq!(repo.git(&["log", "--format=%s"]).trim(), "titel\nbegin");
}
