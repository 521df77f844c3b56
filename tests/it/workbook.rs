//! The budget workbook (`kis-book budget --format xlsx`) in a real
//! spreadsheet program: LibreOffice, headless, recalculates every formula
//! and every figure must equal `kis-book budget --format json`.
//!
//! LibreOffice trusts the cached values of an xlsx file unless told
//! otherwise; the conversions here run with a profile whose setting
//! `Formula/Load/OOXMLRecalcMode` is 0 ("always recalculate"), and the
//! tests prove it is obeyed: the workbooks they give LibreOffice carry
//! deliberately wrong cached values (999999), and the recalculated figures
//! must be the right ones. scripts/test.sh installs LibreOffice
//! (libreoffice-calc-nogui) when it is missing; without it these tests
//! fail, they never skip.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{copy_book, kis_book, repo_root, small_book, stderr, stdout};
use crate::money::cents_book;

/// LibreOffice's setting that makes it recalculate every formula of an xlsx
/// file on load.
const RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// A sheet as LibreOffice exports it: rows of cells.
type Sheet = Vec<Vec<String>>;

/// Every sheet of `xlsx` as LibreOffice computes it (with `recalculate`) or
/// as cached in the file, by sheet name; with `formulas`, formula cells give
/// their formula text.
fn libreoffice(xlsx: &Path, recalculate: bool, formulas: bool) -> BTreeMap<String, Sheet> {
    let work = tempfile::tempdir().expect("temp dir");
    let profile = work.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).expect("profile");
    if recalculate {
        std::fs::write(profile.join("user/registrymodifications.xcu"), RECALCULATE)
            .expect("write settings");
    }
    let out = work.path().join("out");
    // CSV export: comma, double quote, UTF-8, en-US, values as stored (not
    // as shown), formulas when asked, every sheet to its own file.
    let filter = format!(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,{formulas},false,-1"
    );
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", &filter, "--outdir"])
        .arg(&out)
        .arg(xlsx)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run soffice ({e}): install LibreOffice (`bash scripts/test.sh` installs \
                 libreoffice-calc-nogui)"
            )
        });
    assert!(
        run.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stem = xlsx
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let mut sheets = BTreeMap::new();
    for entry in std::fs::read_dir(&out).expect("read out") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let sheet = name
            .strip_prefix(&format!("{stem}-"))
            .unwrap_or_else(|| panic!("unexpected file {name}"))
            .to_owned();
        sheets.insert(
            sheet,
            parse_csv(&std::fs::read_to_string(&path).expect("read csv")),
        );
    }
    assert!(!sheets.is_empty(), "LibreOffice wrote no sheets");
    sheets
}

/// Reads CSV with `"` quoting, as LibreOffice writes it.
fn parse_csv(text: &str) -> Sheet {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn json_of(book: &Path) -> Value {
    let out = kis_book(&["budget", book.to_str().expect("utf-8"), "--format", "json"]);
    assert!(!out.stdout.is_empty(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

/// The workbook of `book` as `kis-book budget --format xlsx -o` writes it.
fn workbook_of(book: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("begroting.xlsx");
    let out = kis_book(&[
        "budget",
        book.to_str().expect("utf-8"),
        "--format",
        "xlsx",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert!(path.exists(), "{}", stderr(&out));
    path
}

/// The workbook of `book` with every computed figure's cached value wrong
/// (999999): what LibreOffice shows of it, it computed itself.
fn poisoned_workbook_of(book: &Path, dir: &Path) -> PathBuf {
    let outcome = kis_book::compile(&kis_book::source::input::BookInput::open(book));
    let compiled = outcome.compiled.expect("the book compiles");
    let mut p = compiled.programme.clone();
    let wrong = Decimal::from(999_999);
    for b in &mut p.budgets {
        for o in &mut b.organisations {
            for l in &mut o.lines {
                l.charge.amount = wrong;
                // A rate from the card is a formula; an own rate is input.
                if l.card_role.is_some() {
                    l.charge.rate = wrong;
                }
            }
            o.hours = wrong;
            for charge in [&mut o.staff, &mut o.overhead] {
                charge.rate = wrong;
                charge.amount = wrong;
            }
            o.total = wrong;
        }
        b.total = wrong;
    }
    for g in &mut p.groups {
        g.per_org.iter_mut().for_each(|v| *v = wrong);
        g.total = wrong;
        g.material = wrong;
    }
    p.per_org.iter_mut().for_each(|v| *v = wrong);
    p.total = wrong;
    p.material = wrong;
    let bytes = kis_book::render::export::xlsx::workbook(&compiled.config, &p).expect("workbook");
    let path = dir.join("vergiftigd.xlsx");
    std::fs::write(&path, bytes).expect("write workbook");
    path
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|_| panic!("`{text}` is not a number"))
}

/// A cell holds the figure of a JSON string.
fn same(cell: &str, json: &Value, what: &str) {
    let expected = json.as_str().unwrap_or_else(|| panic!("{what}: {json}"));
    assert_eq!(
        dec(cell),
        dec(expected),
        "{what}: spreadsheet {cell}, kis-book {expected}"
    );
}

/// The names of the sheets that are not a budget's: the overview's and the
/// rate card's.
struct Names<'a> {
    overview: &'a str,
    rates: &'a str,
}

const DUTCH_NAMES: Names<'static> = Names {
    overview: "Totaaloverzicht begroting",
    rates: "Tarieven",
};

const CENTS_NAMES: Names<'static> = Names {
    overview: "Budget overview",
    rates: "Rates",
};

/// Every figure of every sheet equals the JSON export.
fn assert_equals_json(sheets: &BTreeMap<String, Sheet>, json: &Value, names: &Names<'_>) -> usize {
    let mut compared = rate_card_equals_json(&sheets[names.rates], json);
    compared += organisation_sheets_equal_json(sheets, json);
    for b in json["budgets"].as_array().expect("budgets") {
        let id = b["id"].as_str().expect("id");
        let sheet = &sheets[id];
        let mut row = 2;
        for o in b["organisations"].as_array().expect("organisations") {
            let lines = o["lines"].as_array().expect("lines").iter();
            for line in lines.chain([&o["staff"], &o["overhead"]]) {
                let cells = &sheet[row];
                same(&cells[2], &line["rate"], &format!("{id} row {row} rate"));
                same(&cells[3], &line["hours"], &format!("{id} row {row} hours"));
                same(
                    &cells[4],
                    &line["amount"],
                    &format!("{id} row {row} amount"),
                );
                compared += 3;
                row += 1;
            }
            same(
                &sheet[row][4],
                &o["total"],
                &format!("{id} organisation total"),
            );
            row += 1;
        }
        same(&sheet[row][4], &b["material"], &format!("{id} material"));
        same(&sheet[row + 1][4], &b["total"], &format!("{id} total"));
        compared += 2;
    }
    let sheet = &sheets[names.overview];
    let groups = json["groups"].as_array().expect("groups");
    for (i, g) in groups.iter().enumerate() {
        let cells = &sheet[2 + i];
        assert_eq!(cells[0], g["label"].as_str().expect("label"));
        let orgs = g["organisations"].as_array().expect("organisations");
        for (col, o) in orgs.iter().enumerate() {
            same(
                &cells[1 + col],
                &o["total"],
                &format!("{} column {col}", g["id"]),
            );
        }
        same(&cells[1 + orgs.len()], &g["material"], "group material");
        same(&cells[2 + orgs.len()], &g["total"], "group total");
        compared += orgs.len() + 2;
    }
    let total = &sheet[2 + groups.len()];
    let columns = groups[0]["organisations"].as_array().expect("columns");
    for (col, o) in columns.iter().enumerate() {
        let id = o["id"].as_str().expect("id");
        let org = crate::money::find(&json["organisations"], id);
        same(
            &total[1 + col],
            &org["total"],
            &format!("programme total of {id}"),
        );
    }
    same(
        total.last().expect("cells"),
        &json["total"],
        "programme total",
    );
    let last = total.len() - 1;
    same(
        &sheet[4 + groups.len()][last],
        &json["available"],
        "available",
    );
    let remainder = json["remainder"]
        .as_str()
        .expect("remainder")
        .trim_start_matches('-');
    same(
        &sheet[5 + groups.len()][last],
        &Value::from(remainder),
        "remainder",
    );
    compared + columns.len() + 3
}

/// The rate card: per organisation (in the order of the JSON, which is
/// book.yaml's) a block that starts with its name and ends with its
/// Stafkosten and Overhead rates, a blank row after it.
fn rate_card_equals_json(sheet: &Sheet, json: &Value) -> usize {
    let mut row = 2;
    let mut compared = 0;
    for org in json["organisations"].as_array().expect("organisations") {
        let name = org["name"].as_str().expect("name");
        assert_eq!(sheet[row][0], name, "rate card row {row}");
        let end = (row..sheet.len())
            .find(|&r| sheet[r].iter().all(String::is_empty))
            .unwrap_or(sheet.len());
        same(
            &sheet[end - 2][2],
            &org["staff_rate"],
            &format!("{name} staff rate"),
        );
        same(
            &sheet[end - 1][2],
            &org["overhead_rate"],
            &format!("{name} overhead rate"),
        );
        compared += 2;
        row = end + 1;
    }
    compared
}

/// Each organisation's sheet: a row per budget it works in, with its hours
/// and amount there, and its totals.
fn organisation_sheets_equal_json(sheets: &BTreeMap<String, Sheet>, json: &Value) -> usize {
    let mut compared = 0;
    for org in json["organisations"].as_array().expect("organisations") {
        let (id, name) = (
            org["id"].as_str().expect("id"),
            org["name"].as_str().expect("name"),
        );
        let sheet = &sheets[name];
        let mut row = 2;
        let mut hours = Decimal::ZERO;
        for b in json["budgets"].as_array().expect("budgets") {
            let blocks: Vec<&Value> = b["organisations"]
                .as_array()
                .expect("organisations")
                .iter()
                .filter(|o| o["id"] == id)
                .collect();
            if blocks.is_empty() {
                continue;
            }
            let sum = |key: &str| -> Decimal {
                blocks
                    .iter()
                    .map(|o| dec(o[key].as_str().expect("figure")))
                    .sum()
            };
            let what = format!("{name}, budget {}", b["id"]);
            assert_eq!(dec(&sheet[row][1]), sum("hours"), "{what}: hours");
            assert_eq!(dec(&sheet[row][2]), sum("total"), "{what}: amount");
            hours += sum("hours");
            compared += 2;
            row += 1;
        }
        assert_eq!(dec(&sheet[row][1]), hours, "{name}: total hours");
        same(&sheet[row][2], &org["total"], &format!("{name}: total"));
        compared += 2;
    }
    compared
}

/// LibreOffice recalculates the workbook of `book`, whose cached values are
/// wrong, into exactly the figures of its JSON export.
fn recalculated_equals_json(book: &Path, names: &Names<'_>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheets = libreoffice(&poisoned_workbook_of(book, dir.path()), true, false);
    let compared = assert_equals_json(&sheets, &json_of(book), names);
    eprintln!(
        "{}: {compared} figures recalculated by LibreOffice equal the JSON",
        book.display()
    );
}

#[test]
fn libreoffice_recalculates_the_cents_book_into_its_json() {
    recalculated_equals_json(&cents_book(), &CENTS_NAMES);
}

#[test]
fn libreoffice_recalculates_the_2019_plan_into_its_json() {
    recalculated_equals_json(&repo_root(), &DUTCH_NAMES);
}

#[test]
fn libreoffice_recalculates_the_small_book_into_its_json() {
    // Whole euros, `round: totals`: lines shared out by the largest
    // remainder.
    recalculated_equals_json(&small_book(), &DUTCH_NAMES);
}

#[test]
fn libreoffice_recalculates_cents_rounded_per_line_half_up() {
    let book = copy_book(&cents_book());
    let path = book.path().join("content/book.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text
        .replace("rounding: half-even", "rounding: half-up")
        .replace("round: totals", "round: lines");
    std::fs::write(&path, text).expect("write");
    recalculated_equals_json(book.path(), &CENTS_NAMES);
}

#[test]
fn cached_values_are_kis_books_figures() {
    // Without the recalculation setting LibreOffice shows the cached values.
    let dir = tempfile::tempdir().expect("temp dir");
    let book = cents_book();
    let sheets = libreoffice(&workbook_of(&book, dir.path()), false, false);
    assert_equals_json(&sheets, &json_of(&book), &CENTS_NAMES);
    // And it does show cached values: the poisoned ones stay wrong.
    let sheets = libreoffice(&poisoned_workbook_of(&book, dir.path()), false, false);
    assert_eq!(sheets["1.1"][2][4], "999999");
}

#[test]
fn amounts_and_totals_are_formulas_on_rates_and_hours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheets = libreoffice(&workbook_of(&repo_root(), dir.path()), true, true);
    // Project 1.1: four role lines (rows 3–6), Stafkosten (7), Overhead
    // (8), the organisation total (9), Materiële kosten (10), Totaal (11).
    let s = &sheets["1.1"];
    // Rates refer to the rate card: Verwey-Jonker's roles stand in rows
    // 3–6 of Tarieven, its Stafkosten in 7, Overhead in 8.
    assert_eq!(s[2][2], "=$Tarieven.$C$3", "Senior onderzoeker");
    assert_eq!(s[6][2], "=$Tarieven.$C$7", "Stafkosten");
    assert_eq!(s[7][2], "=$Tarieven.$C$8", "Overhead");
    assert_eq!(s[2][4], "=ROUND(C3*D3,0)");
    assert_eq!(s[5][4], "=ROUND(C6*D6,0)");
    assert_eq!(s[6][1], "Stafkosten");
    assert_eq!(
        s[6][3], "=SUM(D3:D6)",
        "Stafkosten over the organisation's hours"
    );
    assert_eq!(s[6][4], "=ROUND(C7*D7,0)");
    assert_eq!(
        s[7][3], "=SUM(D3:D6)",
        "Overhead over the organisation's hours"
    );
    assert_eq!(s[8][4], "=SUM(E3:E8)", "organisation total");
    assert_eq!(s[10][4], "=SUM(E9,E10)", "budget total");
    let overview = &sheets["Totaaloverzicht begroting"];
    let theme1 = overview
        .iter()
        .find(|r| r[0] == "Thema 1. Nieuwe migratie")
        .expect("row");
    assert!(theme1[2].starts_with("=SUM($'1.1'.E9,"), "{theme1:?}");
    // Every amount of every budget sheet is a formula.
    let others = [
        "Totaaloverzicht begroting",
        "Tarieven",
        "Movisie",
        "Verwey-Jonker Instituut",
    ];
    for (name, sheet) in sheets.iter().filter(|(n, _)| !others.contains(&n.as_str())) {
        for row in sheet.iter().skip(2).filter(|r| !r[1].is_empty()) {
            assert!(row[4].starts_with('='), "{name}: {row:?}");
        }
    }
    // A role's own rate is a number on its budget sheet; a role `as` one on
    // the card refers to the card (Movisie's Medior: Tarieven row 11).
    let e = &sheets["E"];
    let line = |role: &str| {
        e.iter()
            .find(|r| r[1] == role)
            .unwrap_or_else(|| panic!("{role} in E"))
    };
    assert_eq!(line("Programmaleiding")[2], "100");
    assert_eq!(line("Kwaliteitscontrole/coördinatie")[2], "80");
    assert_eq!(line("Project ondersteuning")[2], "=$Tarieven.$C$6");
    assert_eq!(
        sheets["D"]
            .iter()
            .find(|r| r[1] == "Communicatieadviseur")
            .expect("row")[2],
        "=$Tarieven.$C$11"
    );
    // The legend of the marked own rates, below the table.
    assert!(e.iter().any(|r| r[0] == "Eigen tarief"), "{e:?}");
    // An organisation's sheet refers to the budget sheets.
    let movisie = &sheets["Movisie"];
    let d = movisie
        .iter()
        .find(|r| r[0].starts_with("D "))
        .expect("row D");
    assert!(d[2].starts_with("=SUM($D."), "{d:?}");
}

/// `xlsx` with the value of cell `cell` of worksheet `sheet` (1-based: the
/// overview is 1, the rate card 2, then the organisations and the budgets)
/// replaced by `value`, written to `to`.
fn with_cell(xlsx: &Path, sheet: usize, cell: &str, value: &str, to: &Path) {
    let file = std::fs::File::open(xlsx).expect("open workbook");
    let mut zip = zip::ZipArchive::new(file).expect("read workbook");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    let target = format!("xl/worksheets/sheet{sheet}.xml");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut data = String::new();
        entry.read_to_string(&mut data).expect("read entry");
        if entry.name() == target {
            let start = data.find(&format!("r=\"{cell}\"")).expect("cell");
            let v = start + data[start..].find("<v>").expect("value") + 3;
            let end = v + data[v..].find("</v>").expect("end");
            data.replace_range(v..end, value);
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(entry.name(), options).expect("start");
        out.write_all(data.as_bytes()).expect("write");
    }
    out.finish().expect("finish");
}

#[test]
fn changing_an_hour_moves_every_total() {
    // Assistent of Noord Bureau in project 1.1 (sheet 5, D4): 0,5 → 1,5
    // hours. Worked out by hand (round: totals, half to even, cents):
    // 13,75 h; Adviseur 1.378,125, Assistent 87,25 × 1,5 = 130,875,
    // Stafkosten 12,75 × 13,75 = 175,3125, Overhead 20,10 × 13,75 =
    // 276,375; exact 1.960,6875 → 1.960,69; rounded down 1.960,67, the two
    // cents to the first two rests of 0,005: 1.378,13, 130,88, 175,31,
    // 276,37. Budget 1.1: 1.960,69 + 447,19 + 100,10 = 2.507,98. Programme:
    // Noord 1.960,69 + 430,42 = 2.391,11; total 2.507,98 + 752,74 + 442,82
    // = 3.703,54, above the 3.600,00 available: a shortfall of 103,54.
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = workbook_of(&cents_book(), dir.path());
    let edited = dir.path().join("bewerkt.xlsx");
    with_cell(&xlsx, 5, "D4", "1.5", &edited);
    let sheets = libreoffice(&edited, true, false);
    let s = &sheets["1.1"];
    let amounts: Vec<&str> = (2..6).map(|r| s[r][4].as_str()).collect();
    assert_eq!(amounts, ["1378.13", "130.88", "175.31", "276.37"]);
    assert_eq!(s[4][3], "13.75", "Stafkosten hours follow");
    assert_eq!(s[6][4], "1960.69");
    assert_eq!(s[12][4], "2507.98");
    let o = &sheets["Budget overview"];
    assert_eq!(o[5], ["Sum", "1199.93", "2391.11", "112.5", "3703.54"]);
    assert_eq!(o[8][0], "Shortfall");
    assert_eq!(o[8][4], "103.54");
}

#[test]
fn the_workbook_is_the_same_on_every_build_and_needs_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = std::fs::read(workbook_of(&cents_book(), dir.path())).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = std::fs::read(workbook_of(&cents_book(), dir.path())).expect("read");
    assert!(first == second, "two builds differ");
    let out = kis_book(&[
        "budget",
        cents_book().to_str().expect("utf-8"),
        "--format",
        "xlsx",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing binary on the terminal");
    assert!(stderr(&out).contains("-o"), "{}", stderr(&out));
}

#[test]
fn the_workbook_speaks_the_books_labels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheets = libreoffice(&workbook_of(&cents_book(), dir.path()), false, false);
    let names: Vec<&str> = sheets.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "1.1",
            "1.2",
            "Budget overview",
            "F",
            "Noord Bureau",
            "Rates",
            "Zuid Lab"
        ]
    );
    let text: String = sheets
        .values()
        .flatten()
        .flatten()
        .map(|c| format!("{c}\n"))
        .collect();
    let workbook_words = ["Tarieven", "Eigen tarief", "Afronding"];
    for default in crate::money::DUTCH.into_iter().chain(workbook_words) {
        assert!(!text.contains(default), "`{default}` in the workbook");
    }
    assert_eq!(sheets["Rates"][0][0], "Rates Centenfonds 2031");
    assert_eq!(
        sheets["F"][10][0], "Own rate",
        "the mark of Coördinator's rate"
    );
    let rule = sheets["Rates"].last().expect("rule");
    assert_eq!(
        rule[..2],
        [
            "Rounding",
            "money: { precision: 2, rounding: half-even, round: totals }"
        ]
    );
    assert_eq!(sheets["1.1"][0][0], "Activity 1.1 Advies");
    assert_eq!(
        sheets["1.1"][1],
        [
            "Organisation",
            "Position",
            "Rate (CHF)",
            "Hours",
            "Amount (CHF)"
        ]
    );
    assert_eq!(sheets["F"][7][0], "Materials");
    assert_eq!(sheets["F"][8][0], "Sum");
}

/// `book` (a book's folder) with `from` replaced by `to` in its book.yaml,
/// in a temporary folder.
fn with_rate(book: &Path, from: &str, to: &str) -> tempfile::TempDir {
    let copy = copy_book(&book.join("content"));
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::rename(copy.path(), root.path().join("content")).expect("move content");
    let path = root.path().join("content/book.yaml");
    let text = std::fs::read_to_string(&path).expect("read book.yaml");
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in book.yaml");
    std::fs::write(&path, text.replace(from, to)).expect("write book.yaml");
    root
}

/// The workbook of `book` with the rate in cell `cell` of the rate card
/// changed to `value` and recalculated by LibreOffice equals, figure for
/// figure, the JSON of the book whose book.yaml says `to` for `from`.
fn changed_rate_equals_json(
    book: &Path,
    names: &Names<'_>,
    cell: &str,
    value: &str,
    (from, to): (&str, &str),
) -> BTreeMap<String, Sheet> {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = workbook_of(book, dir.path());
    let edited = dir.path().join("tarief.xlsx");
    with_cell(&xlsx, 2, cell, value, &edited);
    let sheets = libreoffice(&edited, true, false);
    let changed = with_rate(book, from, to);
    let json = json_of(changed.path());
    let compared = assert_equals_json(&sheets, &json, names);
    eprintln!("{compared} figures after the rate change equal the JSON");
    sheets
}

#[test]
fn a_rate_changed_on_the_rate_card_flows_into_every_figure() {
    // Movisie's Medior, row 11 of Tarieven (Verwey-Jonker's four roles,
    // Stafkosten and Overhead in rows 3–8, a blank row, Movisie's Senior in
    // 10): 80 → 82, as a finance officer would try it.
    let sheets = changed_rate_equals_json(
        &repo_root(),
        &DUTCH_NAMES,
        "C11",
        "82",
        ("Medior: 80", "Medior: 82"),
    );
    // By hand: Movisie books 3.488 Medior hours (the 25 `Medior:` lines and
    // D's Communicatieadviseur `as: Medior`, 523 h), so € 2 more an hour
    // adds 6.976: Movisie 896.428 → 903.404, the programme 2.620.019 →
    // 2.626.995, a shortfall of 6.976 against the 2.620.019 available. D's
    // Movisie block 149.825 + 2 × 523 = 150.871, D 470.136 → 471.182. E's
    // Kwaliteitscontrole/coördinatie has a rate of its own of 80: it stays,
    // and E stays 223.122 (figures of the 2019 plan).
    let overview = &sheets["Totaaloverzicht begroting"];
    let total = overview.iter().find(|r| r[0] == "Totaal").expect("total");
    assert_eq!(total[1..], ["903404", "1388774", "334817", "2626995"]);
    let shortfall = overview.last().expect("last row");
    assert_eq!(
        (shortfall[0].as_str(), shortfall[4].as_str()),
        ("Tekort", "6976")
    );
    let movisie = &sheets["Movisie"];
    assert_eq!(movisie.last().expect("total")[2], "903404");
    let d = &sheets["D"];
    let row = |sheet: &Sheet, first: &str| -> Vec<String> {
        sheet
            .iter()
            .find(|r| r[0] == first || r[1] == first)
            .unwrap_or_else(|| panic!("{first}"))
            .clone()
    };
    assert_eq!(row(d, "Communicatieadviseur")[2], "82");
    assert_eq!(row(d, "Totaal Movisie")[4], "150871");
    assert_eq!(row(d, "Totaal")[4], "471182");
    let e = &sheets["E"];
    assert_eq!(row(e, "Kwaliteitscontrole/coördinatie")[2], "80");
    assert_eq!(row(e, "Totaal")[4], "223122");
}

#[test]
fn a_changed_staff_rate_flows_into_every_figure_rounded_by_the_rule() {
    // Noord Bureau's Staff costs, row 5 of Rates (Adviseur 3, Assistent
    // 4): 12,75 → 13,10, in cents rounded by the largest remainder.
    let sheets = changed_rate_equals_json(
        &cents_book(),
        &CENTS_NAMES,
        "C5",
        "13.1",
        ("staff_rate: 12.75", "staff_rate: 13.10"),
    );
    // By hand, project 1.1: Noord's 12,75 hours × 13,10 = 167,025 Staff
    // costs; the block's exact total 1.378,125 + 43,625 + 167,025 +
    // 256,275 = 1.845,05 needs no rounding; the lines rounded down
    // (1.378,12, 43,62, 167,02, 256,27 = 1.845,03) get the two cents left
    // by their remainders (0,5, 0,5, 0,5, 0,5: the earlier lines first):
    // 1.378,13, 43,63, 167,02, 256,27.
    let s = &sheets["1.1"];
    let amounts: Vec<&str> = (2..6).map(|r| s[r][4].as_str()).collect();
    assert_eq!(amounts, ["1378.13", "43.63", "167.02", "256.27"]);
    assert_eq!(s[6][4], "1845.05");
}
