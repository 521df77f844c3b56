//! Completeness of content/: the share of the printed plan's running text
//! (../shared/seed/werkprogramma-2019.txt) whose words are in the Markdown,
//! measured by scripts/seed-coverage.py.

use std::process::Command;

use crate::common::repo_root;

#[test]
fn almost_every_word_of_the_seed_is_in_content() {
    let root = repo_root();
    let out = Command::new("python3")
        .arg(root.join("scripts/seed-coverage.py"))
        .args(["--missing", "-1"])
        .current_dir(&root)
        .output()
        .expect("python3 runs (scripts/test.sh installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    let line = report
        .lines()
        .find(|l| l.starts_with("word occurrences found:"))
        .unwrap_or_else(|| {
            panic!(
                "no figure in the report:\n{report}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    // "word occurrences found: 39132 / 39173 (99.9%)"
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(2)
        .map(|s| s.parse().expect("number"))
        .collect();
    let (found, total) = (numbers[0], numbers[1]);
    assert!(total > 35_000, "the seed has some 39.000 words: {line}");
    // What is knowingly missing: the month marks of 4.5's planning grid that
    // the PDF extraction lost, one line the extraction printed twice, and a
    // few headings; see the report for the list.
    assert!(
        total - found <= 60,
        "{} words of the seed are missing:\n{report}",
        total - found
    );
}
