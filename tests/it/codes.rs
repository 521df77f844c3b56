//! Every diagnostic has a stable code (issue 14), listed in
//! docs/diagnostics.md with an example and the fix.
//!
//! One bad book per code, each the fixture book broken in one way (the
//! cases of tests/it/check.rs, gate.rs and money.rs among them), goes
//! through `kis-book check --format json`. For every case:
//!
//! - no diagnostic has the generic code KB0000 or a code the docs do not
//!   list, and each has the severity the docs give its code;
//! - the case's own code is among them;
//! - the docs' example for that code is exactly what `check` prints for it
//!   (file, line, column, message and hint), so the examples stay real.
//!
//! The codes no `check` can give (`diff`'s revisions, Typst at build time,
//! writing the output) are listed in [`NOT_FROM_CHECK`], with where they
//! come from; a code in neither list fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::symlink;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{PNG, copy_dir, png_header, repo_root, small_book, stderr, stdout};

/// The fixture book at `<temp>/werkplan`, so that what lies outside the
/// book (`<temp>/gedeeld`) is in the same temporary folder.
struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&small_book(), &dir.path().join("werkplan"));
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("werkplan")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        crate::common::write_file(&self.path(rel), text);
    }

    /// Replaces the one `from` in the file `rel` by `to`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).expect("read");
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {rel}");
        self.write(rel, text.replace(from, to));
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    /// `check` run in the book's folder, as an editor or CI runs it, so
    /// that paths are relative.
    fn check(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kis-book"))
            .arg("check")
            .args(args)
            .current_dir(self.root())
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("run kis-book")
    }

    /// `text` with the temporary folder around the book written as the
    /// docs write it, `/home/redactie`.
    fn normalise(&self, text: &str) -> String {
        let tmp = self.dir.path();
        let canonical = tmp.canonicalize().expect("canonical temp dir");
        text.replace(&*canonical.to_string_lossy(), "/home/redactie")
            .replace(&*tmp.to_string_lossy(), "/home/redactie")
    }
}

impl Drop for Book {
    /// A tmpfs mounted at `build/` (the KB0604 case) goes before the
    /// temporary folder.
    fn drop(&mut self) {
        if self.path("build").is_dir() {
            let _ = Command::new("umount")
                .arg(self.path("build"))
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
}

const INTRO: &str = "content/01-inleiding.md";
const PROJECT: &str = "content/02-projecten/1.1-werk.md";
const LEIDING: &str = "content/03-leiding.md";
const CONFIG: &str = "content/book.yaml";

/// The introduction with `body` after its front matter (body line 5).
fn intro(body: &str) -> String {
    format!("---\ntitle: Inleiding\n---\n\n{body}\n")
}

/// Project 1.1 with the front matter `yaml` (line 2 on) and a short body.
fn project(yaml: &str) -> String {
    format!("---\n{yaml}---\n\nEen project over werk.\n")
}

/// Project 1.1 with Alpha's role lines `roles` (line 8 on).
fn project_roles(roles: &str) -> String {
    project(&format!(
        "id: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n{roles}"
    ))
}

/// A bad book and the code it must give.
struct Case {
    /// The code, `KBnnnn`.
    code: &'static str,
    /// Breaks a fresh copy of the fixture book.
    make: fn(&Book),
}

fn case(code: &'static str, make: fn(&Book)) -> Case {
    Case { code, make }
}

/// The codes no `check` gives, and where they come from.
const NOT_FROM_CHECK: &[(&str, &str)] = &[
    (
        "KB0110",
        "`diff` refuses a symbolic link in a revision (tests/it/diff.rs)",
    ),
    ("KB0111", "`diff` refuses a git submodule in a revision"),
    ("KB0112", "`diff` refuses a path git should never hold"),
    (
        "KB0313",
        "the YAML reader refuses an organisation written twice as a duplicate key (KB0202) \
         before the budget is read",
    ),
    ("KB0501", "Typst's errors at build time"),
    ("KB0502", "Typst's warnings at build time"),
    ("KB0503", "a panic inside Typst at build time"),
    ("KB0601", "`serve` when the output cannot be written"),
    (
        "KB0602",
        "`check` and `build` when the environment's SOURCE_DATE_EPOCH is no time \
         (tests/it/gate.rs); these cases run in a clean environment",
    ),
];

#[expect(
    clippy::too_many_lines,
    reason = "one line or three per code: a table of cases"
)]
fn cases() -> Vec<Case> {
    vec![
        // --- Loading -------------------------------------------------------
        case("KB0101", |b| {
            std::fs::remove_dir_all(b.path("content")).expect("remove content");
        }),
        case("KB0102", |b| {
            for rel in [INTRO, LEIDING, "content/04-overzicht.md"] {
                b.remove(rel);
            }
            std::fs::remove_dir_all(b.path("content/02-projecten")).expect("remove");
        }),
        case("KB0103", |b| b.remove(CONFIG)),
        case("KB0104", |b| {
            b.write(INTRO, intro(&"Een zin van gewone lengte. ".repeat(40_000)));
        }),
        case("KB0105", |b| {
            b.write(
                INTRO,
                b"---\ntitle: Inleiding\n---\n\nDe caf\xe9 op de hoek.\n",
            );
        }),
        case("KB0106", |b| {
            b.write(INTRO, intro("Het bedrag is \u{202e}0001\u{202c} euro."));
        }),
        case("KB0107", |b| {
            b.write(
                "content/05-bijlagen/raad.md",
                "---\ntitle: Raad van Advies\n---\n\nDe leden.\n",
            );
        }),
        case("KB0108", |b| {
            b.edit(
                "content/02-projecten/2.1-wonen.md",
                "id: \"2.1\"",
                "id: \"1.1\"",
            )
        }),
        case("KB0109", |b| {
            b.write("content/01 inleiding.md", intro("Nog een inleiding."));
        }),
        case("KB0113", |b| {
            let outside = b.dir.path().join("gedeeld");
            std::fs::create_dir_all(&outside).expect("mkdir");
            std::fs::write(outside.join("bijlage.md"), "---\ntitle: Bijlage\n---\n")
                .expect("write");
            symlink("../../gedeeld/bijlage.md", b.path("content/05-bijlage.md")).expect("symlink");
        }),
        case("KB0114", |b| {
            // A socket: its file stays when the listener is gone.
            std::os::unix::net::UnixListener::bind(b.path("content/05-wachtrij.md"))
                .expect("bind a socket");
        }),
        case("KB0115", |b| {
            let paragraph = "Een alinea van gewone lengte met gewone woorden erin. ".repeat(150);
            let chapter = format!("{paragraph}\n\n").repeat(90);
            for n in 0..6 {
                b.write(
                    &format!("content/05-deel-{n}.md"),
                    format!("---\ntitle: Deel {n}\n---\n\n{chapter}"),
                );
            }
        }),
        case("KB0116", |b| {
            b.write("content/zoeken.md", "---\ntitle: Zoeken\n---\n\nTekst.\n");
        }),
        case("KB0118", |b| {
            use std::os::unix::ffi::OsStrExt as _;
            let name = std::ffi::OsStr::from_bytes(b"kaart-caf\xe9.png");
            std::fs::write(b.path("content").join(name), PNG).expect("write");
        }),
        case("KB0117", |b| {
            b.remove(INTRO);
            b.remove("content/04-overzicht.md");
            b.write(
                "content/02-projecten/index.md",
                "---\ntitle: Projecten\ntheme: \"1\"\n---\n\nDe projecten.\n",
            );
        }),
        // --- YAML ----------------------------------------------------------
        case("KB0201", |b| {
            b.write(
                PROJECT,
                project("id: \"1.1\"\ntitle: Werk\n  theme: \"1\"\n"),
            );
        }),
        case("KB0202", |b| {
            b.write(
                PROJECT,
                project_roles("      Senior: 10\n      Senior: 20\n"),
            );
        }),
        case("KB0203", |b| {
            let mut roles = String::from("      Senior: &h 1\n");
            for i in 0..1500 {
                roles.push_str(&format!("      Rol{i}: *h\n"));
            }
            b.write(PROJECT, project_roles(&roles));
        }),
        case("KB0204", |b| {
            b.write(PROJECT, project("id: \"1.1\"\ntitel: Werk\ntheme: \"1\"\n"));
        }),
        case("KB0205", |b| b.edit(CONFIG, "year: 2030\n", "")),
        case("KB0240", |b| {
            b.write(
                "content/02-projecten/index.md",
                "---\ntitle: Werk\ntheme: \"1\"\n---\n\nDe projecten over werk.\n",
            )
        }),
        case("KB0206", |b| {
            b.write(PROJECT, project_roles("      Senior: 10\n\t  Junior: 20\n"));
        }),
        case("KB0210", |b| b.write(INTRO, "# Inleiding\n\nTekst.\n")),
        case("KB0211", |b| {
            b.write(
                PROJECT,
                "---\nid: \"1.1\"\ntitle: Werk\n\nTekst zonder einde van de front matter.\n",
            );
        }),
        case("KB0212", |b| {
            b.write(INTRO, "---\ndescription: Waarom dit plan\n---\n\nTekst.\n")
        }),
        case("KB0213", |b| {
            b.edit(PROJECT, "id: \"1.1\"", "id: \"1.1 werk\"")
        }),
        case("KB0214", |b| {
            b.edit(PROJECT, "theme: \"1\"\n", "theme: \"1\"\nfunction: E\n")
        }),
        case("KB0215", |b| {
            b.edit(PROJECT, "theme: \"1\"", "theme: \"9\"")
        }),
        case("KB0216", |b| b.edit(LEIDING, "function: E", "function: F")),
        case("KB0218", |b| {
            let title = "Inleiding ".repeat(60);
            b.edit(INTRO, "title: Inleiding\n", &format!("title: {title}\n"))
        }),
        case("KB0219", |b| {
            b.edit(INTRO, "title: Inleiding\n", "title: Inleiding en thema's\n")
        }),
        case("KB0217", |b| {
            b.edit(
                INTRO,
                "title: Inleiding\n",
                "title: Inleiding\nkind: bijlage\n",
            )
        }),
        case("KB0230", |b| {
            let text = std::fs::read_to_string(b.path(CONFIG)).expect("read");
            let start = text.find("organisations:").expect("organisations");
            let end = text.find("overview_columns:").expect("overview_columns");
            b.write(
                CONFIG,
                format!("{}organisations: []\n{}", &text[..start], &text[end..])
                    .replace("overview_columns: [beta, alpha]\n", ""),
            );
        }),
        case("KB0231", |b| {
            b.edit(CONFIG, "  - id: beta", "  - id: alpha")
        }),
        case("KB0232", |b| b.edit(CONFIG, "  - id: E", "  - id: A")),
        case("KB0233", |b| {
            b.edit(CONFIG, "      - id: \"2\"", "      - id: \"1\"")
        }),
        case("KB0234", |b| {
            b.edit(CONFIG, "[beta, alpha]", "[beta, alfa]")
        }),
        case("KB0235", |b| b.edit(CONFIG, "[beta, alpha]", "[beta]")),
        case("KB0236", |b| {
            b.edit(CONFIG, "date: 2029-12-01", "date: 1-12-2029")
        }),
        case("KB0237", |b| {
            b.edit(CONFIG, "round: totals", "round: totaal")
        }),
        case("KB0238", |b| {
            b.edit(CONFIG, "output: proef-werkplan", "output: ../../buiten")
        }),
        case("KB0250", |b| {
            b.edit(
                CONFIG,
                "title: Werkplan Proef",
                "title: Werkplan Proef {jaar}",
            )
        }),
        case("KB0251", |b| {
            b.edit(
                CONFIG,
                "available_budget: 7250",
                "available_budget: 7250\neditions:\n  - year: 2030\n    title: Werkplan Proef\n    site: https://example.org/proef/",
            )
        }),
        case("KB0252", |b| {
            b.edit(
                CONFIG,
                "available_budget: 7250",
                "available_budget: 7250\neditions:\n  - year: 2029\n    title: Werkplan Proef 2029\n    pdf: example.org/proef-2029.pdf",
            )
        }),
        // --- The budget ----------------------------------------------------
        case("KB0301", |b| {
            b.edit(PROJECT, "Senior: 10", "Senior: 10 uur")
        }),
        case("KB0302", |b| b.edit(PROJECT, "Senior: 10", "Senior: 12,5")),
        case("KB0303", |b| b.edit(PROJECT, "Senior: 10", "Senior: 1.500")),
        case("KB0304", |b| b.edit(PROJECT, "Senior: 10", "Senior: -3")),
        case("KB0305", |b| b.edit(PROJECT, "Senior: 10", "Senior:")),
        case("KB0306", |b| {
            b.edit(CONFIG, "Senior: 100", "Senior: 100.50")
        }),
        case("KB0307", |b| {
            b.edit(PROJECT, "Senior: 10", "Senior: 2000000000")
        }),
        case("KB0310", |b| b.edit(PROJECT, "id: \"1.1\"\n", "")),
        case("KB0311", |b| b.edit(PROJECT, "theme: \"1\"\n", "")),
        case("KB0312", |b| b.edit(PROJECT, "    beta:", "    beat:")),
        case("KB0314", |b| b.edit(PROJECT, "Junior: 20", "Chef: 20")),
        case("KB0315", |b| {
            b.edit(
                "content/02-projecten/2.1-wonen.md",
                "{ hours: 10, as: Expert }",
                "{ hours: 10, as: Expert, rate: 95 }",
            );
        }),
        case("KB0316", |b| {
            let mut roles = String::new();
            for i in 0..5001 {
                roles.push_str(&format!("      Rol{i}: {{ hours: 1, rate: 1 }}\n"));
            }
            b.write(PROJECT, project_roles(&roles));
        }),
        case("KB0320", |b| b.edit(LEIDING, "{ hours: 8,", "{ hours: 9,")),
        case("KB0321", |b| {
            b.edit(CONFIG, "available_budget: 7250", "available_budget: 7000")
        }),
        case("KB0322", |b| {
            b.edit(CONFIG, "available_budget: 7250", "available_budget: 8450")
        }),
        case("KB0323", |b| {
            b.edit(CONFIG, "money:\n  round: totals\n", "")
        }),
        case("KB0330", |b| {
            b.edit("content/02-projecten/2.1-wonen.md", "{{ budget }}", "")
        }),
        // --- Markdown ------------------------------------------------------
        case("KB0401", |b| {
            b.write(INTRO, intro("<div class=\"kader\">Let op</div>"))
        }),
        case("KB0402", |b| {
            b.write(
                INTRO,
                intro("Een noot[^1].\n\n[^1]: Eerste.\n\n[^1]: Tweede."),
            );
        }),
        case("KB0403", |b| {
            b.write(INTRO, intro("Eerst[^1], dan[^2].\n\n[^1]: Een."))
        }),
        case("KB0404", |b| {
            b.write(INTRO, intro("Tekst.\n\n[^3]: Nergens gebruikt."))
        }),
        case("KB0405", |b| b.write(INTRO, intro("{{ budget }}"))),
        case("KB0406", |b| b.write(INTRO, intro("{{ budget F }}"))),
        case("KB0407", |b| {
            b.write(INTRO, intro("Het plan kost {{ totaal }}."))
        }),
        case("KB0408", |b| {
            b.write("content/kaart.png", PNG);
            b.write(INTRO, intro("![](kaart.png)"));
        }),
        case("KB0409", |b| {
            b.write(INTRO, intro("Zie [het bestand](file:///etc/passwd)."))
        }),
        case("KB0410", |b| {
            b.write(INTRO, intro("Zie [project 1.9](02-projecten/1.9-werk.md)."))
        }),
        case("KB0411", |b| b.write(INTRO, intro("# Inleiding\n\nTekst."))),
        case("KB0412", |b| {
            b.write(INTRO, intro("## Opbouw\n\n#### Details\n\nTekst."))
        }),
        case("KB0413", |b| {
            b.write("content/kaart.png", PNG);
            b.write(INTRO, intro("## ![Kaart](kaart.png)\n\nTekst."));
        }),
        case("KB0414", |b| {
            b.write(
                INTRO,
                intro("Zie [de aanpak](02-projecten/1.1-werk.md#aanpak)."),
            );
        }),
        case("KB0415", |b| {
            b.write(INTRO, intro("![De kaart](kaart.png)"))
        }),
        case("KB0416", |b| {
            b.write("logo.png", PNG);
            b.write(INTRO, intro("![Het logo](../logo.png)"));
        }),
        case("KB0417", |b| {
            b.write("content/kaart.txt", "dit is tekst");
            b.write(INTRO, intro("![De kaart](kaart.txt)"));
        }),
        case("KB0418", |b| {
            b.write("content/kaart.png", "dit is tekst");
            b.write(INTRO, intro("![De kaart](kaart.png)"));
        }),
        case("KB0419", |b| {
            b.write("content/img/groot.png", png_header(6000, 5000));
            b.write(INTRO, intro("![Een grote kaart](img/groot.png)"));
        }),
        case("KB0420", |b| {
            b.write("content/img/een.png", png_header(5000, 4000));
            b.write("content/img/twee.png", png_header(5000, 3000));
            b.write(INTRO, intro("![Een](img/een.png)\n\n![Twee](img/twee.png)"));
        }),
        case("KB0421", |b| b.write(INTRO, intro(&"woord ".repeat(1700)))),
        case("KB0422", |b| {
            b.write(INTRO, intro(&format!("Zie {}.", "x".repeat(2001))))
        }),
        case("KB0423", |b| {
            b.write(INTRO, intro(&format!("{} diep", "> ".repeat(13))))
        }),
        case("KB0424", |b| {
            let cells = "| a | b | c | d |\n".repeat(10_100);
            b.write(
                INTRO,
                intro(&format!("| A | B | C | D |\n|---|---|---|---|\n{cells}")),
            );
        }),
        case("KB0425", |b| {
            b.write(
                "content/99-achterkant.md",
                "---\ntitle: Achterkant\nkind: back-cover\n---\n\nTekst.\n\n{{ overview }}\n",
            );
        }),
        case("KB0426", |b| {
            let address = format!("https://www.kis.nl/{}", "a".repeat(2100));
            b.write(INTRO, intro(&format!("Zie [de site]({address}).")))
        }),
        case("KB0430", |b| {
            b.write(INTRO, intro("Samen kost het { total }."))
        }),
        case("KB0427", |b| {
            b.write(
                INTRO,
                intro("![Kaart](https://www.kis.nl/k.png \"width=33%\")"),
            );
        }),
        // --- The PDF -------------------------------------------------------
        case("KB0504", |b| {
            // Parses, but fails when Typst runs it.
            let template = "templates/pdf/style.typ";
            let original = std::fs::read_to_string(repo_root().join(template)).expect("read");
            b.write(template, format!("{original}\n#let oops = 1 + \"een\"\n"));
        }),
        case("KB0513", |b| {
            let template = "templates/pdf/book.typ";
            let original = std::fs::read_to_string(repo_root().join(template)).expect("read");
            b.write(template, original.replacen("#let ", "#let (", 1));
        }),
        case("KB0510", |b| {
            b.write("fonts/Eigen-Regular.ttf", "geen lettertype")
        }),
        case("KB0511", |b| {
            b.write(INTRO, intro("Het teken \u{10000} staat in Lineair B."))
        }),
        case("KB0512", |b| b.write(INTRO, intro("Een vinkje: \u{e000}."))),
        // --- Output --------------------------------------------------------
        case("KB0603", |b| {
            let outside = b.dir.path().join("V");
            std::fs::create_dir_all(&outside).expect("mkdir");
            symlink(&outside, b.path("build")).expect("symlink");
        }),
        case("KB0604", |b| {
            // Unmounted when the book is dropped.
            std::fs::create_dir_all(b.path("build")).expect("mkdir");
            let mounted = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
                .arg(b.path("build"))
                .status()
                .expect("run mount");
            assert!(mounted.success(), "mounting a tmpfs needs root");
        }),
        case("KB0605", |b| b.write("build/site", "eigen aantekeningen")),
    ]
}

/// What docs/diagnostics.md says of a code.
#[derive(Debug)]
struct Documented {
    /// `error` or `warning`.
    severity: &'static str,
    /// Its example blocks, one after the other, each between line breaks.
    examples: String,
}

/// Every code in docs/diagnostics.md.
fn documented() -> BTreeMap<String, Documented> {
    let docs = std::fs::read_to_string(repo_root().join("docs/diagnostics.md")).expect("read docs");
    let mut out = BTreeMap::new();
    for section in docs.split("\n### ").skip(1) {
        let id = section.split(':').next().unwrap_or_default().to_owned();
        let severity = if section.contains("*Warning.*") {
            "warning"
        } else {
            "error"
        };
        // Each block starts and ends with a line break.
        let examples: String = section
            .split("```")
            .skip(1)
            .step_by(2)
            .map(|block| block.strip_prefix("text").unwrap_or(block))
            .collect();
        out.insert(id, Documented { severity, examples });
    }
    out
}

/// A diagnostic of `check --format json` as `check` prints it for people.
fn printed(item: &Value) -> String {
    let mut out = item["file"].as_str().unwrap_or_default().to_owned();
    if let Some(line) = item["line"].as_u64() {
        out.push_str(&format!(":{line}"));
        if let Some(col) = item["column"].as_u64() {
            out.push_str(&format!(":{col}"));
        }
    }
    let text = |key: &str| item[key].as_str().unwrap_or_default().to_owned();
    out.push_str(&format!(
        ": {}[{}]: {}",
        text("severity"),
        text("code"),
        text("message")
    ));
    if let Some(hint) = item["hint"].as_str() {
        out.push_str(&format!("\n  = hint: {hint}"));
    }
    out
}

/// What is wrong with the case, if anything.
fn problems(case: &Case, docs: &BTreeMap<String, Documented>) -> Vec<String> {
    let book = Book::new();
    (case.make)(&book);
    let json = book.check(&["--format", "json"]);
    let human = book.check(&[]);
    let mut problems = Vec::new();
    let mut problem = |text: String| problems.push(format!("{}: {text}", case.code));
    let items: Vec<Value> = match serde_json::from_str::<Value>(&stdout(&json)) {
        Ok(Value::Array(items)) => items,
        _ => {
            problem(format!("no JSON array: {}{}", stdout(&json), stderr(&json)));
            return problems;
        }
    };
    for item in &items {
        let code = item["code"].as_str().unwrap_or_default();
        match docs.get(code) {
            None => problem(format!("`{code}` is not in docs/diagnostics.md: {item}")),
            Some(d) if item["severity"] != d.severity => {
                problem(format!("the docs give {code} another severity: {item}"));
            }
            Some(_) => {}
        }
    }
    let errors = items.iter().any(|i| i["severity"] == "error");
    for out in [&json, &human] {
        if out.status.code() != Some(i32::from(errors)) || stderr(out).contains("panicked") {
            problem(format!("exit {:?}: {}", out.status.code(), stderr(out)));
        }
    }
    let Some(item) = items.iter().find(|i| i["code"] == case.code) else {
        let found: Vec<String> = items.iter().map(printed).collect();
        problem(format!("not among:\n{}", found.join("\n")));
        return problems;
    };
    let text = printed(item);
    if !stderr(&human).contains(&text) {
        problem(format!("`check` prints otherwise:\n{}", stderr(&human)));
    }
    // Whole lines: `content: error: …` is not `werkplan/content: error: …`.
    let lines = format!("\n{}\n", book.normalise(&text));
    if docs
        .get(case.code)
        .is_some_and(|d| !d.examples.contains(&lines))
    {
        problem(format!(
            "the docs' example is not what `check` prints:\n{}",
            lines.trim()
        ));
    }
    problems
}

#[test]
fn every_bad_book_gives_its_documented_code() {
    let docs = documented();
    assert!(!docs.contains_key("KB0000"), "KB0000 is gone");
    let cases = cases();
    // Two threads: the machine has two cores.
    let half = cases.len().div_ceil(2);
    let problems: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .chunks(half)
            .map(|chunk| {
                scope.spawn(|| {
                    chunk
                        .iter()
                        .flat_map(|case| problems(case, &docs))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().expect("a run"))
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_code_has_a_bad_book_or_a_reason() {
    let documented: BTreeSet<String> = documented().into_keys().collect();
    let cases: Vec<&str> = cases().iter().map(|c| c.code).collect();
    let covered: BTreeSet<String> = cases
        .iter()
        .copied()
        .chain(NOT_FROM_CHECK.iter().map(|(code, _)| *code))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        cases.len() + NOT_FROM_CHECK.len(),
        covered.len(),
        "a code has two cases, or a case and a reason"
    );
    assert_eq!(documented, covered, "docs/diagnostics.md against the cases");
}

/// A few codes worked out by hand, without the docs: the common mistakes
/// and where `check` puts them.
#[test]
fn representative_mistakes_have_their_codes() {
    let expect = |make: fn(&Book), file: &str, line: u64, column: u64, code: &str| {
        let book = Book::new();
        make(&book);
        let out = book.check(&["--format", "json"]);
        let items: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let hit = items.as_array().and_then(|items| {
            items
                .iter()
                .find(|i| i["file"] == file && i["line"] == line && i["column"] == column)
        });
        assert_eq!(
            hit.map(|i| &i["code"]),
            Some(&Value::from(code)),
            "{file}:{line}:{column} in {items}"
        );
    };
    // Line 9, column 7: the role `Chef` under alpha.
    expect(
        |b| b.edit(PROJECT, "Junior: 20", "Chef: 20"),
        PROJECT,
        9,
        7,
        "KB0314",
    );
    // Line 8, column 15: the value of Senior.
    expect(
        |b| b.edit(PROJECT, "Senior: 10", "Senior: 12,5"),
        PROJECT,
        8,
        15,
        "KB0302",
    );
    expect(
        |b| b.edit(PROJECT, "Senior: 10", "Senior: 1.500"),
        PROJECT,
        8,
        15,
        "KB0303",
    );
    // Line 4, column 8: the value of theme.
    expect(
        |b| b.edit(PROJECT, "theme: \"1\"", "theme: \"9\""),
        PROJECT,
        4,
        8,
        "KB0215",
    );
    // The introduction's body starts at line 5; `{{ budget }}` at its start.
    expect(
        |b| b.write(INTRO, intro("{{ budget }}")),
        INTRO,
        5,
        1,
        "KB0405",
    );
    // A tab at the start of line 9.
    expect(
        |b| b.write(PROJECT, project_roles("      Senior: 10\n\t  Junior: 20\n")),
        PROJECT,
        9,
        1,
        "KB0206",
    );
}
