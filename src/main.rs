//! The `kis-book` command: parses arguments, runs a command, prints
//! diagnostics once and picks the exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kis_book::build::{BuildFailure, OutputKind, Session};
use kis_book::diagnostics::Diagnostics;
use kis_book::export::{self, ExportFormat};
use kis_book::input::BookInput;

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
        #[arg(long, value_name = "URL", value_parser = kis_book::config::parse_base_url)]
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
        #[arg(long, value_name = "URL", value_parser = kis_book::config::parse_base_url)]
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
    kis_book::quantity::parse_quantity(text).map_err(|e| e.message("the available budget"))
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
        Command::Check { root, format } => check(&book_root(&root), format),
        Command::Diff { args, format } => diff(&args, format),
        Command::Compare { old, new, format } => compare(&old, &new, format),
        Command::Budget {
            root,
            format,
            lines,
            output,
        } => budget(&book_root(&root), format, lines, output.as_deref()),
        Command::New { what, root } => {
            if matches!(what, NewCommand::Edition { .. }) {
                return new(what, Path::new("."));
            }
            let root = match (what.root(), root) {
                (Some(arg), Some(option)) if *arg != option => {
                    eprintln!(
                        "error: two roots given, `{}` and `--root {}`: give one",
                        arg.display(),
                        option.display()
                    );
                    return Ok(ExitCode::from(2));
                }
                (Some(arg), _) => arg.clone(),
                (None, option) => option.unwrap_or_else(|| PathBuf::from(".")),
            };
            new(what, &book_root(&root))
        }
        Command::Build {
            root,
            typ,
            only,
            base_url,
        } => build(&book_root(&root), typ, &only, base_url),
        Command::Serve {
            root,
            host,
            port,
            base_url,
        } => serve(&book_root(&root), host, port, base_url),
        Command::Schema {
            root,
            config,
            write,
        } => {
            let root = book_root(&root);
            if write {
                return write_schemas(&root);
            }
            let schema = if config {
                kis_book::schema::config()
            } else {
                let loaded = kis_book::load::load_book(&BookInput::open(&root));
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

/// The book's root for a command given `root`: `root` itself, or, run
/// from inside a book (`content/` or a folder below it), the folder above
/// that holds `content/`, which the command then names.
fn book_root(root: &Path) -> PathBuf {
    match kis_book::load::root_above(root) {
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

/// `kis-book new`: a project or chapter in the book at `root`, or next
/// year's book.
fn new(what: NewCommand, root: &Path) -> anyhow::Result<ExitCode> {
    match what {
        NewCommand::Project {
            id, title, theme, ..
        } => in_book(root, |book| {
            kis_book::scaffold::new_project(book, &id, &title, &theme)
        }),
        NewCommand::Chapter { title, .. } => in_book(root, |book| {
            let content = kis_book::load::display_path(&root.join(kis_book::load::CONTENT_DIR));
            kis_book::scaffold::new_chapter(book, &content, &title)
        }),
        NewCommand::Edition {
            year,
            from,
            to,
            index,
            available,
            hours,
        } => new_edition(kis_book::edition::Request {
            year,
            from,
            to,
            index,
            available,
            hours: match hours {
                HoursArg::Keep => kis_book::edition::Hours::Keep,
                HoursArg::Zero => kis_book::edition::Hours::Zero,
            },
        }),
    }
}

/// Loads the book at `root` and writes a new file into it with `write`.
fn in_book(
    root: &Path,
    write: impl FnOnce(&kis_book::model::Book) -> anyhow::Result<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let loaded = kis_book::load::load_book(&BookInput::open(root));
    let Some(book) = loaded.book else {
        report(&loaded.diagnostics);
        return Ok(ExitCode::FAILURE);
    };
    let path = write(&book)?;
    eprintln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `kis-book new edition`: writes next year's book, prints the sentences
/// that name the old year, then checks the new book. Exit 1 when the old
/// book cannot be read or the new one does not pass `check`.
fn new_edition(request: kis_book::edition::Request) -> anyhow::Result<ExitCode> {
    let written = match kis_book::edition::new_edition(&request)? {
        kis_book::edition::Outcome::Written(written) => written,
        kis_book::edition::Outcome::OldBook(diags) => {
            report(&diags);
            eprintln!("the old book cannot be read: nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut list = String::new();
    for m in &written.mentions {
        list.push_str(&format!(
            "{}:{}: {}\n",
            request.to.join(&m.path).display(),
            m.line,
            m.sentence
        ));
    }
    print_stdout(list.as_bytes())?;
    eprintln!(
        "wrote the {} edition to {} ({} files); {} sentences name an earlier year: review them \
         (the list is in {})",
        request.year,
        request.to.display(),
        written.files,
        written.mentions.len(),
        written.review.display()
    );
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    let outcome = Session::new(&kis_book::build::options(false)).check(&request.to);
    report(&outcome.diagnostics);
    if outcome.diagnostics.has_errors() {
        eprintln!("the new book does not pass `check` yet: fix the errors above");
        return Ok(ExitCode::FAILURE);
    }
    if let Some(c) = &outcome.compiled {
        eprintln!(
            "checked the new book: programme total {}, available {}",
            kis_book::format::printed(&c.config, c.programme.total),
            kis_book::format::printed(&c.config, c.programme.available)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `kis-book schema --write`: both schemas beside book.yaml, so that its
/// `yaml-language-server` line works in a repository holding only the book.
fn write_schemas(root: &Path) -> anyhow::Result<ExitCode> {
    let loaded = kis_book::load::load_book(&BookInput::open(root));
    let Some(book) = loaded.book else {
        report(&loaded.diagnostics);
        return Ok(ExitCode::FAILURE);
    };
    let content = root.join(kis_book::load::CONTENT_DIR);
    for (name, schema) in [
        (kis_book::schema::CONFIG_FILE, kis_book::schema::config()),
        (
            kis_book::schema::FRONT_MATTER_FILE,
            kis_book::schema::front_matter(&book.config),
        ),
    ] {
        let path = content.join(name);
        let text = serde_json::to_string_pretty(&schema)? + "\n";
        kis_book::output::write_file(&path, text.as_bytes())?;
        eprintln!("wrote {}", kis_book::load::display_path(&path).display());
    }
    Ok(ExitCode::SUCCESS)
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
    let outcome = kis_book::compile(&BookInput::open(root));
    report(&outcome.diagnostics);
    let Some(compiled) = outcome.compiled else {
        return Ok(ExitCode::FAILURE);
    };
    let (config, programme) = (&compiled.config, &compiled.programme);
    let bytes = match format {
        FormatArg::Table => export::render(ExportFormat::Table, config, programme).into_bytes(),
        FormatArg::Csv if lines => {
            export::render(ExportFormat::CsvLines, config, programme).into_bytes()
        }
        FormatArg::Csv => export::render(ExportFormat::Csv, config, programme).into_bytes(),
        FormatArg::Json => export::render(ExportFormat::Json, config, programme).into_bytes(),
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
    let outcome = Session::new(&kis_book::build::options(false)).check(root);
    let diags = &outcome.diagnostics;
    match format {
        CheckFormat::Human => report(diags),
        CheckFormat::Json => print_stdout(kis_book::diagnostics::json::render(diags).as_bytes())?,
        CheckFormat::Github => {
            print_stdout(kis_book::diagnostics::github::commands(diags).as_bytes())?;
            let (errors, warnings) = diags.counts();
            eprintln!("{errors} error(s), {warnings} warning(s)");
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let book = outcome.compiled.as_ref().map(|c| (&c.config, &c.programme));
                let summary = kis_book::diagnostics::github::summary(diags, book);
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
    let outcome = kis_book::diff::diff(&book_root(Path::new(root)), old, new)?;
    print_changes(outcome, format, "no diff")
}

/// `kis-book compare OLD NEW`: the budget of one edition against another.
/// Exit 0: the comparison was made; 1: a book has errors; 2 (an `Err`): a
/// folder holds no book.
fn compare(old: &str, new: &str, format: DiffFormat) -> anyhow::Result<ExitCode> {
    for root in [old, new] {
        let content = Path::new(root).join(kis_book::load::CONTENT_DIR);
        if !content.is_dir() {
            anyhow::bail!(
                "`{root}` holds no book: there is no `{}`",
                content.display()
            );
        }
    }
    print_changes(
        kis_book::diff::compare_editions(old, new),
        format,
        "no comparison",
    )
}

/// Prints the changes of `diff` or `compare` in `format`, or the
/// diagnostics of the sides whose book has errors (ending with `none`,
/// what there is not).
fn print_changes(
    outcome: kis_book::diff::Outcome,
    format: DiffFormat,
    none: &str,
) -> anyhow::Result<ExitCode> {
    let format = match format {
        DiffFormat::Table => kis_book::diff::Format::Table,
        DiffFormat::Markdown => kis_book::diff::Format::Markdown,
        DiffFormat::Csv => kis_book::diff::Format::Csv,
        DiffFormat::Json => kis_book::diff::Format::Json,
    };
    match outcome {
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
                    "{errors} error(s), {warnings} warning(s) in {}: {none}",
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

/// `kis-book serve`: build, then serve and rebuild on every save, keeping
/// what rebuilds reuse.
fn serve(
    root: &Path,
    host: std::net::IpAddr,
    port: u16,
    base_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let options = kis_book::serve::ServeOptions {
        root: root.to_path_buf(),
        site: kis_book::build::out_dir(root).join("site"),
        host,
        port,
        base_url,
    };
    let mut on_ready = |addr: std::net::SocketAddr| {
        println!("serving the work plan on http://{addr}/ (Ctrl+C stops)");
        let _ = std::io::stdout().flush();
    };
    kis_book::serve::serve(&options, &mut on_ready, &mut |diags| report(diags))?;
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
