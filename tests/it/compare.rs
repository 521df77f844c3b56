//! `kis-book compare` of the 2019 book with a 2020 book made from it here,
//! and `kis-book diff` over two commits of the 2019 book: the figures and
//! their causes, worked out by hand from the seed's budget tables
//! (/work/shared/seed/werkprogramma-2019.txt; the content/ of this
//! repository is that seed).
//!
//! The 2020 book (see [`edition_2020`]) changes, against 2019:
//!
//! - a rate of the card: Movisie Project-Assistent 44 → 46. The seed's
//!   budgets with Project-Assistent hours: 1.2 25, 1.4 46, 2.4 70, 2.5 23,
//!   3.2 20, 3.3 220, 4.1 40, 4.4 40, 6B 74, 6C 30, B 50, C 1 = 639 h
//!   (E's "Coördinaties project-Assistent" has its own rate of 44 and does
//!   not follow the card). Effect 2 × 639 = +1.278: 1.2 +50, 1.4 +92,
//!   2.4 +140, 2.5 +46, 3.2 +40, 3.3 +440, 4.1 +80, 4.4 +80, 6B +148,
//!   6C +60, B +100, C +2.
//! - an own rate: E's Verwey-Jonker Programmaleiding 100 → 105 at 530 h:
//!   5 × 530 = +2.650; E 223.122 → 225.772.
//! - hours: 1.1 Onderzoeker 300 → 320 at 68: 20 × 68 = 1.360; Verwey-Jonker
//!   512 → 532 h, so Stafkosten 20 × 13 = 260 and Overhead 20 × 25 = 500:
//!   +2.120, 1.1 57.652 → 59.772.
//! - a project removed: 4.5 (seed total 65.112: Verwey-Jonker 28.192,
//!   Movisie 10.920, material 26.000): hours −39.112, material −26.000.
//! - a project added: 4.6 with Movisie Junior 100 h: 100 × 54 = 5.400,
//!   Stafkosten 100 × 11 = 1.100, Overhead 100 × 26 = 2.600, material
//!   1.000: 10.100 (hours +9.100, material +1.000).
//! - a project moved: 2.5 (seed total 67.625, +46 above: 67.671) from
//!   Thema 2 to Thema 3.
//! - the available budget 2.620.019 → 2.700.000.
//!
//! Programme: 2.620.019 + 1.278 + 2.650 + 2.120 − 65.112 + 10.100 =
//! 2.571.055 (−48.964); causes: hours 2.120 − 39.112 + 9.100 = −27.892,
//! rate card +1.278, own rates +2.650, material −26.000 + 1.000 = −25.000,
//! rounding 0; −27.892 + 1.278 + 2.650 − 25.000 = −48.964. Resterend
//! 2.700.000 − 2.571.055 = 128.945 (2019: 0).
//!
//! Overview rows (seed figures): Thema 1 272.371 + 2.120 + 50 + 92 =
//! 274.633; Thema 2 342.734 − 67.625 + 140 = 275.249; Thema 3 332.188 +
//! 67.671 + 40 + 440 = 400.339; Thema 4 333.797 − 65.112 + 10.100 + 80 +
//! 80 + 148 + 60 = 279.153.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{copy_dir, kis_book, repo_root, stderr, stdout, write_file};
use crate::diff::find;
use crate::git_repo::Repo;

const PROJECT_11: &str =
    "content/03-themas-en-projecten/1-nieuwe-migratie/1.1-monitor-arbeidstoeleiding.md";
const PROJECT_25: &str =
    "content/03-themas-en-projecten/2-sociale-stabiliteit/2.5-vormen-van-discriminatie.md";
const PROJECT_45: &str =
    "content/03-themas-en-projecten/4-participatie/4.5-gevoelens-van-binding.md";
const PROJECT_46: &str = "content/03-themas-en-projecten/4-participatie/4.6-jongeren-en-werk.md";
const FUNCTION_E: &str = "content/05-begroting/4-programmaleiding.md";
const CONFIG: &str = "content/book.yaml";
const NEW_PROJECT: &str = "---\nid: \"4.6\"\ntitle: Jongeren en werk\ntheme: \"4\"\nbudget:\n  \
    hours:\n    movisie:\n      Junior: 100\n  material: 1000\n---\n\n## Aanleiding\n\n\
    Een nieuw project.\n\n{{ budget }}\n";

/// Replaces the one occurrence of `from` in the file `rel` under `root`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    crate::common::replace_once(&root.join(rel), from, to);
}

/// A book folder holding a copy of the 2019 content/.
fn book_2019(dir: &Path) -> PathBuf {
    let root = dir.join("werkplan-2019");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    root
}

/// The 2020 book described at the top, made from a copy of the 2019 one.
fn edition_2020(dir: &Path) -> PathBuf {
    let root = dir.join("werkplan-2020");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    // The title, the file name and the address follow `year` (`{year}`).
    edit(&root, CONFIG, "year: 2019\n", "year: 2020\n");
    edit(
        &root,
        CONFIG,
        "available_budget: 2620019\n",
        "available_budget: 2700000\n",
    );
    edit(
        &root,
        CONFIG,
        "      Project-Assistent: 44\n",
        "      Project-Assistent: 46\n",
    );
    edit(
        &root,
        FUNCTION_E,
        "Programmaleiding: { hours: 530, rate: 100 }",
        "Programmaleiding: { hours: 530, rate: 105 }",
    );
    edit(
        &root,
        PROJECT_11,
        "      Onderzoeker: 300\n",
        "      Onderzoeker: 320\n",
    );
    edit(&root, PROJECT_25, "theme: \"2\"\n", "theme: \"3\"\n");
    std::fs::remove_file(root.join(PROJECT_45)).expect("remove 4.5");
    write_file(&root.join(PROJECT_46), NEW_PROJECT);
    root
}

/// `kis-book compare werkplan-2019 werkplan-2020 --format FORMAT` in `dir`,
/// which must succeed.
fn compare(dir: &Path, old: &str, new: &str, format: &str) -> String {
    let out = crate::git_repo::kis_book_in(dir, &["compare", old, new, "--format", format]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// The causes object of the JSON: hours, card rates, own rates, material,
/// rounding, total.
fn causes(v: &Value, expected: [&str; 6]) {
    let keys = [
        "hours",
        "card_rates",
        "own_rates",
        "material",
        "rounding",
        "total",
    ];
    for (key, want) in keys.iter().zip(expected) {
        assert_eq!(v[key], want, "{key} in {v}");
    }
}

#[test]
fn compare_2019_with_2020() {
    let dir = tempfile::tempdir().expect("temp dir");
    book_2019(dir.path());
    edition_2020(dir.path());

    let markdown = compare(dir.path(), "werkplan-2019", "werkplan-2020", "markdown");
    let opening: Vec<&str> = markdown.lines().take(5).collect();
    assert_eq!(
        opening,
        [
            "**Binnen het beschikbare budget van € 2.700.000: Resterend € 128.945 (was Resterend € 0)**",
            "",
            "Programmatotaal € 2.620.019 → € 2.571.055 (-€ 48.964); 14 begrotingen gewijzigd, \
             1 toegevoegd, 1 verwijderd, 1 verplaatst; 1 tarief gewijzigd; beschikbaar budget \
             € 2.620.019 → € 2.700.000",
            "",
            "Begrotingswijzigingen van werkplan-2019 naar werkplan-2020, berekend door kis-book uit de uren.",
        ],
        "{markdown}"
    );
    // The short table: the ten largest changes, the other six summed
    // (4.4 +80, 6C +60, 1.2 +50, 2.5 +46, 3.2 +40, C +2 = +278), then the
    // total; no rounding, so no rounding column.
    let table: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("| Begroting |"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split(" | ").next().unwrap_or(l))
        .collect();
    assert_eq!(
        table,
        [
            "| Begroting",
            "|---|---|--:|--:|--:|--:|--:|",
            "| Project 4.5 Jongeren en gevoelens van binding",
            "| Project 4.6 Jongeren en werk",
            "| E Programmaleiding, coördinatie, samenwerking en programma-ontwikkeling",
            "| Project 1.1 Monitor: enquête onder gemeenten over arbeidstoeleiding en integratie van vluchtelingen",
            "| Project 3.3 Discriminatie zelfstandigen",
            "| Project 6B Verkenning van zelfbeschikking in Afrikaanse, Caribische en Syrische migrantengroepen",
            "| Project 2.4 Wat zijn effectieve strategieën voor minderheidsgroepen om hun positie in de samenleving te verbeteren?",
            "| B Portaalfunctie",
            "| Project 1.4 Het vergroten van de (arbeids)participatie van vrouwelijke statushouders door emancipatie-sensitieve ondersteuning in gemeenten",
            "| Project 4.1 Leren van de lessen van arbeidsmarktaanpakken bij andere doelgroepen",
            "| 6 andere begrotingen",
            "| **Totaal**",
        ],
        "{markdown}"
    );
    for row in [
        "| Begroting | Wijziging | Verschil | Uren | Tarieven | Eigen tarieven | Materiële kosten |",
        "| Project 4.5 Jongeren en gevoelens van binding | verwijderd uit Thema 4. Participatie | \
         -65.112 | -39.112 | | | -26.000 |",
        "| Project 4.6 Jongeren en werk | toegevoegd in Thema 4. Participatie | +10.100 | +9.100 | | | +1.000 |",
        "| E Programmaleiding, coördinatie, samenwerking en programma-ontwikkeling | gewijzigd | \
         +2.650 | | | +2.650 | |",
        "| B Portaalfunctie | gewijzigd | +100 | | +100 | | |",
        "| 6 andere begrotingen | | +278 | | +278 | | |",
        "| **Totaal** | | **-48.964** | **-27.892** | **+1.278** | **+2.650** | **-25.000** |",
        "| Movisie | Project-Assistent | 44 → 46 (+2) | +1.278 |",
        "| &nbsp;&nbsp;Thema 3. Inclusie en toegankelijkheid | 332.188 | 400.339 | +68.151 |",
        "| Resterend | 0 | 128.945 | +128.945 |",
    ] {
        assert!(markdown.contains(row), "no `{row}` in:\n{markdown}");
    }
    assert!(
        markdown.contains(
            "**Project 2.5 Verminderen verschillende vormen van discriminatie**: gewijzigd en \
             verplaatst van Thema 2. Sociale stabiliteit naar Thema 3. Inclusie en toegankelijkheid"
        ),
        "{markdown}"
    );
    // The rate table and the per-budget details are folded.
    assert!(markdown.contains("<details><summary>Tarieven: 1 tarief gewijzigd</summary>"));
    assert!(markdown.contains(
        "<details><summary>Begrotingen per regel: 14 gewijzigd, 1 toegevoegd, 1 verwijderd, \
         1 verplaatst</summary>"
    ));

    let json: Value = serde_json::from_str(&compare(
        dir.path(),
        "werkplan-2019",
        "werkplan-2020",
        "json",
    ))
    .expect("JSON");
    assert_eq!(json["old"]["folder"], "werkplan-2019");
    assert_eq!(json["new"]["working_tree"], false);
    assert_eq!(json["verdict"]["within"], true);
    assert_eq!(json["total"]["difference"], "-48964");
    assert_eq!(json["remainder"]["after"], "128945");
    causes(
        &json["causes"],
        ["-27892", "1278", "2650", "-25000", "0", "-48964"],
    );
    let budget = |id: &str| find(&json["budgets"], "id", id);
    causes(
        &budget("1.1")["causes"],
        ["2120", "0", "0", "0", "0", "2120"],
    );
    causes(&budget("E")["causes"], ["0", "0", "2650", "0", "0", "2650"]);
    causes(
        &budget("4.5")["causes"],
        ["-39112", "0", "0", "-26000", "0", "-65112"],
    );
    causes(
        &budget("4.6")["causes"],
        ["9100", "0", "0", "1000", "0", "10100"],
    );
    causes(&budget("3.3")["causes"], ["0", "440", "0", "0", "0", "440"]);
    let moved = budget("2.5");
    assert_eq!(moved["moved"], true);
    assert_eq!(
        (&moved["group_before"]["id"], &moved["group_after"]["id"]),
        (&"2".into(), &"3".into())
    );
    causes(&moved["causes"], ["0", "46", "0", "0", "0", "46"]);
    assert_eq!(find(&json["groups"], "id", "4")["total"]["after"], "279153");
    assert_eq!(find(&json["groups"], "id", "1")["total"]["after"], "274633");

    let csv = compare(dir.path(), "werkplan-2019", "werkplan-2020", "csv");
    for row in [
        "oorzaak;verwijderd;4.5;Jongeren en gevoelens van binding;4;;;Uren;;;;;;;-39112",
        "oorzaak;toegevoegd;4.6;Jongeren en werk;;4;;Materiële kosten;;;;;;;1000",
        "oorzaak;gewijzigd;E;Programmaleiding, coördinatie, samenwerking en programma-ontwikkeling;E;E;;Eigen tarieven;;;;;;;2650",
        "programma-oorzaak;;;;;;;Tarieven;;;;;;;1278",
        "programma-oorzaak;;;;;;;Afronding;;;;;;;0",
    ] {
        assert!(csv.contains(&format!("{row}\r\n")), "no `{row}` in:\n{csv}");
    }

    let table = compare(dir.path(), "werkplan-2019", "werkplan-2020", "table");
    assert!(
        table.contains(
            "Binnen het beschikbare budget van € 2.700.000: Resterend € 128.945 (was Resterend € 0)"
        ),
        "{table}"
    );
    let total = table
        .lines()
        .find(|l| l.trim_start().starts_with("Totaal") && l.contains("-27.892"))
        .unwrap_or_else(|| panic!("no causes total in:\n{table}"));
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        [
            "Totaal", "-48.964", "-27.892", "+1.278", "+2.650", "-25.000"
        ],
        "{total}"
    );
}

#[test]
fn compare_an_edition_with_itself_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    book_2019(dir.path());
    let markdown = compare(dir.path(), "werkplan-2019", "werkplan-2019", "markdown");
    assert_eq!(
        markdown,
        "Geen wijzigingen in de begroting van werkplan-2019 naar werkplan-2019: \
         programmatotaal € 2.620.019, Resterend € 0.\n"
    );
}

#[test]
fn compare_refuses_a_folder_without_a_book_and_a_broken_book() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = book_2019(dir.path());
    let out = kis_book(&[
        "compare",
        old.to_str().expect("path"),
        dir.path().join("nergens").to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("holds no book"), "{}", stderr(&out));

    let new = edition_2020(dir.path());
    edit(
        &new,
        PROJECT_11,
        "      Onderzoeker: 320\n",
        "      Onderzoekr: 320\n",
    );
    let out = kis_book(&[
        "compare",
        old.to_str().expect("path"),
        new.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("1.1-monitor-arbeidstoeleiding.md:"), "{err}");
    assert!(err.contains("in the book in `"), "{err}");
    assert!(err.contains("no comparison"), "{err}");
    assert!(stdout(&out).is_empty());
}

/// `diff` over two commits of the 2019 book: one with the hours change of
/// 1.1 (+2.120), the rate change of Project-Assistent 44 → 46 (+1.278) and
/// project 4.6 added (+10.100), all worked out at the top. Programme
/// 2.620.019 → 2.633.517 (+13.498) against an available budget of
/// 2.620.019: Tekort 13.498. Causes: hours 2.120 + 9.100 = 11.220, rate
/// card 1.278, material 1.000; 11.220 + 1.278 + 1.000 = 13.498.
#[test]
fn diff_of_the_2019_book_over_two_commits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Repo::with_book(&book_2019(dir.path()));
    repo.edit(
        PROJECT_11,
        "      Onderzoeker: 300\n",
        "      Onderzoeker: 320\n",
    );
    repo.edit(
        CONFIG,
        "      Project-Assistent: 44\n",
        "      Project-Assistent: 46\n",
    );
    repo.write(PROJECT_46, NEW_PROJECT);
    repo.commit("drie");

    let markdown = repo.made("begin", "drie", "markdown");
    let opening: Vec<&str> = markdown.lines().take(3).collect();
    assert_eq!(
        opening,
        [
            "**Boven het beschikbare budget van € 2.620.019: Tekort € 13.498 (was Resterend € 0)**",
            "",
            "Programmatotaal € 2.620.019 → € 2.633.517 (+€ 13.498); 13 begrotingen gewijzigd, \
             1 toegevoegd; 1 tarief gewijzigd",
        ],
        "{markdown}"
    );
    for row in [
        "| Begroting | Wijziging | Verschil | Uren | Tarieven | Materiële kosten |",
        "| Project 4.6 Jongeren en werk | toegevoegd in Thema 4. Participatie | +10.100 | +9.100 | | +1.000 |",
        "| Project 1.1 Monitor: enquête onder gemeenten over arbeidstoeleiding en integratie van \
         vluchtelingen | gewijzigd | +2.120 | +2.120 | | |",
        "| Project 3.3 Discriminatie zelfstandigen | gewijzigd | +440 | | +440 | |",
        // 14 budgets: shown are 4.6, 1.1, 3.3, 6B, 2.4, B, 1.4, 4.1, 4.4,
        // 6C; left: 1.2 +50, 2.5 +46, 3.2 +40, C +2 = +138.
        "| 4 andere begrotingen | | +138 | | +138 | |",
        "| **Totaal** | | **+13.498** | **+11.220** | **+1.278** | **+1.000** |",
        "| Verwey-Jonker Instituut | Onderzoeker | 68 | 300 → 320 | 20.400 → 21.760 | +1.360 |",
        "| Tekort | 0 | 13.498 | +13.498 |",
    ] {
        assert!(markdown.contains(row), "no `{row}` in:\n{markdown}");
    }

    let json: Value = serde_json::from_str(&repo.made("begin", "drie", "json")).expect("JSON");
    assert_eq!(json["verdict"]["within"], false);
    causes(
        &json["causes"],
        ["11220", "1278", "0", "1000", "0", "13498"],
    );
    causes(
        &find(&json["budgets"], "id", "C")["causes"],
        ["0", "2", "0", "0", "0", "2"],
    );

    // No changes: said in words.
    let same = repo.made("drie", "drie", "markdown");
    assert!(
        same.starts_with("Geen wijzigingen in de begroting van drie"),
        "{same}"
    );
    assert!(
        same.ends_with(": programmatotaal € 2.633.517, Tekort € 13.498.\n"),
        "{same}"
    );
}
