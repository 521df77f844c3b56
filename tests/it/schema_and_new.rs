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
    let split = kis_book::frontmatter::split(&text).expect("front matter");
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

#[test]
fn the_schema_rejects_what_check_rejects() {
    let validator = jsonschema::validator_for(&schema(&[])).expect("valid schema");
    let bad = [
        // An unknown role.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    movisie:\n      Chef: 10\n",
        // A Dutch decimal comma.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    movisie:\n      Senior: 12,5\n",
        // An unknown organisation, theme and key.
        "id: \"1.9\"\ntitle: X\ntheme: \"1\"\nbudget:\n  hours:\n    gamma:\n      Senior: 1\n",
        "id: \"1.9\"\ntitle: X\ntheme: \"7\"\n",
        "title: X\nauteur: Y\n",
        // An alias that is not on the card.
        "id: \"D\"\ntitle: X\nfunction: D\nbudget:\n  hours:\n    movisie:\n      Adviseur: { hours: 3, as: Chef }\n",
    ];
    for yaml in bad {
        let value: Value = serde_saphyr::from_str(yaml).expect("YAML");
        assert!(!validator.is_valid(&value), "accepted:\n{yaml}");
    }
    let good = "id: \"D\"\ntitle: X\nfunction: D\nbudget:\n  hours:\n    movisie:\n      Adviseur: { hours: 3, as: Medior }\n      Leiding: { hours: 2.5, rate: 99 }\n      Senior: 4\n";
    let value: Value = serde_saphyr::from_str(good).expect("YAML");
    assert!(
        validator.is_valid(&value),
        "{:?}",
        errors(&validator, &value)
    );
}

#[test]
fn committed_schemas_are_current() {
    for (file, args) in [
        ("schema/front-matter.schema.json", &[][..]),
        ("schema/book.schema.json", &["--config"][..]),
    ] {
        let committed: Value = serde_json::from_str(
            &std::fs::read_to_string(repo_root().join(file)).expect("read schema"),
        )
        .expect("JSON");
        assert_eq!(
            committed,
            schema(args),
            "{file} is stale: regenerate it with `kis-book schema > {file}`"
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

    let out = kis_book(&["new", "chapter", "Evaluatie", "--root", root_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.path().join("content/06-evaluatie.md").is_file());
    let clash = kis_book(&["new", "chapter", "Evaluatie", "--root", root_arg]);
    assert!(!clash.status.success());
    assert!(
        stderr(&clash).contains("already is a chapter titled `Evaluatie`"),
        "{}",
        stderr(&clash)
    );
}
