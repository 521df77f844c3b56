//! `kis-book diff` on a real throwaway git repository: the small fixture
//! book in a subfolder `werkplan/`, then one commit per kind of change.
//!
//! Every expected figure is worked out by hand from the fixture's hours and
//! rates (see the top of tests/it/budget.rs for the fixture's own figures:
//! 1.1 = 3.700, 2.1 = 1.850, E = 1.700, programme 7.250 = available):
//!
//! - `uren`: 1.1 Senior 10 → 12 h at 100: +200; Alpha's hours 30 → 32, so
//!   Stafkosten 2 × 10 = +20 and Overhead 2 × 20 = +40; Totaal Alpha
//!   2.900 → 3.160, 1.1 3.700 → 3.960, programme 7.250 → 7.510 (+260),
//!   260 above the available 7.250.
//! - `tarief`: Beta's Expert 90 → 95: 1.1 has 5 h Expert (+25), 2.1 has
//!   10 h Adviseur at Expert's rate (+50); 1.1 3.960 → 3.985, 2.1 1.850 →
//!   1.900, programme 7.510 → 7.585 (+75).
//! - `verplaatst`: 2.1 from theme 2 to theme 1: theme 1 3.985 → 5.885,
//!   theme 2 1.900 → 0, function A and the programme unchanged.
//! - `toegevoegd`: 2.2 with 10 h Beta Assistent: 10 × 40 = 400, Stafkosten
//!   10 × 5 = 50, Overhead 10 × 15 = 150, material 100: 700; programme
//!   7.585 → 8.285.
//! - `verwijderd`: E removed (1.700): programme 8.285 → 6.585, 665 below
//!   the available budget.

use std::process::Command;

use serde_json::Value;

use crate::common::{copy_dir, small_book, stderr, stdout};
use crate::git_repo::{CONFIG, PROJECT_11, PROJECT_21, Repo, kis_book_in};

/// The line of `text` holding every one of `parts`, in order.
fn line_with<'a>(text: &'a str, parts: &[&str]) -> &'a str {
    text.lines()
        .find(|line| {
            let mut rest = *line;
            parts.iter().all(|p| match rest.find(p) {
                Some(i) => {
                    rest = &rest[i + p.len()..];
                    true
                }
                None => false,
            })
        })
        .unwrap_or_else(|| panic!("no line with {parts:?} in:\n{text}"))
}

fn json(repo: &Repo, old: &str, new: &str) -> Value {
    serde_json::from_str(&repo.made(old, new, "json")).expect("valid JSON")
}

pub(crate) fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|v| v[key] == value)
        .unwrap_or_else(|| panic!("no {key} = `{value}` in {list}"))
}

/// `{"before", "after", "difference"}` as strings (`None`: null).
fn figure(v: &Value, before: Option<&str>, after: Option<&str>, difference: &str) {
    let side = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.into()));
    assert_eq!(v["before"], side(before), "before in {v}");
    assert_eq!(v["after"], side(after), "after in {v}");
    assert_eq!(v["difference"], difference, "difference in {v}");
}

/// The first line of a Markdown comment (the verdict) and its third (the
/// changes in brief).
fn opening(markdown: &str) -> [&str; 2] {
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines.get(1), Some(&""), "{markdown}");
    [lines[0], lines[2]]
}

fn csv_lines(text: &str) -> Vec<&str> {
    assert!(text.starts_with('\u{feff}'), "byte-order mark");
    assert!(text.ends_with("\r\n"), "CRLF");
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn hours_changed() {
    let repo = Repo::with_history();

    let table = repo.made("begin", "uren", "table");
    assert!(
        table.starts_with("Begrotingswijzigingen begin ("),
        "{table}"
    );
    let summary = "Programmatotaal € 7.250 → € 7.510 (+€ 260); 1 begroting gewijzigd; \
                   € 260 boven het beschikbare budget";
    assert!(table.contains(summary), "{table}");
    assert!(
        table.contains("Project 1.1 Werk voor iedereen: gewijzigd"),
        "{table}"
    );
    let senior = line_with(&table, &["Alpha Instituut", "Senior", "100", "10 → 12"]);
    assert!(
        senior.contains("1.000 → 1.200") && senior.ends_with("+200"),
        "{senior}"
    );
    let staff = line_with(&table, &["Stafkosten", "10", "30 → 32", "300 → 320"]);
    assert!(staff.ends_with("+20"), "{staff}");
    assert!(line_with(&table, &["Overhead", "20", "30 → 32", "600 → 640"]).ends_with("+40"));
    assert!(line_with(&table, &["Totaal Alpha Instituut", "2.900 → 3.160"]).ends_with("+260"));
    assert!(line_with(&table, &["Totaal", "€ 3.700 → € 3.960"]).ends_with("+260"));
    // Beta's block did not change, so it is not shown.
    assert!(!table.contains("Expert"), "{table}");
    assert!(line_with(&table, &["Thema 1. Werk", "3.700", "3.960"]).ends_with("+260"));
    // The new side is over budget: the row says "Tekort", as the overview.
    assert!(line_with(&table, &["Tekort", "0", "260"]).ends_with("+260"));
    assert!(
        table
            .contains("Boven het beschikbare budget van € 7.250: Tekort € 260 (was Resterend € 0)")
    );
    // Causes: all of it the hours (200 + 20 + 40).
    assert!(
        line_with(&table, &["Project 1.1 Werk voor iedereen", "+260", "+260"]).ends_with("+260")
    );

    let markdown = repo.made("begin", "uren", "markdown");
    assert_eq!(
        opening(&markdown),
        [
            "**Boven het beschikbare budget van € 7.250: Tekort € 260 (was Resterend € 0)**",
            "Programmatotaal € 7.250 → € 7.510 (+€ 260); 1 begroting gewijzigd",
        ]
    );
    assert!(
        markdown.contains(
            "| Project 1.1 Werk voor iedereen | gewijzigd | +260 | +260 |\n| **Totaal** | | **+260** | **+260** |\n"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Alpha Instituut | Senior | 100 | 10 → 12 | 1.000 → 1.200 | +200 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| | **Totaal** | | | **€ 3.700 → € 3.960** | **+260** |"),
        "{markdown}"
    );
    assert!(markdown.contains("<details><summary>Begrotingen per regel: 1 gewijzigd</summary>"));

    let csv = repo.made("begin", "uren", "csv");
    let lines = csv_lines(&csv);
    assert_eq!(
        lines[0],
        "onderdeel;status;begroting;titel;groep_voor;groep_na;organisatie;regel;\
         tarief_voor;tarief_na;uren_voor;uren_na;bedrag_voor;bedrag_na;verschil"
    );
    for row in [
        "rol;gewijzigd;1.1;Werk voor iedereen;1;1;Alpha Instituut;Senior;100;100;10;12;1000;1200;200",
        "stafkosten;gewijzigd;1.1;Werk voor iedereen;1;1;Alpha Instituut;Stafkosten;10;10;30;32;300;320;20",
        "overhead;gewijzigd;1.1;Werk voor iedereen;1;1;Alpha Instituut;Overhead;20;20;30;32;600;640;40",
        "totaal;gewijzigd;1.1;Werk voor iedereen;1;1;;Totaal;;;;;3700;3960;260",
        "programma;;;;;;;Totaal;;;;;7250;7510;260",
        "resterend;;;;;;;Resterend;;;;;0;-260;-260",
        "oorzaak;gewijzigd;1.1;Werk voor iedereen;1;1;;Uren;;;;;;;260",
        "oorzaak;gewijzigd;1.1;Werk voor iedereen;1;1;;Tarieven;;;;;;;0",
        "programma-oorzaak;;;;;;;Uren;;;;;;;260",
    ] {
        assert!(lines.contains(&row), "no `{row}` in:\n{csv}");
    }

    let json = json(&repo, "begin", "uren");
    assert_eq!(json["summary"]["changed"], 1);
    assert_eq!(json["summary"]["text"], summary);
    figure(&json["total"], Some("7250"), Some("7510"), "260");
    figure(&json["remainder"], Some("0"), Some("-260"), "-260");
    assert_eq!(json["verdict"]["within"], false);
    assert_eq!(json["causes"]["hours"], "260");
    assert_eq!(json["causes"]["total"], "260");
    let b = find(&json["budgets"], "id", "1.1");
    assert_eq!(b["causes"]["hours"], "260");
    assert_eq!(b["causes"]["card_rates"], "0");
    assert_eq!(b["status"], "changed");
    figure(&b["total"], Some("3700"), Some("3960"), "260");
    let alpha = find(&b["organisations"], "id", "alpha");
    let senior = find(&alpha["lines"], "role", "Senior");
    figure(&senior["hours"], Some("10"), Some("12"), "2");
    figure(&senior["amount"], Some("1000"), Some("1200"), "200");
    figure(&alpha["staff"]["amount"], Some("300"), Some("320"), "20");
    figure(&alpha["total"], Some("2900"), Some("3160"), "260");
    figure(
        &find(&json["organisations"], "id", "alpha")["total"],
        Some("4520"),
        Some("4780"),
        "260",
    );
    figure(
        &find(&json["groups"], "id", "A")["total"],
        Some("5550"),
        Some("5810"),
        "260",
    );
}

#[test]
fn rate_changed_on_the_card() {
    let repo = Repo::with_history();

    let summary = "Programmatotaal € 7.510 → € 7.585 (+€ 75); 2 begrotingen gewijzigd; \
                   1 tarief gewijzigd; € 335 boven het beschikbare budget";
    let table = repo.made("uren", "tarief", "table");
    assert!(table.contains(summary), "{table}");
    let rate = line_with(&table, &["Beta Kennis", "Expert", "90 → 95 (+5)"]);
    assert!(!rate.contains('€'), "{rate}");
    assert!(line_with(&table, &["1.1 Werk voor iedereen", "Expert", "5"]).ends_with("+25"));
    assert!(line_with(&table, &["2.1 Wonen in de wijk", "Adviseur", "10"]).ends_with("+50"));
    let adviseur = line_with(
        &table,
        &["Beta Kennis", "Adviseur", "90 → 95", "10", "900 → 950"],
    );
    assert!(adviseur.ends_with("+50"), "{adviseur}");

    let markdown = repo.made("uren", "tarief", "markdown");
    assert_eq!(
        opening(&markdown),
        [
            "**Boven het beschikbare budget van € 7.250: Tekort € 335 (was Tekort € 260)**",
            "Programmatotaal € 7.510 → € 7.585 (+€ 75); 2 begrotingen gewijzigd; 1 tarief gewijzigd",
        ]
    );
    // Causes: the rate card only; the larger change first.
    assert!(
        markdown.contains(
            "| Project 2.1 Wonen in de wijk | gewijzigd | +50 | +50 |\n\
             | Project 1.1 Werk voor iedereen | gewijzigd | +25 | +25 |\n\
             | **Totaal** | | **+75** | **+75** |\n"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("| Begroting | Wijziging | Verschil | Tarieven |\n"));
    assert!(
        markdown.contains("| Beta Kennis | Expert | 90 → 95 (+5) | +75 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Beta Kennis Expert | 2.1 Wonen in de wijk | Adviseur | 10 | +50 |"),
        "{markdown}"
    );

    let csv = repo.made("uren", "tarief", "csv");
    let lines = csv_lines(&csv);
    for row in [
        "tarief;gewijzigd;;;;;Beta Kennis;Expert;90;95;;;;;5",
        "tariefgevolg;;1.1;Werk voor iedereen;;;Beta Kennis;Expert;90;95;;5;;;25",
        "tariefgevolg;;2.1;Wonen in de wijk;;;Beta Kennis;Adviseur;90;95;;10;;;50",
        "rol;gewijzigd;2.1;Wonen in de wijk;2;2;Beta Kennis;Adviseur;90;95;10;10;900;950;50",
        "totaal;gewijzigd;2.1;Wonen in de wijk;2;2;;Totaal;;;;;1850;1900;50",
    ] {
        assert!(lines.contains(&row), "no `{row}` in:\n{csv}");
    }

    let json = json(&repo, "uren", "tarief");
    let rates = json["rates"].as_array().expect("rates");
    assert_eq!(rates.len(), 1, "{json}");
    let expert = &rates[0];
    assert_eq!(expert["organisation"], "beta");
    assert_eq!(expert["kind"], "role");
    assert_eq!(expert["role"], "Expert");
    figure(&expert["rate"], Some("90"), Some("95"), "5");
    assert_eq!(expert["total_effect"], "75");
    let effect = find(&expert["effects"], "budget", "2.1");
    assert_eq!(
        (&effect["line"], &effect["hours"]),
        (&"Adviseur".into(), &"10".into())
    );
    assert_eq!(effect["amount"], "50");
    figure(
        &find(&json["budgets"], "id", "1.1")["total"],
        Some("3960"),
        Some("3985"),
        "25",
    );
    figure(&json["total"], Some("7510"), Some("7585"), "75");
    assert_eq!(json["causes"]["card_rates"], "75");
    assert_eq!(json["causes"]["hours"], "0");
    assert_eq!(
        find(&json["budgets"], "id", "2.1")["causes"]["card_rates"],
        "50"
    );
}

/// A role line of 0 hours whose rate changes changes no money: it is not
/// shown, its budget does not count as changed for it, and it has no effect.
#[test]
fn a_rate_change_on_a_line_of_no_hours() {
    let repo = Repo::new();
    repo.edit(
        PROJECT_21,
        "      Assistent: 12.5\n",
        "      Assistent: 12.5\n      Expert: 0\n",
    );
    repo.commit("nul");
    repo.edit(CONFIG, "      Expert: 90\n", "      Expert: 95\n");
    repo.commit("tarief");

    let csv = repo.made("nul", "tarief", "csv");
    let lines = csv_lines(&csv);
    let rows_21: Vec<&&str> = lines.iter().filter(|l| l.contains(";2.1;")).collect();
    assert_eq!(
        rows_21,
        [
            &"rol;gewijzigd;2.1;Wonen in de wijk;2;2;Beta Kennis;Adviseur;90;95;10;10;900;950;50",
            &"totaal-organisatie;gewijzigd;2.1;Wonen in de wijk;2;2;Beta Kennis;Totaal;;;22,5;22,5;1850;1900;50",
            &"totaal;gewijzigd;2.1;Wonen in de wijk;2;2;;Totaal;;;;;1850;1900;50",
            &"oorzaak;gewijzigd;2.1;Wonen in de wijk;2;2;;Uren;;;;;;;0",
            &"oorzaak;gewijzigd;2.1;Wonen in de wijk;2;2;;Tarieven;;;;;;;50",
            &"oorzaak;gewijzigd;2.1;Wonen in de wijk;2;2;;Eigen tarieven;;;;;;;0",
            &"oorzaak;gewijzigd;2.1;Wonen in de wijk;2;2;;Materiële kosten;;;;;;;0",
            &"oorzaak;gewijzigd;2.1;Wonen in de wijk;2;2;;Afronding;;;;;;;0",
            &"tariefgevolg;;2.1;Wonen in de wijk;;;Beta Kennis;Adviseur;90;95;;10;;;50",
        ],
        "{csv}"
    );
    // The line itself, added with 0 hours, is a change of the budget.
    let added = repo.made("begin", "nul", "csv");
    assert!(
        csv_lines(&added)
            .contains(&"rol;gewijzigd;2.1;Wonen in de wijk;2;2;Beta Kennis;Expert;;90;;0;;0;0"),
        "{added}"
    );
}

#[test]
fn project_moved_to_another_theme() {
    let repo = Repo::with_history();

    let summary = "Programmatotaal € 7.585 (ongewijzigd); 1 begroting verplaatst; € 335 boven het \
         beschikbare budget";
    let table = repo.made("tarief", "verplaatst", "table");
    assert!(table.contains(summary), "{table}");
    assert!(
        table.contains(
            "Project 2.1 Wonen in de wijk: verplaatst van Thema 2. Wonen naar Thema 1. Werk"
        ),
        "{table}"
    );
    assert!(line_with(&table, &["Thema 1. Werk", "3.985", "5.885"]).ends_with("+1.900"));
    assert!(line_with(&table, &["Thema 2. Wonen", "1.900", "0"]).ends_with("-1.900"));
    assert!(line_with(&table, &["A Ontwikkeling van kennis", "5.885", "5.885"]).ends_with(" 0"));

    let markdown = repo.made("tarief", "verplaatst", "markdown");
    assert_eq!(
        opening(&markdown),
        [
            "**Boven het beschikbare budget van € 7.250: Tekort € 335 (ongewijzigd)**",
            "Programmatotaal € 7.585 (ongewijzigd); 1 begroting verplaatst",
        ]
    );
    // Moved only: no figure changed, so no cause column.
    assert!(
        markdown.contains(
            "| Begroting | Wijziging | Verschil |\n|---|---|--:|\n| Project 2.1 Wonen in de wijk | \
             verplaatst van Thema 2. Wonen naar Thema 1. Werk | 0 |\n"
        ),
        "{markdown}"
    );
    assert!(
        markdown
            .contains("<details><summary>Totaaloverzicht: programmatotaal ongewijzigd</summary>")
    );
    assert!(
        markdown.contains("| &nbsp;&nbsp;Thema 2. Wonen | 1.900 | 0 | -1.900 |"),
        "{markdown}"
    );

    let csv = repo.made("tarief", "verplaatst", "csv");
    let lines = csv_lines(&csv);
    for row in [
        "totaal;gewijzigd;2.1;Wonen in de wijk;2;1;;Totaal;;;;;1900;1900;0",
        "thema;;;;1;1;;Thema 1. Werk;;;;;3985;5885;1900",
        "thema;;;;2;2;;Thema 2. Wonen;;;;;1900;0;-1900",
    ] {
        assert!(lines.contains(&row), "no `{row}` in:\n{csv}");
    }

    let json = json(&repo, "tarief", "verplaatst");
    let b = find(&json["budgets"], "id", "2.1");
    assert_eq!(b["moved"], true);
    assert_eq!(b["group_before"]["id"], "2");
    assert_eq!(b["group_after"]["id"], "1");
    assert_eq!(json["summary"]["changed"], 0);
    assert_eq!(json["summary"]["moved"], 1);
    figure(
        &find(&json["groups"], "id", "1")["total"],
        Some("3985"),
        Some("5885"),
        "1900",
    );
    figure(&json["total"], Some("7585"), Some("7585"), "0");
}

#[test]
fn project_added() {
    let repo = Repo::with_history();

    let summary = "Programmatotaal € 7.585 → € 8.285 (+€ 700); 1 begroting toegevoegd; \
                   € 1.035 boven het beschikbare budget";
    let table = repo.made("verplaatst", "toegevoegd", "table");
    assert!(table.contains(summary), "{table}");
    assert!(table.contains("Project 2.2 Buurt aan zet: toegevoegd in Thema 2. Wonen"));
    let line = line_with(
        &table,
        &["Beta Kennis", "Assistent", "– → 40", "– → 10", "– → 400"],
    );
    assert!(line.ends_with("+400"), "{line}");
    assert!(line_with(&table, &["Stafkosten", "– → 5", "– → 10", "– → 50"]).ends_with("+50"));
    assert!(line_with(&table, &["Overhead", "– → 15", "– → 10", "– → 150"]).ends_with("+150"));
    assert!(line_with(&table, &["Materiële kosten", "– → 100"]).ends_with("+100"));
    assert!(line_with(&table, &["Totaal", "– → € 700"]).ends_with("+700"));

    let markdown = repo.made("verplaatst", "toegevoegd", "markdown");
    assert_eq!(
        opening(&markdown),
        [
            "**Boven het beschikbare budget van € 7.250: Tekort € 1.035 (was Tekort € 335)**",
            "Programmatotaal € 7.585 → € 8.285 (+€ 700); 1 begroting toegevoegd",
        ]
    );
    // Causes: the hours of the new lines (400 + 50 + 150) and its material.
    assert!(
        markdown.contains(
            "| Project 2.2 Buurt aan zet | toegevoegd in Thema 2. Wonen | +700 | +600 | +100 |\n"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("**Project 2.2 Buurt aan zet**: toegevoegd in Thema 2. Wonen"));

    let csv = repo.made("verplaatst", "toegevoegd", "csv");
    let lines = csv_lines(&csv);
    for row in [
        "rol;toegevoegd;2.2;Buurt aan zet;;2;Beta Kennis;Assistent;;40;;10;;400;400",
        "materieel;toegevoegd;2.2;Buurt aan zet;;2;;Materiële kosten;;;;;;100;100",
        "totaal;toegevoegd;2.2;Buurt aan zet;;2;;Totaal;;;;;;700;700",
    ] {
        assert!(lines.contains(&row), "no `{row}` in:\n{csv}");
    }

    let json = json(&repo, "verplaatst", "toegevoegd");
    let b = find(&json["budgets"], "id", "2.2");
    assert_eq!(b["status"], "added");
    assert_eq!(b["group_before"], Value::Null);
    figure(&b["total"], None, Some("700"), "700");
    figure(&b["material"], None, Some("100"), "100");
    figure(&json["remainder"], Some("-335"), Some("-1035"), "-700");
}

#[test]
fn project_removed() {
    let repo = Repo::with_history();

    let summary = "Programmatotaal € 8.285 → € 6.585 (-€ 1.700); 1 begroting verwijderd";
    let table = repo.made("toegevoegd", "verwijderd", "table");
    assert!(table.contains(summary), "{table}");
    assert!(table.contains("E Programmaleiding: verwijderd uit E Programmaleiding"));
    let line = line_with(&table, &["Programmaleiding", "120 → –", "8 → –", "960 → –"]);
    assert!(line.ends_with("-960"), "{line}");
    assert!(line_with(&table, &["Totaal", "€ 1.700 → –"]).ends_with("-1.700"));
    assert!(line_with(&table, &["Resterend", "-1.035", "665"]).ends_with("+1.700"));

    let markdown = repo.made("toegevoegd", "verwijderd", "markdown");
    assert_eq!(
        opening(&markdown),
        [
            "**Binnen het beschikbare budget van € 7.250: Resterend € 665 (was Tekort € 1.035)**",
            summary,
        ]
    );
    // Causes: the hours of the lines removed (960 + 300 + Stafkosten 12 ×
    // 10 + Overhead 12 × 20 = 1.620) and its material (80).
    assert!(
        markdown.contains(
            "| E Programmaleiding | verwijderd uit E Programmaleiding | -1.700 | -1.620 | -80 |\n"
        ),
        "{markdown}"
    );

    let csv = repo.made("toegevoegd", "verwijderd", "csv");
    let lines = csv_lines(&csv);
    for row in [
        "rol;verwijderd;E;Programmaleiding;E;;Alpha Instituut;Coördinatie;75;;4;;300;;-300",
        "totaal;verwijderd;E;Programmaleiding;E;;;Totaal;;;;;1700;;-1700",
        "functie;;;;E;E;;E Programmaleiding;;;;;1700;0;-1700",
    ] {
        assert!(lines.contains(&row), "no `{row}` in:\n{csv}");
    }

    let json = json(&repo, "toegevoegd", "verwijderd");
    let b = find(&json["budgets"], "id", "E");
    assert_eq!(b["status"], "removed");
    figure(&b["total"], Some("1700"), None, "-1700");
    figure(&json["total"], Some("8285"), Some("6585"), "-1700");
    figure(
        &find(&json["organisations"], "id", "alpha")["total"],
        Some("4780"),
        Some("3160"),
        "-1620",
    );
}

#[test]
fn whole_history_at_once() {
    let repo = Repo::with_history();
    let summary = "Programmatotaal € 7.250 → € 6.585 (-€ 665); 2 begrotingen gewijzigd, \
                   1 toegevoegd, 1 verwijderd, 1 verplaatst; 1 tarief gewijzigd";
    let markdown = repo.made("begin", "verwijderd", "markdown");
    assert_eq!(opening(&markdown)[1], summary);
    // Largest change first: E -1.700, 2.2 +700, 1.1 +285 (hours 260, rate
    // 25), 2.1 +50 (rate, and moved); total -665.
    assert!(
        markdown.contains(
            "| E Programmaleiding | verwijderd uit E Programmaleiding | -1.700 | -1.620 | | -80 |\n\
             | Project 2.2 Buurt aan zet | toegevoegd in Thema 2. Wonen | +700 | +600 | | +100 |\n\
             | Project 1.1 Werk voor iedereen | gewijzigd | +285 | +260 | +25 | |\n\
             | Project 2.1 Wonen in de wijk | gewijzigd en verplaatst van Thema 2. Wonen naar \
             Thema 1. Werk | +50 | | +50 | |\n\
             | **Totaal** | | **-665** | **-760** | **+75** | **+20** |\n"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "**Project 2.1 Wonen in de wijk**: gewijzigd en verplaatst van Thema 2. Wonen naar \
             Thema 1. Werk"
        ),
        "{markdown}"
    );
    let json = json(&repo, "begin", "verwijderd");
    figure(
        &find(&json["budgets"], "id", "1.1")["total"],
        Some("3700"),
        Some("3985"),
        "285",
    );
    figure(
        &find(&json["budgets"], "id", "2.1")["total"],
        Some("1850"),
        Some("1900"),
        "50",
    );
    figure(&json["remainder"], Some("0"), Some("665"), "665");
    // Nothing changed between a revision and itself: still a diff, exit 0.
    let same = repo.made("verwijderd", "verwijderd", "table");
    assert!(
        same.contains("Programmatotaal € 6.585 (ongewijzigd); geen begrotingen gewijzigd"),
        "{same}"
    );
}

/// Everything under the book root: path → bytes.
fn snapshot(repo: &Repo) -> std::collections::BTreeMap<String, Vec<u8>> {
    crate::common::read_tree(repo.top())
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".git/"))
        .collect()
}

#[test]
fn working_tree_against_a_revision_leaves_it_untouched() {
    let repo = Repo::with_history();
    repo.edit(PROJECT_11, "  material: 250\n", "  material: 300\n");
    repo.write("content-notities.txt", "niet gecommit\n");
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains("1.1-werk.md"), "{status}");
    let files = snapshot(&repo);
    let index = std::fs::read(repo.top().join(".git/index")).expect("index");

    // From inside the book, without ROOT: REV is compared with the working tree.
    let out = kis_book_in(&repo.book(), &["diff", "HEAD", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines = csv_lines(&csv);
    assert!(
        lines.contains(
            &"materieel;gewijzigd;1.1;Werk voor iedereen;1;1;;Materiële kosten;;;;;250;300;50"
        ),
        "{csv}"
    );
    assert!(
        lines.contains(&"programma;;;;;;;Totaal;;;;;6585;6635;50"),
        "{csv}"
    );
    // With ROOT as the first of two arguments.
    let out = repo.diff(&["verwijderd", "--format", "table"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("→ werkmap"), "{table}");
    assert!(
        table.contains("Programmatotaal € 6.585 → € 6.635 (+€ 50)"),
        "{table}"
    );

    let after = std::fs::read(repo.top().join(".git/index")).expect("index");
    assert!(after == index, "the index changed");
    assert!(snapshot(&repo) == files, "the working tree changed");
    assert_eq!(repo.git(&["status", "--porcelain"]), status);
}

#[test]
fn unknown_revision() {
    let repo = Repo::new();
    let out = repo.diff(&["bestaat-niet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("there is no revision `bestaat-niet`"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn without_the_git_command() {
    let repo = Repo::new();
    let no_tools = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["diff", "werkplan", "begin"])
        .current_dir(repo.top())
        .env("PATH", no_tools.path())
        .output()
        .expect("run kis-book");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("reads revisions with the `git` command, which is not installed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_folder_outside_git() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&small_book(), dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["diff", dir.path().to_str().expect("utf-8"), "HEAD"])
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("run kis-book");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not in a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_book_in_the_old_revision() {
    let repo = Repo::new();
    let good = std::fs::read(repo.book().join(PROJECT_11)).expect("read");
    repo.write(
        PROJECT_11,
        "---\nid: \"1.1\"\ntitle: Werk\n  theme: \"1\"\n---\n\nTekst\n",
    );
    repo.commit("kapot");
    std::fs::write(repo.book().join(PROJECT_11), &good).expect("restore");
    repo.commit("hersteld");

    for args in [&["kapot", "hersteld"][..], &["kapot"][..]] {
        let out = repo.diff(args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        let short = repo.git(&["rev-parse", "--short=7", "kapot"]);
        let prefix = format!(
            "in revision kapot ({}): content/02-projecten/1.1-werk.md:4:8: error[KB0201]: ",
            short.trim()
        );
        assert!(err.contains(&prefix), "`{prefix}` not in:\n{err}");
        assert!(err.contains("no diff"), "{err}");
        assert!(
            !err.contains("kis-book-diff-"),
            "a temporary path leaked:\n{err}"
        );
        assert!(
            !err.contains("werkplan/content"),
            "looks like the working tree's:\n{err}"
        );
        assert!(stdout(&out).is_empty());
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_revision_is_refused() {
    let repo = Repo::new();
    std::os::unix::fs::symlink(
        "../../../geheim.md",
        repo.book().join("content/02-projecten/link.md"),
    )
    .expect("symlink");
    repo.commit("link");
    let out = repo.diff(&["begin", "link"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/02-projecten/link.md: error[KB0110]: `content/02-projecten/link.md` is a symbolic \
             link to `../../../geheim.md`"
        ),
        "{err}"
    );
    assert!(err.contains("in revision link ("), "{err}");
}

/// Rounding is a cause of its own. The fixture rounds each organisation's
/// total (`round: totals`); 2.1's Assistent 12,5 → 12,51 h adds exactly
/// 0,01 × 40 = 0,40, Stafkosten 0,01 × 5 = 0,05 and Overhead 0,01 × 15 =
/// 0,15: 0,60 of hours. Beta's exact total 1.850 → 1.850,60 prints as
/// 1.850 → 1.851, so the printed change is 1 and rounding adds 0,40.
#[test]
fn rounding_is_a_cause() {
    let repo = Repo::new();
    repo.edit(
        PROJECT_21,
        "      Assistent: 12.5\n",
        "      Assistent: 12.51\n",
    );
    repo.commit("afronding");

    let json = json(&repo, "begin", "afronding");
    let b = find(&json["budgets"], "id", "2.1");
    figure(&b["total"], Some("1850"), Some("1851"), "1");
    assert_eq!(b["causes"]["hours"], "0.6");
    assert_eq!(b["causes"]["rounding"], "0.4");
    assert_eq!(b["causes"]["card_rates"], "0");
    assert_eq!(b["causes"]["total"], "1");
    assert_eq!(json["causes"]["rounding"], "0.4");

    let markdown = repo.made("begin", "afronding", "markdown");
    assert!(
        markdown.contains(
            "| Begroting | Wijziging | Verschil | Uren | Afronding |\n|---|---|--:|--:|--:|\n\
             | Project 2.1 Wonen in de wijk | gewijzigd | +1 | +0,60 | +0,40 |\n"
        ),
        "{markdown}"
    );
}

/// A role at a rate of its own does not follow the card, even when both
/// change alike: 1.1's Senior at its own rate 100 → 110 while the card's
/// Senior goes 100 → 110 too. 10 h × 10 = +100, an own-rate cause; the
/// card's change has no effect on any budget (no other line uses it).
#[test]
fn an_own_rate_is_no_rate_card_effect() {
    let repo = Repo::new();
    repo.edit(
        PROJECT_11,
        "      Senior: 10\n",
        "      Senior: { hours: 10, rate: 100 }\n",
    );
    repo.commit("eigen");
    repo.edit(PROJECT_11, "rate: 100 }", "rate: 110 }");
    repo.edit(CONFIG, "      Senior: 100\n", "      Senior: 110\n");
    repo.commit("beide");

    let json = json(&repo, "eigen", "beide");
    let senior = find(&json["rates"], "role", "Senior");
    assert_eq!(senior["effects"], Value::Array(Vec::new()), "{senior}");
    assert_eq!(senior["total_effect"], "0");
    let causes = &find(&json["budgets"], "id", "1.1")["causes"];
    assert_eq!(causes["own_rates"], "100", "{causes}");
    assert_eq!(causes["card_rates"], "0", "{causes}");
    assert_eq!(causes["total"], "100", "{causes}");
}
