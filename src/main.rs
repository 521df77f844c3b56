//! The `kis-book` command: parses arguments, runs a command, prints
//! diagnostics once and picks the exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kis_book::build::{BuildFailure, Session};
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
    /// Builds the PDF (ROOT/build/<output>.pdf) and the website
    /// (ROOT/build/site).
    Build {
        /// The book's root folder (holding content/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Also write the generated Typst source beside the PDF.
        #[arg(long)]
        typ: bool,
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
            let outcome = kis_book::gate::check(&root);
            report(&outcome.diagnostics);
            if outcome.diagnostics.has_errors() {
                return Ok(ExitCode::FAILURE);
            }
            if let Some(c) = &outcome.compiled {
                eprintln!(
                    "checked {} pages and {} budgets: programme total {}, available {}",
                    c.pages().len(),
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
            let text = export::render(format, &compiled.config, &compiled.programme);
            let mut stdout = std::io::stdout().lock();
            if let Err(err) = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                && err.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(err.into());
            }
            Ok(exit_code(&outcome.diagnostics))
        }
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
        Command::Build { root, typ } => build(&root, typ),
        Command::Serve { root, host, port } => serve(&root, host, port),
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

fn exit_code(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `kis-book build`: the PDF and the website.
fn build(root: &Path, typ: bool) -> anyhow::Result<ExitCode> {
    build_in(&mut Session::new(&kis_book::build::options(typ)), root)
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
        Err(BuildFailure::Output(err)) => Err(err),
    }
}

/// `kis-book serve`: build, then serve and rebuild on every save, in one
/// session that keeps what rebuilds reuse.
fn serve(root: &Path, host: std::net::IpAddr, port: u16) -> anyhow::Result<ExitCode> {
    let mut session = Session::new(&kis_book::build::options(false));
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
