//! Front matter: the YAML between the `---` lines at the top of a chapter,
//! with the page's title, number, theme or function, and budget in hours.
//!
//! Serde checks the shape (unknown keys, a list where a number belongs;
//! `raw.rs`); [`read_front_matter`] then checks the meaning against the
//! book config and reports each problem at the key or value that holds it,
//! and gives the page's [`PageMeta`]. The budget's hours are read in
//! `budget.rs`, and [`merge_unknown_roles`] turns one unknown role in many
//! budgets into one message at the rate card.

use std::path::Path;

use serde_saphyr::Spanned;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::source::model::{Config, Group, PageKind, PageMeta};
use crate::source::yaml::{self, Origin};

mod budget;
mod raw;
mod roles;
mod split;

pub(crate) use raw::RawFrontMatter;
pub use raw::{FigureSpans, figure_spans};
pub use roles::merge_unknown_roles;
pub use split::{Split, SplitError, split};

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
    let title = title(&origin, raw.title.as_ref(), diags);
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
        let owner = budget::Owner {
            id: id.as_deref().unwrap_or_default(),
            title: &title,
            group: group.as_ref(),
        };
        let spec = budget::budget(config, &origin, b, &owner, yaml, diags)?;
        id.as_ref().map(|_| spec)
    });
    // A fact the front matter leaves out stands at its first line.
    let first_line = Pos::new(line_offset + 1, 1);
    Some(PageMeta {
        title,
        id,
        id_pos: raw
            .id
            .as_ref()
            .map_or(first_line, |id| origin.at(&id.referenced)),
        group,
        group_pos: raw
            .theme
            .as_ref()
            .or(raw.function.as_ref())
            .map_or(first_line, |g| origin.at(&g.referenced)),
        kind,
        description: raw.description.map(|d| d.value),
        budget,
    })
}

/// The page's title, trimmed; empty (and reported) when it is missing,
/// empty or too long. A straight apostrophe in it is reported too.
fn title(origin: &Origin<'_>, title: Option<&Spanned<String>>, diags: &mut Diagnostics) -> String {
    let path = origin.path;
    match title {
        Some(t) if t.value.trim().chars().count() > crate::base::limits::TITLE_CHARS => {
            diags.push(
                Diagnostic::new(
                    codes::TITLE_TOO_LONG,
                    path,
                    origin.at(&t.referenced),
                    format!(
                        "the title has {} characters; a title may have at most {} (the limit on \
                         title length)",
                        t.value.trim().chars().count(),
                        crate::base::limits::TITLE_CHARS
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
                    Pos::new(origin.line_offset + 1, 1),
                    "the front matter has no `title`",
                )
                .with_hint("add a line such as `title: Inleiding`"),
            );
            String::new()
        }
    }
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

#[cfg(test)]
mod tests;
