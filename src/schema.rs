//! JSON Schemas of the front matter and of the book config, for editors:
//! with them, an editor that speaks the YAML language server completes keys
//! and flags mistakes while typing.
//!
//! The front-matter schema is made from the book's own config, so it knows
//! the organisations, their roles, the themes and the functions. It checks
//! shape; `kis-book check` remains the judge of meaning (a schema cannot
//! tell `1.500` from 1.5).

use serde_json::{Map, Value, json};

use crate::model::Config;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of a chapter's front matter for the book with this config.
pub fn front_matter(config: &Config) -> Value {
    let themes: Vec<&str> = config
        .functions
        .iter()
        .flat_map(|f| f.themes.iter().map(|t| t.id.as_str()))
        .collect();
    let functions: Vec<&str> = config.functions.iter().map(|f| f.id.as_str()).collect();
    let mut organisations = Map::new();
    let mut defs = Map::new();
    for org in &config.organisations {
        let roles: Vec<&str> = org.rates.roles.iter().map(|(r, _)| r.as_str()).collect();
        let mut card = Map::new();
        for (role, rate) in &org.rates.roles {
            card.insert(
                role.clone(),
                json!({
                    "description": format!("Hours of {role} at {rate} per hour."),
                    "anyOf": [{ "$ref": "#/$defs/hours" }, { "$ref": format!("#/$defs/role-{}", org.id) }]
                }),
            );
        }
        organisations.insert(
            org.id.clone(),
            json!({
                "description": format!("Hours per role of {}.", org.name),
                "type": "object",
                "properties": card,
                "additionalProperties": { "$ref": format!("#/$defs/role-{}", org.id) }
            }),
        );
        defs.insert(
            format!("role-{}", org.id),
            json!({
                "description": format!(
                    "A role of its own: hours with `as` (a role on the rate card of {}) or an own `rate`.",
                    org.name
                ),
                "type": "object",
                "properties": {
                    "hours": { "$ref": "#/$defs/hours" },
                    "as": { "enum": roles },
                    "rate": { "$ref": "#/$defs/amount" }
                },
                "required": ["hours"],
                "oneOf": [{ "required": ["as"] }, { "required": ["rate"] }],
                "additionalProperties": false
            }),
        );
    }
    defs.insert(
        "hours".into(),
        json!({
            "description": "Hours: a number with a decimal point (12.5), no thousands separator.",
            "type": "number",
            "minimum": 0
        }),
    );
    defs.insert(
        "amount".into(),
        json!({
            "description": format!("An amount in {} (whole units or with cents, decimal point).", config.currency),
            "type": "number",
            "minimum": 0
        }),
    );
    json!({
        "$schema": DRAFT,
        "title": format!("Front matter of a chapter of {} {}", config.subtitle, config.title),
        "type": "object",
        "required": ["title"],
        "additionalProperties": false,
        "properties": {
            "title": { "description": "The page title in sentence case, without number.", "type": "string", "minLength": 1 },
            "id": { "description": "Project or function number: \"1.1\", \"3.7A\", \"B\".", "type": "string", "pattern": "^[A-Za-z0-9.]{1,16}$" },
            "theme": { "description": "The theme a project belongs to.", "enum": themes },
            "function": { "description": "The budget function of a budget that is not a project.", "enum": functions },
            "kind": { "description": "Leave out, or `appendix` / `back-cover`.", "enum": ["appendix", "back-cover"] },
            "description": { "description": "A one-sentence summary for the website.", "type": "string" },
            "budget": {
                "description": "The budget in hours; every amount is computed.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "hours": { "type": "object", "properties": organisations, "additionalProperties": false },
                    "material": { "description": "Materiële kosten.", "$ref": "#/$defs/amount" },
                    "declared_total": { "description": "The total agreed with the funder.", "$ref": "#/$defs/amount" }
                }
            }
        },
        "$defs": defs
    })
}

/// The schema of `content/book.yaml`.
pub fn config() -> Value {
    let text = |d: &str| json!({ "type": "string", "description": d });
    let amount = json!({ "type": "number", "minimum": 0 });
    let organisations = json!({
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["id", "name", "rates", "staff_rate", "overhead_rate"],
            "properties": {
                "id": { "type": "string", "pattern": "^[a-z0-9-]+$" },
                "name": { "type": "string" },
                "rates": { "type": "object", "additionalProperties": amount, "description": "Hourly rate per role." },
                "staff_rate": { "description": "Stafkosten per hour.", "type": "number", "minimum": 0 },
                "overhead_rate": { "description": "Overhead per hour.", "type": "number", "minimum": 0 }
            }
        }
    });
    let functions = json!({
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["id", "name"],
            "properties": {
                "id": { "type": "string" },
                "name": { "type": "string" },
                "label": { "type": "string", "description": "Row label in the Totaaloverzicht." },
                "themes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["id", "name"],
                        "properties": {
                            "id": { "type": "string" },
                            "name": { "type": "string" },
                            "label": { "type": "string" }
                        }
                    }
                }
            }
        }
    });
    let money = json!({
        "type": "object",
        "additionalProperties": false,
        "description": "How amounts are rounded and printed; without this section amounts print in whole units, each line rounded half up, and `check` warns about amounts finer than that.",
        "properties": {
            "precision": { "type": "integer", "minimum": 0, "maximum": crate::model::MoneyPolicy::MAX_PRECISION, "description": "Decimals printed for amounts and rates: 0 (whole units) or 2 (cents)." },
            "rounding": { "enum": ["half-up", "half-even"], "description": "How a half rounds: half-up (the Dutch finance default) or half-even." },
            "round": { "enum": ["lines", "totals"], "description": "lines: every printed line rounded, totals are sums of printed lines; totals: each organisation's total rounded, its lines shared out by the largest remainder." }
        }
    });
    let label = |d: &str| json!({ "type": "string", "description": format!("Default \"{d}\".") });
    let d = crate::model::Labels::default();
    let labels = json!({
        "type": "object",
        "additionalProperties": false,
        "description": "The words of the budget tables; every one optional, Dutch by default.",
        "properties": {
            "organisation": label(&d.organisation), "role": label(&d.role), "rate": label(&d.rate),
            "hours": label(&d.hours), "amount": label(&d.amount), "staff": label(&d.staff),
            "overhead": label(&d.overhead), "material": label(&d.material), "total": label(&d.total),
            "available": label(&d.available), "remainder": label(&d.remainder), "overrun": label(&d.overrun),
            "overview": label(&d.overview), "project": label(&d.project), "budget": label(&d.budget),
            "currency_sign": label(&d.currency_sign)
        }
    });
    json!({
        "$schema": DRAFT,
        "title": "kis-book config (content/book.yaml)",
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "year", "publisher", "base_url", "date", "available_budget", "organisations", "functions"],
        "properties": {
            "title": text("Title of the plan, e.g. \"Werkplan 2019\"."),
            "subtitle": text("Subtitle, e.g. the platform's name."),
            "year": { "type": "integer", "description": "The year the plan is for." },
            "publisher": text("Who publishes the plan."),
            "author": text("Authors for the PDF metadata."),
            "language": text("Language tag of the text, e.g. \"nl\"."),
            "base_url": { "type": "string", "format": "uri", "description": "Base URL of the published site." },
            "running_title": text("Running footer of the PDF."),
            "output": text("File name of the PDF, without .pdf."),
            "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "Publication date, YYYY-MM-DD." },
            "currency": text("ISO 4217 currency code, e.g. \"EUR\"."),
            "available_budget": { "description": "Totaal beschikbaar budget.", "type": "number", "minimum": 0 },
            "organisations": organisations,
            "overview_columns": { "type": "array", "items": { "type": "string" }, "description": "Organisation ids in the column order of the Totaaloverzicht." },
            "functions": functions,
            "money": money,
            "labels": labels
        }
    })
}
