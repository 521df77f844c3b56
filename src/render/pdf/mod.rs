//! The PDF backend: the compiled book through Typst, as a library, into an
//! accessible, reproducible PDF.
//!
//! ```text
//! Compiled -> source::generate (main.typ + source map)
//!          -> the book's views as /data.json (budget tables, overview)
//!          -> world::BookWorld (templates and fonts from the assets)
//!          -> typst::compile -> typst_pdf::pdf -> build/<output>.pdf
//! ```
//!
//! Typst's errors and warnings become [`Diagnostic`]s at the Markdown file
//! and line that produced them (see [`sourcemap`]). The backend keeps what
//! a rebuild reuses (the fonts, the previous main source) in
//! [`world::State`]; Typst's own memoised results are trimmed by
//! [`Backend::trim`].

mod check;
mod escape;
pub mod project;
mod source;
pub mod sourcemap;
// Public for `benches/split.rs`, which compiles sources of its own in it.
pub mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use typst::WorldExt as _;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::compile::compiled::Compiled;
use crate::render::backend::{
    Artifact, ArtifactKind, Backend, CheckContext, Output, RenderContext,
};
use crate::render::pdf::project::Project;
use crate::render::pdf::sourcemap::{SourceMap, line_of};
use crate::render::pdf::world::BookWorld;
use crate::source::assets::Assets;

pub use crate::render::pdf::source::{DATA, Generated, MAIN, generate};

/// Typst's memoised results unused for this many builds are dropped (see
/// [`Backend::trim`] of [`Pdf`]).
const TYPST_MAX_AGE: u64 = 1;

/// How to build the PDF.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also write the PDF's Typst project (`build/typst/`) for a designer.
    pub write_typ: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the PDF's timestamp instead of the
    /// book's date.
    pub source_date_epoch: Option<String>,
    /// Whether the session builds again (`kis-book serve`): Typst's
    /// memoised results are then kept for the next build. A single build
    /// drops them once the layout is done, before the PDF export, which
    /// lowers its peak memory (the export reuses what they held).
    pub rebuilds: bool,
}

/// Where the time of a build went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Generating main.typ and data.json, and setting up the world.
    pub prepare: Duration,
    /// Typst's compile: evaluation and layout.
    pub compile: Duration,
    /// Typst's PDF export.
    pub export: Duration,
}

/// A rendered PDF.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The generated Typst source.
    pub typ: String,
    /// Number of pages.
    pub pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

/// The PDF backend, with what it keeps between the builds of a session.
#[derive(Debug, Default)]
pub struct Pdf {
    /// How to build.
    options: Options,
    /// The fonts and the previous main source, for rebuilds.
    state: world::State,
}

impl Pdf {
    /// A PDF backend that builds with `options`.
    pub fn new(options: Options) -> Self {
        Self {
            options,
            state: world::State::default(),
        }
    }

    /// Renders the compiled book at `root` in memory. Typst's problems go
    /// to `diags`; `None` when they stopped the build.
    pub fn render_pdf(
        &mut self,
        root: &Path,
        compiled: &Compiled,
        assets: &Assets,
        diags: &mut Diagnostics,
    ) -> anyhow::Result<Option<Rendered>> {
        Ok(self.run(root, compiled, assets, diags)?.0)
    }

    /// Renders the PDF and, when the options ask for it, collects its Typst
    /// project, which is there even when Typst failed.
    fn run(
        &mut self,
        root: &Path,
        compiled: &Compiled,
        assets: &Assets,
        diags: &mut Diagnostics,
    ) -> anyhow::Result<(Option<Rendered>, Option<Project>)> {
        let start = Instant::now();
        let config = &compiled.config;
        let generated = generate(root, compiled);
        let json =
            serde_json::to_vec(&compiled.views).context("failed to serialise the book data")?;
        let epoch = self.options.source_date_epoch.as_deref();
        let date = world::fixed_date(&config.date, epoch)?;
        let world = BookWorld::new(
            root,
            assets,
            &mut self.state,
            (source::MAIN, generated.text.clone()),
            vec![(source::DATA, Bytes::new(json.clone()))],
            Some(date),
        )?;
        let prepared = Instant::now();
        let compiled_typst = guarded(|| typst::compile::<PagedDocument>(&world));
        if !self.options.rebuilds {
            typst::comemo::evict(0);
        }
        let compiled_at = Instant::now();
        let project = if self.options.write_typ {
            let parts = project::Parts {
                main: &generated.text,
                data: &json,
                content: world.content_read(),
                epoch: world::fixed_epoch(&config.date, epoch)?,
                pdf_name: &config.output_name,
            };
            Some(Project::new(assets, parts)?)
        } else {
            None
        };
        let warned = match compiled_typst {
            Ok(warned) => warned,
            Err(panic) => {
                diags.push(internal_error(&panic));
                return Ok((None, project));
            }
        };
        let problems = |list: &[SourceDiagnostic], diags: &mut Diagnostics| {
            for d in list {
                diags.push(to_diagnostic(&world, &generated.map, assets, d));
            }
        };
        problems(&warned.warnings, diags);
        let document = match warned.output {
            Ok(document) => document,
            Err(errors) => {
                problems(&errors, diags);
                return Ok((None, project));
            }
        };

        let options = PdfOptions {
            ident: Smart::Custom(config.output_name.clone()),
            timestamp: Some(Timestamp::new_utc(date)),
            standards: standards()?,
            ..PdfOptions::default()
        };
        let pdf = match guarded(|| typst_pdf::pdf(&document, &options)) {
            Ok(Ok(pdf)) => pdf,
            Ok(Err(errors)) => {
                problems(&errors, diags);
                return Ok((None, project));
            }
            Err(panic) => {
                diags.push(internal_error(&panic));
                return Ok((None, project));
            }
        };
        let exported = Instant::now();
        let rendered = Rendered {
            pdf,
            typ: generated.text,
            pages: document.pages().len(),
            timings: Timings {
                prepare: prepared - start,
                compile: compiled_at - prepared,
                export: exported - compiled_at,
            },
        };
        Ok((Some(rendered), project))
    }
}

impl Backend for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    /// A `SOURCE_DATE_EPOCH` that is no timestamp, the book's own Typst
    /// templates with a syntax error and fonts Typst cannot read.
    fn check(&self, ctx: &CheckContext<'_>, diags: &mut Diagnostics) {
        check::check(ctx, diags);
    }

    /// Writes `<output_name>.pdf` into the publication being staged
    /// (`ctx.out_dir`); it becomes `build/<output_name>.pdf` together with
    /// the site, or not at all (see [`crate::report::publish`]).
    fn render(
        &mut self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> anyhow::Result<Option<Output>> {
        let config = &ctx.book.config;
        let artifact = artifact(config, ctx.out_dir);
        let pdf_path = artifact.path.clone();
        let (rendered, project) = self.run(ctx.root, ctx.book, ctx.assets, diags)?;
        std::fs::create_dir_all(ctx.out_dir)
            .with_context(|| format!("failed to create `{}`", ctx.out_dir.display()))?;
        let mut summary = Vec::new();
        if let Some(project) = project {
            // The project is written even when Typst fails: that is when a
            // designer wants to read it.
            let dir = ctx.out_dir.join(project::DIR);
            project.write(&dir)?;
            summary.push(format!(
                "wrote the Typst project {} (see its README.txt)",
                dir.display()
            ));
        }
        let Some(rendered) = rendered else {
            return Ok(None);
        };
        crate::base::output::write_file(&pdf_path, &rendered.pdf)?;
        let t = rendered.timings;
        summary.insert(
            0,
            format!(
                "wrote {} ({} pages) in {} ms: Typst compile {} ms, PDF export {} ms",
                pdf_path.display(),
                rendered.pages,
                (t.prepare + t.compile + t.export).as_millis(),
                t.compile.as_millis(),
                t.export.as_millis(),
            ),
        );
        Ok(Some(Output {
            artifacts: vec![artifact],
            summary,
            timings: vec![
                ("pdf: generate + world", t.prepare),
                ("pdf: typst compile", t.compile),
                ("pdf: typst export", t.export),
            ],
        }))
    }

    /// Typst's memoised results are kept between rebuilds, so that a
    /// one-chapter edit reuses the layout of the rest; those the last build
    /// did not use go (at most `max_age` builds are kept). Each build hits
    /// the layout of every unchanged page, so keeping more buys a rebuild
    /// nothing and costs memory: on the ten-times book a session levels at
    /// 2.0 GiB with one build kept against 2.7 GiB with three, rebuilding
    /// as fast. (Typst keeps them per process, not per world.)
    fn trim(&mut self, max_age: u64) {
        let max_age = max_age.min(TYPST_MAX_AGE);
        typst::comemo::evict(usize::try_from(max_age).unwrap_or(usize::MAX));
    }
}

/// The PDF of the book with `config` in the publication folder `out_dir`
/// (`<output_name>.pdf`), as the other outputs offer it.
pub fn artifact(config: &crate::source::model::Config, out_dir: &Path) -> Artifact {
    Artifact {
        kind: ArtifactKind::Pdf,
        path: out_dir.join(format!("{}.pdf", config.output_name)),
        title: format!("{} {} PDF", config.title, config.words.download_as),
    }
}

/// Runs a Typst stage, turning a panic (a bug in Typst) into its message,
/// so that one bad paragraph cannot take the editor's whole run down.
fn guarded<T>(stage: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(stage)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned())
    })
}

fn internal_error(panic: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPST_INTERNAL,
        source::TEMPLATE.trim_start_matches('/'),
        Pos::default(),
        format!("typst stopped with an internal error: {panic}"),
    )
    .with_hint(
        "this is a bug in Typst, not in the book; `kis-book build --typ` writes the \
         Typst project (build/typst/) to report it with",
    )
}

/// PDF/UA-1 for accessibility, with PDF/A-2a for archiving: Typst checks
/// both while it exports.
fn standards() -> anyhow::Result<PdfStandards> {
    PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a])
        .map_err(|err| anyhow::anyhow!("Typst refuses PDF/UA-1 with PDF/A-2a: {}", err.message()))
}

/// A Typst diagnostic at the Markdown that produced it: the generated line
/// it points at, or else the call in the generated file that led to it.
fn to_diagnostic(
    world: &BookWorld,
    map: &SourceMap,
    assets: &Assets,
    d: &SourceDiagnostic,
) -> Diagnostic {
    let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| DiagSpan::from(t.span)));
    if let Some(own) = own_template(world, assets, d) {
        return own;
    }
    let in_main = spans.clone().find_map(|span| {
        let id = span.id()?;
        if !world.is_main(id) {
            return None;
        }
        let range = world.range(span)?;
        Some(line_of(world.main_text(), range.start))
    });
    let mut hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    let (path, pos) = match in_main.and_then(|line| map.lookup(line).map(|(p, l)| (p, l, line))) {
        Some((path, line, typ_line)) => {
            hints.push(format!(
                "Typst reported it at line {typ_line} of the generated main.typ \
                 (`kis-book build --typ` writes it to build/typst/)"
            ));
            (path.to_path_buf(), Pos::new(line, 0))
        }
        None => template_position(world, spans),
    };
    let message = editor_message(&d.message);
    let code = match d.severity {
        Severity::Error => codes::TYPST_ERROR,
        Severity::Warning => codes::TYPST_WARNING,
    };
    let mut out = Diagnostic::new(code, path, pos, message);
    if !hints.is_empty() {
        out = out.with_hint(hints.join("; "));
    }
    out
}

/// A problem in a template of the book's own (a designer's copy) is
/// reported where it stands in that template, not at the Markdown that
/// called it: the designer fixes the template.
fn own_template(world: &BookWorld, assets: &Assets, d: &SourceDiagnostic) -> Option<Diagnostic> {
    use typst::World as _;
    let id = d.span.id().filter(|id| !world.is_main(*id))?;
    let path = assets.own_path(id.vpath().get_without_slash())?;
    let source = world.source(id).ok()?;
    let line = world
        .range(d.span)
        .map_or(0, |range| line_of(source.text(), range.start));
    let (code, message) = match d.severity {
        Severity::Error => (codes::TEMPLATE_ERROR, format!("typst: {}", d.message)),
        Severity::Warning => (codes::TYPST_WARNING, format!("typst: {}", d.message)),
    };
    let mut out = Diagnostic::new(code, path, Pos::new(line, 0), message);
    let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    if !hints.is_empty() {
        out = out.with_hint(hints.join("; "));
    }
    Some(out)
}

/// Typst's message in the editor's terms where kis-book knows them: a
/// missing label is a link to a heading that does not exist.
fn editor_message(message: &str) -> String {
    let missing = message
        .strip_prefix("label `label(\"page:")
        .and_then(|rest| rest.strip_suffix("\")` does not exist in the document"));
    match missing {
        Some(target) => match target.split_once('#') {
            Some((slug, anchor)) => format!(
                "the link goes to `#{anchor}` on page `{slug}`, but no heading there has that anchor"
            ),
            None => format!("the link goes to page `{target}`, which is not in the PDF"),
        },
        None => format!("typst: {message}"),
    }
}

/// Where a diagnostic that does not come from the generated file stands:
/// in a template, or nowhere in particular.
fn template_position(
    world: &BookWorld,
    mut spans: impl Iterator<Item = DiagSpan>,
) -> (PathBuf, Pos) {
    use typst::World as _;
    spans
        .find_map(|span| {
            let id = span.id()?;
            let source = world.source(id).ok()?;
            let range = world.range(span)?;
            let rel = id.vpath().get_without_slash().to_owned();
            Some((
                PathBuf::from(rel),
                Pos::new(line_of(source.text(), range.start), 0),
            ))
        })
        .unwrap_or_else(|| {
            (
                PathBuf::from(source::TEMPLATE.trim_start_matches('/')),
                Pos::default(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::editor_message;

    #[test]
    fn missing_labels_become_broken_links() {
        assert_eq!(
            editor_message("label `label(\"page:01-h#nergens\")` does not exist in the document"),
            "the link goes to `#nergens` on page `01-h`, but no heading there has that anchor"
        );
        assert_eq!(
            editor_message("unknown variable: x"),
            "typst: unknown variable: x"
        );
    }
}
