//! `kis-book budget --format csv --lines`: the CSV for pivot tables.
//!
//! Only the lines that carry money, so that a plain SUM of `bedrag` is the
//! programme total: for the 2019 book the seed's printed total, € 2.620.019
//! ("Totaal beschikbaar budget 2.620.019"). And a budget id such as 1.10
//! stays the text "1.10" when LibreOffice imports the file in an English or
//! a Dutch locale (a bare 1.10 becomes the number 1.1 in English).

use std::path::Path;
use std::process::Command;

use crate::common::{copy_book, kis_book, repo_root, small_book, stderr, stdout};

fn lines(root: &Path) -> String {
    let out = kis_book(&[
        "budget",
        root.to_str().expect("utf-8 path"),
        "--format",
        "csv",
        "--lines",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The fields of each record (no field of these books holds a semicolon).
fn records(csv: &str) -> Vec<Vec<String>> {
    csv.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_amounts_sum_to_the_programme_total_of_2019() {
    let csv = lines(&repo_root());
    let rows = records(&csv);
    assert_eq!(
        rows[0].join(";"),
        "budget;titel;functie;thema;organisatie;soort;regel;tarief;uren;bedrag"
    );
    let mut sum = 0i64;
    for row in &rows[1..] {
        assert!(
            ["rol", "stafkosten", "overhead", "materieel"].contains(&row[5].as_str()),
            "only amount lines: {row:?}"
        );
        sum += row[9].parse::<i64>().expect("whole euros");
    }
    assert_eq!(sum, 2_620_019);
}

#[test]
fn every_line_names_its_place_in_words() {
    // 1.1 of the small book: theme 1 of its function, Alpha's Senior line
    // 10 h × 100 = 1.000; Beta's Stafkosten for 2.1 22,5 h × 5 = 113 after
    // the money rule (see tests/it/budget.rs).
    let book = small_book();
    let csv = lines(&book);
    let rows: Vec<String> = records(&csv).into_iter().map(|r| r.join(";")).collect();
    let senior = rows
        .iter()
        .find(|r| r.starts_with("\"=\"\"1.1\"\"\";") && r.contains(";rol;Senior;"))
        .expect("Senior line of 1.1");
    assert!(
        senior.ends_with(";Alpha Instituut;rol;Senior;100;10;1000"),
        "{senior}"
    );
    let fields: Vec<&str> = senior.split(';').collect();
    assert_eq!(fields[1], "Werk voor iedereen");
    assert!(!fields[2].is_empty() && !fields[3].is_empty(), "{senior}");
    assert!(
        rows.iter()
            .any(|r| r.ends_with(";Beta Kennis;stafkosten;Stafkosten;5;22,5;113"))
    );
    assert!(!rows.iter().any(|r| r.contains(";totaal")), "no total rows");
}

#[test]
fn lines_needs_csv() {
    let book = small_book();
    let out = kis_book(&[
        "budget",
        book.to_str().expect("utf-8"),
        "--format",
        "json",
        "--lines",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format csv"), "{}", stderr(&out));
}

/// Imports `csv` in LibreOffice with `locale` (an LCID: 1033 English (US),
/// 1043 Dutch) and returns its first column as stored, written back as CSV.
fn first_column_in_libreoffice(csv: &Path, locale: u32) -> Vec<String> {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.path().join("profile").display()
        ))
        .arg("--headless")
        .arg(format!("--infilter=CSV:59,34,76,1,,{locale}"))
        // Values as stored, not as shown: a number 1.1 stays 1.1.
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false",
            "--outdir",
        ])
        .arg(&out)
        .arg(csv)
        .output()
        .unwrap_or_else(|e| panic!("cannot run soffice ({e}): `bash scripts/test.sh` installs it"));
    assert!(
        run.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.join("lines.csv")).expect("converted csv");
    text.lines()
        .map(|l| {
            l.split(',')
                .next()
                .unwrap_or_default()
                .trim_matches('"')
                .to_owned()
        })
        .collect()
}

#[test]
fn ids_stay_text_in_english_and_dutch_libreoffice() {
    let book = copy_book(&small_book());
    let project = book.path().join("content/02-projecten/1.1-werk.md");
    let text = std::fs::read_to_string(&project).expect("project");
    std::fs::write(&project, text.replacen("id: \"1.1\"", "id: \"1.10\"", 1)).expect("write");
    let csv = lines(book.path());
    let file = book.path().join("lines.csv");
    std::fs::write(&file, csv).expect("write csv");
    for locale in [1033, 1043] {
        let ids = first_column_in_libreoffice(&file, locale);
        assert!(
            ids.iter().any(|id| id == "1.10"),
            "locale {locale}: {ids:?}"
        );
        assert!(
            !ids.iter().any(|id| id == "1.1"),
            "locale {locale}: {ids:?}"
        );
    }
}
