//! `kis-book schema` and `kis-book new`: the schemas validate every file of
//! the 2019 plan and reject what an editor gets wrong; new files are valid
//! and never overwrite.

use std::path::Path;

use crate::common::{copy_book, kis_book, repo_root, stderr, stdout};
use serde_json::Value;

fn schema(args: &[&str]) -> Value {
    let root = repo_root();
    let mut all = vec!["schema", root.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let out = kis_book(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("schema is JSON")
}

fn front_matter_of(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read chapter");
    let split = kis_book::source::frontmatter::split(&text).expect("front matter");
    serde_saphyr::from_str(split.yaml).expect("YAML")
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_file_in_content_validates() {
    let validator = jsonschema::validator_for(&schema(&[])).expect("valid schema");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(repo_root().join("content")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "md") {
            let fm = front_matter_of(entry.path());
            let errs = errors(&validator, &fm);
            assert!(errs.is_empty(), "{}: {errs:?}", entry.path().display());
            checked += 1;
        }
    }
    assert!(checked >= 45, "checked {checked} files");

    let config = jsonschema::validator_for(&schema(&["--config"])).expect("valid schema");
    let yaml = std::fs::read_to_string(repo_root().join("content/book.yaml")).expect("read config");
    let value: Value = serde_saphyr::from_str(&yaml).expect("YAML");
    let errs = errors(&config, &value);
    assert!(errs.is_empty(), "book.yaml: {errs:?}");
}

/// The book's config, as `check` reads it.
fn book_config() -> kis_book::source::model::Config {
    let text = std::fs::read_to_string(repo_root().join("content/book.yaml")).expect("read config");
    config_errors(&text).expect("the book's config is valid")
}

/// The config `check` reads from `text`, or `None` when it reports an error.
fn config_errors(text: &str) -> Option<kis_book::source::model::Config> {
    let mut diags = kis_book::base::diagnostics::Diagnostics::default();
    let config =
        kis_book::source::config::parse_config(Path::new("content/book.yaml"), text, &mut diags);
    config.filter(|_| !diags.has_errors())
}

/// Whether `check` accepts the front matter `yaml`.
fn check_accepts(config: &kis_book::source::model::Config, yaml: &str) -> bool {
    let mut diags = kis_book::base::diagnostics::Diagnostics::default();
    let meta = kis_book::source::frontmatter::read_front_matter(
        config,
        Path::new("content/x.md"),
        yaml,
        1,
        &mut diags,
    );
    meta.is_some() && !diags.has_errors()
}

/// The values a schema's enum offers, written as `enum` or as `oneOf`
/// branches that each hold one.
fn offered(property: &Value) -> Vec<String> {
    let values = match property.get("enum") {
        Some(values) => values.as_array().expect("enum").clone(),
        None => (property["oneOf"].as_array().expect("enum or oneOf").iter())
            .flat_map(|branch| branch["enum"].as_array().expect("enum").clone())
            .collect(),
    };
    let values: Vec<String> = values
        .iter()
        .map(|v| v.as_str().expect("text").to_owned())
        .collect();
    assert!(!values.is_empty(), "{property}");
    values
}

#[test]
fn the_schema_rejects_what_check_rejects() {
    let validator = jsonschema::validator_for(&schema(&[])).expect("valid schema");
    let config = book_config();
    let budget = "id: \"D\"\ntitle: X\nfunction: D\nbudget:\n  hours:\n    movisie:\n";
    let bad = [
        // An unknown role.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    movisie:\n      Chef: 10\n".to_owned(),
        // A Dutch decimal comma.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    movisie:\n      Senior: 12,5\n".to_owned(),
        // An unknown organisation, theme, function, kind and key.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    gamma:\n      Senior: 1\n".to_owned(),
        "id: \"1.9\"\ntitle: X\ntheme: \"7\"\n".to_owned(),
        "id: \"Q\"\ntitle: X\nfunction: Q\n".to_owned(),
        "title: X\nkind: bijlage\n".to_owned(),
        "title: X\nauteur: Y\n".to_owned(),
        // No title, an empty one, a malformed id.
        "id: \"1.9\"\n".to_owned(),
        "title: \"\"\n".to_owned(),
        "title: X\nid: \"1 9\"\n".to_owned(),
        // An alias that is not on the card.
        format!("{budget}      Adviseur: {{ hours: 3, as: Chef }}\n"),
        // A role of its own with neither `as` nor `rate`, or with both.
        format!("{budget}      Adviseur: {{ hours: 3 }}\n"),
        format!("{budget}      Adviseur: {{ hours: 3, as: Medior, rate: 99 }}\n"),
        // Negative hours, and a key a role line does not have.
        format!("{budget}      Senior: -4\n"),
        format!("{budget}      Adviseur: {{ hours: 3, as: Medior, tarief: 99 }}\n"),
    ];
    for yaml in &bad {
        let value: Value = serde_saphyr::from_str(yaml).expect("YAML");
        assert!(!validator.is_valid(&value), "the schema accepted:\n{yaml}");
        assert!(!check_accepts(&config, yaml), "check accepted:\n{yaml}");
    }
    let mut good = vec![
        format!(
            "{budget}      Adviseur: {{ hours: 3, as: Medior }}\n      Leiding: {{ hours: 2.5, rate: 99 }}\n      Senior: 4\n"
        ),
        // A role of the card written as a mapping.
        format!(
            "{budget}      Senior: {{ hours: 4 }}\n  material: 1200.50\n  declared_total: 2000\n"
        ),
    ];
    // Every kind the schema offers is one that check knows.
    let kinds = offered(&schema(&[])["properties"]["kind"]);
    good.extend(kinds.iter().map(|kind| format!("title: X\nkind: {kind}\n")));
    for yaml in &good {
        let value: Value = serde_saphyr::from_str(yaml).expect("YAML");
        let errs = errors(&validator, &value);
        assert!(errs.is_empty(), "the schema refused:\n{yaml}\n{errs:?}");
        assert!(check_accepts(&config, yaml), "check refused:\n{yaml}");
    }
}

#[test]
fn the_config_schema_rejects_what_check_rejects() {
    let schema = schema(&["--config"]);
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let book = std::fs::read_to_string(repo_root().join("content/book.yaml")).expect("read config");
    let edit = |from: &str, to: &str| {
        assert!(book.contains(from), "{from}");
        book.replacen(from, to, 1)
    };
    let bad = [
        edit("rounding: half-up", "rounding: half-down"),
        edit("round: lines", "round: pages"),
        edit("precision: 0", "precision: 5"),
        edit("year: 2019", "year: 2019\nauteur: X"),
        edit("date: \"{year-1}-12-01\"", "date: 1-12-2018"),
        edit("date: \"{year-1}-12-01\"", "date: \"{jaar}-12-01\""),
        edit("available_budget: 2620019", "available_budget: 2.620.019"),
        edit("      Senior: 99", "      Senior: 99,5"),
        edit("    staff_rate: 13", "    staff_rate: 13\n    tarief: 1"),
    ];
    for text in &bad {
        let value: Value = serde_saphyr::from_str(text).expect("YAML");
        assert!(!validator.is_valid(&value), "the schema accepted:\n{text}");
        assert!(config_errors(text).is_none(), "check accepted:\n{text}");
    }
    // Every rounding the schema offers is one that check knows.
    let money = &schema["properties"]["money"]["properties"];
    let mut good: Vec<String> = offered(&money["rounding"])
        .iter()
        .map(|r| edit("rounding: half-up", &format!("rounding: {r}")))
        .collect();
    good.extend(
        offered(&money["round"])
            .iter()
            .map(|r| edit("round: lines", &format!("round: {r}"))),
    );
    assert!(good.len() >= 4, "{good:?}");
    for text in &good {
        let value: Value = serde_saphyr::from_str(text).expect("YAML");
        let errs = errors(&validator, &value);
        assert!(errs.is_empty(), "the schema refused:\n{text}\n{errs:?}");
        assert!(config_errors(text).is_some(), "check refused:\n{text}");
    }
}

/// The keys below `schema` that have no description, as JSON pointers.
fn undescribed(schema: &Value, at: &str, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (key, property) in properties {
                    let text = property.get("description").and_then(Value::as_str);
                    if text.is_none_or(|t| t.trim().len() < 10) {
                        out.push(format!("{at}/properties/{key}"));
                    }
                }
            }
            for (key, value) in map {
                undescribed(value, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undescribed(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_key_has_a_description_and_every_id_is_offered() {
    for args in [&[][..], &["--config"][..]] {
        let schema = schema(args);
        let mut missing = Vec::new();
        undescribed(&schema, "", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:?}");
    }
    // Editors complete the book's ids: organisations, roles, themes, functions.
    let schema = schema(&[]);
    let hours = &schema["properties"]["budget"]["properties"]["hours"]["properties"];
    let movisie = &hours["movisie"]["properties"];
    assert!(
        movisie["Project-Assistent"]["description"].is_string(),
        "{hours}"
    );
    assert_eq!(hours.as_object().map(|h| h.len()), Some(2), "{hours}");
    let alias = &schema["$defs"]["role-movisie"]["properties"]["as"];
    assert_eq!(
        offered(alias),
        ["Senior", "Medior", "Junior", "Project-Assistent"]
    );
    assert_eq!(
        offered(&schema["properties"]["theme"]),
        ["1", "2", "3", "4"]
    );
    assert_eq!(
        offered(&schema["properties"]["function"]),
        ["A", "B", "C", "D", "E"]
    );
}

#[test]
fn committed_schemas_are_current() {
    for (file, args) in [
        ("content/front-matter.schema.json", &[][..]),
        ("content/book.schema.json", &["--config"][..]),
    ] {
        let committed: Value = serde_json::from_str(
            &std::fs::read_to_string(repo_root().join(file)).expect("read schema"),
        )
        .expect("JSON");
        assert_eq!(
            committed,
            schema(args),
            "{file} is stale: regenerate it with `kis-book schema --write`"
        );
    }
}

#[test]
fn new_project_and_chapter() {
    let book = copy_book(&repo_root().join("content"));
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::rename(book.path(), root.path().join("content")).expect("move content");
    let root_arg = root.path().to_str().expect("utf-8 path");

    let out = kis_book(&[
        "new",
        "project",
        "1.5",
        "Taal en werk: ‘samen’ verder",
        "--theme",
        "1",
        "--root",
        root_arg,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = root
        .path()
        .join("content/03-themas-en-projecten/1-nieuwe-migratie/1.5-taal-en-werk-samen-verder.md");
    let text = std::fs::read_to_string(&file).expect("new project written");
    assert!(
        text.contains("## Aanleiding") && text.contains("{{ budget }}"),
        "{text}"
    );
    assert!(text.contains("      Senior onderzoeker: 0"), "{text}");

    // The new project is valid, and with no hours the totals are unchanged.
    let check = kis_book(&["check", root_arg]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("32 budgets: programme total € 2.620.019"),
        "{}",
        stderr(&check)
    );

    // Never overwritten, and an id is never used twice.
    let again = kis_book(&[
        "new",
        "project",
        "1.5",
        "Taal en werk: ‘samen’ verder",
        "--theme",
        "1",
        "--root",
        root_arg,
    ]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already has an item with id `1.5`"),
        "{}",
        stderr(&again)
    );
    let taken = file.with_file_name("1.6-bezet.md");
    std::fs::write(&taken, "eigen tekst van een redacteur").expect("write");
    let refused = kis_book(&[
        "new", "project", "1.6", "Bezet", "--theme", "1", "--root", root_arg,
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("not overwritten"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&taken).expect("read"),
        "eigen tekst van een redacteur"
    );
    std::fs::remove_file(&taken).expect("remove");
    let unknown = kis_book(&[
        "new", "project", "9.1", "X", "--theme", "9", "--root", root_arg,
    ]);
    assert!(
        stderr(&unknown).contains("there is no theme `9`"),
        "{}",
        stderr(&unknown)
    );

    // The 2019 plan's appendix has 06, right after chapter 05: a new
    // chapter 06 would share its number and follow "Bijlage 1".
    let content = root.path().join("content");
    let out = kis_book(&["new", "chapter", "Evaluatie", "--root", root_arg]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "no chapter number is free before the appendices: the last chapter is 05 and the \
             appendix `06-raad-van-advies.md` has 06"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!content.join("06-evaluatie.md").exists());
    // With the appendix renumbered as the message says, the chapter is 06.
    std::fs::rename(
        content.join("06-raad-van-advies.md"),
        content.join("80-raad-van-advies.md"),
    )
    .expect("renumber the appendix");
    let out = kis_book(&["new", "chapter", "Evaluatie", "--root", root_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(content.join("06-evaluatie.md").is_file());
    let out = kis_book(&["new", "chapter", "Woordenlijst", "--root", root_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(content.join("07-woordenlijst.md").is_file());
    let clash = kis_book(&["new", "chapter", "Evaluatie", "--root", root_arg]);
    assert!(!clash.status.success());
    assert!(
        stderr(&clash).contains("already is a chapter titled `Evaluatie`"),
        "{}",
        stderr(&clash)
    );
}
