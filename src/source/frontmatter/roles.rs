//! Unknown roles: the role an editor probably meant, and one message at
//! the rate card for a role that many budgets use.

use crate::base::diagnostics::{Diagnostic, Diagnostics, codes};
use crate::source::model::Config;

/// The role on the card an editor probably meant by `name`: one that
/// begins with it or that it begins with (a role renamed by a word, as
/// `Junior` to `Junior adviseur`), else the closest by spelling.
pub(super) fn role_meant<'a>(name: &str, roles: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    roles
        .iter()
        .copied()
        .find(|r| {
            let r = r.to_lowercase();
            r.starts_with(&format!("{lower} ")) || lower.starts_with(&format!("{r} "))
        })
        .or_else(|| crate::base::text::closest(name, roles.iter().copied()))
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
