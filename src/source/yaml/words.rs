//! The YAML reader's errors in an editor's words. The reader says what
//! its grammar expected ("mapping values are not allowed in this
//! context", "missing field `staff_rate`"); an editor needs to know which
//! line to move and how far. Nearly every such error is an indentation
//! mistake, so the text around the reported line is read to say which
//! line the wrong one should line up with.

use super::YamlError;
use crate::base::diagnostics::codes;

/// `error` rewritten in an editor's words where the lines of `text` show
/// what went wrong; unchanged where the message already says it.
pub(super) fn in_editors_words(text: &str, error: YamlError) -> YamlError {
    let lines: Vec<&str> = text.lines().collect();
    if error.code == codes::MISSING_KEY {
        return missing_key(&lines, error);
    }
    if error.code != codes::INVALID_YAML {
        return error;
    }
    if error
        .message
        .starts_with("expected `key: value` lines here")
    {
        return nothing_under_key(&lines, error);
    }
    if OUR_WORDS.iter().any(|w| error.message.starts_with(w)) {
        return error;
    }
    misplaced_line(&lines, error)
}

/// The beginnings of the messages that are already in an editor's words
/// (see `explain` in the parent module).
const OUR_WORDS: [&str; 4] = [
    "expected a single value",
    "expected a list here",
    "wrong kind of value",
    "the key `",
];

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line holds YAML (not blank, not only a comment).
fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The 1-based number of the last content line before line `n`.
fn previous_content(lines: &[&str], n: usize) -> Option<usize> {
    (1..n)
        .rev()
        .find(|&i| lines.get(i - 1).is_some_and(|l| is_content(l)))
}

/// The 1-based number of the first content line after line `n`.
fn next_content(lines: &[&str], n: usize) -> Option<usize> {
    (n + 1..=lines.len()).find(|&i| is_content(lines[i - 1]))
}

fn spaces(n: usize) -> String {
    match n {
        0 => "no spaces".to_owned(),
        1 => "1 space".to_owned(),
        n => format!("{n} spaces"),
    }
}

/// A grammar error at a line that does not fit where it stands: most
/// often indented further than the line above, which already has a value.
fn misplaced_line(lines: &[&str], mut error: YamlError) -> YamlError {
    let n = error.pos.line;
    let current = lines.get(n.wrapping_sub(1)).copied().unwrap_or_default();
    let above = previous_content(lines, n).map(|p| (p, lines[p - 1]));
    match above {
        Some((p, line))
            if is_content(current)
                && indent(current) > indent(line)
                && !line.trim_end().ends_with(':') =>
        {
            error.message = "this line is indented further than the line above it, which \
                             already has a value"
                .to_owned();
            error.hint = Some(format!(
                "line it up with `{}` on line {{line}} ({}); only the lines under a key that ends \
                 with `:` are indented further",
                line.trim(),
                spaces(indent(line))
            ));
            error.refers_to = Some(p);
        }
        _ => {
            error.message = "this line cannot be read: its indentation or its `key: value` \
                             form does not fit the lines around it"
                .to_owned();
            error.hint = Some(
                "write `key: value`, lined up with the other keys of its block; a block under \
                 `key:` is indented two spaces further than that key"
                    .to_owned(),
            );
        }
    }
    error
}

/// `key:` with nothing after it and nothing indented under it: the lines
/// meant to belong to it are not indented far enough.
fn nothing_under_key(lines: &[&str], mut error: YamlError) -> YamlError {
    let n = error.pos.line;
    let Some(line) = lines.get(n.wrapping_sub(1)) else {
        return error;
    };
    let Some(key) = line.trim().strip_suffix(':') else {
        return error;
    };
    let below = next_content(lines, n).map(|b| indent(lines[b - 1]));
    if below.is_some_and(|b| b > indent(line)) {
        return error;
    }
    error.message = format!(
        "nothing is indented under `{key}:`: the lines that belong to it must be indented further"
    );
    error.hint = Some(format!(
        "indent the lines under `{key}:` (line {{line}}) by {}, two more than `{key}:` has",
        spaces(indent(line) + 2)
    ));
    error.refers_to = Some(n);
    error
}

/// A required key the reader did not find in the block at `error.pos`:
/// often it is there, but indented so that it belongs to another block.
fn missing_key(lines: &[&str], mut error: YamlError) -> YamlError {
    let Some(field) = error.message.split('`').nth(1).map(str::to_owned) else {
        return error;
    };
    let n = error.pos.line;
    let block = error.pos.col.saturating_sub(1);
    let first = lines
        .get(n.wrapping_sub(1))
        .map_or("", |l| l.trim())
        .trim_start_matches("- ");
    if block == 0 {
        error.message = format!(
            "`{field}` is missing: the file needs a line `{field}: …` at the start of a line"
        );
    } else {
        error.message = format!("`{field}` is missing here: this block needs a line `{field}: …`");
    }
    let misplaced = (n..=lines.len())
        .map(|i| (i, lines[i - 1]))
        .filter(|(_, l)| is_content(l))
        .take_while(|(i, l)| *i == n || indent(l) >= block.saturating_sub(2))
        .find(|(_, l)| {
            let key = l.trim_start().trim_start_matches("- ");
            key.starts_with(&format!("{field}:")) && indent(l) != block
        });
    error.hint = Some(match misplaced {
        Some((i, line)) if block == 0 => {
            error.refers_to = Some(i);
            format!(
                "`{field}:` on line {{line}} is indented by {}: write it at the start of the line",
                spaces(indent(line))
            )
        }
        None if block == 0 => {
            format!("add `{field}: …` at the start of a line, with no spaces before it")
        }
        Some((i, line)) => {
            error.refers_to = Some(i);
            format!(
                "`{field}:` on line {{line}} is indented by {}: line it up with `{first}` ({})",
                spaces(indent(line)),
                spaces(block)
            )
        }
        None => format!(
            "add `{field}: …` lined up with `{first}`; if it is there, check that it is indented \
             like the other keys of this block"
        ),
    });
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Pos;

    fn error(
        code: crate::base::diagnostics::Code,
        line: usize,
        col: usize,
        message: &str,
    ) -> YamlError {
        YamlError {
            pos: Pos::new(line, col),
            message: message.to_owned(),
            hint: None,
            code,
            refers_to: None,
        }
    }

    #[test]
    fn a_line_indented_too_far_names_the_line_to_line_up_with() {
        let text = "hours:\n  movisie:\n    Senior: 20\n      Medior: 250\n";
        let e = in_editors_words(
            text,
            error(
                codes::INVALID_YAML,
                4,
                13,
                "mapping values are not allowed in this context",
            ),
        );
        assert_eq!(
            e.message,
            "this line is indented further than the line above it, which already has a value"
        );
        assert_eq!(e.refers_to, Some(3));
        assert!(
            e.hint.as_deref().is_some_and(
                |h| h.starts_with("line it up with `Senior: 20` on line {line} (4 spaces)")
            ),
            "{:?}",
            e.hint
        );
    }

    #[test]
    fn a_key_with_nothing_under_it_says_how_far_to_indent() {
        let text = "hours:\n  movisie:\n  Senior: 20\n";
        let e = in_editors_words(
            text,
            error(
                codes::INVALID_YAML,
                2,
                11,
                "expected `key: value` lines here, not a single value or a list",
            ),
        );
        assert!(
            e.message
                .starts_with("nothing is indented under `movisie:`"),
            "{}",
            e.message
        );
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "indent the lines under `movisie:` (line {line}) by 4 spaces, two more than `movisie:` has"
            )
        );
        // A value on the line itself is another mistake: left as it is.
        let e = in_editors_words(
            "hours: 12\n",
            error(
                codes::INVALID_YAML,
                1,
                8,
                "expected `key: value` lines here, not a single value or a list",
            ),
        );
        assert!(e.message.starts_with("expected `key: value` lines here"));
    }

    #[test]
    fn a_missing_key_that_is_there_but_indented_wrongly() {
        let text = "orgs:\n  - id: a\n    rates:\n      Senior: 99\n   staff_rate: 11\n    overhead_rate: 26\n";
        let e = in_editors_words(
            text,
            error(codes::MISSING_KEY, 2, 5, "missing field `staff_rate`"),
        );
        assert_eq!(
            e.message,
            "`staff_rate` is missing here: this block needs a line `staff_rate: …`"
        );
        assert_eq!(e.refers_to, Some(5));
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "`staff_rate:` on line {line} is indented by 3 spaces: line it up with `id: a` (4 spaces)"
            )
        );
        let e = in_editors_words(
            "orgs:\n  - id: a\n",
            error(codes::MISSING_KEY, 2, 5, "missing field `name`"),
        );
        assert_eq!(e.refers_to, None);
        assert!(
            e.hint
                .as_deref()
                .is_some_and(|h| h.starts_with("add `name: …` lined up with `id: a`"))
        );
    }
}
