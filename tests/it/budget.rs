//! `kis-book budget` on the small fixture book, in all three formats.
//!
//! The expected figures are worked out by hand from the fixture's hours and
//! rates (see tests/fixtures/small-book/content), not taken from the code:
//! - 1.1: Alpha 10 × 100 + 20 × 50 = 2.000, 30 h × (10 + 20) = 900 → 2.900;
//!   Beta 5 × 90 = 450, 5 h × (5 + 15) = 100 → 550; material 250 → 3.700.
//! - 2.1: Beta 12,5 × 40 = 500 and Adviseur (as Expert) 10 × 90 = 900,
//!   22,5 h × 20 = 450 → 1.850. The book rounds `totals` in whole euros:
//!   the organisation's 1.850 is whole; Stafkosten 22,5 × 5 = 112,5 and
//!   Overhead 22,5 × 15 = 337,5 round down to 112 and 337 and the euro
//!   left goes to the earlier of the equal remainders: 113 and 337.
//! - E: Alpha 8 × 120 + 4 × 75 = 1.260, 12 h × 30 = 360 → 1.620;
//!   material 80 → 1.700.
//! - Programme: 7.250, equal to the available budget.

use crate::common::{kis_book, small_book, stderr, stdout};
use serde_json::Value;

fn budget(format: &str) -> String {
    let book = small_book();
    let out = kis_book(&[
        "budget",
        book.to_str().expect("utf-8 path"),
        "--format",
        format,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

#[test]
fn json_has_the_right_totals() {
    let json: Value = serde_json::from_str(&budget("json")).expect("valid JSON");
    assert_eq!(json["year"], 2030);
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["available"], "7250");
    assert_eq!(json["total"], "7250");
    assert_eq!(json["remainder"], "0");

    let b11 = find(&json["budgets"], "1.1");
    assert_eq!(b11["group"], "1");
    assert_eq!(b11["material"], "250");
    assert_eq!(b11["total"], "3700");
    let alpha = find(&b11["organisations"], "alpha");
    assert_eq!(alpha["hours"], "30");
    assert_eq!(alpha["staff"]["amount"], "300");
    assert_eq!(alpha["overhead"]["amount"], "600");
    assert_eq!(alpha["total"], "2900");
    assert_eq!(alpha["lines"][1]["role"], "Junior");
    assert_eq!(alpha["lines"][1]["amount"], "1000");

    let b21 = find(&json["budgets"], "2.1");
    let beta = find(&b21["organisations"], "beta");
    assert_eq!(beta["hours"], "22.5");
    assert_eq!(beta["lines"][1]["role"], "Adviseur");
    assert_eq!(beta["lines"][1]["rate"], "90");
    assert_eq!(beta["staff"]["amount"], "113");
    assert_eq!(beta["staff"]["exact_amount"], "112.5");
    assert_eq!(beta["overhead"]["amount"], "337");
    assert_eq!(beta["overhead"]["exact_amount"], "337.5");
    assert_eq!(json["money"]["round"], "totals");
    assert_eq!(b21["total"], "1850");

    let e = find(&json["budgets"], "E");
    assert_eq!(e["group_kind"], "function");
    assert_eq!(e["organisations"][0]["lines"][0]["rate"], "120");
    assert_eq!(e["total"], "1700");

    let theme1 = find(&json["groups"], "1");
    assert_eq!(theme1["total"], "3700");
    let a = find(&json["groups"], "A");
    assert_eq!(a["total"], "5550");
    assert_eq!(a["material"], "250");
    assert_eq!(find(&a["organisations"], "beta")["total"], "2400");
    assert_eq!(find(&a["organisations"], "alpha")["total"], "2900");
}

#[test]
fn money_in_json_is_never_a_float() {
    let text = budget("json");
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    fn walk(v: &Value, path: &str) {
        match v {
            Value::Number(n) => assert!(
                n.is_i64() && (path == ".year" || path == ".money.precision"),
                "number at {path}: {n}"
            ),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            Value::Object(o) => o.iter().for_each(|(k, v)| walk(v, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    walk(&json, "");
}

#[test]
fn csv_rows_for_spreadsheets() {
    let csv = budget("csv");
    assert!(
        csv.starts_with('\u{feff}'),
        "UTF-8 byte-order mark for Excel"
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "budget;titel;groep;organisatie;soort;regel;tarief;uren;bedrag"
    );
    assert!(lines.contains(&"1.1;Werk voor iedereen;1;Alpha Instituut;rol;Senior;100;10;1000"));
    assert!(lines.contains(&"2.1;Wonen in de wijk;2;Beta Kennis;rol;Assistent;40;12,5;500"));
    assert!(lines.contains(&"2.1;Wonen in de wijk;2;Beta Kennis;stafkosten;Stafkosten;5;22,5;113"));
    assert!(lines.contains(&"1.1;Werk voor iedereen;1;;materieel;Materiële kosten;;;250"));
    assert!(lines.contains(&"E;Programmaleiding;E;;totaal;Totaal;;;1700"));
}

#[test]
fn table_in_dutch_notation() {
    let table = budget("table");
    assert!(table.contains("Project 1.1 Werk voor iedereen"), "{table}");
    assert!(table.contains("€ 3.700"), "{table}");
    assert!(table.contains("12,5"), "{table}");
    assert!(table.contains("Totaal beschikbaar budget"), "{table}");
    assert!(table.contains("€ 7.250"), "{table}");
    let total_row = table
        .lines()
        .find(|l| l.trim_start().starts_with("Totaal ") && l.contains("7.250"))
        .expect("overview total row");
    let figures: Vec<&str> = total_row.split_whitespace().skip(1).collect();
    // Columns in overview order: Beta, Alpha, Materiële kosten, Totaal.
    assert_eq!(figures, ["2.400", "4.520", "330", "7.250"]);
}
