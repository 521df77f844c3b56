//! The page flow of the printed plan, measured by `scripts/layout-report.py`
//! (poppler's word boxes and outline): the 2019 PDF as the communication
//! team sends it out. The goals come from the issue and the published plan
//! (about 91 pages): at most 92 pages, no page under 30 % full but a
//! chapter's last, no heading at a page's foot, no budget table continued
//! on a page without its organisation's name.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{repo_root, write_file};
use crate::pdf::{PDF, build, poppler, the_plan};

/// The report of `pdf` as JSON: `pages`, `fill` and `flags` per page.
fn layout_report(pdf: &Path) -> Value {
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/layout-report.py"))
        .arg("--json")
        .arg(pdf)
        .output()
        .expect("run python3 scripts/layout-report.py");
    assert!(
        out.status.success(),
        "layout-report failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

fn pages(report: &Value) -> u64 {
    report["pages"].as_u64().expect("a page count")
}

/// The flags of every page whose flags start with `kind`.
fn flagged<'a>(report: &'a Value, kind: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for (page, flags) in report["flags"].as_object().expect("flags").iter() {
        for flag in flags.as_array().expect("a list") {
            let flag = flag.as_str().expect("text");
            if flag.starts_with(kind) {
                out.push((page.as_str(), flag));
            }
        }
    }
    out
}

#[test]
fn the_2019_plan_has_the_page_flow_of_the_published_plan() {
    let report = layout_report(&the_plan().pdf);
    let fills = &report["fill"];
    // The published plan has about 91 pages; every project on a page of
    // its own made 100.
    assert!(
        pages(&report) <= 92,
        "{} pages; fill: {fills}",
        pages(&report)
    );
    for kind in [
        "near-empty",
        "blank",
        "heading-at-foot",
        "continuation-without-organisation",
    ] {
        assert_eq!(flagged(&report, kind), [], "{kind}; fill: {fills}");
    }
}

/// The page each top-level and nested outline entry points to, by title.
fn outline_pages(pdf: &Path) -> Vec<(usize, String)> {
    let out = Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("run pdftohtml (apt-get install poppler-utils)");
    let xml = String::from_utf8_lossy(&out.stdout);
    xml.split("<item page=\"")
        .skip(1)
        .filter_map(|rest| {
            let (page, rest) = rest.split_once("\">")?;
            let (title, _) = rest.split_once("</item>")?;
            Some((page.parse().ok()?, title.to_owned()))
        })
        .collect()
}

/// The text of page `page` as laid out (the running head is its first
/// line).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
}

/// "Project 1.2" of "Project 1.2 Duurzame arbeidsparticipatie …".
fn project_number(title: &str) -> String {
    title.split(' ').take(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn projects_run_on_unless_the_book_asks_for_a_page_each() {
    let plan = the_plan();
    let projects: Vec<(usize, String)> = outline_pages(&plan.pdf)
        .into_iter()
        .filter(|(_, title)| title.starts_with("Project "))
        .collect();
    // Run on: projects start under the budget of the one before, on the
    // same page.
    let run_on = projects
        .iter()
        .filter(|(page, title)| {
            let text = page_text(&plan.pdf, *page);
            let number = project_number(title);
            let before = text.split(number.as_str()).next().unwrap_or_default();
            before.contains("Totaal")
        })
        .count();
    assert!(run_on >= 10, "only {run_on} projects run on after a budget");

    // A page each: every project opens its page, under the running head.
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    let config = dir.path().join("content/book.yaml");
    let yaml = std::fs::read_to_string(&config).expect("read book.yaml");
    let page_each = yaml.replace("page_per_project: false", "page_per_project: true");
    assert_ne!(page_each, yaml, "book.yaml states pdf.page_per_project");
    write_file(&config, page_each);
    let out = build(dir.path(), &["--only", "pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join(PDF);
    // (A part of a project, 3.7A, opens the page of its project's title.)
    for (page, title) in outline_pages(&pdf)
        .into_iter()
        .filter(|(_, title)| title.starts_with("Project "))
    {
        let text = page_text(&pdf, page);
        let mut lines = text.lines().filter(|line| !line.trim().is_empty());
        let _running_head = lines.next();
        let first = lines.next().unwrap_or_default().trim();
        assert!(
            first.starts_with("Project "),
            "p. {page}: {first:?}, not {title}"
        );
    }
    // Which costs pages: more than the 92 of the plan that runs on.
    let report = layout_report(&pdf);
    assert!(pages(&report) > 92, "{} pages", pages(&report));
}

#[test]
fn a_page_carries_its_chapter_and_theme_in_the_running_head() {
    let plan = the_plan();
    let outline = outline_pages(&plan.pdf);
    let page_of = |prefix: &str| {
        outline
            .iter()
            .find(|(_, title)| title.starts_with(prefix))
            .map(|(page, _)| *page)
            .unwrap_or_else(|| panic!("{prefix} in the outline"))
    };
    // The page after the start of project 1.2 is in chapter 3, theme 1;
    // chapter 3's own title is in content/03-themas-en-projecten/index.md.
    let page = page_of("Project 1.2") + 1;
    let text = page_text(&plan.pdf, page);
    let head = text.lines().next().unwrap_or_default();
    assert!(
        head.contains("3 Thema’s en projecten"),
        "p. {page}: {head:?}"
    );
    assert!(
        head.contains("Thema 1. Nieuwe migratie"),
        "p. {page}: {head:?}"
    );
    // A chapter's opening page has none: its title is on it.
    let opening = page_of("1 Inleiding");
    let first = page_text(&plan.pdf, opening);
    let first = first
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    assert_eq!(
        first.trim(),
        "1",
        "p. {opening} opens with the chapter number"
    );
}

#[test]
fn an_organisation_longer_than_a_page_names_itself_again_where_it_goes_on() {
    // Function E of the small book with sixty roles for Alpha Instituut
    // (at 0 hours, within the available budget): 62 lines, more than a
    // page holds.
    let dir = crate::common::copy_book(&crate::common::small_book());
    let roles: String = (1..=60)
        .map(|i| format!("      Rol {i:02}: {{ hours: 0, rate: 10 }}\n"))
        .collect();
    write_file(
        &dir.path().join("content/03-leiding.md"),
        format!(
            "---\nid: E\ntitle: Programmaleiding\nfunction: E\nbudget:\n  hours:\n    alpha:\n\
             {roles}    beta:\n      Expert: 2\n  material: 80\n---\n\n\
             Een begroting met zestig rollen.\n\n{{{{ budget }}}}\n"
        ),
    );
    let out = build(dir.path(), &["--only", "pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("build/proef-werkplan.pdf");
    let pages: Vec<String> = poppler("pdftotext", &["-layout"], &pdf)
        .split('\u{c}')
        .map(str::to_owned)
        .collect();
    let with_rows: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("Rol "))
        .collect();
    assert!(
        with_rows.len() >= 2,
        "the table fits one page: {with_rows:?}"
    );
    for (n, &i) in with_rows.iter().enumerate() {
        let continued = pages[i].matches("Alpha Instituut (vervolg)").count();
        // Its first page names it; every page it goes on to names it
        // again, once.
        assert_eq!(
            continued,
            usize::from(n > 0),
            "page {}:\n{}",
            i + 1,
            pages[i]
        );
    }
    let report = layout_report(&pdf);
    assert_eq!(flagged(&report, "continuation"), [], "{report}");
}
