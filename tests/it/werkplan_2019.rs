//! The golden test: the budget of the KIS Werkplan 2019, computed from the
//! hours in content/, must reproduce every figure printed in the published
//! plan. The expected figures are in tests/fixtures/werkplan-2019-figures.json,
//! transcribed from ../shared/seed/werkprogramma-2019.txt.

use crate::common::{kis_book, printed_figures as printed, repo_root, stderr, stdout};
use serde_json::Value;

fn computed() -> Value {
    let root = repo_root();
    let out = kis_book(&[
        "budget",
        root.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    // An overrun still prints the budget (and exits 1): compare the figures
    // first, so that a wrong hour shows as the figure it breaks.
    assert!(!out.stdout.is_empty(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("budget JSON")
}

/// A computed decimal string as an integer number of euros or hours.
fn int(v: &Value) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("expected a decimal string, got {v}"));
    s.parse()
        .unwrap_or_else(|_| panic!("`{s}` is not a whole number"))
}

/// A printed figure; a cell the plan leaves empty counts as 0.
fn printed_int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

#[test]
fn every_printed_budget_figure_is_reproduced() {
    let printed = printed();
    let computed = computed();
    let budgets = printed["budgets"].as_array().expect("budgets");
    let ours = computed["budgets"].as_array().expect("budgets");
    assert_eq!(budgets.len(), 31, "27 project budgets and functions B–E");
    let ids: Vec<&str> = budgets
        .iter()
        .map(|b| b["id"].as_str().expect("id"))
        .collect();
    let our_ids: Vec<&str> = ours.iter().map(|b| b["id"].as_str().expect("id")).collect();
    assert_eq!(our_ids, ids, "budgets in printed order");

    let mut figures = 0;
    for (p, c) in budgets.iter().zip(ours) {
        let id = p["id"].as_str().expect("id");
        let p_orgs = p["organisations"].as_array().expect("organisations");
        let c_orgs = c["organisations"].as_array().expect("organisations");
        let names: Vec<&Value> = p_orgs.iter().map(|o| &o["name"]).collect();
        let our_names: Vec<&Value> = c_orgs.iter().map(|o| &o["name"]).collect();
        assert_eq!(our_names, names, "{id}: organisation blocks");
        for (po, co) in p_orgs.iter().zip(c_orgs) {
            let org = po["name"].as_str().expect("name");
            let p_lines = po["lines"].as_array().expect("lines");
            let c_lines = co["lines"].as_array().expect("lines");
            let roles: Vec<&Value> = p_lines.iter().map(|l| &l["role"]).collect();
            let our_roles: Vec<&Value> = c_lines.iter().map(|l| &l["role"]).collect();
            assert_eq!(our_roles, roles, "{id} {org}: role lines");
            for (pl, cl) in p_lines.iter().zip(c_lines) {
                let role = pl["role"].as_str().expect("role");
                assert_eq!(
                    int(&cl["rate"]),
                    printed_int(&pl["rate"]),
                    "{id} {org} {role}: rate"
                );
                assert_eq!(
                    int(&cl["hours"]),
                    printed_int(&pl["hours"]),
                    "{id} {org} {role}: hours"
                );
                assert_eq!(
                    int(&cl["amount"]),
                    printed_int(&pl["amount"]),
                    "{id} {org} {role}: amount"
                );
                figures += 3;
            }
            for line in ["staff", "overhead"] {
                for field in ["rate", "hours", "amount"] {
                    assert_eq!(
                        int(&co[line][field]),
                        printed_int(&po[line][field]),
                        "{id} {org}: {line} {field}"
                    );
                    figures += 1;
                }
            }
            assert_eq!(
                int(&co["total"]),
                printed_int(&po["total"]),
                "{id} {org}: Totaal"
            );
            figures += 1;
        }
        assert_eq!(
            int(&c["material"]),
            printed_int(&p["material"]),
            "{id}: Materiële kosten"
        );
        assert_eq!(int(&c["total"]), printed_int(&p["total"]), "{id}: Totaal");
        figures += 2;
    }
    assert!(figures > 900, "compared {figures} figures");
}

#[test]
fn every_cell_of_the_totaaloverzicht() {
    let printed = printed();
    let computed = computed();
    let columns = printed["overview"]["columns"].as_array().expect("columns");
    assert_eq!(columns[0], "Movisie");
    assert_eq!(columns[1], "Verwey-Jonker Instituut");
    let org_total = |group: &Value, id: &str| {
        let orgs = group["organisations"].as_array().expect("organisations");
        int(&orgs.iter().find(|o| o["id"] == id).expect("org column")["total"])
    };
    let rows = printed["overview"]["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 10);
    for row in rows {
        let group = row["group"].as_str().expect("group");
        let label = row["label"].as_str().expect("label");
        let values: Vec<i64> = row["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(printed_int)
            .collect();
        let ours = if group == "total" {
            let p = &computed;
            let budgets = p["budgets"].as_array().expect("budgets");
            let sum = |id: &str| -> i64 {
                budgets
                    .iter()
                    .flat_map(|b| b["organisations"].as_array().expect("orgs"))
                    .filter(|o| o["id"] == id)
                    .map(|o| int(&o["total"]))
                    .sum()
            };
            let material: i64 = budgets.iter().map(|b| int(&b["material"])).sum();
            vec![
                sum("movisie"),
                sum("verwey-jonker"),
                material,
                int(&p["total"]),
            ]
        } else {
            let groups = computed["groups"].as_array().expect("groups");
            let g = groups
                .iter()
                .find(|g| g["id"] == group)
                .unwrap_or_else(|| panic!("no group {group}"));
            assert_eq!(g["label"], label, "row label of {group}");
            vec![
                org_total(g, "movisie"),
                org_total(g, "verwey-jonker"),
                int(&g["material"]),
                int(&g["total"]),
            ]
        };
        assert_eq!(ours, values, "Totaaloverzicht row `{label}`");
    }
    // The printed programme total and the available budget: 2.620.019.
    assert_eq!(int(&computed["total"]), 2_620_019);
    assert_eq!(
        int(&computed["available"]),
        printed["overview"]["available"]
            .as_i64()
            .expect("available")
    );
    assert_eq!(int(&computed["remainder"]), 0);
}

#[test]
fn the_default_book_checks_clean() {
    let root = repo_root();
    let out = kis_book(&["check", root.to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error["), "{err}");
    assert!(!err.contains("warning["), "{err}");
    assert!(err.contains("31 budgets"), "{err}");
}
