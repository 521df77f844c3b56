//! A budget as its front matter writes it: hours per organisation and
//! role, material costs and a declared total, each checked against the
//! organisations and rate cards of book.yaml.

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::raw::{RawBudget, RawRole};
use super::roles::role_meant;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::source::model::{BudgetSpec, Config, Group, OrgHours, RoleHours};
use crate::source::yaml::{self, Origin};

/// The page a budget belongs to, as its front matter says: the budget
/// carries its id, title and group.
pub(super) struct Owner<'a> {
    /// The checked id; empty when it is missing or wrong.
    pub(super) id: &'a str,
    /// The checked title.
    pub(super) title: &'a str,
    /// The checked theme or function; `None` when it is missing or wrong.
    pub(super) group: Option<&'a Group>,
}

/// The budget `raw` of the page `owner`, every hour and rate checked;
/// `None` when any of them is wrong or the page has no group.
pub(super) fn budget(
    config: &Config,
    origin: &Origin<'_>,
    raw: &Spanned<RawBudget>,
    owner: &Owner<'_>,
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
    let group = owner.group?;
    if diags.counts().0 > errors_before {
        return None;
    }
    Some(BudgetSpec {
        id: owner.id.to_owned(),
        title: owner.title.to_owned(),
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
