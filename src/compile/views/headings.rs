//! How a budget is named wherever it is shown: its heading and its table's
//! caption in the PDF, the site, the exports and `diff`, and the label of
//! the line under the overview. One statement each, from the book's
//! [`Labels`].

use crate::compile::budget::{ComputedBudget, Programme};
use crate::source::model::{Group, Labels};

/// The title of a budget as a reader sees it: "Project 1.1 …" (the
/// `project` label) for a project, "B Portaalfunctie" for a function.
pub(crate) fn budget_heading(labels: &Labels, id: &str, title: &str, of_function: bool) -> String {
    if of_function || labels.project.is_empty() {
        format!("{id} {title}")
    } else {
        format!("{} {id} {title}", labels.project)
    }
}

/// The title of a computed budget; see [`budget_heading`].
pub(crate) fn heading(labels: &Labels, budget: &ComputedBudget) -> String {
    let of_function = matches!(budget.group, Group::Function(_));
    budget_heading(labels, &budget.id, &budget.title, of_function)
}

/// The caption of a budget table: "Begroting project 1.3" for a project,
/// "Begroting B Portaalfunctie" for a function (the `budget` and `project`
/// labels).
pub(crate) fn caption(labels: &Labels, budget: &ComputedBudget) -> String {
    let text = match budget.group {
        Group::Theme(_) => format!("{} {}", labels.project.to_lowercase(), budget.id),
        Group::Function(_) => format!("{} {}", budget.id, budget.title),
    };
    format!("{} {}", labels.budget, text.trim_start())
}

/// The label of the line under the overview: what is left of the available
/// budget, or the overrun.
pub(crate) fn remainder_label<'a>(labels: &'a Labels, programme: &Programme) -> &'a str {
    let remainder = programme.remainder();
    if remainder.is_sign_negative() && !remainder.is_zero() {
        &labels.overrun
    } else {
        &labels.remainder
    }
}
