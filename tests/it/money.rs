//! Money in cents, by a rule of the book's own: the fixture
//! tests/fixtures/cents-book (rates 112,50 and 87,25, Stafkosten 12,75,
//! hours 12,25 and 0,5; `precision: 2`, `rounding: half-even`,
//! `round: totals`; every label renamed).
//!
//! Every expected figure below is worked out by hand from the fixture's
//! rates and hours, never taken from the code. Under `round: totals` an
//! organisation's total is its exact total rounded (half to even); its
//! lines are rounded down and the cents still missing go to the largest
//! remainders, the earlier line first among equals.
//!
//! Project 1.1, Noord Bureau (12,25 + 0,5 = 12,75 h):
//!   Adviseur   112,50 × 12,25 = 1.378,125  → down 1.378,12, rest 0,005
//!   Assistent   87,25 × 0,5   =    43,625  → down    43,62, rest 0,005
//!   Stafkosten  12,75 × 12,75 =   162,5625 → down   162,56, rest 0,0025
//!   Overhead    20,10 × 12,75 =   256,275  → down   256,27, rest 0,005
//!   exact total 1.840,5875 → 1.840,59; rounded down 1.840,57: 2 cents
//!   missing, to the first two rests of 0,005 (Adviseur, Assistent):
//!   1.378,13 + 43,63 + 162,56 + 256,27 = 1.840,59.
//! Project 1.1, Zuid Lab (3,75 h):
//!   Onderzoeker 95,40 × 3,75 = 357,75; Stafkosten 8,30 × 3,75 = 31,125;
//!   Overhead 15,55 × 3,75 = 58,3125; exact 447,1875 → 447,19; down
//!   357,75 + 31,12 + 58,31 = 447,18: 1 cent to Stafkosten (rest 0,005)
//!   → 31,13.
//!   Material 100,10. Total 1.840,59 + 447,19 + 100,10 = 2.387,88
//!   (exact 2.387,875).
//! Project 1.2, Zuid Lab (0,25 + 10,5 = 10,75 h):
//!   Onderzoeker 95,40 × 0,25 = 23,85; Stagiair 45,00 × 10,5 = 472,50;
//!   Stafkosten 8,30 × 10,75 = 89,225; Overhead 15,55 × 10,75 = 167,1625;
//!   exact 752,7375 → 752,74; down 752,73: 1 cent to Stafkosten → 89,23.
//!   Total 752,74.
//! Function F, Noord Bureau (2 + 1,5 = 3,5 h):
//!   Adviseur 112,50 × 2 = 225,00; Coördinator (own rate) 60,30 × 1,5 =
//!   90,45; Stafkosten 12,75 × 3,5 = 44,625; Overhead 20,10 × 3,5 = 70,35;
//!   exact 430,425: a half cent, to even → 430,42 (half up would give
//!   430,43); down 225,00 + 90,45 + 44,62 + 70,35 = 430,42: nothing
//!   missing. Material 12,40. Total 442,82 (exact 442,825).
//! Overview (columns Zuid Lab, Noord Bureau, Materials, Sum):
//!   Theme 1 and A: 447,19 + 752,74 = 1.199,93; 1.840,59; 100,10;
//!   3.140,62. F: 0,00; 430,42; 12,40; 442,82.
//!   Sum: 1.199,93; 2.271,01; 112,50; 3.583,44 (exact 3.583,4375, within
//!   the bound of 4 blocks × ½ cent = 0,02). Available 3.600,00, left over
//!   16,56.

use std::path::{Path, PathBuf};

use crate::common::{copy_book, kis_book, repo_root, stderr, stdout};
use serde_json::Value;

/// The cents fixture book.
pub fn cents_book() -> PathBuf {
    repo_root().join("tests/fixtures/cents-book")
}

fn budget_of(book: &Path, format: &str) -> String {
    let out = kis_book(&["budget", book.to_str().expect("utf-8"), "--format", format]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

pub fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

/// (role, rate, hours, printed amount, exact amount) of every line of an
/// organisation block, then Stafkosten and Overhead.
fn lines(org: &Value) -> Vec<[String; 5]> {
    let s = |v: &Value| v.as_str().expect("string").to_owned();
    let mut out: Vec<[String; 5]> = org["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            [
                s(&l["role"]),
                s(&l["rate"]),
                s(&l["hours"]),
                s(&l["amount"]),
                s(&l["exact_amount"]),
            ]
        })
        .collect();
    for key in ["staff", "overhead"] {
        let l = &org[key];
        out.push([
            key.to_owned(),
            s(&l["rate"]),
            s(&l["hours"]),
            s(&l["amount"]),
            s(&l["exact_amount"]),
        ]);
    }
    out
}

fn row(cells: [&str; 5]) -> [String; 5] {
    cells.map(str::to_owned)
}

#[test]
fn json_carries_printed_and_exact_amounts_and_the_rule() {
    let json: Value = serde_json::from_str(&budget_of(&cents_book(), "json")).expect("JSON");
    assert_eq!(json["money"]["precision"], 2);
    assert_eq!(json["money"]["rounding"], "half-even");
    assert_eq!(json["money"]["round"], "totals");
    assert_eq!(json["money"]["stated"], true);
    assert_eq!(json["money"]["bound"], "0.02");
    assert!(
        json["money"]["rule"]
            .as_str()
            .expect("rule")
            .contains("largest remainder")
    );

    let b11 = find(&json["budgets"], "1.1");
    let noord = find(&b11["organisations"], "noord");
    assert_eq!(
        lines(noord),
        [
            row(["Adviseur", "112.50", "12.25", "1378.13", "1378.125"]),
            row(["Assistent", "87.25", "0.5", "43.63", "43.625"]),
            row(["staff", "12.75", "12.75", "162.56", "162.5625"]),
            row(["overhead", "20.10", "12.75", "256.27", "256.275"]),
        ]
    );
    assert_eq!(noord["total"], "1840.59");
    assert_eq!(noord["exact_total"], "1840.5875");
    let zuid = find(&b11["organisations"], "zuid");
    assert_eq!(
        lines(zuid),
        [
            row(["Onderzoeker", "95.40", "3.75", "357.75", "357.75"]),
            row(["staff", "8.30", "3.75", "31.13", "31.125"]),
            row(["overhead", "15.55", "3.75", "58.31", "58.3125"]),
        ]
    );
    assert_eq!(zuid["total"], "447.19");
    assert_eq!(b11["material"], "100.10");
    assert_eq!(b11["total"], "2387.88");
    assert_eq!(b11["exact_total"], "2387.875");

    let b12 = find(&json["budgets"], "1.2");
    let zuid = find(&b12["organisations"], "zuid");
    assert_eq!(
        lines(zuid),
        [
            row(["Onderzoeker", "95.40", "0.25", "23.85", "23.85"]),
            row(["Stagiair", "45.00", "10.5", "472.50", "472.5"]),
            row(["staff", "8.30", "10.75", "89.23", "89.225"]),
            row(["overhead", "15.55", "10.75", "167.16", "167.1625"]),
        ]
    );
    assert_eq!(b12["material"], "0.00");
    assert_eq!(b12["total"], "752.74");

    let f = find(&json["budgets"], "F");
    let noord = find(&f["organisations"], "noord");
    assert_eq!(
        lines(noord),
        [
            row(["Adviseur", "112.50", "2", "225.00", "225"]),
            row(["Coördinator", "60.30", "1.5", "90.45", "90.45"]),
            row(["staff", "12.75", "3.5", "44.62", "44.625"]),
            row(["overhead", "20.10", "3.5", "70.35", "70.35"]),
        ]
    );
    assert_eq!(noord["total"], "430.42", "430,425 rounds half to even");
    assert_eq!(f["total"], "442.82");
    assert_eq!(f["exact_total"], "442.825");

    for id in ["A", "1"] {
        let g = find(&json["groups"], id);
        assert_eq!(
            find(&g["organisations"], "zuid")["total"],
            "1199.93",
            "{id}"
        );
        assert_eq!(
            find(&g["organisations"], "noord")["total"],
            "1840.59",
            "{id}"
        );
        assert_eq!(g["material"], "100.10", "{id}");
        assert_eq!(g["total"], "3140.62", "{id}");
    }
    let g = find(&json["groups"], "F");
    assert_eq!(find(&g["organisations"], "zuid")["total"], "0.00");
    assert_eq!(find(&g["organisations"], "noord")["total"], "430.42");
    assert_eq!(g["total"], "442.82");
    assert_eq!(json["total"], "3583.44");
    assert_eq!(json["exact_total"], "3583.4375");
    assert_eq!(json["available"], "3600.00");
    assert_eq!(json["remainder"], "16.56");
}

/// The Dutch default labels: none may show in a book that renames them.
pub const DUTCH: [&str; 15] = [
    "Organisatie",
    "Functie",
    "Tarief",
    "Aantal",
    "Bedrag",
    "Stafkosten",
    "Overhead",
    "Materiële",
    "Totaal",
    "beschikbaar",
    "Resterend",
    "Tekort",
    "Project",
    "Begroting",
    "€",
];

#[test]
fn table_in_cents_with_the_books_labels() {
    let table = budget_of(&cents_book(), "table");
    for default in DUTCH {
        assert!(!table.contains(default), "`{default}` in\n{table}");
    }
    let has = |words: &[&str]| {
        table
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().ends_with(words))
    };
    assert!(table.contains("Activity 1.1 Advies"), "{table}");
    assert!(
        has(&["Position", "Rate", "(CHF)", "Hours", "Amount", "(CHF)"]),
        "{table}"
    );
    assert!(has(&["Adviseur", "112,50", "12,25", "1.378,13"]), "{table}");
    assert!(has(&["Assistent", "87,25", "0,5", "43,63"]), "{table}");
    assert!(
        has(&["Staff", "costs", "12,75", "12,75", "162,56"]),
        "{table}"
    );
    assert!(
        has(&["Indirect", "costs", "20,10", "12,75", "256,27"]),
        "{table}"
    );
    assert!(has(&["Sum", "Noord", "Bureau", "1.840,59"]), "{table}");
    assert!(has(&["Materials", "100,10"]), "{table}");
    assert!(has(&["Sum", "CHF", "2.387,88"]), "{table}");
    assert!(has(&["Coördinator", "60,30", "1,5", "90,45"]), "{table}");
    assert!(
        table.contains("Budget overview Centenfonds 2031"),
        "{table}"
    );
    assert!(
        has(&["Sum", "1.199,93", "2.271,01", "112,50", "3.583,44"]),
        "{table}"
    );
    assert!(
        has(&["F", "Beheer", "0,00", "430,42", "12,40", "442,82"]),
        "{table}"
    );
    assert!(has(&["Funds", "available", "CHF", "3.600,00"]), "{table}");
    assert!(has(&["Left", "over", "CHF", "16,56"]), "{table}");
}

#[test]
fn csv_rows_hold_the_printed_cents() {
    let csv = budget_of(&cents_book(), "csv");
    for default in DUTCH {
        assert!(!csv.contains(default), "`{default}` in\n{csv}");
    }
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    for expected in [
        "1.1;Advies;1;Noord Bureau;rol;Adviseur;112,50;12,25;1378,13",
        "1.1;Advies;1;Noord Bureau;rol;Assistent;87,25;0,5;43,63",
        "1.1;Advies;1;Noord Bureau;stafkosten;Staff costs;12,75;12,75;162,56",
        "1.1;Advies;1;Noord Bureau;overhead;Indirect costs;20,10;12,75;256,27",
        "1.1;Advies;1;Noord Bureau;totaal-organisatie;Sum;;12,75;1840,59",
        "1.1;Advies;1;Zuid Lab;stafkosten;Staff costs;8,30;3,75;31,13",
        "1.1;Advies;1;;materieel;Materials;;;100,10",
        "1.1;Advies;1;;totaal;Sum;;;2387,88",
        "1.2;Stage;1;Zuid Lab;stafkosten;Staff costs;8,30;10,75;89,23",
        "F;Beheer;F;Noord Bureau;rol;Coördinator;60,30;1,5;90,45",
        "F;Beheer;F;Noord Bureau;totaal-organisatie;Sum;;3,5;430,42",
        "F;Beheer;F;;totaal;Sum;;;442,82",
    ] {
        assert!(rows.contains(&expected), "`{expected}` not in\n{csv}");
    }
}

#[test]
fn check_states_amounts_in_the_books_currency() {
    let out = kis_book(&["check", cents_book().to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error["), "{err}");
    assert!(
        err.contains("CHF 16,56 of the available budget CHF 3.600,00 is not allocated (programme total CHF 3.583,44)"),
        "{err}"
    );
}

/// The cents book with `from` replaced by `to` in one file.
fn edited(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let book = copy_book(&cents_book());
    let path = book.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "`{from}` not in {file}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
    book
}

fn check(book: &Path) -> (Option<i32>, String) {
    let out = kis_book(&["check", book.to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err)
}

#[test]
fn a_rate_finer_than_the_precision_is_an_error_at_the_rate() {
    let book = edited("content/book.yaml", "precision: 2", "precision: 1");
    let (code, err) = check(book.path());
    assert_eq!(code, Some(1), "{err}");
    // 87.25, 12.75 and 15.55 have two decimals; 112.50, 20.10, 95.40, 8.30
    // have one that counts.
    for (line, col, rate) in [(45, 18, "87.25"), (46, 17, "12.75"), (54, 20, "15.55")] {
        let at = format!(
            "content/book.yaml:{line}:{col}: error[KB0306]: the rate `{rate}` has more decimals than amounts print with (`precision: 1`)"
        );
        assert!(err.contains(&at), "`{at}` not in\n{err}");
    }
    assert!(err.contains("3 error(s)"), "{err}");
    assert!(
        err.contains("round it to 1 decimals, or raise `precision`"),
        "{err}"
    );
}

#[test]
fn cents_without_a_money_section_are_an_error_with_a_hint() {
    let book = edited(
        "content/book.yaml",
        "money:\n  precision: 2\n  rounding: half-even\n  round: totals\n",
        "",
    );
    let (code, err) = check(book.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/book.yaml:40:17: error[KB0306]: the rate `112.50` has decimals, but amounts print in whole units: book.yaml has no `money:` section"),
        "{err}"
    );
    assert!(err.contains("money: { precision: 2"), "{err}");
}

#[test]
fn a_rate_in_front_matter_finer_than_the_precision_is_an_error_at_its_budget() {
    // Four decimals: three would read as a thousands separator.
    let book = edited("content/03-beheer.md", "rate: 60.30", "rate: 60.3025");
    let (code, err) = check(book.path());
    assert_eq!(code, Some(1), "{err}");
    let hit = err
        .lines()
        .find(|l| {
            l.contains(
                "error[KB0306]: budget F: the rate of Coördinator `60.3025` has more decimals",
            )
        })
        .unwrap_or_else(|| panic!("no error in\n{err}"));
    // At the budget (its first key: `budget:` is line 5).
    assert!(hit.contains("content/03-beheer.md:6:3: error"), "{hit}");
}

#[test]
fn amounts_finer_than_printed_without_a_rule_are_a_warning_at_the_budget() {
    // The small book without its money section: 22,5 hours at Stafkosten
    // 5 and Overhead 15 give 112,5 and 337,5, finer than whole euros.
    let book = copy_book(&crate::common::small_book());
    let path = book.path().join("content/book.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let start = text.find("money:").expect("money section");
    let end = start + text[start..].find("round: totals\n").expect("end") + "round: totals\n".len();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let (_, err) = check(book.path());
    let hit = err
        .lines()
        .find(|l| l.contains("warning[KB0323]: budget 2.1 has amounts finer than whole units"))
        .unwrap_or_else(|| panic!("no warning in\n{err}"));
    assert!(
        hit.contains("content/02-projecten/2.1-wonen.md:6:3: warning"),
        "{hit}"
    );
    assert!(hit.contains("Stafkosten: 5 × 22,5 h = 112,5"), "{hit}");
    assert!(hit.contains("and 1 more"), "{hit}");
    assert!(hit.contains("112,5 prints as 113"), "{hit}");
    // Rounded half up per line, 2.1 prints 1 euro more than exact, which
    // takes the programme above the available 7.250.
    assert!(
        err.contains("the programme total € 7.251 is € 1 above"),
        "{err}"
    );
}

/// The Dutch default labels, none of which the cents book uses: its
/// book.yaml renames every one.
const DEFAULT_LABELS: [&str; 18] = [
    "Organisatie",
    "Functie",
    "Tarief",
    "Aantal",
    "Bedrag",
    "Stafkosten",
    "Overhead",
    "Materiële kosten",
    "Totaal",
    "Totaal beschikbaar budget",
    "Resterend",
    "Tekort",
    "Totaaloverzicht begroting",
    "Project",
    "Thema",
    "Bijlage",
    "Begroting",
    "€",
];

/// Whether `word` stands in `text` as a word of its own (so that
/// "Projecten" is not the label "Project").
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn renamed_labels_reach_the_pdf_and_the_site() {
    let book = copy_book(&repo_root().join("tests/fixtures/cents-book"));
    let out = kis_book(&["build", book.path().to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = book.path().join("build/centen-plan.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    let pdf_text = String::from_utf8_lossy(&text.stdout).into_owned();
    // The book's own labels are printed…
    for label in [
        "Staff costs",
        "Indirect costs",
        "Materials",
        "Funds available",
        "CHF",
    ] {
        assert!(pdf_text.contains(label), "{label} not in the PDF");
    }
    // …and none of the defaults, in the PDF or on any page of the site.
    let mut outputs = vec![("the PDF".to_owned(), pdf_text)];
    for (path, bytes) in crate::common::read_tree(&book.path().join("build/site")) {
        if path.ends_with(".html") || path.ends_with("search-index.js") {
            outputs.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    for (name, text) in &outputs {
        for label in DEFAULT_LABELS {
            assert!(!has_word(text, label), "`{label}` in {name}");
        }
    }
}
