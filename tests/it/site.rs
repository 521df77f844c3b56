//! `kis-book build` on the repository's own book, checked the way a reader
//! and a publisher would: every project has its page with its total, the
//! overview adds up, no link or anchor is broken, every page has one h1, a
//! title and lang="nl", and two builds are byte-identical.
//!
//! Expected figures come from tests/fixtures/werkplan-2019-figures.json,
//! transcribed from the printed work plan, never from the code under test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

const BASE_PATH: &str = "/werkplan-2019/";

use crate::common::dutch;
use crate::common::printed_figures as fixture;
use crate::common::read_tree;
use crate::common::repo_root as repo;

/// A copy of the repository's book (content/ only) in a fresh folder.
pub(crate) fn book_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

fn run_build(root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .arg("build")
        .arg(root)
        .output()
        .expect("run kis-book")
}

pub(crate) struct Built {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    pub(crate) fn html(&self) -> impl Iterator<Item = (&String, String)> {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b.clone()).expect("UTF-8 page")))
    }

    pub(crate) fn page(&self, path: &str) -> String {
        String::from_utf8(self.files.get(path).expect(path).clone()).expect("UTF-8")
    }
}

impl Built {
    /// A copy of the repository's book built with `kis-book build ARGS
    /// ROOT`, and the files of its site.
    pub(crate) fn with_args(args: &[&str]) -> Self {
        let dir = book_copy();
        let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
            .arg("build")
            .args(args)
            .arg(dir.path())
            .output()
            .expect("run kis-book");
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = read_tree(&dir.path().join("build/site"));
        Built { _dir: dir, files }
    }
}

/// One build of the repository's book, shared by the tests.
pub(crate) fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| Built::with_args(&[]))
}

fn parse_dutch(text: &str) -> i64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not a figure: {text:?}"))
}

/// The text between `start` and the next `end`, for each occurrence.
pub(crate) fn between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(start) {
        let after = &rest[i + start.len()..];
        let Some(j) = after.find(end) else { break };
        out.push(&after[..j]);
        rest = &after[j..];
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn h1(html: &str) -> String {
    let inner = between(html, "<h1", "</h1>");
    let inner = inner.first().expect("an h1");
    strip_tags(&inner[inner.find('>').expect("h1 tag ends") + 1..])
}

#[test]
fn every_budget_has_its_page_with_its_total() {
    let site = site();
    let fixture = fixture();
    let budgets = fixture["budgets"].as_array().expect("budgets");
    assert_eq!(budgets.len(), 31);
    for budget in budgets {
        let id = budget["id"].as_str().expect("id");
        let total = budget["total"].as_i64().expect("total");
        // The published plan heads a function "B. Portaalfunctie" and a
        // project "Project 1.1 …".
        let heading = if id.chars().all(|c| c.is_ascii_uppercase()) {
            format!("{id}. ")
        } else {
            format!("Project {id} ")
        };
        let pages: Vec<(&String, String)> = site
            .html()
            .filter(|(_, html)| h1(html).starts_with(&heading))
            .collect();
        assert_eq!(pages.len(), 1, "one page with heading `{heading}…`");
        let (path, html) = &pages[0];
        let total_row = between(html, "<tr class=\"total\">", "</tr>");
        assert_eq!(total_row.len(), 1, "{path}: one budget total row");
        assert!(
            strip_tags(total_row[0]).contains(&format!("€ {}", dutch(total))),
            "{path}: total € {} in {:?}",
            dutch(total),
            strip_tags(total_row[0])
        );
        // Organisation totals as printed.
        for org in budget["organisations"].as_array().expect("organisations") {
            let name = org["name"].as_str().expect("name");
            let expected = format!(
                "Totaal {name}{}",
                dutch(org["total"].as_i64().expect("total"))
            );
            let found = between(html, "<tr class=\"subtotal\">", "</tr>")
                .iter()
                .any(|row| strip_tags(row) == expected);
            assert!(found, "{path}: row `{expected}`");
        }
    }
}

/// The overview's rows: (kind, label, href, figures).
fn overview_rows(html: &str) -> Vec<(String, String, Option<String>, Vec<i64>)> {
    let table = between(html, "<table class=\"overview-table\">", "</table>");
    let table = table.first().expect("an overview table");
    between(table, "<tr class=\"", "</tr>")
        .into_iter()
        .map(|row| {
            let kind = row[..row.find('"').expect("class ends")].to_owned();
            let head = between(row, "<th scope=\"row\">", "</th>");
            let label = strip_tags(head.first().expect("row header"));
            let href = between(row, "href=\"", "\"")
                .first()
                .map(|h| (*h).to_owned());
            let figures = between(row, "<td class=\"num\">", "</td>")
                .into_iter()
                .map(parse_dutch)
                .collect();
            (kind, label, href, figures)
        })
        .collect()
}

#[test]
fn the_overview_adds_up_and_links_every_row() {
    let site = site();
    let fixture = fixture();
    let (path, html) = site
        .html()
        .find(|(_, html)| html.contains("<table class=\"overview-table\">"))
        .expect("a page with the overview");
    let rows = overview_rows(&html);
    // The printed rows (functions, themes, total) and a row per project.
    let printed = fixture["overview"]["rows"].as_array().expect("rows").len();
    let projects = fixture["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .filter(|b| {
            !b["id"]
                .as_str()
                .expect("id")
                .chars()
                .all(|c| c.is_ascii_uppercase())
        })
        .count();
    assert_eq!(rows.len(), printed + projects, "{path}: overview rows");
    let sum = |rows: &[&(String, String, Option<String>, Vec<i64>)]| -> Vec<i64> {
        let mut total = vec![0; 4];
        for r in rows {
            for (t, v) in total.iter_mut().zip(&r.3) {
                *t += v;
            }
        }
        total
    };
    // Each row: organisations + material = total.
    for (_, label, _, figures) in &rows {
        assert_eq!(figures.len(), 4, "{label}");
        assert_eq!(figures[0] + figures[1] + figures[2], figures[3], "{label}");
    }
    // Projects add up to their theme, themes to their function, functions
    // to the total.
    let mut functions = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        match row.0.as_str() {
            "function" => {
                functions.push(row);
                let mut themes = Vec::new();
                let mut direct = Vec::new();
                let mut j = i + 1;
                while j < rows.len() && rows[j].0 != "function" && rows[j].0 != "total" {
                    match rows[j].0.as_str() {
                        "theme" => {
                            let mut items = Vec::new();
                            let mut k = j + 1;
                            while k < rows.len() && rows[k].0 == "item" {
                                items.push(&rows[k]);
                                k += 1;
                            }
                            assert!(!items.is_empty(), "{}: has projects", rows[j].1);
                            assert_eq!(sum(&items), rows[j].3, "projects of {}", rows[j].1);
                            themes.push(&rows[j]);
                            j = k;
                        }
                        _ => {
                            direct.push(&rows[j]);
                            j += 1;
                        }
                    }
                }
                let parts: Vec<_> = themes.into_iter().chain(direct).collect();
                if !parts.is_empty() {
                    assert_eq!(sum(&parts), row.3, "parts of {}", row.1);
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    let total = rows.iter().find(|r| r.0 == "total").expect("a total row");
    assert_eq!(
        sum(&functions),
        total.3,
        "{path}: functions add up to the total"
    );
    // And the figures are the printed ones.
    for printed in fixture["overview"]["rows"].as_array().expect("rows") {
        let label = printed["label"].as_str().expect("label");
        let values: Vec<i64> = printed["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|v| v.as_i64().expect("figure"))
            .collect();
        let row = rows
            .iter()
            .find(|r| r.1 == label)
            .unwrap_or_else(|| panic!("a row `{label}`"));
        assert_eq!(row.3, values, "{label}");
        if label != "Totaal" {
            assert!(row.2.is_some(), "row `{label}` links to its page");
        }
    }
    // Every project and function row links to its page.
    for (kind, label, href, _) in &rows {
        if kind == "item" {
            let href = href.as_ref().unwrap_or_else(|| panic!("{label} links"));
            let target = resolve(path, href, BASE_PATH).0;
            let page = site.page(&target);
            assert_eq!(h1(&page), *label, "{label} links to its own page");
        }
    }
}

/// `href` on the page at `from`, as (site path, anchor).
fn resolve(from: &str, href: &str, base_path: &str) -> (String, Option<String>) {
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_owned(), anchor);
    }
    let mut parts: Vec<&str> = if let Some(abs) = path.strip_prefix(base_path) {
        abs.split('/').collect()
    } else {
        let mut base: Vec<&str> = from.split('/').collect();
        base.pop();
        base.extend(path.split('/'));
        base
    };
    let mut out: Vec<&str> = Vec::new();
    for part in parts.drain(..) {
        match part {
            "." | "" => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    let mut joined = out.join("/");
    if path.ends_with('/') || joined.is_empty() {
        joined = if joined.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{joined}/index.html")
        };
    }
    (joined, anchor)
}

fn ids(html: &str) -> BTreeSet<String> {
    between(html, " id=\"", "\"")
        .into_iter()
        .map(|s| s.to_owned())
        .collect()
}

/// Checks every internal href and src of a built site: the file exists and
/// so does the anchor. Returns how many links were checked.
pub(crate) fn check_links(site: &Built, base_path: &str) -> usize {
    let pages: BTreeMap<&String, String> = site.html().collect();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, html) in &pages {
        for attr in [" href=\"", " src=\""] {
            for href in between(html, attr, "\"") {
                let href = href.replace("&amp;", "&");
                let lower = href.to_ascii_lowercase();
                assert!(!lower.starts_with("javascript:"), "{path}: {href}");
                if lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                {
                    continue;
                }
                assert!(
                    path.as_str() == "404.html" || !href.starts_with('/'),
                    "{path}: link `{href}` is not relative"
                );
                let (target, anchor) = resolve(path, &href, base_path);
                checked += 1;
                if !site.files.contains_key(&target) {
                    broken.push(format!("{path}: `{href}` → missing {target}"));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let html = pages
                        .get(&target)
                        .unwrap_or_else(|| panic!("{path}: anchor into non-HTML {target}"));
                    if !ids(html).contains(&anchor) {
                        broken.push(format!("{path}: `{href}` → no id `{anchor}` in {target}"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

#[test]
fn no_internal_link_or_anchor_is_broken() {
    let checked = check_links(site(), BASE_PATH);
    assert!(checked > 1000, "checked only {checked} links");
}

/// Checks what every page of a built site must have; returns the number
/// of pages.
fn check_pages(site: &Built, base_url: &str) -> usize {
    let mut count = 0;
    for (path, html) in site.html() {
        count += 1;
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(html.contains("<html lang=\"nl\">"), "{path}: lang");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        let title = between(&html, "<title>", "</title>");
        assert!(
            title.len() == 1 && !title[0].trim().is_empty(),
            "{path}: a title"
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{base_url}")),
            "{path}: canonical"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}: description"
        );
        assert!(
            html.contains("<meta property=\"og:title\""),
            "{path}: Open Graph"
        );
        assert!(
            html.contains("class=\"skip-link\" href=\"#_inhoud\""),
            "{path}: skip link"
        );
        assert!(html.contains("<main id=\"_inhoud\""), "{path}: main");
        // Ids are unique on a page.
        let all = between(&html, " id=\"", "\"");
        let unique: BTreeSet<_> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "{path}: duplicate ids");
        // Tables have a caption and header scopes.
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<caption").count(),
            "{path}: every table has a caption"
        );
        assert!(!html.contains("<th>"), "{path}: every th has a scope");
    }
    count
}

#[test]
fn every_page_has_one_h1_a_title_and_lang_nl() {
    let count = check_pages(site(), "https://www.kis.nl/werkplan-2019/");
    // A page per Markdown file but the back cover, and home, search,
    // accessibility and 404.
    assert_eq!(count, content_pages(&repo().join("content")) + 4);
}

/// The links of a sidebar, in order: (href, open, current).
fn sidebar_links(html: &str) -> Vec<(String, bool, bool)> {
    let nav = between(html, "<nav class=\"sidebar\"", "</nav>");
    assert_eq!(nav.len(), 1, "one sidebar");
    nav[0]
        .split("<li")
        .skip(1)
        .map(|item| {
            let open = item.starts_with(" class=\"open\">");
            let href = between(item, "<a href=\"", "\"")[0].to_owned();
            let current = item
                .split_once("</a>")
                .map_or(item, |(link, _)| link)
                .contains("aria-current=\"page\"");
            (href, open, current)
        })
        .collect()
}

/// The hrefs of a page's breadcrumbs after the home page, relative to the
/// site root: the pages above it.
fn crumb_hrefs(html: &str) -> Vec<String> {
    let crumbs = between(html, "<nav class=\"crumbs\"", "</nav>");
    between(crumbs[0], "<a href=\"", "\"")
        .into_iter()
        .skip(1)
        .map(|h| h.replacen("../", "", 1))
        .collect()
}

#[test]
fn the_sidebar_shows_the_way_down_to_the_page() {
    let site = site();
    let home = site.page("index.html");
    let tree: Vec<String> = between(&home, "<nav class=\"home-toc\"", "</nav>")[0]
        .split("<a href=\"")
        .skip(1)
        .map(|a| a.split_once('"').map_or(a, |(href, _)| href).to_owned())
        .collect();
    // The home page: every page of the book but the back cover, once.
    assert_eq!(tree.len(), content_pages(&repo().join("content")));
    // Each page's parent, read from its breadcrumbs.
    let parent: BTreeMap<String, Option<String>> = tree
        .iter()
        .map(|href| (href.clone(), crumb_hrefs(&site.page(href)).pop()))
        .collect();
    let mut pages = 0;
    for (path, html) in site.html() {
        let Some(slug) = path.strip_suffix("/index.html") else {
            continue;
        };
        if ["zoeken", "toegankelijkheid"].contains(&slug) {
            continue;
        }
        pages += 1;
        // The way down: the pages above it and the page itself.
        let mut way = crumb_hrefs(&html);
        way.push(path.clone());
        // Shown: the top-level chapters, and the sub-pages of every page
        // on the way (no list of the 2019 plan is long enough to be cut),
        // in reading order.
        let expected: Vec<&String> = tree
            .iter()
            .filter(|h| parent[*h].as_ref().is_none_or(|p| way.contains(p)))
            .collect();
        let links = sidebar_links(&html);
        let hrefs: Vec<String> = links
            .iter()
            .map(|(h, _, _)| h.replacen("../", "", 1))
            .collect();
        assert_eq!(
            hrefs.iter().collect::<Vec<_>>(),
            expected,
            "{path}: the top-level chapters and the way down, in reading order"
        );
        let current: Vec<&String> = links.iter().filter(|l| l.2).map(|l| &l.0).collect();
        assert_eq!(
            current,
            [&format!("../{slug}/index.html")],
            "{path}: marks itself"
        );
        let open: Vec<String> = links
            .iter()
            .filter(|l| l.1)
            .map(|l| l.0.replacen("../", "", 1))
            .collect();
        assert_eq!(open, way, "{path}: the way down is open");
        assert!(
            html.contains("<a href=\"../index.html#_inhoudsopgave\">Volledige inhoudsopgave</a>"),
            "{path}: links the full contents"
        );
    }
    assert_eq!(pages, tree.len());
    // Search and the accessibility statement: the top-level chapters.
    let top: Vec<&String> = tree.iter().filter(|h| parent[*h].is_none()).collect();
    for path in ["zoeken/index.html", "toegankelijkheid/index.html"] {
        let hrefs: Vec<String> = sidebar_links(&site.page(path))
            .into_iter()
            .map(|(h, _, _)| h.replacen("../", "", 1))
            .collect();
        assert_eq!(hrefs.iter().collect::<Vec<_>>(), top, "{path}");
    }
    // A page four deep shows the six chapters, the four themes, theme 3's
    // seven projects and project 3.7's four parts (content/): 21 links.
    let deep = sidebar_links(&site.page("3.7a-diversiteit-sociaal-domein/index.html"));
    assert_eq!(deep.len(), 21);
}

/// The Markdown files of a book that are not its back cover.
fn content_pages(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            count += content_pages(&path);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("read page");
            if !text.contains("kind: back-cover") {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn the_site_has_its_publishing_files() {
    let site = site();
    for file in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "toegankelijkheid/index.html",
        "zoeken/index.html",
        "downloads/kis-werkplan-2019-begroting.csv",
        "downloads/kis-werkplan-2019-begroting.json",
        "static/site.css",
        "static/search.js",
        "static/stemmer-nl.js",
        "static/search-index.js",
    ] {
        assert!(site.files.contains_key(file), "{file}");
    }
    let sitemap = String::from_utf8(site.files["sitemap.xml"].clone()).expect("UTF-8");
    assert!(sitemap.contains("<loc>https://www.kis.nl/werkplan-2019/1.3-schakeljaren/</loc>"));
    let robots = String::from_utf8(site.files["robots.txt"].clone()).expect("UTF-8");
    assert!(robots.contains("Sitemap: https://www.kis.nl/werkplan-2019/sitemap.xml"));
    // The exports are those of `kis-book budget`.
    let json: Value =
        serde_json::from_slice(&site.files["downloads/kis-werkplan-2019-begroting.json"])
            .expect("JSON export");
    assert!(json.is_object());
    let home = site.page("index.html");
    assert!(home.contains("href=\"downloads/kis-werkplan-2019-begroting.csv\""));
    // Nothing is loaded from elsewhere.
    for (path, html) in site.html() {
        for src in between(&html, " src=\"", "\"") {
            assert!(!src.contains("://"), "{path}: loads {src}");
        }
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{path}"
        );
    }
}

#[test]
fn the_search_index_knows_dutch_plurals() {
    let site = site();
    let index = String::from_utf8(site.files["static/search-index.js"].clone()).expect("UTF-8");
    let json: Value = serde_json::from_str(
        index
            .trim()
            .strip_prefix("window.KIS_SEARCH_INDEX = ")
            .and_then(|s| s.strip_suffix(';'))
            .expect("index script"),
    )
    .expect("index JSON");
    let stem_plural = json["words"]["schakeljaren"].as_str().expect("word known");
    let stem_singular = json["words"]["schakeljaar"].as_str().expect("word known");
    assert_eq!(stem_plural, stem_singular);
    let pages = json["pages"].as_array().expect("pages");
    let top = json["stems"][stem_plural]
        .as_array()
        .expect("postings")
        .iter()
        .max_by_key(|p| p[1].as_i64())
        .expect("a page");
    let page = &pages[top[0].as_u64().expect("page") as usize];
    assert!(
        page[1].as_str().expect("title").starts_with("Project 1.3 "),
        "{page}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = book_copy();
    let b = book_copy();
    assert!(run_build(a.path()).status.success());
    assert!(run_build(b.path()).status.success());
    let first = read_tree(&a.path().join("build/site"));
    let second = read_tree(&b.path().join("build/site"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between builds");
    }
    // A rebuild in place gives the same bytes too.
    assert!(run_build(a.path()).status.success());
    assert!(read_tree(&a.path().join("build/site")) == first);
}

#[test]
fn a_rebuild_after_an_edit_keeps_the_unchanged_files() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = book_copy();
    let site = dir.path().join("build/site");
    assert!(run_build(dir.path()).status.success());
    let inode = |rel: &str| std::fs::metadata(site.join(rel)).expect("stat").ino();
    let before: BTreeMap<String, u64> = read_tree(&site)
        .into_keys()
        .map(|rel| {
            let ino = inode(&rel);
            (rel, ino)
        })
        .collect();
    let chapter = "content/03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md";
    let file = dir.path().join(chapter);
    let text = std::fs::read_to_string(&file).expect("read");
    let sentence = "Een zin die de redacteur net toevoegde.";
    std::fs::write(
        &file,
        format!(
            "{text}
{sentence}
"
        ),
    )
    .expect("edit");
    let out = run_build(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = read_tree(&site);
    let page = String::from_utf8_lossy(&after["1.3-schakeljaren/index.html"]);
    assert!(page.contains(sentence), "the edited page is new");
    assert_ne!(
        inode("1.3-schakeljaren/index.html"),
        before["1.3-schakeljaren/index.html"]
    );
    // Pages the edit does not touch are the files of the previous build.
    for rel in ["01-inleiding/index.html", "2.3-morele-dilemmas/index.html"] {
        assert!(after.contains_key(rel), "{rel}");
        assert_eq!(inode(rel), before[rel], "{rel} was written again");
    }
    // And the site is exactly what a fresh build of the edited book gives.
    let fresh = book_copy();
    std::fs::copy(&file, fresh.path().join(chapter)).expect("copy the edit");
    assert!(run_build(fresh.path()).status.success());
    assert!(read_tree(&fresh.path().join("build/site")) == after);
}

#[test]
fn a_failed_build_leaves_the_previous_site_in_place() {
    let dir = book_copy();
    assert!(run_build(dir.path()).status.success());
    let before = read_tree(&dir.path().join("build/site"));
    let file = dir.path().join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("{text}\n\nZie [dit](nergens.md).\n")).expect("write");
    let out = run_build(dir.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("01-inleiding.md"), "{stderr}");
    assert!(read_tree(&dir.path().join("build/site")) == before);
}

#[test]
fn nothing_an_editor_writes_becomes_a_script() {
    let dir = book_copy();
    let file = dir.path().join("content/01-inleiding.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replacen(
        "title:",
        "description: \"\\\"><script>alert(1)</script>\"\ntitle:",
        1,
    );
    let text = format!("{text}\n\nTekst met `<script>alert(2)</script>` en *<b>x</b>*.\n");
    std::fs::write(&file, &text).expect("write");
    // Inline HTML is refused with its file and line.
    let out = run_build(dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("raw HTML is not allowed"));
    // Without it, the script in the front matter and in code is only text.
    let text = text.replace(" en *<b>x</b>*", "");
    std::fs::write(&file, &text).expect("write");
    let out = run_build(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = read_tree(&dir.path().join("build/site"));
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("<script>alert"), "{path}");
            assert_eq!(
                html.matches("<script").count(),
                html.matches("<script src=\"").count(),
                "{path}: only our own scripts"
            );
        }
    }
    let page = String::from_utf8_lossy(&site["01-inleiding/index.html"]);
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
}

#[test]
fn the_built_pdf_is_in_the_site_and_linked() {
    let dir = book_copy();
    let out = run_build(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf =
        std::fs::read(dir.path().join("build/kis-werkplan-2019.pdf")).expect("the PDF is built");
    assert!(pdf.starts_with(b"%PDF-"), "a real PDF");
    let files = read_tree(&dir.path().join("build/site"));
    assert!(
        files["downloads/kis-werkplan-2019.pdf"] == pdf,
        "the site offers the PDF of this build"
    );
    let home = String::from_utf8_lossy(&files["index.html"]);
    assert!(
        home.contains("href=\"downloads/kis-werkplan-2019.pdf\""),
        "home links the PDF"
    );
    let page = String::from_utf8_lossy(&files["1.3-schakeljaren/index.html"]);
    assert!(
        page.contains("href=\"../downloads/kis-werkplan-2019.pdf\""),
        "pages link the PDF"
    );
}

#[test]
fn a_book_overrides_the_site_templates_file_by_file() {
    let dir = book_copy();
    let own = dir.path().join("templates/site/static");
    std::fs::create_dir_all(&own).expect("templates dir");
    std::fs::write(own.join("site.css"), "body { color: black; }\n").expect("write css");
    std::fs::write(own.join("extra.css"), "/* extra */\n").expect("write css");
    let out = run_build(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = read_tree(&dir.path().join("build/site"));
    assert_eq!(files["static/site.css"], b"body { color: black; }\n");
    assert_eq!(files["static/extra.css"], b"/* extra */\n");
    // The other files are the embedded defaults.
    assert_eq!(files["static/search.js"], site().files["static/search.js"]);
}

#[test]
fn another_book_builds_a_sound_site_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(
        &repo().join("tests/fixtures/small-book/content"),
        &dir.path().join("content"),
    );
    let out = run_build(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = Built {
        files: read_tree(&dir.path().join("build/site")),
        _dir: dir,
    };
    let pages = check_pages(&built, "https://example.org/proef/");
    assert_eq!(
        pages,
        content_pages(&repo().join("tests/fixtures/small-book/content")) + 4
    );
    assert!(check_links(&built, "/proef/") > 50);
}

#[test]
fn the_site_ships_the_pdfs_open_sans_and_one_search_box() {
    let site = site();
    // The same OFL files the PDF embeds, with their licence.
    for font in [
        "OpenSans-Regular.ttf",
        "OpenSans-Italic.ttf",
        "OpenSans-Bold.ttf",
        "OpenSans-BoldItalic.ttf",
        "LICENSE-OpenSans.txt",
    ] {
        let shipped = site.files.get(&format!("static/fonts/{font}"));
        let source = std::fs::read(repo().join("fonts").join(font)).expect("font");
        assert!(shipped == Some(&source), "static/fonts/{font}");
    }
    let css = String::from_utf8(site.files["static/site.css"].clone()).expect("UTF-8");
    assert!(
        css.contains("url(\"fonts/OpenSans-Regular.ttf\")"),
        "@font-face"
    );
    // The PDF's petrol and orange (templates/pdf/style.typ).
    assert!(css.contains("--brand: #00586b;") && css.contains("--accent: #e8730c;"));
    let search = site.page("zoeken/index.html");
    assert_eq!(search.matches("type=\"search\"").count(), 1, "{search}");
    let home = site.page("index.html");
    let button = home.find("Lees het werkplan").expect("the way in");
    let lead = home.find("class=\"lead\"").expect("the introduction");
    assert!(button < lead, "the way in comes before the introduction");
}
