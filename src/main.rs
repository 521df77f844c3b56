//! The `kis-book` command: parses arguments, runs a command, prints
//! diagnostics once and picks the exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kis_book::build::{BuildFailure, OutputKind, Session};
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
        #[arg(long, value_name = "URL", value_parser = kis_book::site::parse_base_url)]
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
        #[arg(long, value_name = "URL", value_parser = kis_book::site::parse_base_url)]
        base_url: Option<String>,
    },
    /// Writes a new project or chapter with valid front matter.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The book's root folder (holding content/).
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Prints the JSON Schema of the front matter (or, with --config, of
    /// content/book.yaml) for editors' YAML language servers.
    Schema {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// The schema of the book config instead of the front matter.
        #[arg(long)]
        config: bool,
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
    },
    /// A chapter after the last numbered one: `new chapter "Titel"`.
    Chapter {
        /// Its title.
        title: String,
    },
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
        Command::Check { root, format } => check(&root, format),
        Command::Diff { args, format } => diff(&args, format),
        Command::Budget {
            root,
            format,
            lines,
            output,
        } => budget(&root, format, lines, output.as_deref()),
        Command::New { what, root } => {
            let loaded = kis_book::load::load_book(&root);
            let Some(book) = loaded.book else {
                report(&loaded.diagnostics);
                return Ok(ExitCode::FAILURE);
            };
            let path = match what {
                NewCommand::Project { id, title, theme } => {
                    kis_book::scaffold::new_project(&book, &id, &title, &theme)?
                }
                NewCommand::Chapter { title } => {
                    let content =
                        kis_book::load::display_path(&root.join(kis_book::load::CONTENT_DIR));
                    kis_book::scaffold::new_chapter(&book, &content, &title)?
                }
            };
            eprintln!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            root,
            typ,
            only,
            base_url,
        } => build(&root, typ, &only, base_url),
        Command::Serve {
            root,
            host,
            port,
            base_url,
        } => serve(&root, host, port, base_url),
        Command::Schema { root, config } => {
            let schema = if config {
                kis_book::schema::config()
            } else {
                let loaded = kis_book::load::load_book(&root);
                let Some(book) = loaded.book else {
                    report(&loaded.diagnostics);
                    return Ok(ExitCode::FAILURE);
                };
                kis_book::schema::front_matter(&book.config)
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `kis-book budget`: the computed budget on standard output or in a file.
fn budget(
    root: &Path,
    format: FormatArg,
    lines: bool,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if lines && !matches!(format, FormatArg::Csv) {
        eprintln!("error: --lines is a CSV for pivot tables: use it with `--format csv`");
        return Ok(ExitCode::from(2));
    }
    if matches!(format, FormatArg::Xlsx) && output.is_none() {
        eprintln!(
            "error: a workbook is a binary file: give the file to write with -o, e.g. \
             `kis-book budget --format xlsx -o begroting.xlsx`"
        );
        return Ok(ExitCode::from(2));
    }
    let outcome = kis_book::compile(root);
    report(&outcome.diagnostics);
    let Some(compiled) = outcome.compiled else {
        return Ok(ExitCode::FAILURE);
    };
    let (config, programme) = (&compiled.config, &compiled.programme);
    let bytes = match format {
        FormatArg::Table => export::render(Format::Table, config, programme).into_bytes(),
        FormatArg::Csv if lines => export::render(Format::CsvLines, config, programme).into_bytes(),
        FormatArg::Csv => export::render(Format::Csv, config, programme).into_bytes(),
        FormatArg::Json => export::render(Format::Json, config, programme).into_bytes(),
        FormatArg::Xlsx => export::xlsx::workbook(config, programme)?,
    };
    if let Some(path) = output {
        kis_book::output::write_file(path, &bytes)?;
        eprintln!("wrote {}", path.display());
        return Ok(exit_code(&outcome.diagnostics));
    }
    print_stdout(&bytes)?;
    Ok(exit_code(&outcome.diagnostics))
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

/// `kis-book check`: every problem of the book, for people or machines.
fn check(root: &Path, format: CheckFormat) -> anyhow::Result<ExitCode> {
    let outcome = kis_book::gate::check(root);
    let diags = &outcome.diagnostics;
    match format {
        CheckFormat::Human => report(diags),
        CheckFormat::Json => print_stdout(kis_book::diagnostics::json::render(diags).as_bytes())?,
        CheckFormat::Github => {
            print_stdout(kis_book::diagnostics::github::commands(diags).as_bytes())?;
            let (errors, warnings) = diags.counts();
            eprintln!("{errors} error(s), {warnings} warning(s)");
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let programme = outcome.compiled.as_ref().map(|c| &c.programme);
                let summary = kis_book::diagnostics::github::summary(diags, programme);
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
            kis_book::format::printed(&c.config, c.programme.total),
            kis_book::format::printed(&c.config, c.programme.available)
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

/// `kis-book diff [ROOT] REV [REV2]`: the budget changes between two
/// revisions. Exit 0: the diff was made; 1: a revision's book has errors;
/// 2 (an `Err`): git cannot read a revision.
fn diff(args: &[String], format: DiffFormat) -> anyhow::Result<ExitCode> {
    let is_book = |arg: &str| Path::new(arg).join(kis_book::load::CONTENT_DIR).is_dir();
    let (root, old, new) = match args {
        [old] => (".", old, None),
        [root, old] if is_book(root) => (root.as_str(), old, None),
        [old, new] => (".", old, Some(new.as_str())),
        [root, old, new] => (root.as_str(), old, Some(new.as_str())),
        _ => anyhow::bail!("usage: kis-book diff [ROOT] REV [REV2]"),
    };
    let format = match format {
        DiffFormat::Table => kis_book::diff::Format::Table,
        DiffFormat::Markdown => kis_book::diff::Format::Markdown,
        DiffFormat::Csv => kis_book::diff::Format::Csv,
        DiffFormat::Json => kis_book::diff::Format::Json,
    };
    match kis_book::diff::diff(Path::new(root), old, new)? {
        kis_book::diff::Outcome::Made(changes) => {
            print_stdout(kis_book::diff::render(format, &changes).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        kis_book::diff::Outcome::Failed(sides) => {
            let mut stderr = std::io::stderr().lock();
            for side in &sides {
                for line in side.lines() {
                    let _ = writeln!(stderr, "{line}");
                }
                let (errors, warnings) = side.diagnostics.counts();
                let _ = writeln!(
                    stderr,
                    "{errors} error(s), {warnings} warning(s) in {}: no diff",
                    side.name()
                );
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn exit_code(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `kis-book build`: the PDF and the website, or only those in `only`.
fn build(
    root: &Path,
    typ: bool,
    only: &[OutputArg],
    base_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let options = kis_book::build::options(typ);
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
        Err(BuildFailure::Output(err)) => match err.downcast_ref::<kis_book::publish::Busy>() {
            // Not a failure of this build: it never started.
            Some(busy) => {
                eprintln!("error: {busy}");
                Ok(ExitCode::FAILURE)
            }
            None => Err(err),
        },
    }
}

/// `kis-book serve`: build, then serve and rebuild on every save, in one
/// session that keeps what rebuilds reuse.
fn serve(
    root: &Path,
    host: std::net::IpAddr,
    port: u16,
    base_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let mut session = Session::new(&kis_book::build::serve_options()).for_address(base_url);
    if build_in(&mut session, root)? != ExitCode::SUCCESS {
        eprintln!("fix the errors above, then save: the preview starts once the book builds");
    }
    let options = kis_book::serve::ServeOptions {
        root: root.to_path_buf(),
        site: kis_book::build::out_dir(root).join("site"),
        host,
        port,
    };
    let mut on_ready = |addr: std::net::SocketAddr| {
        println!("serving the work plan on http://{addr}/ (Ctrl+C stops)");
        let _ = std::io::stdout().flush();
    };
    kis_book::serve::serve(&options, &mut session, &mut on_ready, &mut |diags| {
        report(diags)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Prints every diagnostic once, sorted, with its code, a count and where
/// the codes are explained; coloured on a terminal only (anstream drops
/// the colours when stderr is piped or NO_COLOR is set).
fn report(diags: &Diagnostics) {
    let text = kis_book::diagnostics::human(diags);
    if text.is_empty() {
        return;
    }
    let mut stderr = anstream::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
}
