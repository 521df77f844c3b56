//! The front matter as written: the types serde reads it into (its shape,
//! from which `crate::source::schema` derives the editors' schema), and where its
//! figures stand in the text.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::source::yaml::{self, Entries};

// Read by serde; `crate::source::schema` derives the editors' schema from it.
/// The front matter of a page: the YAML between the `---` lines at its top.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    /// The page title in sentence case, without its number: "Portaalfunctie".
    #[schemars(with = "String", length(min = 1))]
    pub(super) title: Option<Spanned<String>>,
    /// The project or function number, printed before the title: "1.1",
    /// "3.7A", "B"; letters, digits and dots, at most 16.
    #[schemars(with = "Option<String>", regex(pattern = r"^[A-Za-z0-9.]{1,16}$"))]
    pub(super) id: Option<Spanned<String>>,
    /// The theme (of book.yaml) a project belongs to and its budget counts
    /// towards.
    #[schemars(with = "Option<String>")]
    pub(super) theme: Option<Spanned<String>>,
    /// The budget function (of book.yaml) that a budget which is not a
    /// project's counts towards.
    #[schemars(with = "Option<String>")]
    pub(super) function: Option<Spanned<String>>,
    /// Leave out for a chapter, project or theme; `appendix` for a Bijlage
    /// (numbered on its own), `back-cover` for the back cover.
    #[schemars(with = "Option<crate::source::schema::types::PageKindSchema>")]
    pub(super) kind: Option<Spanned<String>>,
    /// A one-sentence summary of the page, for the website and search.
    #[schemars(with = "Option<String>")]
    pub(super) description: Option<Spanned<String>>,
    /// The page's budget in hours; every amount is computed from them and
    /// the rate cards of book.yaml.
    #[schemars(with = "Option<RawBudget>")]
    pub(super) budget: Option<Spanned<RawBudget>>,
}

/// A budget as written: hours per organisation and role, and amounts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBudget {
    /// Hours per organisation (its id in book.yaml) and role: a role on the
    /// organisation's rate card, or a role of its own with `as` or `rate`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, RawRole>>")]
    pub(super) hours: Entries<Spanned<String>, Entries<Spanned<String>, Spanned<RawRole>>>,
    /// Materiële kosten: material costs in the book's currency (whole units,
    /// or cents after a decimal point).
    #[schemars(with = "Option<crate::source::schema::types::Number>")]
    pub(super) material: Option<Spanned<String>>,
    /// The total agreed with the funder, in the book's currency; `check`
    /// reports a computed total that differs from it.
    #[schemars(with = "Option<crate::source::schema::types::Number>")]
    pub(super) declared_total: Option<Spanned<String>>,
}

/// A role line's value: plain hours, or hours with an alias or own rate.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
pub(super) enum RawRole {
    /// `Senior: 120`. The text is read back from the source, since YAML
    /// would turn `1.500` into 1.5.
    #[schemars(
        with = "crate::source::schema::types::Number",
        description = "Hours at the role's rate on the rate card: a number with a decimal point (12.5), no thousands separator."
    )]
    Hours(Option<String>),
    /// `Programmaleiding: { hours: 530, rate: 100 }`.
    #[schemars(
        description = "Hours at the rate of another role on the card (`as`) or at a rate of its own (`rate`)."
    )]
    Detailed(Box<RawRoleDetail>),
}

/// A role line written as a mapping.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoleDetail {
    /// Hours of work: a number with a decimal point (12.5), no thousands
    /// separator.
    #[schemars(with = "crate::source::schema::types::Number")]
    pub(super) hours: Spanned<String>,
    /// A rate of its own, in the book's currency per hour (instead of `as`).
    #[schemars(with = "Option<crate::source::schema::types::Number>")]
    pub(super) rate: Option<Spanned<String>>,
    /// The role on the organisation's rate card whose rate per hour applies
    /// (instead of `rate`).
    #[serde(rename = "as")]
    #[schemars(with = "Option<String>")]
    pub(super) alias: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRole {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RoleVisitor;

        impl<'de> serde::de::Visitor<'de> for RoleVisitor {
            type Value = RawRole;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number of hours, or { hours: …, as: … } / { hours: …, rate: … }")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRole, E> {
                Ok(RawRole::Hours(Some(v.to_owned())))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<RawRole, E> {
                Ok(RawRole::Hours(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<RawRole, E> {
                Ok(RawRole::Hours(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<RawRole, E> {
                Ok(RawRole::Hours(None))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawRole, E> {
                Ok(RawRole::Hours(Some(v.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawRole, E> {
                Ok(RawRole::Hours(Some(String::new())))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<RawRole, E> {
                Ok(RawRole::Hours(Some(String::new())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawRole, A::Error> {
                RawRoleDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|detail| RawRole::Detailed(Box::new(detail)))
            }
        }

        deserializer.deserialize_any(RoleVisitor)
    }
}

/// Where a page's front matter writes the figures a new edition changes,
/// as byte ranges of its YAML text: every role's hours, and every rate of
/// a role of its own (`{ hours: 530, rate: 100 }`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FigureSpans {
    /// The hours of every role line.
    pub hours: Vec<std::ops::Range<usize>>,
    /// The own rates of role lines.
    pub rates: Vec<std::ops::Range<usize>>,
}

/// The figures of the front matter `yaml` (see [`FigureSpans`]); `None`
/// when it cannot be read. A figure written once and used again through
/// an alias is listed once, where it is written.
pub fn figure_spans(yaml: &str) -> Option<FigureSpans> {
    let raw: RawFrontMatter = yaml::parse(yaml).ok()?;
    let mut spans = FigureSpans::default();
    let Some(budget) = raw.budget else {
        return Some(spans);
    };
    let range = |loc: &serde_saphyr::Location| -> Option<std::ops::Range<usize>> {
        let span = loc.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        Some(start..start + len)
    };
    for (_, roles) in &budget.value.hours.0 {
        for (_, role) in &roles.0 {
            match &role.value {
                RawRole::Hours(_) => spans.hours.extend(range(&role.defined)),
                RawRole::Detailed(detail) => {
                    spans.hours.extend(range(&detail.hours.defined));
                    if let Some(rate) = &detail.rate {
                        spans.rates.extend(range(&rate.defined));
                    }
                }
            }
        }
    }
    for list in [&mut spans.hours, &mut spans.rates] {
        list.sort_by_key(|r| r.start);
        list.dedup();
    }
    Some(spans)
}
