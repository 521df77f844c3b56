//! Mistakes that would otherwise pass without a word: a budget whose table
//! no page shows, and text that looks like a placeholder but is not one
//! (`{ budget }`, `{{budget}`), which the book would print as it stands.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, Severity, codes};
use crate::source::model::Book;

use super::{Block, PageDocument};

/// The placeholders a book knows, as in [`super::index::BookIndex`].
const PLACEHOLDERS: [&str; 5] = ["budget", "overview", "total", "material", "available"];

/// Warns about every budget whose table no `{{ budget }}` or
/// `{{ budget ID }}` shows: its money is counted in the totals, but no
/// reader sees where it goes. A page with errors of its own, or with a
/// placeholder written wrongly, is left out: that is the cause.
pub fn check_budgets_shown(
    book: &Book,
    documents: &HashMap<PathBuf, PageDocument>,
    diags: &mut Diagnostics,
) {
    let mut shown: Vec<&str> = Vec::new();
    for document in documents.values() {
        budgets_in(&document.blocks, &mut shown);
        for note in &document.footnotes {
            budgets_in(&note.blocks, &mut shown);
        }
    }
    // A file with an error, or with a placeholder written wrongly, has
    // been told already.
    let told: Vec<&Path> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error || d.code == codes::NEAR_PLACEHOLDER)
        .map(|d| d.path.as_path())
        .collect();
    let mut warnings = Vec::new();
    for spec in book.budgets() {
        if shown.contains(&spec.id.as_str()) || told.contains(&spec.path.as_path()) {
            continue;
        }
        warnings.push(
            Diagnostic::new(
                codes::BUDGET_NEVER_SHOWN,
                &spec.path,
                spec.pos,
                format!(
                    "budget {} is counted in the totals, but no page shows its table",
                    spec.id
                ),
            )
            .with_hint(
                "write `{{ budget }}` on a line of its own where the table belongs (usually \
                 under `## Begroting`)",
            ),
        );
    }
    warnings.into_iter().for_each(|w| diags.push(w));
}

fn budgets_in<'a>(blocks: &'a [Block], out: &mut Vec<&'a str>) {
    for block in blocks {
        match block {
            Block::Budget(id) => out.push(id),
            Block::List { items, .. } => items.iter().for_each(|item| budgets_in(item, out)),
            Block::Quote(inner) | Block::Boxed { blocks: inner, .. } => budgets_in(inner, out),
            _ => {}
        }
    }
}

/// Warns about text in `body` (starting at line `body_line` of `path`)
/// that looks like a placeholder but is not one: a known name between
/// braces that are not two on each side, such as `{ budget }`, `{{budget}`
/// or `{{{ total }}}`. Code (fenced blocks, backtick spans) is left alone.
pub(super) fn near_placeholders(
    path: &Path,
    body: &str,
    body_line: usize,
    diags: &mut Diagnostics,
) {
    let mut fence: Option<&str> = None;
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                continue;
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            (None, None) => {}
        }
        if line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        for (col, written, meant) in near_in_line(line) {
            diags.push(
                Diagnostic::new(
                    codes::NEAR_PLACEHOLDER,
                    path,
                    Pos::new(body_line + i, col),
                    format!("`{written}` is not a placeholder and prints as it stands"),
                )
                .with_hint(format!(
                    "did you mean `{meant}`? A placeholder has two braces on each side"
                )),
            );
        }
    }
}

/// Each near-placeholder in `line` outside backtick spans: its 1-based
/// column, the text as written and the placeholder it probably means.
fn near_in_line(line: &str) -> Vec<(usize, String, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut found = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if in_code || chars[i] != '{' || (i > 0 && chars[i - 1] == '{') {
            i += 1;
            continue;
        }
        let start = i;
        let open = count(&chars, i, '{');
        let mut j = i + open;
        j += count(&chars, j, ' ');
        let name_len = chars[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let name: String = chars[j..j + name_len].iter().collect::<String>();
        j += name_len;
        let spaces = count(&chars, j, ' ');
        let arg_len = chars[j + spaces..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '.')
            .count();
        let arg: String = if spaces > 0 && arg_len > 0 {
            j += spaces + arg_len;
            chars[j - arg_len..j].iter().collect()
        } else {
            String::new()
        };
        j += count(&chars, j, ' ');
        let close = count(&chars, j, '}');
        let known = PLACEHOLDERS.contains(&name.to_lowercase().as_str());
        if known && close > 0 && (open, close) != (2, 2) {
            let written: String = chars[start..j + close].iter().collect();
            let meant = match arg.is_empty() {
                true => format!("{{{{ {} }}}}", name.to_lowercase()),
                false => format!("{{{{ {} {arg} }}}}", name.to_lowercase()),
            };
            found.push((start + 1, written, meant));
            i = j + close;
        } else {
            i += open;
        }
    }
    found
}

fn count(chars: &[char], from: usize, c: char) -> usize {
    chars
        .get(from..)
        .map_or(0, |rest| rest.iter().take_while(|x| **x == c).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Column, text as written, the placeholder meant.
    type Hit = (usize, &'static str, &'static str);

    #[test]
    fn near_placeholders_are_found_with_what_they_mean() {
        let cases: [(&str, &[Hit]); 9] = [
            ("{ budget }", &[(1, "{ budget }", "{{ budget }}")]),
            ("{{budget}", &[(1, "{{budget}", "{{ budget }}")]),
            ("Zie {budget}} hier", &[(5, "{budget}}", "{{ budget }}")]),
            (
                "{{{ total 1.1 }}}",
                &[(1, "{{{ total 1.1 }}}", "{{ total 1.1 }}")],
            ),
            ("{ Overview }", &[(1, "{ Overview }", "{{ overview }}")]),
            // Right, or not a placeholder's name, or code: nothing.
            ("{{ budget }} en {{ total 1.1 }}", &[]),
            ("## Kop {#eigen}", &[]),
            ("`{ budget }` is code", &[]),
            ("{ begroting }", &[]),
        ];
        for (line, expected) in cases {
            let found = near_in_line(line);
            let found: Vec<(usize, &str, &str)> = found
                .iter()
                .map(|(c, w, m)| (*c, w.as_str(), m.as_str()))
                .collect();
            assert_eq!(found, expected, "{line}");
        }
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let mut diags = Diagnostics::default();
        let body = "\n```\n{ budget }\n```\n\nTekst { budget }\n";
        near_placeholders(Path::new("a.md"), body, 4, &mut diags);
        let found: Vec<(usize, usize)> = diags
            .sorted()
            .iter()
            .map(|d| (d.pos.line, d.pos.col))
            .collect();
        assert_eq!(found, [(9, 7)]);
    }
}
