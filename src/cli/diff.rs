//! `kis-book diff` (two git revisions of a book) and `kis-book compare`
//! (two editions): the changes in the money and their causes.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{DiffFormat, book_root, print_stdout};

/// `kis-book diff [ROOT] REV [REV2]`: the budget changes between two
/// revisions. Exit 0: the diff was made; 1: a revision's book has errors;
/// 2 (an `Err`): git cannot read a revision.
pub(super) fn diff(args: &[String], format: DiffFormat) -> anyhow::Result<ExitCode> {
    let is_book = |arg: &str| {
        Path::new(arg)
            .join(crate::source::load::CONTENT_DIR)
            .is_dir()
    };
    let (root, old, new) = match args {
        [old] => (".", old, None),
        [root, old] if is_book(root) => (root.as_str(), old, None),
        [old, new] => (".", old, Some(new.as_str())),
        [root, old, new] => (root.as_str(), old, Some(new.as_str())),
        _ => anyhow::bail!("usage: kis-book diff [ROOT] REV [REV2]"),
    };
    let outcome = crate::report::diff::diff(&book_root(Path::new(root)), old, new)?;
    print_changes(outcome, format, "no diff")
}

/// `kis-book compare OLD NEW`: the budget of one edition against another.
/// Exit 0: the comparison was made; 1: a book has errors; 2 (an `Err`): a
/// folder holds no book.
pub(super) fn compare(old: &str, new: &str, format: DiffFormat) -> anyhow::Result<ExitCode> {
    for root in [old, new] {
        let content = Path::new(root).join(crate::source::load::CONTENT_DIR);
        if !content.is_dir() {
            anyhow::bail!(
                "`{root}` holds no book: there is no `{}`",
                content.display()
            );
        }
    }
    print_changes(
        crate::report::diff::compare_editions(old, new),
        format,
        "no comparison",
    )
}

/// Prints the changes of `diff` or `compare` in `format`, or the
/// diagnostics of the sides whose book has errors (ending with `none`,
/// what there is not).
fn print_changes(
    outcome: crate::report::diff::DiffOutcome,
    format: DiffFormat,
    none: &str,
) -> anyhow::Result<ExitCode> {
    let format = match format {
        DiffFormat::Table => crate::report::diff::Format::Table,
        DiffFormat::Markdown => crate::report::diff::Format::Markdown,
        DiffFormat::Csv => crate::report::diff::Format::Csv,
        DiffFormat::Json => crate::report::diff::Format::Json,
    };
    match outcome {
        crate::report::diff::DiffOutcome::Made(changes) => {
            print_stdout(crate::report::diff::render(format, &changes).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        crate::report::diff::DiffOutcome::Failed(sides) => {
            let mut stderr = std::io::stderr().lock();
            for side in &sides {
                for line in side.lines() {
                    let _ = writeln!(stderr, "{line}");
                }
                let (errors, warnings) = side.diagnostics.counts();
                let _ = writeln!(
                    stderr,
                    "{errors} error(s), {warnings} warning(s) in {}: {none}",
                    side.name()
                );
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
