//! `kis-book build`: the recipe from sources to published files, and the
//! [`Session`] that keeps what rebuilds reuse.
//!
//! compile (load, check, compute, resolve) -> the gate (what each backend
//! refuses) -> each backend in turn: the PDF, and meanwhile what the site
//! can make without it; then the site, which offers the PDF for download. Everything is written into a
//! staging folder and switched into `build/` under the book's root in one
//! step ([`crate::report::publish`]), so that a failed or killed build leaves the
//! previous publication whole.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::memo::Memos;
use crate::base::output;
use crate::compile::compiled::Compiled;
use crate::render::backend::{self, Artifact, Backend, CheckContext, RenderContext};
use crate::source::assets::Assets;
use crate::source::input::BookInput;
use crate::{compile::Compilation, render::pdf, render::site, report::publish};

pub use crate::report::publish::BUILD_DIR;
pub(crate) use crate::report::publish::Kept;

/// `build/.gitignore`: what a build makes is made again from the book, so
/// git never shows it as a change to commit (`?? build/`).
const GITIGNORE: &[u8] = b"# Written by kis-book: everything here is built from the book.\n*\n";

/// Writes `.gitignore` into the publication being staged, unless the
/// previous build's is there already.
fn ignore_in_git(staged: &Path) -> anyhow::Result<()> {
    let path = staged.join(".gitignore");
    if std::fs::read(&path).is_ok_and(|bytes| bytes == GITIGNORE) {
        return Ok(());
    }
    crate::base::output::write_file(&path, GITIGNORE)
}

/// Cached results unused for this many builds are dropped.
pub const MAX_AGE: u64 = 3;

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// Each backend's name and output, in build order.
    pub outputs: Outputs,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
}

/// Each backend's name and output, in build order.
type Outputs = Vec<(&'static str, backend::Output)>;

/// Why a build wrote nothing more.
#[derive(Debug)]
pub enum BuildFailure {
    /// The book has errors; here are all diagnostics.
    Book(Diagnostics),
    /// Writing the output failed.
    Output(anyhow::Error),
}

/// The folder builds of the book at `root` go to.
pub fn out_dir(root: &Path) -> PathBuf {
    root.join(BUILD_DIR)
}

/// Builds the book at `root` once, with nothing kept for a rebuild.
pub fn build(root: &Path, options: &pdf::Options) -> Result<BuildReport, BuildFailure> {
    Session::new(options).build(root)
}

/// The build options from the environment: `SOURCE_DATE_EPOCH` overrides
/// the book's date as the PDF's timestamp.
pub fn options(write_typ: bool) -> pdf::Options {
    pdf::Options {
        write_typ,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        rebuilds: false,
    }
}

/// The options of a session that rebuilds on every save (`kis-book
/// serve`): as [`options`], keeping Typst's memoised layout between builds.
pub fn serve_options() -> pdf::Options {
    pdf::Options {
        rebuilds: true,
        ..options(false)
    }
}

/// The backends of a book and what they keep between builds: one per
/// `kis-book build`, one for the whole of a `kis-book serve`, whose
/// rebuilds reuse the Typst layout and the site pages an edit left alone.
#[derive(Debug)]
pub struct Session {
    /// The outputs, in build order: each may offer what those before it
    /// wrote.
    backends: Vec<Box<dyn Backend>>,
    /// The address to build for instead of the book's `base_url`
    /// (`--base-url`).
    base_url: Option<String>,
    /// What each compile keeps for the next (a session that rebuilds
    /// only): a save recompiles the files it changed ([`crate::base::memo`]).
    memos: Option<Arc<Memos>>,
    /// Whether [`Session::check`] keeps the PDF of its trial rendering
    /// (`kis-book serve`, which publishes it instead of laying the book
    /// out a second time).
    keep_trial: bool,
    /// The PDF the last [`Session::check`] rendered on trial, when kept.
    trial_pdf: Option<Vec<u8>>,
    /// Whether the gate leaves the output folder to the publication
    /// ([`publish_staged`] asks [`publish::guard`] itself): `kis-book
    /// serve`, whose publication lists `build/` anyway.
    guard_at_publication: bool,
}

/// A book compiled through the gate ([`Session::compile_checked`]).
#[derive(Debug)]
pub struct Checked {
    /// The compiled book.
    pub book: Compiled,
    /// Its warnings.
    pub warnings: Diagnostics,
    /// The templates and fonts it was compiled with.
    pub assets: Assets,
}

/// The outputs a session can build, in build order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// The PDF, `build/<name>.pdf`.
    Pdf,
    /// The website, `build/site/`; it offers the PDF when that is built too.
    Site,
}

impl OutputKind {
    /// Every output, in build order.
    pub const ALL: [OutputKind; 2] = [OutputKind::Pdf, OutputKind::Site];
}

impl Session {
    /// A session that builds the PDF, then the site.
    pub fn new(options: &pdf::Options) -> Self {
        Self::with_outputs(options, &OutputKind::ALL)
    }

    /// A session that builds only `outputs` (in build order, whatever the
    /// order given): `kis-book build --only pdf`.
    pub fn with_outputs(options: &pdf::Options, outputs: &[OutputKind]) -> Self {
        if options.rebuilds {
            // A session of rebuilds runs for hours: keep its heap from
            // fragmenting (src/base/memory.rs).
            crate::base::memory::limit_arenas();
        }
        let backends = OutputKind::ALL
            .into_iter()
            .filter(|o| outputs.contains(o))
            .map(|o| -> Box<dyn Backend> {
                match o {
                    OutputKind::Pdf => Box::new(pdf::Pdf::new(options.clone())),
                    OutputKind::Site => Box::new(site::Site::default()),
                }
            })
            .collect();
        Self {
            backends,
            base_url: None,
            keep_trial: false,
            trial_pdf: None,
            guard_at_publication: false,
            memos: options.rebuilds.then(Arc::default),
        }
    }

    /// Builds for `base_url` instead of the book's own address
    /// (`--base-url`; see [`crate::render::site::readdress`]).
    pub fn for_address(mut self, base_url: Option<String>) -> Self {
        self.base_url = base_url;
        self
    }

    /// Keeps the PDF that [`Session::check`] renders on trial for a book
    /// with templates of its own ([`Session::take_trial_pdf`]): `kis-book
    /// serve` publishes it, so that each save lays the book out once.
    pub fn keeping_trial(mut self) -> Self {
        self.keep_trial = true;
        self
    }

    /// Leaves the gate's look at the output folder ([`publish::guard`]) to
    /// the publication, for a session that publishes only through
    /// [`publish_staged`] (`kis-book serve`): a save's publication lists
    /// `build/` to stage from it, and refuses with the guard's own
    /// diagnostics what the gate would have, before anything is switched
    /// in. The gate then walks `build/` no more on every save.
    pub(crate) fn guarding_at_publication(mut self) -> Self {
        self.guard_at_publication = true;
        self
    }

    /// The PDF the last [`Session::check`] rendered on trial, when the
    /// session keeps it and the book has templates of its own: the PDF a
    /// build of the same book writes, byte for byte (same backend, same
    /// options, same address). `None` for a book with the embedded
    /// templates, which `check` does not render.
    pub fn take_trial_pdf(&mut self) -> Option<Vec<u8>> {
        self.trial_pdf.take()
    }

    /// Compiles the book at `root` through the gate ([`Session::check`]),
    /// for the session's address (`--base-url`), without writing anything:
    /// the first half of a build, for `kis-book serve`, which publishes the
    /// site and the PDF of one compiled book one after the other
    /// ([`publish_staged`]). Returns the book, its warnings and the
    /// templates and fonts it was compiled with, for the outputs to use
    /// (read once per build).
    pub fn compile_checked(&mut self, root: &Path) -> Result<Checked, BuildFailure> {
        let input = self.open(root);
        let compilation = self.check_input(&input);
        match compilation.compiled {
            Some(mut book) if !compilation.diagnostics.has_errors() => {
                if let Some(url) = &self.base_url {
                    crate::render::site::readdress(&mut book.config, url);
                }
                Ok(Checked {
                    book,
                    warnings: compilation.diagnostics,
                    assets: input.assets().clone(),
                })
            }
            _ => Err(BuildFailure::Book(compilation.diagnostics)),
        }
    }

    /// `kis-book check`: the gate. Compiles the book at `root`, asks every
    /// backend of the session what it refuses and, when the book has
    /// templates of its own that differ from the embedded ones, renders it
    /// once into a temporary folder, so that what only rendering finds (a
    /// template that calls what does not exist) is a `check` error too. The
    /// embedded templates are tested with the code; a designer's are not.
    pub fn check(&mut self, root: &Path) -> Compilation {
        let input = self.open(root);
        self.check_input(&input)
    }

    /// [`Session::check`] of the book `input`.
    fn check_input(&mut self, input: &BookInput) -> Compilation {
        self.trial_pdf = None;
        let root = input.root();
        let mut compilation = self.gate(input);
        let book = match &mut compilation.compiled {
            Some(book) if !compilation.diagnostics.has_errors() && input.has_own_templates() => {
                book
            }
            _ => return compilation,
        };
        // On trial as a build renders it: for the session's address.
        if let Some(url) = &self.base_url {
            crate::render::site::readdress(&mut book.config, url);
        }
        let scratch = std::env::temp_dir().join(format!(
            "kis-book-check-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let mut found = Diagnostics::default();
        let rendered = self.render(input, &scratch, book, &mut found);
        if self.keep_trial {
            self.trial_pdf = trial_pdf(&rendered);
        }
        let _ = std::fs::remove_dir_all(&scratch);
        let diagnostics = &mut compilation.diagnostics;
        match rendered {
            Ok(_) => {}
            Err(err) => diagnostics.push(render_error(root, &format!("{err:#}"))),
        }
        for d in found.sorted() {
            if !diagnostics.sorted().contains(&d) {
                diagnostics.push(d.clone());
            }
        }
        compilation
    }

    /// The input of a compile of the book at `root`, with what the
    /// session's compiles before kept. What none of the last [`MAX_AGE`]
    /// compiles used is dropped first: `serve` trims its backends on its
    /// own, never this session, and its memory must stay flat.
    fn open(&self, root: &Path) -> BookInput {
        if let Some(memos) = &self.memos {
            memos.evict(MAX_AGE);
        }
        BookInput::open(root).with_memos(self.memos.clone())
    }

    /// Compiles the book of `input` and asks every backend what it refuses
    /// in it, and the publication whether the output folder is the book's
    /// own.
    fn gate(&self, input: &BookInput) -> Compilation {
        let mut draft = crate::compile::draft(input);
        let ctx = CheckContext {
            input,
            book: draft.book.as_ref(),
        };
        for backend in &self.backends {
            backend.check(&ctx, &mut draft.diagnostics);
        }
        let mut compilation = draft.finish();
        // The output folder must be the book's own, or `build` would write
        // outside the book. A session that guards at publication still
        // looks when the book already fails, since then nothing is
        // published: its output folder's fault is told with the book's.
        if !self.guard_at_publication || compilation.diagnostics.has_errors() {
            publish::guard::check(input.root(), &mut compilation.diagnostics);
        }
        compilation
    }

    /// Builds the book at `root`: checks and compiles it, then runs every
    /// backend. The first renders while the others prepare beside it.
    ///
    /// The book goes through the same gate as `kis-book check` first
    /// ([`Session::check`]), so a book that `check` refuses is refused here
    /// with the same diagnostics, before anything is written. (The trial
    /// rendering of a book with templates of its own is the build itself:
    /// a template that fails to render is told as `check` tells it.)
    ///
    /// The book is locked for the build ([`publish::Publication`]): a
    /// second build of it at the same time fails with [`publish::Busy`].
    /// The outputs are written into a staging folder and become visible in
    /// `build/` together, in one step, or not at all.
    pub fn build(&mut self, root: &Path) -> Result<BuildReport, BuildFailure> {
        let input = self.open(root);
        let publication = match publish::Publication::lock(root) {
            Ok(publication) => publication,
            Err(err) if err.is::<publish::Busy>() => return Err(BuildFailure::Output(err)),
            Err(err) => {
                // A root that is no folder is the editor's mistake, which
                // the gate names (no content folder).
                let compilation = self.gate(&input);
                if compilation.diagnostics.has_errors() {
                    return Err(BuildFailure::Book(compilation.diagnostics));
                }
                return Err(BuildFailure::Output(err));
            }
        };
        let compilation = self.gate(&input);
        let mut diagnostics = compilation.diagnostics;
        let mut book = match compilation.compiled {
            Some(book) if !diagnostics.has_errors() => book,
            _ => return Err(BuildFailure::Book(diagnostics)),
        };
        if let Some(url) = &self.base_url {
            crate::render::site::readdress(&mut book.config, url);
        }
        let staging = publication.stage().map_err(BuildFailure::Output)?;
        let mut outputs = match self.render(&input, staging.path(), &book, &mut diagnostics) {
            Ok(Some(outputs)) => outputs,
            Ok(None) => return Err(BuildFailure::Book(diagnostics)),
            Err(err) => {
                let text = format!("{err:#}");
                if input.has_own_templates() && text.contains(TERA_RENDER_FAILED) {
                    diagnostics.push(render_error(root, &text));
                    return Err(BuildFailure::Book(diagnostics));
                }
                return Err(BuildFailure::Output(err));
            }
        };
        name_published(&mut outputs, staging.path(), &publication.published());
        ignore_in_git(staging.path()).map_err(BuildFailure::Output)?;
        staging.publish().map_err(BuildFailure::Output)?;
        Ok(BuildReport {
            outputs,
            diagnostics,
        })
    }

    /// Runs every backend on the compiled `book`, writing into `out_dir`.
    /// Problems in the book go to `diagnostics`, and `Ok(None)` when they
    /// stopped a backend; `Err` is a failure to write.
    fn render(
        &mut self,
        input: &BookInput,
        out_dir: &Path,
        book: &Compiled,
        diagnostics: &mut Diagnostics,
    ) -> anyhow::Result<Option<Outputs>> {
        let ctx = RenderContext {
            book,
            root: input.root(),
            out_dir,
            assets: input.assets(),
            artifacts: &[],
        };
        let Some((first, rest)) = self.backends.split_first_mut() else {
            return Ok(Some(Vec::new()));
        };
        let (rendered, prepared) = std::thread::scope(|scope| {
            let beside = std::thread::Builder::new()
                .name("kis-book-prepare".into())
                .spawn_scoped(scope, || rest.iter_mut().try_for_each(|b| b.prepare(&ctx)));
            let rendered = first.render(&ctx, diagnostics);
            let prepared = match beside {
                Ok(thread) => thread.join().unwrap_or_else(|panic| {
                    Err(anyhow::anyhow!(
                        "internal error while preparing the outputs: {}",
                        panic_message(panic.as_ref())
                    ))
                }),
                Err(err) => Err(anyhow::anyhow!("failed to start a thread: {err}")),
            };
            (rendered, prepared)
        });
        let mut outputs = Vec::new();
        let mut artifacts: Vec<Artifact> = Vec::new();
        let Some(output) = rendered? else {
            return Ok(None);
        };
        prepared?;
        artifacts.extend(output.artifacts.iter().cloned());
        outputs.push((first.name(), output));
        for backend in rest {
            let ctx = RenderContext {
                artifacts: &artifacts,
                ..ctx
            };
            let Some(output) = backend.render(&ctx, diagnostics)? else {
                return Ok(None);
            };
            artifacts.extend(output.artifacts.iter().cloned());
            outputs.push((backend.name(), output));
        }
        Ok(Some(outputs))
    }

    /// Ends a rebuild: what no build used in the last three is dropped and
    /// the allocator's free memory goes back to the system, so that memory
    /// stays flat over hundreds of rebuilds. `serve` calls it after the
    /// open pages were told to reload.
    pub fn trim(&mut self) {
        for backend in &mut self.backends {
            backend.trim(MAX_AGE);
        }
        crate::base::memory::release_free();
    }
}

/// The PDF a trial rendering wrote into its scratch folder, when it
/// rendered every output.
fn trial_pdf(rendered: &anyhow::Result<Option<Outputs>>) -> Option<Vec<u8>> {
    let Ok(Some(outputs)) = rendered else {
        return None;
    };
    outputs
        .iter()
        .flat_map(|(_, output)| &output.artifacts)
        .find(|artifact| artifact.kind == backend::ArtifactKind::Pdf)
        .and_then(|artifact| std::fs::read(&artifact.path).ok())
}

/// How Tera begins the message of a template that failed to render.
const TERA_RENDER_FAILED: &str = "Failed to render '";

/// A book's own template that failed to render, as a diagnostic at the
/// template when the message names it: Tera does ("Failed to render
/// 'site/page.html': …").
fn render_error(root: &Path, text: &str) -> Diagnostic {
    let (path, reason) = match text.split_once(TERA_RENDER_FAILED) {
        Some((_, rest)) => {
            let (name, reason) = rest.split_once("': ").unwrap_or((rest, rest));
            (root.join("templates").join(name), reason.to_owned())
        }
        None => (root.join("templates"), text.to_owned()),
    };
    Diagnostic::new(
        codes::TEMPLATE_ERROR,
        path,
        Pos::default(),
        format!("the template cannot be rendered: {reason}"),
    )
}

/// One publication of what `write` writes into the staging folder, which
/// starts as the published files (so what it leaves alone stays as it
/// was): locked, staged and switched into `build/` in one step, or not at
/// all ([`publish::Publication`]). `kis-book serve` publishes the site
/// first, then the PDF with the site that offers it, each this way,
/// without waiting for the disk ([`publish::Staging::publish_keeping`]).
/// `kept` is what the session's last publication left for this one to
/// stage from (the previous publication, kept), and then what this one
/// leaves for the next.
pub(crate) fn publish_staged(
    root: &Path,
    kept: &mut Option<Kept>,
    write: impl FnOnce(&Path) -> Result<Vec<(&'static str, backend::Output)>, BuildFailure>,
) -> Result<Vec<(&'static str, backend::Output)>, BuildFailure> {
    let publication =
        publish::Publication::lock_keeping(root, kept.take()).map_err(BuildFailure::Output)?;
    if !publication.keeps() {
        guard(root)?;
    }
    let (staging, staged) = publication.stage_listed().map_err(BuildFailure::Output)?;
    if staged.refused {
        // What staging left behind, as the gate tells it.
        guard(root)?;
    }
    let mut outputs = output::with_listing(staging.path(), staged.files, || write(staging.path()))?;
    name_published(&mut outputs, staging.path(), &publication.published());
    ignore_in_git(staging.path()).map_err(BuildFailure::Output)?;
    *kept = staging.publish_keeping().map_err(BuildFailure::Output)?;
    Ok(outputs)
}

/// The gate's look at the output folder ([`publish::guard`]), for a
/// publication of a session that leaves it to the publication
/// ([`Session::guarding_at_publication`]).
fn guard(root: &Path) -> Result<(), BuildFailure> {
    let mut diags = Diagnostics::default();
    publish::guard::check(root, &mut diags);
    if diags.has_errors() {
        return Err(BuildFailure::Book(diags));
    }
    Ok(())
}

/// The backends name the files they wrote in the staging folder; the
/// terminal names them where they are published.
fn name_published(
    outputs: &mut [(&'static str, backend::Output)],
    staged: &Path,
    published: &Path,
) {
    let (staged, published) = (
        staged.display().to_string(),
        published.display().to_string(),
    );
    for (_, output) in outputs {
        for line in &mut output.summary {
            *line = line.replace(&staged, &published);
        }
    }
}

/// The message of a panic, for the editor's report.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown")
}
