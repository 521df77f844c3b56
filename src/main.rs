//! The `kis-book` command: parses arguments, runs a command, prints
//! diagnostics once and picks the exit code.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kis_book::diagnostics::Diagnostics;
use kis_book::export::{self, Format};

/// Publishes a budgeted work plan from Markdown.
#[derive(Debug, Parser)]
#[command(name = "kis-book", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Checks the book and reports every problem, with file and line.
    Check {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
    },
    /// Prints the computed budget.
    Budget {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Builds the PDF: build/<output>.pdf under the book's root.
    Build {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Also write the generated Typst source beside the PDF.
        #[arg(long)]
        typ: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Aligned table for a terminal, Dutch notation.
    Table,
    /// Semicolon-separated, decimal commas, for spreadsheets.
    Csv,
    /// JSON with exact decimals as strings.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { root } => {
            let outcome = kis_book::compile(&root);
            report(&outcome.diagnostics);
            if outcome.diagnostics.has_errors() {
                return Ok(ExitCode::FAILURE);
            }
            if let Some(c) = &outcome.compiled {
                eprintln!(
                    "checked {} pages and {} budgets: programme total {}, available {}",
                    c.book.pages().len(),
                    c.programme.budgets.len(),
                    kis_book::format::euro(c.programme.total),
                    kis_book::format::euro(c.programme.available)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Budget { root, format } => {
            let outcome = kis_book::compile(&root);
            report(&outcome.diagnostics);
            let Some(compiled) = outcome.compiled else {
                return Ok(ExitCode::FAILURE);
            };
            let format = match format {
                FormatArg::Table => Format::Table,
                FormatArg::Csv => Format::Csv,
                FormatArg::Json => Format::Json,
            };
            let text = export::render(format, &compiled.book.config, &compiled.programme);
            let mut stdout = std::io::stdout().lock();
            if let Err(err) = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                if err.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(err.into());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { root, typ } => build(&root, typ),
    }
}

/// `kis-book build`: check, then render the PDF.
fn build(root: &std::path::Path, typ: bool) -> anyhow::Result<ExitCode> {
    let outcome = kis_book::compile(root);
    let mut diags = outcome.diagnostics;
    let Some(compiled) = outcome.compiled else {
        report(&diags);
        return Ok(ExitCode::FAILURE);
    };
    let options = kis_book::pdf::Options {
        write_typ: typ,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    };
    let built = kis_book::pdf::build(root, &compiled, &options, &mut diags)?;
    report(&diags);
    let Some(built) = built else {
        eprintln!("the PDF was not written; the previous one, if any, is unchanged");
        return Ok(ExitCode::FAILURE);
    };
    eprintln!(
        "wrote {} ({} pages) in {} ms: Typst compile {} ms, PDF export {} ms",
        built.pdf.display(),
        built.pages,
        (built.timings.prepare + built.timings.compile + built.timings.export).as_millis(),
        built.timings.compile.as_millis(),
        built.timings.export.as_millis(),
    );
    if let Some(typ) = &built.typ {
        eprintln!("wrote {}", typ.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints every diagnostic once, sorted, with a count.
fn report(diags: &Diagnostics) {
    if diags.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    for d in diags.sorted() {
        let _ = writeln!(stderr, "{d}");
    }
    let (errors, warnings) = diags.counts();
    let _ = writeln!(stderr, "{errors} error(s), {warnings} warning(s)");
}
