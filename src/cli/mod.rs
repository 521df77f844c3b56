//! The `kis-book` command line: the clap definitions of every command and
//! the one dispatch from a parsed command line to the command's file
//! (`check` and `build`, `budget`, `diff` and `compare`, `new`, `schema`,
//! `serve`). The binary (src/main.rs) parses, runs, prints an error once
//! and picks the exit code; each command prints its own diagnostics.

mod budget;
mod check;
mod diff;
mod new;
mod schema;
mod serve;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::base::diagnostics::Diagnostics;

/// Publishes a budgeted work plan from Markdown.
#[derive(Debug, Parser)]
#[command(name = "kis-book", version, about, long_about = None)]
pub struct Cli {
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Shows what changes in the budget between two git revisions of the
    /// book, or between a revision and the working tree.
    ///
    /// With two arguments, the first is the book's root when it is a folder
    /// holding content/; otherwise both are revisions. Exits 0 when the
    /// diff was made (with or without changes), 1 when the book has errors
    /// in a revision, 2 when git cannot read a revision.
    #[command(override_usage = "kis-book diff [ROOT] REV [REV2] [--format FORMAT]")]
    Diff {
        /// [ROOT] REV [REV2]: the book's root folder (default: .), the old
        /// revision, and the new one (default: the working tree).
        #[arg(value_name = "ARGS", num_args = 1..=3, required = true)]
        args: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
    },
    /// Shows what one edition of the book costs against another (two
    /// folders, e.g. last year's plan and this year's), and why: budgets
    /// matched by id, organisations by id, roles by name.
    ///
    /// Exits 0 when the comparison was made (with or without changes), 1
    /// when a book has errors.
    Compare {
        /// The old edition's root folder (holding content/).
        old: String,
        /// The new edition's root folder (holding content/).
        new: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
    },
    /// Prints the computed budget, or writes it to a file with -o (the
    /// xlsx workbook always needs -o).
    Budget {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// With --format csv: only the amount lines (roles, Stafkosten,
        /// Overhead, material), each with its budget, function, theme and
        /// organisation, so that the sum of `bedrag` is the programme total.
        #[arg(long)]
        lines: bool,
        /// Write to this file instead of standard output (required for
        /// xlsx).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Builds the PDF (ROOT/build/<output>.pdf) and the website
    /// (ROOT/build/site).
    Build {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Also write the PDF's Typst project (build/typst/), which a
        /// stand-alone Typst compiles to the same PDF.
        #[arg(long)]
        typ: bool,
        /// Build only these outputs (e.g. `--only pdf`); all by default. A
        /// site built without the PDF does not offer it for download.
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<OutputArg>,
        /// Build for this address instead of the book's `base_url` (e.g.
        /// https://staging.example.org/review/123/). Another address than
        /// the book's own gives pages marked `noindex`, without canonical
        /// links to production.
        #[arg(long, value_name = "URL", value_parser = crate::source::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Builds, serves the site on 127.0.0.1 and rebuilds on every save,
    /// reloading the open pages.
    Serve {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Address to listen on. Only this machine by default; give
        /// 0.0.0.0 to let others on the network see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Build for this address instead of the book's `base_url` (e.g.
        /// https://staging.example.org/review/123/). Another address than
        /// the book's own gives pages marked `noindex`, without canonical
        /// links to production.
        #[arg(long, value_name = "URL", value_parser = crate::source::config::parse_base_url)]
        base_url: Option<String>,
    },
    /// Writes a new project or chapter with valid front matter, or next
    /// year's book (`new edition`).
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The book's root folder, as the ROOT argument (kept for scripts
        /// written before `new` took ROOT).
        #[arg(long = "root", id = "root_option", value_name = "ROOT", global = true)]
        root: Option<PathBuf>,
    },
    /// Prints the JSON Schema of the front matter (or, with --config, of
    /// content/book.yaml) for editors' YAML language servers, or writes
    /// both beside book.yaml with --write.
    Schema {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// The schema of the book config instead of the front matter.
        #[arg(long)]
        config: bool,
        /// Write content/book.schema.json and
        /// content/front-matter.schema.json beside book.yaml, which names
        /// the first in its `yaml-language-server` line.
        #[arg(long, conflicts_with = "config")]
        write: bool,
    },
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A project in the folder of its theme: `new project 1.5 "Titel" --theme 1`.
    Project {
        /// Its id, e.g. 1.5.
        id: String,
        /// Its title in sentence case.
        title: String,
        /// The theme it belongs to.
        #[arg(long)]
        theme: String,
        /// The book's root folder (holding content/; default: .).
        root: Option<PathBuf>,
    },
    /// A chapter after the last numbered one: `new chapter "Titel"`.
    Chapter {
        /// Its title.
        title: String,
        /// The book's root folder (holding content/; default: .).
        root: Option<PathBuf>,
    },
    /// Next year's book from this year's: `new edition 2020 --from .
    /// --to ../werkplan-2020 --index 2.5`. Lists the sentences that name
    /// the old year for the editors (and writes them to year-review.md in
    /// the new book), then checks the new book.
    Edition {
        /// The new edition's year.
        year: i32,
        /// The old book's root folder (holding content/).
        #[arg(long, value_name = "OLD_ROOT")]
        from: PathBuf,
        /// The folder to write the new book into: new or empty.
        #[arg(long, value_name = "NEW_ROOT")]
        to: PathBuf,
        /// Raise every rate, Stafkosten and Overhead by this percentage
        /// (2.5 for 2,5 %), rounded by the book's money rule.
        #[arg(long, value_name = "PERCENT", value_parser = parse_decimal)]
        index: Option<rust_decimal::Decimal>,
        /// The new edition's available budget (Totaal beschikbaar budget).
        #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
        available: Option<rust_decimal::Decimal>,
        /// Keep every role's hours (the default) or set them to zero.
        #[arg(long, value_enum, default_value_t = HoursArg::Keep)]
        hours: HoursArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum HoursArg {
    /// Every role keeps its hours.
    Keep,
    /// Every role's hours become 0.
    Zero,
}

/// A percentage as typed: `2.5`, `-1`, or `2,5` as a Dutch reader writes it.
fn parse_decimal(text: &str) -> Result<rust_decimal::Decimal, String> {
    text.replace(',', ".")
        .parse::<rust_decimal::Decimal>()
        .map_err(|_| format!("`{text}` is not a number: write e.g. 2.5"))
}

/// An amount as book.yaml takes it: `2700000`, `2700000.50`.
fn parse_amount(text: &str) -> Result<rust_decimal::Decimal, String> {
    crate::base::quantity::parse_quantity(text).map_err(|e| e.message("the available budget"))
}

impl NewCommand {
    /// The ROOT argument, when given.
    fn root(&self) -> Option<&PathBuf> {
        match self {
            Self::Project { root, .. } | Self::Chapter { root, .. } => root.as_ref(),
            Self::Edition { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputArg {
    /// The PDF.
    Pdf,
    /// The website.
    Site,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Aligned table for a terminal, Dutch notation.
    Table,
    /// Semicolon-separated, decimal commas, for spreadsheets.
    Csv,
    /// JSON with exact and printed decimals as strings.
    Json,
    /// An Excel workbook with live formulas (needs -o FILE).
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// `path:line:col: error: message` lines for people.
    Human,
    /// A JSON array with one object per diagnostic.
    Json,
    /// GitHub Actions workflow commands, and a job summary when
    /// GITHUB_STEP_SUMMARY is set.
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Aligned tables for a terminal, Dutch notation.
    Table,
    /// A pull-request comment: a summary line, then collapsible tables.
    Markdown,
    /// Semicolon-separated, decimal commas, for spreadsheets.
    Csv,
    /// JSON with exact decimals as strings.
    Json,
}

/// The command line of this process, parsed; clap prints the help, the
/// version or a usage error itself and exits.
pub fn parse() -> Cli {
    Cli::parse()
}

/// Runs the command of `cli`; an `Err` is for the binary to print (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { root, format } => check::check(&book_root(&root), format),
        Command::Diff { args, format } => diff::diff(&args, format),
        Command::Compare { old, new, format } => diff::compare(&old, &new, format),
        Command::Budget {
            root,
            format,
            lines,
            output,
        } => budget::budget(&book_root(&root), format, lines, output.as_deref()),
        Command::New { what, root } => new::run(what, root),
        Command::Build {
            root,
            typ,
            only,
            base_url,
        } => check::build(&book_root(&root), typ, &only, base_url),
        Command::Serve {
            root,
            host,
            port,
            base_url,
        } => serve::serve(&book_root(&root), host, port, base_url),
        Command::Schema {
            root,
            config,
            write,
        } => schema::run(&book_root(&root), config, write),
    }
}

/// The book's root for a command given `root`: `root` itself, or, run
/// from inside a book (`content/` or a folder below it), the folder above
/// that holds `content/`, which the command then names.
fn book_root(root: &Path) -> PathBuf {
    match crate::source::load::root_above(root) {
        Some(found) => {
            eprintln!(
                "using the book at `{}` (no content/ folder in `{}`; the book is the folder above that holds one)",
                found.display(),
                root.display()
            );
            found
        }
        None => root.to_path_buf(),
    }
}

/// Writes `bytes` to standard output; a reader that stopped early (`| head`)
/// is no error.
fn print_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(bytes).and_then(|()| stdout.flush())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(err.into());
    }
    Ok(())
}

fn exit_code(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every diagnostic once, sorted, with its code, a count and where
/// the codes are explained; coloured on a terminal only (anstream drops
/// the colours when stderr is piped or NO_COLOR is set).
fn report(diags: &Diagnostics) {
    let text = crate::base::diagnostics::human(diags);
    if text.is_empty() {
        return;
    }
    let mut stderr = anstream::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    /// clap's own check of the definitions: no two arguments with one name
    /// or short flag, every `conflicts_with` naming an argument, defaults
    /// among their possible values.
    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
