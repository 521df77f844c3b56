//! Every word a reader sees outside the book's own text comes from the
//! book: a copy of the fixture book whose book.yaml renames every label
//! (`labels:`) and every word (`words:`) shows its own words, and none of
//! the Dutch defaults, in every output: the PDF's text, every file of the
//! site (the budget downloads too, the workbook's sheets included, and the
//! search page's messages), the four formats of `diff` and of `compare`,
//! the summary of `check --format github`, the heading over the preview's
//! errors and the preview's answer to an address before a first build.
//!
//! The defaults below are typed from the published texts and the site as it
//! stands, not read from the code: a word added to the code without its
//! line here is not renamed in the copy, and the test says which one.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use crate::common::replace_once as edit;
use crate::common::{copy_book, kis_book, stderr, stdout, write_file};
use crate::git_repo::{CONFIG, FUNCTION_E, NEW_PROJECT, PROJECT_11, PROJECT_21, Repo};
use crate::serve::Preview;

/// Every key of `labels:` with its Dutch default.
const LABELS: [(&str, &str); 22] = [
    ("organisation", "Organisatie"),
    ("role", "Functie"),
    ("rate", "Tarief (€)"),
    ("hours", "Aantal"),
    ("amount", "Bedrag (€)"),
    ("staff", "Stafkosten"),
    ("overhead", "Overhead"),
    ("material", "Materiële kosten"),
    ("total", "Totaal"),
    ("available", "Totaal beschikbaar budget"),
    ("remainder", "Resterend"),
    ("overrun", "Tekort"),
    ("overview", "Totaaloverzicht begroting"),
    ("project", "Project"),
    ("theme", "Thema"),
    ("appendix", "Bijlage"),
    ("budget", "Begroting"),
    ("continued", "vervolg"),
    ("currency_sign", "€"),
    ("rates", "Tarieven"),
    ("own_rate", "Eigen tarief"),
    ("money_rule", "Afronding"),
];

/// Every key of `words:` but `diff`'s and `compare`'s, with its Dutch
/// default.
const WORDS: [(&str, &str); 76] = [
    ("skip_link", "Direct naar de inhoud"),
    ("earlier_editions", "Eerdere werkplannen"),
    ("later_editions", "Latere werkplannen"),
    ("search_site", "Zoeken in het werkplan"),
    ("search_button", "Zoek"),
    ("search", "Zoeken"),
    ("search_page", "Zoek in het werkplan"),
    (
        "search_needs_script",
        "Zoeken werkt met JavaScript. Gebruik anders de inhoudsopgave.",
    ),
    ("search_prompt", "Typ een of meer woorden om te zoeken."),
    ("search_none", "Geen resultaten voor"),
    ("search_result", "resultaat voor"),
    ("search_results", "resultaten voor"),
    ("crumbs", "Kruimelpad"),
    ("contents", "Inhoudsopgave"),
    ("published_by", "Uitgave van het"),
    ("made_by", "Uitgevoerd door"),
    ("online", "Dit werkplan staat ook online:"),
    ("with_budget", "met begroting"),
    ("sidebar", "Inhoud"),
    ("full_contents", "Volledige inhoudsopgave"),
    ("more", "nog"),
    ("more_chapter", "hoofdstuk"),
    ("more_chapters", "hoofdstukken"),
    ("more_part", "onderdeel"),
    ("more_parts", "onderdelen"),
    ("more_in_contents", "in de inhoudsopgave"),
    ("about", "Over"),
    ("footer_downloads", "Downloads en toegankelijkheid"),
    ("accessibility", "Toegankelijkheid"),
    ("accessibility_statement", "Toegankelijkheidsverklaring"),
    ("read", "Lees het werkplan"),
    ("download_pdf", "Download de PDF"),
    ("downloads", "Downloads"),
    ("download_budget", "De begroting downloaden"),
    ("download_as", "als"),
    ("csv_kind", "CSV voor spreadsheets"),
    ("csv_lines", "CSV-regels"),
    ("csv_lines_kind", "CSV voor draaitabellen"),
    ("json_kind", "JSON, open data"),
    ("workbook", "werkmap"),
    ("workbook_kind", "Excel-werkmap met formules"),
    ("pager", "Vorige en volgende pagina"),
    ("previous", "Vorige"),
    ("next", "Volgende"),
    ("footnotes", "Voetnoten"),
    ("footnote_back", "terug"),
    ("footnote_back_to", "naar de tekst"),
    ("heading_link", "Link naar"),
    ("table", "tabel"),
    ("part", "Onderdeel"),
    ("theme_parts", "Projecten in dit thema"),
    ("project_parts", "Onderdelen van dit project"),
    ("chapter_parts", "In dit hoofdstuk"),
    ("parts", "Onderdelen"),
    ("total_budget", "Totale begroting"),
    ("projects", "Projecten"),
    ("of_the", "van het"),
    ("home_description", "de projecten en hun begroting"),
    ("not_found", "Pagina niet gevonden"),
    ("not_found_description", "Deze pagina bestaat niet"),
    (
        "not_found_text",
        "De pagina die u zoekt bestaat niet (meer). Misschien vindt u wat u zoekt via de",
    ),
    ("not_found_home", "startpagina van het"),
    ("not_found_or", "of via"),
    ("not_found_search", "zoeken"),
    (
        "preview_errors",
        "De laatste wijziging bevat fouten; je ziet de laatste goede versie.",
    ),
    ("preview_not_found", "Niet gevonden"),
    ("check_clean", "Geen fouten en geen waarschuwingen."),
    ("error", "fout"),
    ("errors", "fouten"),
    ("warning", "waarschuwing"),
    ("warnings", "waarschuwingen"),
    ("code", "Code"),
    ("place", "Plaats"),
    ("message", "Melding"),
    ("programme_total", "Programmatotaal"),
    ("working_tree", "werkmap"),
];

/// Every key of `words:` that only `diff` and `compare` show, with its
/// Dutch default; looked for in their outputs only, as the book's own text
/// in the other outputs has such words as "van", "naar" and "was".
const DIFF_WORDS: [(&str, &str); 42] = [
    ("diff_title", "Begrotingswijzigingen"),
    ("diff_from", "van"),
    ("diff_to", "naar"),
    ("diff_computed", "berekend door kis-book uit de uren"),
    ("diff_no_changes", "Geen wijzigingen in de begroting"),
    ("programme_total_in_text", "programmatotaal"),
    ("diff_causes", "Oorzaken"),
    ("diff_line", "Regel"),
    ("diff_rate", "Tarief"),
    ("diff_hours", "Uren"),
    ("diff_amount", "Bedrag"),
    ("diff_difference", "Verschil"),
    ("diff_change", "Wijziging"),
    ("diff_effect", "Gevolg"),
    ("diff_effect_on_budgets", "Gevolg voor de begrotingen"),
    ("diff_before", "Voor"),
    ("diff_after", "Na"),
    ("diff_overview", "Totaaloverzicht"),
    ("diff_own_rates", "Eigen tarieven"),
    ("changed", "gewijzigd"),
    ("added", "toegevoegd"),
    ("removed", "verwijderd"),
    ("moved", "verplaatst"),
    ("unchanged", "ongewijzigd"),
    ("added_in", "toegevoegd in"),
    ("removed_from", "verwijderd uit"),
    ("moved_from", "verplaatst van"),
    ("changed_and", "gewijzigd en"),
    ("of_which", "waarvan"),
    ("other_budget", "andere begroting"),
    ("other_budgets", "andere begrotingen"),
    ("budget_one", "begroting"),
    ("budget_many", "begrotingen"),
    ("no_budgets_changed", "geen begrotingen gewijzigd"),
    ("budgets_per_line", "Begrotingen per regel"),
    ("rate_one", "tarief"),
    ("rate_many", "tarieven"),
    ("available_in_text", "beschikbaar budget"),
    ("over_available", "boven het beschikbare budget"),
    ("verdict_within", "Binnen het beschikbare budget van"),
    ("verdict_over", "Boven het beschikbare budget van"),
    ("was", "was"),
];

/// Keys the renamed book cannot show, and why.
const NOT_SHOWN: [(&str, &str); 4] = [
    ("appendix", "the book has no appendix"),
    ("theme_parts", "the book has no theme pages"),
    ("project_parts", "no project has pages of its own below it"),
    (
        "continued",
        "no organisation's rows run on to a next page of the PDF",
    ),
];

/// The site's script that is not read for words: the Dutch stemmer (a book
/// in another language brings its own, docs/site.md). The search script
/// is read: its messages are the page's words.
const SCRIPTS: [&str; 1] = ["static/stemmer-nl.js"];

/// What the copy calls a key: a word no default contains.
fn renamed(key: &str) -> String {
    format!("x-{}", key.replace('_', "-"))
}

/// Whether `word` stands in `text` as a word of its own (so that
/// "Projecten" is not the label "Project", nor the id `_onderdelen`, the
/// address `../zoeken/` or the renamed word `x-was` a word).
fn has_word(text: &str, word: &str) -> bool {
    let in_word = |c: char| c.is_alphanumeric() || c == '_' || c == '/' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(in_word) && !after.is_some_and(in_word)
    })
}

/// The `labels:` and `words:` sections renaming every key.
fn sections() -> String {
    let mut yaml = String::from("labels:\n");
    for (key, _) in LABELS {
        yaml.push_str(&format!("  {key}: \"{}\"\n", renamed(key)));
    }
    yaml.push_str("words:\n");
    for (key, _) in WORDS.iter().chain(&DIFF_WORDS) {
        yaml.push_str(&format!("  {key}: \"{}\"\n", renamed(key)));
    }
    yaml
}

/// Renames every word of the book at `book`, and gives it what makes every
/// word show: a footnote and two tables on a page, chapters and sub-pages
/// enough for the sidebar to leave some out, plans of other years.
fn rename_and_grow(book: &Path) {
    let config = book.join(CONFIG);
    let mut text = std::fs::read_to_string(&config).expect("read config");
    // The book's own name of a function that has a default word (`van`).
    text = text.replace(
        "name: Ontwikkeling van kennis\n",
        "name: Kennisontwikkeling\n",
    );
    text.push_str(&sections());
    // Plans of other years, so that their headings show.
    text.push_str(
        "editions:\n  - year: 2029\n    title: Plan 2029\n    site: https://example.org/plan-2029/\n  - year: 2031\n    title: Plan 2031\n    pdf: https://example.org/plan-2031.pdf\n",
    );
    write_file(&config, text);
    // The book's own headings that happen to be a default word.
    for chapter in [
        PROJECT_11,
        FUNCTION_E,
        "content/02-projecten/2.1-wonen.md",
        "content/02-projecten/index.md",
    ] {
        let path = book.join(chapter);
        let text = std::fs::read_to_string(&path).expect("read chapter");
        let text = text
            .replace("## Begroting\n", "## Geld\n")
            .replace("title: Projecten\n", "title: Activiteiten\n");
        write_file(&path, text);
    }
    // The accessibility statement is the publisher's own text: a book in
    // other words brings its own (docs/site.md).
    write_file(
        &book.join("templates/site/toegankelijkheid.html"),
        "{% extends \"site/base.html\" %}\n{% block main %}\n<h1 id=\"_top\">{{ page.heading }}</h1>\n\
         <p>{{ site.publisher }} wants everyone to read the {{ site.title }}.</p>\n{% endblock main %}\n",
    );
    let intro = book.join("content/01-inleiding.md");
    // Two tables before the first heading: the second one's caption is
    // the page's heading and its number.
    let text = std::fs::read_to_string(&intro).expect("read chapter");
    let text = text.replacen(
        "over twee thema's.\n",
        "over twee thema's.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
         | c | d |\n|---|---|\n| 3 | 4 |\n\n[^1]: De noot.\n",
        1,
    );
    write_file(&intro, text);
    for i in 10..23 {
        write_file(
            &book.join(format!("content/{i}-extra.md")),
            format!("---\ntitle: Extra {i}\n---\n\nTekst {i}.\n"),
        );
    }
    write_file(
        &book.join("content/05-reeks/index.md"),
        "---\ntitle: Reeks\n---\n\nEen reeks.\n",
    );
    write_file(
        &book.join("content/05-reeks/30-sub/index.md"),
        "---\ntitle: Onder\n---\n\nOnder.\n",
    );
    write_file(
        &book.join("content/05-reeks/30-sub/a.md"),
        "---\ntitle: Onder a\n---\n\nOnder a.\n",
    );
    for i in 10..27 {
        write_file(
            &book.join(format!("content/05-reeks/{i}-deel.md")),
            format!("---\ntitle: Deel {i}\n---\n\nDeel {i}.\n"),
        );
    }
}

/// The text of every sheet and string of a workbook.
fn workbook_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("read workbook");
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        if entry.name().ends_with(".xml") {
            entry.read_to_string(&mut text).expect("read entry");
        }
    }
    text
}

/// `kis-book check --format github` in `book`, returning the summary.
fn summary(book: &Path) -> String {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["check", "--format", "github"])
        .current_dir(book)
        .env("GITHUB_STEP_SUMMARY", file.path())
        .output()
        .expect("run kis-book");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    std::fs::read_to_string(file.path()).expect("read summary")
}

/// Every output of the renamed book, by name.
fn outputs(repo: &Repo) -> Vec<(String, String)> {
    let book = repo.book();
    let root = book.to_str().expect("utf-8 path");
    let out = kis_book(&["build", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut outputs = Vec::new();
    let pdf = book.join("build/proef-werkplan.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    assert!(text.status.success(), "pdftotext");
    outputs.push((
        "the PDF".to_owned(),
        String::from_utf8_lossy(&text.stdout).into_owned(),
    ));
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("run pdfinfo (apt-get install poppler-utils)");
    assert!(info.status.success(), "pdfinfo");
    outputs.push((
        "the PDF's metadata".to_owned(),
        String::from_utf8_lossy(&info.stdout).into_owned(),
    ));
    for (path, bytes) in crate::common::read_tree(&book.join("build/site")) {
        // The site's text: pages, the search index, sitemap, robots and the
        // downloads (the PDF is read above; fonts, images and the style
        // sheet hold no words).
        let text = if path.ends_with(".xlsx") {
            workbook_text(&bytes)
        } else if [".html", ".js", ".xml", ".txt", ".csv", ".json"]
            .iter()
            .any(|ext| path.ends_with(ext))
            && !SCRIPTS.contains(&path.as_str())
        {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            continue;
        };
        outputs.push((path, text));
    }

    // The check summary: clean; with an error and a warning; with only
    // warnings (two of them), so that each count's word shows.
    outputs.push(("the clean check summary".to_owned(), summary(&book)));
    let bad = copy_book(&book);
    edit(&bad.path().join(PROJECT_11), "Senior: 10\n", "Senior: 12\n");
    edit(&bad.path().join(FUNCTION_E), "{ hours: 8,", "{ hours: 9,");
    outputs.push(("the failed check summary".to_owned(), summary(bad.path())));
    edit(
        &bad.path().join(CONFIG),
        "available_budget: 7250\n",
        "available_budget: 8000\n",
    );
    outputs.push(("the warned check summary".to_owned(), summary(bad.path())));

    outputs.extend(diff_outputs(repo));
    outputs
}

/// Budgets 2.2, 2.3, … in theme 2 of the book at `book`, `n` of them.
fn add_projects(book: &Path, n: usize) {
    for i in 2..n + 2 {
        let text = NEW_PROJECT
            .replace("id: \"2.2\"", &format!("id: \"2.{i}\""))
            .replace("title: Buurt aan zet", &format!("title: Buurt {i}"))
            .replace("## Begroting\n", "## Geld\n");
        write_file(
            &book.join(format!("content/02-projecten/2.{i}-buurt.md")),
            text,
        );
    }
}

/// `kis-book compare old new` in every format, named `name`.
fn compare(name: &str, old: &Path, new: &Path) -> Vec<(String, String)> {
    let (old, new) = (old.to_str().expect("utf-8"), new.to_str().expect("utf-8"));
    ["table", "markdown", "csv", "json"]
        .into_iter()
        .map(|format| {
            let out = kis_book(&["compare", old, new, "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            (format!("compare ({name}) --format {format}"), stdout(&out))
        })
        .collect()
}

/// What `diff` and `compare` say of the renamed book, in every format, so
/// that each of their sentences shows: the renamed revision against a
/// working tree that changes hours, material, card rates and an own rate,
/// moves a budget, adds twelve and overruns a lower available budget; the
/// revision against itself (no changes); an edition with only a higher
/// available budget and a rate no budget uses; and one with a budget
/// changed, one removed and nine added.
fn diff_outputs(repo: &Repo) -> Vec<(String, String)> {
    // (The build wrote only ignored files: the revision is the one above.)
    repo.git(&["tag", "renamed"]);
    let book = repo.book();
    let old = copy_book(&book);
    let within = copy_book(&book);
    edit(
        &within.path().join(CONFIG),
        "available_budget: 7250\n",
        "available_budget: 8000\n",
    );
    // A rate new on a card, which no budget uses yet.
    edit(
        &within.path().join(CONFIG),
        "      Junior: 50\n",
        "      Junior: 50\n      Stagiair: 30\n",
    );
    let one = copy_book(&book);
    edit(&one.path().join(PROJECT_11), "Senior: 10\n", "Senior: 11\n");
    std::fs::remove_file(one.path().join(FUNCTION_E)).expect("remove E");
    add_projects(one.path(), 9);

    repo.edit(PROJECT_11, "      Senior: 10\n", "      Senior: 40\n");
    repo.edit(PROJECT_11, "material: 250\n", "material: 300\n");
    repo.edit(CONFIG, "      Expert: 90\n", "      Expert: 95\n");
    repo.edit(CONFIG, "      Junior: 50\n", "      Junior: 55\n");
    repo.edit(
        CONFIG,
        "available_budget: 7250\n",
        "available_budget: 1000\n",
    );
    repo.edit(FUNCTION_E, "rate: 120 }", "rate: 130 }");
    repo.edit(
        FUNCTION_E,
        "declared_total: 1700\n",
        "declared_total: 1780\n",
    );
    repo.edit(PROJECT_21, "theme: \"2\"\n", "theme: \"1\"\n");
    repo.edit(PROJECT_21, "Assistent: 12.5\n", "Assistent: 14.5\n");
    add_projects(&book, 12);

    let mut outputs = Vec::new();
    for format in ["table", "markdown", "csv", "json"] {
        for revisions in [&["renamed"][..], &["renamed", "renamed"]] {
            let out = repo.diff(&[revisions, &["--format", format]].concat());
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let name = format!("diff {} --format {format}", revisions.join(" "));
            outputs.push((name, stdout(&out)));
        }
    }
    outputs.extend(compare("within", old.path(), within.path()));
    outputs.extend(compare("one", old.path(), one.path()));
    outputs
}

#[test]
fn a_book_that_renames_every_word_shows_none_of_the_defaults() {
    let repo = Repo::new();
    rename_and_grow(&repo.book());
    repo.commit("grown");

    // The preview of a book whose first build fails: the heading over its
    // errors, which carry their codes as `check` prints them, and its
    // answer to an address while there is no site (and no 404 page) yet.
    let chapter = repo.book().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(&chapter, "---\ntitle: Inleiding\n---\n\n{{ onbekend }}\n").expect("break");
    let preview = Preview::start(&repo.book());
    let (_, status) = preview.get("/__kis/status");
    assert!(
        status.contains("01-inleiding.md:5:1: error[KB0407]: unknown placeholder"),
        "{status}"
    );
    let (code, not_found) = preview.get("/nergens/");
    assert_eq!(code, 404, "{not_found}");
    drop(preview);
    std::fs::write(&chapter, original).expect("restore chapter");

    let mut outputs = outputs(&repo);
    outputs.push(("the preview's status".to_owned(), status));
    outputs.push(("the preview's 404".to_owned(), not_found));

    // A CSV's header row names its columns for programs (docs/money.md),
    // and the first two columns of diff's and compare's rows (`onderdeel`,
    // `status`) are keys for programs too (docs/ci.md): a contract, not
    // words for a reader.
    for (name, text) in &mut outputs {
        if name.ends_with(".csv") || name.ends_with("csv") {
            let rows = text.split_once('\n').map_or("", |(_, rows)| rows);
            *text = if name.starts_with("diff") || name.starts_with("compare") {
                rows.lines()
                    .map(|row| row.splitn(3, ';').nth(2).unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                rows.to_owned()
            };
        }
    }
    for (_, default) in LABELS.iter().chain(&WORDS) {
        for (name, text) in &outputs {
            assert!(!has_word(text, default), "`{default}` in {name}:\n{text}");
        }
    }
    for (_, default) in DIFF_WORDS {
        for (name, text) in &outputs {
            let of_diff = name.starts_with("diff") || name.starts_with("compare");
            assert!(
                !of_diff || !has_word(text, default),
                "`{default}` in {name}:\n{text}"
            );
        }
    }
    let all: String = outputs.iter().map(|(_, text)| text.as_str()).collect();
    let missing: Vec<&str> = LABELS
        .iter()
        .chain(&WORDS)
        .chain(&DIFF_WORDS)
        .map(|(key, _)| *key)
        .filter(|key| !NOT_SHOWN.iter().any(|(k, _)| k == key))
        .filter(|key| !all.contains(&renamed(key)))
        .collect();
    assert!(
        missing.is_empty(),
        "the book's words for {missing:?} show nowhere"
    );
}
