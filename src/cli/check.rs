//! `kis-book check` (the gate, for people or machines) and `kis-book
//! build` (the publication through the same gate).

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::report::build::{BuildFailure, OutputKind, Session};

use super::{CheckFormat, OutputArg, print_stdout, report};

/// `kis-book check`: every problem of the book, for people or machines.
pub(super) fn check(root: &Path, format: CheckFormat) -> anyhow::Result<ExitCode> {
    let outcome = Session::new(&crate::report::build::options(false)).check(root);
    let diags = &outcome.diagnostics;
    match format {
        CheckFormat::Human => report(diags),
        CheckFormat::Json => {
            print_stdout(crate::base::diagnostics::json::render(diags).as_bytes())?
        }
        CheckFormat::Github => {
            print_stdout(crate::report::github::commands(diags).as_bytes())?;
            let (errors, warnings) = diags.counts();
            eprintln!("{errors} error(s), {warnings} warning(s)");
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let book = outcome.compiled.as_ref().map(|c| (&c.config, &c.programme));
                let summary = crate::report::github::summary(diags, book);
                append(Path::new(&path), &summary)?;
            }
        }
    }
    if diags.has_errors() {
        return Ok(ExitCode::FAILURE);
    }
    if let (Some(c), CheckFormat::Human | CheckFormat::Github) = (&outcome.compiled, format) {
        eprintln!(
            "checked {} pages and {} budgets: programme total {}, available {}",
            c.pages().len(),
            c.programme.budgets.len(),
            crate::source::format::printed(&c.config, c.programme.total),
            crate::source::format::printed(&c.config, c.programme.available)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Appends `text` to the file at `path` (GitHub's job summary).
fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("failed to open the job summary `{}`", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("failed to write the job summary `{}`", path.display()))
}

/// `kis-book build`: the PDF and the website, or only those in `only`.
pub(super) fn build(
    root: &Path,
    typ: bool,
    only: &[OutputArg],
    base_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let options = crate::report::build::options(typ);
    let outputs: Vec<OutputKind> = if only.is_empty() {
        OutputKind::ALL.to_vec()
    } else {
        only.iter()
            .map(|o| match o {
                OutputArg::Pdf => OutputKind::Pdf,
                OutputArg::Site => OutputKind::Site,
            })
            .collect()
    };
    let mut session = Session::with_outputs(&options, &outputs).for_address(base_url);
    build_in(&mut session, root)
}

/// A build of the book at `root` in `session`, reported on the terminal.
fn build_in(session: &mut Session, root: &Path) -> anyhow::Result<ExitCode> {
    match session.build(root) {
        Ok(built) => {
            report(&built.diagnostics);
            for (_, output) in &built.outputs {
                for line in &output.summary {
                    eprintln!("{line}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildFailure::Book(diags)) => {
            report(&diags);
            eprintln!("nothing was written; the previous build is unchanged");
            Ok(ExitCode::FAILURE)
        }
        Err(BuildFailure::Output(err)) => {
            match err.downcast_ref::<crate::report::publish::Busy>() {
                // Not a failure of this build: it never started.
                Some(busy) => {
                    eprintln!("error: {busy}");
                    Ok(ExitCode::FAILURE)
                }
                None => Err(err),
            }
        }
    }
}
