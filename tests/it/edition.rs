//! `kis-book new edition` (issue 25) and `editions:` (issue 27): the 2020
//! book made from the 2019 one carries no trace of 2019 in its file names,
//! cover, footers, address or PDF date, its rates are the 2019 ones indexed
//! by 2,5 % as worked out by hand below, it passes `check` and builds; the
//! plans of other years show on the site and in the colophon.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{copy_book, kis_book, read_tree, repo_root, small_book, stderr, stdout};
use crate::pdf::{info_field, pdfinfo};

/// The 2019 rate cards (content/book.yaml, the seed's budget tables) and
/// their 2020 rates at an index of 2,5 %, rounded to whole euros half up
/// by hand: 100 × 1,025 = 102,5 → 103; 99 → 101,475 → 101; 80 → 82;
/// 68 → 69,7 → 70; 54 → 55,35 → 55; 48 → 49,2 → 49; 44 → 45,1 → 45;
/// 38 → 38,95 → 39; Stafkosten 13 → 13,325 → 13 and 11 → 11,275 → 11;
/// Overhead 25 → 25,625 → 26 and 26 → 26,65 → 27.
const INDEXED_2020: [(&str, &str); 12] = [
    ("100", "103"),
    ("99", "101"),
    ("80", "82"),
    ("68", "70"),
    ("54", "55"),
    ("48", "49"),
    ("44", "45"),
    ("38", "39"),
    ("13", "13"),
    ("11", "11"),
    ("25", "26"),
    ("26", "27"),
];

fn budget_json(root: &Path) -> Value {
    let out = kis_book(&["budget", path(root), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("budget JSON")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn pdftotext(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((first, last)) = pages {
        cmd.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `text` without whitespace, so that line breaks do not hide a phrase.
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn from_2019_a_2020_book_without_a_trace_of_2019() {
    let dir = tempfile::tempdir().expect("temp dir");
    let new = dir.path().join("werkplan-2020");
    let out = kis_book(&[
        "new",
        "edition",
        "2020",
        "--from",
        path(&repo_root()),
        "--to",
        path(&new),
        "--index",
        "2.5",
        "--available",
        "2700000",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 error(s)"), "{err}");
    assert!(!err.contains("note:"), "{err}");
    assert!(err.contains("available € 2.700.000"), "{err}");

    // The review list: sentences of the seed's text that name 2019 or
    // before, printed and in year-review.md; a sentence naming only 2020
    // (3.2's "volgend jaar, 2020") is none of them.
    let printed = stdout(&out);
    let review = std::fs::read_to_string(new.join("year-review.md")).expect("review list");
    for (file, line, sentence) in [
        (
            "content/01-inleiding.md",
            7,
            "In 2019 zetten we bovendien meer in op de netwerkontwikkeling rond KIS.",
        ),
        (
            "content/03-themas-en-projecten/2-sociale-stabiliteit/2.3-morele-dilemmas.md",
            70,
            "Vanaf 1 januari 2019 tot 31 december 2019",
        ),
    ] {
        let entry = format!("{file}:{line}: {sentence}\n");
        assert!(review.contains(&format!("- [ ] {entry}")), "{entry}");
        assert!(
            printed.contains(&format!("{}/{entry}", new.display())),
            "{entry}"
        );
    }
    assert!(!review.contains("2020, verder ingezet"), "{review}");
    let items = review.lines().filter(|l| l.starts_with("- [ ] ")).count();
    assert_eq!(items, printed.lines().count());
    assert!(items > 100, "{items} sentences");
    // The edition added to book.yaml names 2019 on purpose: not listed.
    assert!(!review.contains("title: \"Werkplan 2019\""), "{review}");
    assert!(!review.contains("werkplan-2019/"), "{review}");

    // Every rate of every budget line, Stafkosten and Overhead: the 2019
    // rate indexed as worked out above; the hours as they were.
    let old = budget_json(&repo_root());
    let now = budget_json(&new);
    let indexed: BTreeMap<&str, &str> = INDEXED_2020.into_iter().collect();
    assert_eq!(now["available"], "2700000");
    assert_eq!(now["year"], 2020);
    let mut lines = 0;
    for (old_budget, new_budget) in iter(&old["budgets"]).zip(iter(&now["budgets"])) {
        assert_eq!(old_budget["id"], new_budget["id"]);
        for (o, n) in iter(&old_budget["organisations"]).zip(iter(&new_budget["organisations"])) {
            for (ol, nl) in iter(&o["lines"]).zip(iter(&n["lines"])) {
                let rate = ol["rate"].as_str().expect("rate");
                assert_eq!(
                    nl["rate"], indexed[rate],
                    "{} {}",
                    new_budget["id"], nl["role"]
                );
                assert_eq!(nl["hours"], ol["hours"]);
                lines += 1;
            }
            for part in ["staff", "overhead"] {
                let rate = o[part]["rate"].as_str().expect("rate");
                assert_eq!(n[part]["rate"], indexed[rate], "{part}");
            }
        }
    }
    assert!(lines > 200, "{lines} lines");
    for (o, n) in iter(&old["organisations"]).zip(iter(&now["organisations"])) {
        for part in ["staff_rate", "overhead_rate"] {
            assert_eq!(n[part], indexed[o[part].as_str().expect("rate")]);
        }
    }
    // The roles at rates of their own (function E) are indexed too.
    let e = iter(&now["budgets"]).find(|b| b["id"] == "E").expect("E");
    assert_eq!(
        e["organisations"][0]["lines"][0]["role"],
        "Programmaleiding"
    );
    assert_eq!(e["organisations"][0]["lines"][0]["rate"], "103");

    let check = kis_book(&["check", path(&new)]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("0 error(s)"));

    let build = kis_book(&["build", path(&new)]);
    assert!(build.status.success(), "{}", stderr(&build));
    let built = new.join("build");

    // File names.
    let site = read_tree(&built.join("site"));
    assert!(site.contains_key("downloads/kis-werkplan-2020.pdf"));
    assert!(site.contains_key("downloads/kis-werkplan-2020-begroting.xlsx"));
    for name in site.keys() {
        assert!(!name.contains("2019"), "{name}");
    }
    let pdf = built.join("kis-werkplan-2020.pdf");
    assert!(pdf.is_file());
    let mut names: Vec<String> = std::fs::read_dir(&built)
        .expect("build")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".gitignore", "kis-werkplan-2020.pdf", "site"]);

    // The cover, the footers, the metadata and the PDF's date: published
    // on 1 December before the plan's year, as the 2019 plan was on
    // 2018-12-01.
    let cover = pdftotext(&pdf, Some((1, 1)));
    assert!(cover.contains("Werkplan 2020"), "{cover}");
    assert!(!cover.contains("2019"), "{cover}");
    let text = pdftotext(&pdf, None);
    let footers = text
        .matches("Kennisplatform Integratie & Samenleving: Werkplan 2020")
        .count();
    assert!(footers > 80, "{footers} footers");
    assert!(!text.contains("Samenleving: Werkplan 2019"));
    let colophon = squash(&pdftotext(&pdf, Some((2, 2))));
    assert!(colophon.contains("december2019."), "{colophon}");
    assert!(colophon.contains("ookonline:https://www.kis.nl/werkplan-2020/"));
    assert!(
        colophon.contains("Eerderewerkplannen:Werkplan2019(https://www.kis.nl/werkplan-2019/).")
    );
    let info = pdfinfo(&pdf, &["-isodates"]);
    assert_eq!(
        info_field(&info, "Title"),
        Some("Kennisplatform Integratie & Samenleving: Werkplan 2020")
    );
    assert_eq!(
        info_field(&info, "CreationDate"),
        Some("2019-12-01T00:00:00Z")
    );

    // The address: every page's canonical link and the sitemap are under
    // werkplan-2020; werkplan-2019 is named only by the links to it.
    let edition_links = [
        "href=\"https://www.kis.nl/werkplan-2019/downloads/kis-werkplan-2019.pdf\"",
        "href=\"https://www.kis.nl/werkplan-2019/\"",
    ];
    let mut pages = 0;
    for (name, bytes) in &site {
        if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
            continue;
        }
        let mut page = String::from_utf8(bytes.clone()).expect("UTF-8");
        for link in edition_links {
            page = page.replace(link, "");
        }
        assert!(!page.contains("werkplan-2019"), "{name}");
        if name.ends_with(".html") && name != "404.html" {
            pages += 1;
            assert!(
                page.contains("<link rel=\"canonical\" href=\"https://www.kis.nl/werkplan-2020/"),
                "{name}"
            );
            assert!(page.contains("Eerdere werkplannen"), "{name}: footer");
        }
    }
    assert!(pages > 40, "{pages} pages");
    let home = String::from_utf8(site["index.html"].clone()).expect("UTF-8");
    assert_eq!(home.matches(edition_links[1]).count(), 2, "home and footer");
}

fn iter(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().expect("array").iter()
}

#[test]
fn a_folder_that_holds_anything_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notities.txt"), "eigen werk").expect("write");
    let out = kis_book(&[
        "new",
        "edition",
        "2031",
        "--from",
        path(&small_book()),
        "--to",
        path(dir.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(left.len(), 1, "nothing written");
}

#[test]
fn a_new_edition_is_for_a_later_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = dir.path().join("nieuw");
    let out = kis_book(&[
        "new",
        "edition",
        "2030",
        "--from",
        path(&small_book()),
        "--to",
        path(&to),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a later year"), "{}", stderr(&out));
    assert!(!to.exists());
}

#[test]
fn hours_zeroed_rates_indexed_and_year_bound_settings_made_placeholders() {
    // The small book writes its date as a date (2029-12-01) and rounds
    // by `round: totals`, whole euros half up.
    let dir = tempfile::tempdir().expect("temp dir");
    let new = dir.path().join("proef-2031");
    let out = kis_book(&[
        "new",
        "edition",
        "2031",
        "--from",
        path(&small_book()),
        "--to",
        path(&new),
        "--index",
        "3",
        "--hours",
        "zero",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Its base_url names no year: the new site would replace the old one.
    assert!(
        stderr(&out).contains(
            "note: `base_url` names no year: the new site would be published at \
             https://example.org/proef/, the 2030 plan's address"
        ),
        "{}",
        stderr(&out)
    );

    let config = std::fs::read_to_string(new.join("content/book.yaml")).expect("book.yaml");
    assert!(config.contains("\nyear: 2031\n"), "{config}");
    assert!(config.contains("\ndate: \"{year-1}-12-01\"\n"), "{config}");
    assert!(config.ends_with(
        "editions:\n  - year: 2030\n    title: \"Werkplan Proef\"\n    \
         site: \"https://example.org/proef/\"\n    \
         pdf: \"https://example.org/proef/downloads/proef-werkplan.pdf\"\n"
    ));
    // 3 %, by hand: 100 → 103; 50 → 51,5 → 52; 90 → 92,7 → 93;
    // 40 → 41,2 → 41; Stafkosten 10 → 10,3 → 10 and 5 → 5,15 → 5;
    // Overhead 20 → 20,6 → 21 and 15 → 15,45 → 15; own rates
    // 120 → 123,6 → 124 and 75 → 77,25 → 77.
    let indexed: BTreeMap<&str, &str> = [
        ("100", "103"),
        ("50", "52"),
        ("90", "93"),
        ("40", "41"),
        ("120", "124"),
        ("75", "77"),
    ]
    .into_iter()
    .collect();
    let old = budget_json(&small_book());
    let now = budget_json(&new);
    let mut lines = 0;
    for (old_budget, new_budget) in iter(&old["budgets"]).zip(iter(&now["budgets"])) {
        for (o, n) in iter(&old_budget["organisations"]).zip(iter(&new_budget["organisations"])) {
            for (ol, nl) in iter(&o["lines"]).zip(iter(&n["lines"])) {
                assert_eq!(nl["rate"], indexed[ol["rate"].as_str().expect("rate")]);
                assert_eq!(nl["hours"], "0");
                assert_eq!(nl["amount"], "0");
                lines += 1;
            }
        }
    }
    assert!(lines > 5, "{lines} lines");
    let rates: Vec<(&Value, &Value)> = iter(&now["organisations"])
        .map(|o| (&o["staff_rate"], &o["overhead_rate"]))
        .collect();
    assert_eq!(
        rates,
        [(&"10".into(), &"21".into()), (&"5".into(), &"15".into())]
    );
    let check = kis_book(&["check", path(&new)]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn other_editions_on_the_site_and_in_the_colophon() {
    let book = copy_book(&small_book());
    let config = book.path().join("content/book.yaml");
    let mut text = std::fs::read_to_string(&config).expect("read");
    text.push_str(
        "editions:\n\
         \x20 - year: 2028\n\
         \x20   title: Werkplan Proef 2028\n\
         \x20   pdf: https://example.org/archief/proef-2028.pdf\n\
         \x20 - year: 2031\n\
         \x20   title: Werkplan Proef 2031\n\
         \x20   site: https://example.org/proef-2031\n\
         \x20 - year: 2029\n\
         \x20   title: Werkplan Proef 2029\n\
         \x20   site: https://example.org/proef-2029/\n\
         \x20   pdf: https://example.org/proef-2029/proef-werkplan.pdf\n",
    );
    std::fs::write(&config, text).expect("write");
    let out = kis_book(&["build", path(book.path())]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Earlier ones newest first, then the later ones; the site's address
    // ends in `/`; an edition without a site links its PDF.
    let earlier = "<h2 id=\"_edities-1\">Eerdere werkplannen</h2>";
    let later = "<h2 id=\"_edities-2\">Latere werkplannen</h2>";
    let items = [
        "<li><a href=\"https://example.org/proef-2029/\">Werkplan Proef 2029</a> <span class=\"meta\">(<a href=\"https://example.org/proef-2029/proef-werkplan.pdf\">PDF</a>)</span></li>",
        "<li><a href=\"https://example.org/archief/proef-2028.pdf\">Werkplan Proef 2028</a> <span class=\"meta\">(PDF)</span></li>",
        "<li><a href=\"https://example.org/proef-2031/\">Werkplan Proef 2031</a></li>",
    ];
    let site = book.path().join("build/site");
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    let order = [earlier, items[0], items[1], later, items[2]];
    let at: Vec<usize> = order
        .iter()
        .map(|s| {
            home.find(s)
                .unwrap_or_else(|| panic!("{s} on the home page"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    for page in ["index.html", "404.html", "1.1-werk/index.html"] {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        assert!(
            html.contains("<h2 id=\"_edities-voet-1\">Eerdere werkplannen</h2>"),
            "{page}"
        );
        assert!(
            html.contains("<h2 id=\"_edities-voet-2\">Latere werkplannen</h2>"),
            "{page}"
        );
        for item in items {
            assert!(html.contains(item), "{page}: {item}");
        }
    }

    let colophon = squash(&pdftotext(
        &book.path().join("build/proef-werkplan.pdf"),
        Some((2, 2)),
    ));
    assert!(
        colophon.contains(&squash(
            "Eerdere werkplannen: Werkplan Proef 2029 (https://example.org/proef-2029/); \
             Werkplan Proef 2028 (https://example.org/archief/proef-2028.pdf)."
        )),
        "{colophon}"
    );
    assert!(colophon.contains(&squash(
        "Latere werkplannen: Werkplan Proef 2031 (https://example.org/proef-2031/)."
    )));
}
