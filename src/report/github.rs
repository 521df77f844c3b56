//! `kis-book check --format github`: the diagnostics as GitHub Actions
//! workflow commands, so that each shows as an annotation at its line in the
//! pull request, and a Markdown summary for the job's page.
//!
//! A command is `::error file=…,line=…,col=…,title=…::message`. Its message
//! escapes `%`, CR and LF (`%25`, `%0D`, `%0A`); property values escape `:`
//! and `,` as well (`%3A`, `%2C`), as the runner reads them
//! (`@actions/core`'s `escapeData` and `escapeProperty`).

use std::fmt::Write as _;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::base::gfm;
use crate::compile::budget::Programme;
use crate::source::format::printed;
use crate::source::model::{Config, Labels, Words};

/// One workflow command per diagnostic, sorted by file and position.
pub(crate) fn commands(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.sorted() {
        out.push_str(&command(d));
        out.push('\n');
    }
    out
}

/// The workflow command of one diagnostic.
pub(crate) fn command(d: &Diagnostic) -> String {
    let mut props = Vec::new();
    let file = crate::base::diagnostics::file_name(&d.path);
    if !file.is_empty() {
        props.push(format!("file={}", escape_property(&file)));
        if d.pos.line > 0 {
            props.push(format!("line={}", d.pos.line));
            if d.pos.col > 0 {
                props.push(format!("col={}", d.pos.col));
            }
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("{}: {}", d.code.id, d.code.title))
    ));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{} {}::{}",
        d.severity.as_str(),
        props.join(","),
        escape_data(&message)
    )
}

/// A command's message: `%`, CR and LF escaped.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as [`escape_data`], and `:` and `,`.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown summary for `$GITHUB_STEP_SUMMARY`: the counts, a table of
/// the diagnostics, and the programme total against the available budget
/// when the budget could be computed. What a reader sees are the book's
/// words (Dutch by default, also when the config did not load); the
/// messages are the diagnostics' own.
pub(crate) fn summary(diags: &Diagnostics, book: Option<(&Config, &Programme)>) -> String {
    let defaults = (Labels::default(), Words::default());
    let (labels, words) = book.map_or((&defaults.0, &defaults.1), |(config, _)| {
        (&config.labels, &config.words)
    });
    let mut out = String::from("## kis-book check\n\n");
    let (errors, warnings) = diags.counts();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if errors == 0 && warnings == 0 {
        out.push_str(&words.check_clean);
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "**{}, {}.**\n",
            count(errors, &words.error, &words.errors),
            count(warnings, &words.warning, &words.warnings)
        );
        let _ = writeln!(
            out,
            "| | {} | {} | {} |\n|---|---|---|---|",
            gfm::escape(&words.code),
            gfm::escape(&words.place),
            gfm::escape(&words.message)
        );
        for d in diags.sorted() {
            let level = match d.severity {
                Severity::Error => &words.error,
                Severity::Warning => &words.warning,
            };
            let mut place = crate::base::diagnostics::file_name(&d.path);
            if d.pos.line > 0 {
                let _ = write!(place, ":{}", d.pos.line);
                if d.pos.col > 0 {
                    let _ = write!(place, ":{}", d.pos.col);
                }
            }
            let mut message = gfm::escape(&d.message);
            if let Some(hint) = &d.hint {
                let _ = write!(message, "<br>*{}*", gfm::escape(hint));
            }
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {message} |",
                gfm::escape(level),
                d.code.id,
                place.replace('`', "'")
            );
        }
    }
    if let Some((config, p)) = book {
        let remainder = p.remainder();
        let (label, amount) = if remainder.is_sign_negative() && !remainder.is_zero() {
            (&labels.overrun, -remainder)
        } else {
            (&labels.remainder, remainder)
        };
        let _ = write!(
            out,
            "\n| {} | |\n|---|---:|\n| {} | {} |\n| {} | {} |\n| {} | {} |\n",
            gfm::escape(&labels.budget),
            gfm::escape(&words.programme_total),
            printed(config, p.total),
            gfm::escape(&labels.available),
            printed(config, p.available),
            gfm::escape(label),
            printed(config, amount)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::{Pos, codes};

    #[test]
    fn commands_escape_as_the_runner_reads_them() {
        let d = Diagnostic::new(
            codes::UNKNOWN_ROLE,
            "content/a,b:c.md",
            Pos::new(3, 5),
            "100% wrong\r\nsecond line, with: colon",
        )
        .with_hint("use `Senior`");
        assert_eq!(
            command(&d),
            "::error file=content/a%2Cb%3Ac.md,line=3,col=5,title=KB0314%3A an unknown role::\
             100%25 wrong%0D%0Asecond line, with: colon%0Ahint: use `Senior`"
        );
        let d = Diagnostic::new(codes::UNALLOCATED, "content/book.yaml", Pos::default(), "x");
        assert_eq!(
            command(&d),
            "::warning file=content/book.yaml,title=KB0322%3A part of the available budget \
             is not allocated::x"
        );
    }

    #[test]
    fn summary_counts_and_escapes() {
        let mut diags = Diagnostics::default();
        diags.report(
            codes::BROKEN_LINK,
            std::path::Path::new("content/a.md"),
            Pos::new(2, 1),
            "the link goes to `x|y.md`",
        );
        let text = summary(&diags, None);
        assert!(text.contains("**1 fout, 0 waarschuwingen.**"), "{text}");
        assert!(
            text.contains(
                "| fout | KB0410 | `content/a.md:2:1` | the link goes to \\`x\\|y.md\\` |"
            ),
            "{text}"
        );
    }
}
