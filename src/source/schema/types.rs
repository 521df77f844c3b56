//! The schemas of values that serde reads as text but an editor types as
//! a number or a word, named in the `#[schemars(with = ...)]` attributes of
//! the types that read book.yaml and the front matter. Apart from the
//! schemas themselves, so that those types need nothing of what uses them.

use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, NumberValidation, Schema, SchemaObject};
use serde_json::json;

/// The schema of a number an editor types that serde reads as text, so
/// that `1.500` and `12,5` are refused with a message: a number of zero or
/// more, with a decimal point. Used as `#[schemars(with = "Number")]`.
#[derive(Debug)]
pub(crate) struct Number;

impl JsonSchema for Number {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        "Number".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::Number.into()),
            number: Some(Box::new(NumberValidation {
                minimum: Some(0.0),
                ..NumberValidation::default()
            })),
            ..SchemaObject::default()
        }
        .into()
    }
}

/// The schema of a front matter's `kind`, a text that
/// `frontmatter::read_front_matter` reads as one of these.
#[derive(Debug)]
pub(crate) struct PageKindSchema;

impl JsonSchema for PageKindSchema {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        "PageKind".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            enum_values: Some(vec![json!("appendix"), json!("back-cover")]),
            ..SchemaObject::default()
        }
        .into()
    }
}
