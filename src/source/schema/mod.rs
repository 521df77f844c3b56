//! JSON Schemas of the front matter and of the book config, for editors:
//! with them, an editor that speaks the YAML language server completes keys
//! and flags mistakes while typing.
//!
//! Both are derived (schemars) from the serde types that read the files,
//! `frontmatter::RawFrontMatter` and `config::RawConfig`: the doc comments
//! of their fields are the descriptions an editor shows, and a key added
//! there is in the schema. The front-matter schema is then filled in with
//! the book's own config, so it knows the organisations, their roles, the
//! themes and the functions. A schema checks shape; `kis-book check`
//! remains the judge of meaning (a schema cannot tell `1.500` from 1.5).

use schemars::JsonSchema;
use schemars::r#gen::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::source::config::RawConfig;
use crate::source::frontmatter::RawFrontMatter;
use crate::source::model::{Config, Organisation};

pub(crate) mod types;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The config's schema beside book.yaml (`kis-book schema --write`), named
/// by book.yaml's `# yaml-language-server: $schema=book.schema.json` line.
pub(crate) const CONFIG_FILE: &str = "book.schema.json";

/// The front matter's schema beside book.yaml (`kis-book schema --write`).
pub(crate) const FRONT_MATTER_FILE: &str = "front-matter.schema.json";

/// The schema of a chapter's front matter for the book with this config.
pub(crate) fn front_matter(config: &Config) -> Value {
    let title = format!(
        "Front matter of a chapter of {} {}",
        config.subtitle, config.title
    );
    let mut schema = derived::<RawFrontMatter>(&title);
    let themes = config.functions.iter().flat_map(|f| &f.themes);
    let properties = &mut schema["properties"];
    limit(
        &mut properties["theme"],
        "themes",
        themes.map(|t| (t.id.as_str(), t.name.as_str())),
    );
    limit(
        &mut properties["function"],
        "functions",
        config
            .functions
            .iter()
            .map(|f| (f.id.as_str(), f.name.as_str())),
    );
    let hours = &mut properties["budget"]["properties"]["hours"];
    // The derived schema of one role line: plain hours, or a mapping.
    let line = hours["additionalProperties"]["additionalProperties"].take();
    let (mut organisations, mut defs) = (Map::new(), Map::new());
    for org in &config.organisations {
        let (hours, mapping) = rate_card(org, &config.currency, &line);
        organisations.insert(org.id.clone(), hours);
        defs.insert(format!("role-{}", org.id), mapping);
    }
    hours["properties"] = Value::Object(organisations);
    hours["additionalProperties"] = json!(false);
    schema["$defs"] = Value::Object(defs);
    schema
}

/// The schema of `content/book.yaml`.
pub(crate) fn config() -> Value {
    let mut schema = derived::<RawConfig>("kis-book config (content/book.yaml)");
    // Each word of `labels:` and `words:` carries its Dutch default (serde's
    // `default`); the default of the whole section repeats them all.
    for section in ["labels", "words"] {
        if let Some(properties) = schema["properties"][section].as_object_mut() {
            properties.remove("default");
        }
    }
    schema
}

/// The schema schemars derives from `T`, with subschemas inline, under the
/// 2020-12 draft and with `title`.
fn derived<T: JsonSchema>(title: &str) -> Value {
    let settings = SchemaSettings::draft2019_09().with(|s| {
        // A key left out is `None`; `null` is not a value an editor means.
        s.option_add_null_type = false;
        s.inline_subschemas = true;
        s.meta_schema = Some(DRAFT.to_owned());
    });
    let mut schema = json!(settings.into_generator().into_root_schema_for::<T>());
    schema["title"] = json!(title);
    schema
}

/// Limits a string property to the book's `ids` and names them, with
/// what each is, in its description.
fn limit<'a>(property: &mut Value, what: &str, ids: impl Iterator<Item = (&'a str, &'a str)>) {
    let (ids, named): (Vec<&str>, Vec<String>) =
        ids.map(|(id, name)| (id, format!("{id} {name}"))).unzip();
    property["enum"] = json!(ids);
    let description = property["description"].as_str().unwrap_or_default();
    property["description"] = json!(format!(
        "{description} The {what} are: {}.",
        named.join(", ")
    ));
}

/// The hours of one organisation, made from `line`, the derived schema of a
/// role line: each role of its rate card takes plain hours or a mapping;
/// any other key is a role of its own, with `as` (one of the card's roles)
/// or `rate`. Returns the schema of its hours and, for `$defs/role-<id>`,
/// that of its mapping.
fn rate_card(org: &Organisation, currency: &str, line: &Value) -> (Value, Value) {
    let [plain, mapping] = [&line["anyOf"][0], &line["anyOf"][1]];
    let mut mapping = mapping.clone();
    mapping["properties"]["as"]["enum"] = json!(org.rates.names());
    mapping["not"] = json!({ "required": ["as", "rate"] });
    let reference = format!("#/$defs/role-{}", org.id);
    let roles = org
        .rates
        .roles
        .iter()
        .map(|(role, rate)| {
            let description = format!("Hours of {role}, at {currency} {rate} per hour.");
            let schema =
                json!({ "description": description, "anyOf": [plain, { "$ref": reference }] });
            (role.clone(), schema)
        })
        .collect::<Map<_, _>>();
    let hours = json!({
        "description": format!(
            "Hours per role of {}: the roles of its rate card, or a role of its own with `as` or `rate`.",
            org.name
        ),
        "type": "object",
        "properties": roles,
        "additionalProperties": {
            "description": format!("A role of its own at {}: hours with `as` (a role on its rate card) or `rate`.", org.name),
            "allOf": [{ "$ref": reference }, { "anyOf": [{ "required": ["as"] }, { "required": ["rate"] }] }]
        }
    });
    (hours, mapping)
}
