//! Front matter: the YAML between the `---` lines at the top of a chapter,
//! with the page's title, number, theme or function, and budget in hours.
//!
//! Serde checks the shape (unknown keys, a list where a number belongs);
//! [`read_front_matter`] then checks the meaning against the book config and
//! reports each problem at the key or value that holds it.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::model::{BudgetSpec, Config, Group, OrgHours, PageKind, RoleHours};
use crate::yaml::{self, Entries, Origin};

mod split;

pub use split::{Split, SplitError, split};

// Read by serde; `crate::schema` derives the editors' schema from it.
/// The front matter of a page: the YAML between the `---` lines at its top.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    /// The page title in sentence case, without its number: "Portaalfunctie".
    #[schemars(with = "String", length(min = 1))]
    title: Option<Spanned<String>>,
    /// The project or function number, printed before the title: "1.1",
    /// "3.7A", "B"; letters, digits and dots, at most 16.
    #[schemars(with = "Option<String>", regex(pattern = r"^[A-Za-z0-9.]{1,16}$"))]
    id: Option<Spanned<String>>,
    /// The theme (of book.yaml) a project belongs to and its budget counts
    /// towards.
    #[schemars(with = "Option<String>")]
    theme: Option<Spanned<String>>,
    /// The budget function (of book.yaml) that a budget which is not a
    /// project's counts towards.
    #[schemars(with = "Option<String>")]
    function: Option<Spanned<String>>,
    /// Leave out for a chapter, project or theme; `appendix` for a Bijlage
    /// (numbered on its own), `back-cover` for the back cover.
    #[schemars(with = "Option<crate::schema::types::PageKind>")]
    kind: Option<Spanned<String>>,
    /// A one-sentence summary of the page, for the website and search.
    #[schemars(with = "Option<String>")]
    description: Option<Spanned<String>>,
    /// The page's budget in hours; every amount is computed from them and
    /// the rate cards of book.yaml.
    #[schemars(with = "Option<RawBudget>")]
    budget: Option<Spanned<RawBudget>>,
}

/// A budget as written: hours per organisation and role, and amounts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    /// Hours per organisation (its id in book.yaml) and role: a role on the
    /// organisation's rate card, or a role of its own with `as` or `rate`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, RawRole>>")]
    hours: Entries<Spanned<String>, Entries<Spanned<String>, Spanned<RawRole>>>,
    /// Materiële kosten: material costs in the book's currency (whole units,
    /// or cents after a decimal point).
    #[schemars(with = "Option<crate::schema::types::Number>")]
    material: Option<Spanned<String>>,
    /// The total agreed with the funder, in the book's currency; `check`
    /// reports a computed total that differs from it.
    #[schemars(with = "Option<crate::schema::types::Number>")]
    declared_total: Option<Spanned<String>>,
}

/// A role line's value: plain hours, or hours with an alias or own rate.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
enum RawRole {
    /// `Senior: 120`. The text is read back from the source, since YAML
    /// would turn `1.500` into 1.5.
    #[schemars(
        with = "crate::schema::types::Number",
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
struct RawRoleDetail {
    /// Hours of work: a number with a decimal point (12.5), no thousands
    /// separator.
    #[schemars(with = "crate::schema::types::Number")]
    hours: Spanned<String>,
    /// A rate of its own, in the book's currency per hour (instead of `as`).
    #[schemars(with = "Option<crate::schema::types::Number>")]
    rate: Option<Spanned<String>>,
    /// The role on the organisation's rate card whose rate per hour applies
    /// (instead of `rate`).
    #[serde(rename = "as")]
    #[schemars(with = "Option<String>")]
    alias: Option<Spanned<String>>,
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

/// What the front matter says about a page, checked against the config.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// Title without number.
    pub title: String,
    /// Project or function number.
    pub id: Option<String>,
    /// Where `id` stands, for duplicate-id diagnostics.
    pub id_pos: Pos,
    /// Theme or function.
    pub group: Option<Group>,
    /// Where the theme or function stands.
    pub group_pos: Pos,
    /// Kind of page.
    pub kind: PageKind,
    /// One-sentence summary.
    pub description: Option<String>,
    /// The budget in hours, when the page has one.
    pub budget: Option<BudgetSpec>,
}

/// Reads the front matter `yaml` of the file `path`, whose YAML starts after
/// line `line_offset`. Returns `None` when the YAML cannot be read at all.
pub fn read_front_matter(
    config: &Config,
    path: &Path,
    yaml: &str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<PageMeta> {
    let origin = Origin { path, line_offset };
    let raw: RawFrontMatter = match yaml::parse(yaml) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(e.diagnostic(&origin));
            return None;
        }
    };
    let title = match &raw.title {
        Some(t) if t.value.trim().chars().count() > crate::limits::TITLE_CHARS => {
            diags.push(
                Diagnostic::new(
                    codes::TITLE_TOO_LONG,
                    path,
                    origin.at(&t.referenced),
                    format!(
                        "the title has {} characters; a title may have at most {} (the limit on \
                         title length)",
                        t.value.trim().chars().count(),
                        crate::limits::TITLE_CHARS
                    ),
                )
                .with_hint("put the rest in `description` or in the text"),
            );
            String::new()
        }
        Some(t) if !t.value.trim().is_empty() => {
            if let Some(typographic) = typographic_apostrophes(t.value.trim()) {
                diags.push(
                    Diagnostic::new(
                        codes::STRAIGHT_APOSTROPHE,
                        path,
                        origin.at(&t.referenced),
                        "the title has a straight apostrophe (') where the text writes ’",
                    )
                    .with_hint(format!("write `title: \"{typographic}\"`")),
                );
            }
            t.value.trim().to_owned()
        }
        Some(t) => {
            diags.report(
                codes::NO_TITLE,
                path,
                origin.at(&t.referenced),
                "the title is empty",
            );
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::new(
                    codes::NO_TITLE,
                    path,
                    Pos::new(line_offset + 1, 1),
                    "the front matter has no `title`",
                )
                .with_hint("add a line such as `title: Inleiding`"),
            );
            String::new()
        }
    };
    let id = raw.id.as_ref().and_then(|id| check_id(&origin, id, diags));
    let group = group(config, &origin, &raw, diags);
    let kind = kind(&origin, &raw, diags);
    let budget = raw.budget.as_ref().and_then(|b| {
        // An id or theme that is there but wrong was reported above; one
        // that is missing is reported here. Either way the hours are still
        // read, so that their own mistakes show in the same run.
        if id.is_none() && raw.id.is_none() {
            diags.report(
                codes::BUDGET_WITHOUT_ID,
                path,
                origin.at(&b.referenced),
                "a budget needs an `id` (the project or function number)",
            );
        }
        if group.is_none() && raw.theme.is_none() && raw.function.is_none() {
            diags.report(
                codes::BUDGET_WITHOUT_GROUP,
                path,
                origin.at(&b.referenced),
                "a budget needs a `theme` or `function` to count towards",
            );
        }
        let spec = budget(
            config,
            &origin,
            b,
            id.as_deref().unwrap_or_default(),
            &title,
            group.as_ref(),
            yaml,
            diags,
        )?;
        id.as_ref().map(|_| spec)
    });
    Some(PageMeta {
        title,
        id,
        id_pos: raw
            .id
            .as_ref()
            .map_or(Pos::new(line_offset + 1, 1), |id| origin.at(&id.referenced)),
        group,
        group_pos: raw
            .theme
            .as_ref()
            .or(raw.function.as_ref())
            .map_or(Pos::new(line_offset + 1, 1), |g| origin.at(&g.referenced)),
        kind,
        description: raw.description.map(|d| d.value),
        budget,
    })
}

/// `title` with every straight apostrophe between two letters ("Thema's")
/// made typographic ("Thema’s"), as the book's text writes it; `None` when
/// it has none.
fn typographic_apostrophes(title: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut found = false;
    let out = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_letters = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|next| next.is_alphabetic());
            if c == '\'' && between_letters {
                found = true;
                '’'
            } else {
                c
            }
        })
        .collect();
    found.then_some(out)
}

fn check_id(origin: &Origin<'_>, id: &Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    let value = id.value.trim();
    let valid = !value.is_empty()
        && value.len() <= 16
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    if valid {
        Some(value.to_owned())
    } else {
        diags.push(
            Diagnostic::new(
                codes::INVALID_ID,
                origin.path,
                origin.at(&id.referenced),
                format!("`{}` is not a valid id", id.value),
            )
            .with_hint(
                "an id is a number such as \"1.1\", \"3.7A\", \"6A\" or a letter such as \"B\"",
            ),
        );
        None
    }
}

fn group(
    config: &Config,
    origin: &Origin<'_>,
    raw: &RawFrontMatter,
    diags: &mut Diagnostics,
) -> Option<Group> {
    match (&raw.theme, &raw.function) {
        (Some(theme), Some(function)) => {
            diags.report(
                codes::THEME_AND_FUNCTION,
                origin.path,
                origin.at(&function.referenced),
                "give either a `theme` or a `function`, not both",
            );
            let _ = theme;
            None
        }
        (Some(theme), None) => {
            let id = theme.value.trim();
            if config.theme(id).is_some() {
                Some(Group::Theme(id.to_owned()))
            } else {
                let known: Vec<String> = config
                    .functions
                    .iter()
                    .flat_map(|f| f.themes.iter().map(|t| format!("{} {}", t.id, t.name)))
                    .collect();
                diags.push(
                    Diagnostic::new(
                        codes::UNKNOWN_THEME,
                        origin.path,
                        origin.at(&theme.referenced),
                        format!("unknown theme `{id}`"),
                    )
                    .with_hint(format!("the themes are: {}", known.join(", "))),
                );
                None
            }
        }
        (None, Some(function)) => {
            let id = function.value.trim();
            if config.function(id).is_some() {
                Some(Group::Function(id.to_owned()))
            } else {
                let known: Vec<String> = config
                    .functions
                    .iter()
                    .map(|f| format!("{} {}", f.id, f.name))
                    .collect();
                diags.push(
                    Diagnostic::new(
                        codes::UNKNOWN_FUNCTION,
                        origin.path,
                        origin.at(&function.referenced),
                        format!("unknown function `{id}`"),
                    )
                    .with_hint(format!("the functions are: {}", known.join(", "))),
                );
                None
            }
        }
        (None, None) => None,
    }
}

fn kind(origin: &Origin<'_>, raw: &RawFrontMatter, diags: &mut Diagnostics) -> PageKind {
    if let Some(kind) = &raw.kind {
        return match kind.value.trim() {
            "appendix" => PageKind::Appendix,
            "back-cover" => PageKind::BackCover,
            other => {
                diags.push(
                    Diagnostic::new(
                        codes::UNKNOWN_KIND,
                        origin.path,
                        origin.at(&kind.referenced),
                        format!("unknown kind `{other}`"),
                    )
                    .with_hint("`kind` is `appendix` or `back-cover`; leave it out otherwise"),
                );
                PageKind::Text
            }
        };
    }
    match (&raw.id, &raw.theme) {
        (Some(_), _) => PageKind::Item,
        (None, Some(_)) => PageKind::Theme,
        (None, None) => PageKind::Text,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the pieces are distinct"
)]
fn budget(
    config: &Config,
    origin: &Origin<'_>,
    raw: &Spanned<RawBudget>,
    id: &str,
    title: &str,
    group: Option<&Group>,
    yaml: &str,
    diags: &mut Diagnostics,
) -> Option<BudgetSpec> {
    let errors_before = diags.counts().0;
    let mut organisations: Vec<OrgHours> = Vec::new();
    for (org_key, roles) in &raw.value.hours.0 {
        let Some(org) = config
            .organisations
            .iter()
            .position(|o| o.id == org_key.value)
        else {
            let known: Vec<&str> = config.organisations.iter().map(|o| o.id.as_str()).collect();
            diags.push(
                Diagnostic::new(
                    codes::UNKNOWN_ORGANISATION,
                    origin.path,
                    origin.at(&org_key.referenced),
                    format!("unknown organisation `{}`", org_key.value),
                )
                .with_hint(format!("the organisations are: {}", known.join(", "))),
            );
            // Its hours are still read: their own mistakes show now, not
            // after the organisation is fixed.
            for (_, value) in &roles.0 {
                hours_only(origin, value, yaml, diags);
            }
            continue;
        };
        if organisations.iter().any(|o| o.org == org) {
            diags.report(
                codes::ORGANISATION_TWICE_IN_BUDGET,
                origin.path,
                origin.at(&org_key.referenced),
                format!("organisation `{}` is listed twice", org_key.value),
            );
            continue;
        }
        let lines = roles
            .0
            .iter()
            .filter_map(|(role, value)| role_line(config, origin, org, role, value, yaml, diags))
            .collect();
        organisations.push(OrgHours { org, lines });
    }
    let material = raw
        .value
        .material
        .as_ref()
        .and_then(|m| origin.quantity(m, "Materiële kosten", diags))
        .unwrap_or(Decimal::ZERO);
    let declared_total = raw
        .value
        .declared_total
        .as_ref()
        .and_then(|m| origin.quantity(m, "the declared total", diags));
    let group = group?;
    if diags.counts().0 > errors_before {
        return None;
    }
    Some(BudgetSpec {
        id: id.to_owned(),
        title: title.to_owned(),
        group: group.clone(),
        organisations,
        material,
        declared_total,
        path: origin.path.to_path_buf(),
        pos: origin.at(&raw.referenced),
        declared_total_pos: raw
            .value
            .declared_total
            .as_ref()
            .map_or_else(|| origin.at(&raw.referenced), |d| origin.at(&d.referenced)),
    })
}

/// The hours of a `Role: hours` line as the editor wrote them (the YAML's
/// own text when serde read no string), with their place, for
/// [`Origin::quantity`].
fn hours_as_written(
    text: &Option<String>,
    value: &Spanned<RawRole>,
    yaml: &str,
) -> Spanned<String> {
    Spanned {
        value: text
            .clone()
            .or_else(|| yaml::source_text(yaml, &value.referenced).map(str::to_owned))
            .unwrap_or_default(),
        referenced: value.referenced,
        defined: value.defined,
    }
}

/// Reads the hours (and a rate of its own) of a role line whose
/// organisation is unknown, for their own mistakes only.
fn hours_only(origin: &Origin<'_>, value: &Spanned<RawRole>, yaml: &str, diags: &mut Diagnostics) {
    match &value.value {
        RawRole::Hours(text) => {
            let hours = hours_as_written(text, value, yaml);
            origin.quantity(&hours, "hours", diags);
        }
        RawRole::Detailed(detail) => {
            origin.quantity(&detail.hours, "hours", diags);
            if let Some(rate) = &detail.rate {
                origin.quantity(rate, "a rate", diags);
            }
        }
    }
}

fn role_line(
    config: &Config,
    origin: &Origin<'_>,
    org: usize,
    role: &Spanned<String>,
    value: &Spanned<RawRole>,
    yaml: &str,
    diags: &mut Diagnostics,
) -> Option<RoleHours> {
    let organisation = &config.organisations[org];
    let card = &organisation.rates;
    let unknown_role = |diags: &mut Diagnostics, name: &str, at: Pos| {
        let roles = format!(
            "roles of {} are: {}; a role of its own needs `{{ hours: …, as: <role> }}` or \
             `{{ hours: …, rate: … }}`",
            organisation.name,
            card.names().join(", ")
        );
        let hint = match role_meant(name, &card.names()) {
            Some(role) => format!("did you mean `{role}`? The {roles}"),
            None => format!("the {roles}"),
        };
        let mut d = Diagnostic::new(
            codes::UNKNOWN_ROLE,
            origin.path,
            at,
            format!("unknown role `{name}` for {}", organisation.name),
        )
        .with_hint(hint);
        d.cause = Some(format!("{org}\u{0}{name}"));
        diags.push(d);
    };
    match &value.value {
        RawRole::Hours(text) => {
            let hours = hours_as_written(text, value, yaml);
            let hours = origin.quantity(&hours, "hours", diags);
            let Some(rate) = card.rate(&role.value) else {
                unknown_role(diags, &role.value, origin.at(&role.referenced));
                return None;
            };
            Some(RoleHours {
                role: role.value.clone(),
                rate,
                card_role: Some(role.value.clone()),
                hours: hours?,
            })
        }
        RawRole::Detailed(detail) => {
            let hours = origin.quantity(&detail.hours, "hours", diags);
            // The rate, and the role on the card it comes from (none for a
            // rate of its own).
            let rate = match (&detail.rate, &detail.alias) {
                (Some(rate), None) => origin.quantity(rate, "a rate", diags).map(|r| (r, None)),
                (None, Some(alias)) => match card.rate(&alias.value) {
                    Some(rate) => Some((rate, Some(alias.value.clone()))),
                    None => {
                        unknown_role(diags, &alias.value, origin.at(&alias.referenced));
                        None
                    }
                },
                (Some(_), Some(alias)) => {
                    diags.report(
                        codes::ALIAS_AND_RATE,
                        origin.path,
                        origin.at(&alias.referenced),
                        "give a role either `as` (a role on the rate card) or its own `rate`, not both",
                    );
                    None
                }
                (None, None) => match card.rate(&role.value) {
                    Some(rate) => Some((rate, Some(role.value.clone()))),
                    None => {
                        unknown_role(diags, &role.value, origin.at(&role.referenced));
                        None
                    }
                },
            };
            let (rate, card_role) = rate?;
            Some(RoleHours {
                role: role.value.clone(),
                rate,
                card_role,
                hours: hours?,
            })
        }
    }
}

/// The role on the card an editor probably meant by `name`: one that
/// begins with it or that it begins with (a role renamed by a word, as
/// `Junior` to `Junior adviseur`), else the closest by spelling.
fn role_meant<'a>(name: &str, roles: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    roles
        .iter()
        .copied()
        .find(|r| {
            let r = r.to_lowercase();
            r.starts_with(&format!("{lower} ")) || lower.starts_with(&format!("{r} "))
        })
        .or_else(|| crate::text::closest(name, roles.iter().copied()))
}

/// One error per organisation and role for an unknown role that several
/// budgets use: that is a change to the rate card (a role renamed or
/// removed in book.yaml), so it points at the organisation in book.yaml
/// and names the budgets, instead of one error in every file. A role that
/// one budget uses keeps its error at that budget.
pub fn merge_unknown_roles(config: &Config, diags: &mut Diagnostics) {
    let unknown = diags.take(|d| d.code == codes::UNKNOWN_ROLE && d.cause.is_some());
    let mut groups: Vec<(String, Vec<Diagnostic>)> = Vec::new();
    for d in unknown {
        let cause = d.cause.clone().unwrap_or_default();
        match groups.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, group)) => group.push(d),
            None => groups.push((cause, vec![d])),
        }
    }
    for (cause, mut group) in groups {
        let (org, role) = cause.split_once('\u{0}').unwrap_or_default();
        let organisation = org
            .parse::<usize>()
            .ok()
            .and_then(|i| config.organisations.get(i));
        let Some(organisation) = organisation.filter(|_| group.len() > 1) else {
            group.into_iter().for_each(|d| diags.push(d));
            continue;
        };
        group.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
        let users: Vec<String> = group
            .iter()
            .map(|d| {
                let file = d.path.file_name().unwrap_or_default().to_string_lossy();
                format!("{file}:{}", d.pos.line)
            })
            .collect();
        let shown = match users.len() {
            n if n > 6 => format!("{} and {} more", users[..6].join(", "), n - 6),
            _ => users.join(", "),
        };
        let names = organisation.rates.names();
        let fix = match role_meant(role, &names) {
            Some(meant) => format!(
                "did you mean `{meant}`? If the role was renamed on the rate card, rename it in \
                 the budgets too, or give it its old name back here"
            ),
            None => format!(
                "add `{role}` to the rate card of {}, or change the budgets to one of its roles: \
                 {}",
                organisation.name,
                names.join(", ")
            ),
        };
        diags.push(
            Diagnostic::new(
                codes::UNKNOWN_ROLE,
                &config.path,
                organisation.pos,
                format!(
                    "the rate card of {} has no role `{role}`, which {} budgets use: {shown}",
                    organisation.name,
                    group.len()
                ),
            )
            .with_hint(fix),
        );
    }
}

#[cfg(test)]
mod tests;
