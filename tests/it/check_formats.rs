//! `kis-book check --format json|github` on a bad copy of the fixture book,
//! run from the book's folder as CI runs it, so that paths are relative.
//!
//! The bad book, worked out by hand from the fixture (tests/it/budget.rs):
//! 1.1's Senior 10 → 12 hours adds 2 × (100 + 10 + 20) = 260; E's
//! Programmaleiding 8 → 9 hours adds 120 + 10 + 20 = 150, so E adds up to
//! 1.850 against its declared 1.700 (a warning at `declared_total`, line 11
//! column 19 of content/03-leiding.md), and the programme to 7.250 + 410 =
//! 7.660, € 410 above the available 7.250 (an error at `available_budget`,
//! line 11 column 19 of content/book.yaml).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{copy_book, small_book, stderr, stdout};

fn bad_book() -> tempfile::TempDir {
    let book = copy_book(&small_book());
    let edit = |rel: &str, from: &str, to: &str| {
        let path = book.path().join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.matches(from).count(), 1, "{from}");
        std::fs::write(&path, text.replace(from, to)).expect("write");
    };
    edit(
        "content/02-projecten/1.1-werk.md",
        "Senior: 10\n",
        "Senior: 12\n",
    );
    edit("content/03-leiding.md", "{ hours: 8,", "{ hours: 9,");
    book
}

fn check_in(dir: &Path, args: &[&str], summary: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kis-book"));
    cmd.arg("check").args(args).current_dir(dir);
    match summary {
        Some(path) => cmd.env("GITHUB_STEP_SUMMARY", path),
        None => cmd.env_remove("GITHUB_STEP_SUMMARY"),
    };
    cmd.output().expect("run kis-book")
}

#[test]
fn json_lists_every_diagnostic_with_its_place_and_code() {
    let book = bad_book();
    let out = check_in(book.path(), &["--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let items = json.as_array().expect("a JSON array");
    assert_eq!(items.len(), 2, "{json}");

    let warning = &items[0];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "content/03-leiding.md");
    assert_eq!(
        (&warning["line"], &warning["column"]),
        (&11.into(), &19.into())
    );
    assert_eq!(warning["code"], "KB0320");
    assert_eq!(
        warning["message"],
        "budget E adds up to € 1.850, but its declared total is € 1.700"
    );
    assert!(
        warning["hint"]
            .as_str()
            .is_some_and(|h| h.contains("declared_total"))
    );

    let error = &items[1];
    assert_eq!(error["severity"], "error");
    assert_eq!(error["file"], "content/book.yaml");
    assert_eq!((&error["line"], &error["column"]), (&11.into(), &19.into()));
    assert_eq!(error["code"], "KB0321");
    assert_eq!(
        error["message"],
        "the programme total € 7.660 is € 410 above the available budget € 7.250"
    );
}

#[test]
fn json_of_a_clean_book_is_an_empty_array() {
    let out = check_in(&small_book(), &["--format", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn json_of_a_yaml_error_has_a_code_and_a_place() {
    let book = copy_book(&small_book());
    std::fs::write(
        book.path().join("content/02-projecten/2.1-wonen.md"),
        "---\nid: \"2.1\"\ntitle: Wonen\n  theme: \"2\"\n---\n\nTekst\n",
    )
    .expect("write");
    let out = check_in(book.path(), &["--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let item = &json[0];
    assert_eq!(item["file"], "content/02-projecten/2.1-wonen.md");
    assert_eq!((&item["line"], &item["column"]), (&4.into(), &8.into()));
    let code = item["code"].as_str().expect("a code");
    assert!(
        code.len() == 6 && code.starts_with("KB") && code[2..].chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
}

#[test]
fn github_annotations_and_job_summary() {
    let book = bad_book();
    let summary_dir = tempfile::tempdir().expect("temp dir");
    let summary = summary_dir.path().join("step-summary.md");
    std::fs::write(&summary, "# Eerdere stap\n").expect("write");

    let out = check_in(book.path(), &["--format", "github"], Some(&summary));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(
            "::warning file=content/03-leiding.md,line=11,col=19,title=KB0320%3A a budget \
             differs from its declared total::budget E adds up to € 1.850, but its declared \
             total is € 1.700%0Ahint: "
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(
            "::error file=content/book.yaml,line=11,col=19,title=KB0321%3A the programme total \
             is above the available budget::the programme total € 7.660 is € 410 above the \
             available budget € 7.250%0Ahint: "
        ),
        "{}",
        lines[1]
    );

    let written = std::fs::read_to_string(&summary).expect("read summary");
    assert!(
        written.starts_with("# Eerdere stap\n## kis-book check\n"),
        "{written}"
    );
    for part in [
        "**1 fout, 1 waarschuwing.**",
        "| fout | KB0321 | `content/book.yaml:11:19` | the programme total € 7.660 is € 410 \
         above the available budget € 7.250<br>",
        "| waarschuwing | KB0320 | `content/03-leiding.md:11:19` |",
        "| Programmatotaal | € 7.660 |",
        "| Totaal beschikbaar budget | € 7.250 |",
        "| Tekort | € 410 |",
    ] {
        assert!(written.contains(part), "no `{part}` in:\n{written}");
    }

    // Without GITHUB_STEP_SUMMARY only the commands are written.
    let out = check_in(book.path(), &["--format", "github"], None);
    assert_eq!(stdout(&out), text);
}

#[test]
fn human_output_shows_the_codes_and_colours_only_on_request() {
    let book = bad_book();
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kis-book"));
        cmd.arg("check").current_dir(book.path());
        for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
            cmd.env_remove(var);
        }
        cmd.envs(env.iter().copied());
        cmd.output().expect("run kis-book")
    };
    // Piped: plain text, each diagnostic with its code as rustc shows its
    // own, then where the codes are explained.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let plain = stderr(&out);
    assert!(
        plain.contains(
            "content/book.yaml:11:19: error[KB0321]: the programme total € 7.660 is € 410 above \
             the available budget € 7.250\n  = hint: "
        ),
        "{plain}"
    );
    assert!(
        plain.contains("content/03-leiding.md:11:19: warning[KB0320]: budget E adds up to"),
        "{plain}"
    );
    assert!(
        plain.ends_with(
            "1 error(s), 1 warning(s)\nwhat each code means and how to fix it: \
             docs/diagnostics.md (KB0320, KB0321)\n"
        ),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "{plain}");
    // Colours when asked for (as on a terminal), the same text without
    // them; none with NO_COLOR, whatever else is set.
    let coloured = stderr(&run(&[("CLICOLOR_FORCE", "1")]));
    assert!(
        coloured.contains("\x1b[1m\x1b[31merror[KB0321]:"),
        "{coloured:?}"
    );
    assert_eq!(strip_escapes(&coloured), plain);
    let refused = stderr(&run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert_eq!(refused, plain);
}

/// `text` without its ANSI escape sequences (`ESC [ … m`).
fn strip_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
