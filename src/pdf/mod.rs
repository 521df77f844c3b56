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

mod escape;
mod source;
pub mod sourcemap;
mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use typst::WorldExt as _;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::assets::Assets;
use crate::backend::{Artifact, ArtifactKind, Backend, Output, RenderContext};
use crate::compiled::Compiled;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::pdf::sourcemap::{SourceMap, line_of};
use crate::pdf::world::BookWorld;

pub use crate::pdf::source::{Generated, generate};
pub use crate::pdf::world::fixed_date;

/// How to build the PDF.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also write the generated Typst beside the PDF.
    pub write_typ: bool,
    /// `SOURCE_DATE_EPOCH`, when set: the PDF's timestamp instead of the
    /// book's date.
    pub source_date_epoch: Option<String>,
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
        let start = Instant::now();
        let config = &compiled.config;
        let generated = generate(root, compiled);
        let json =
            serde_json::to_vec(&compiled.views).context("failed to serialise the book data")?;
        let date = world::fixed_date(&config.date, self.options.source_date_epoch.as_deref())?;
        let world = BookWorld::new(
            root,
            assets,
            &mut self.state,
            (source::MAIN, generated.text.clone()),
            vec![(source::DATA, Bytes::new(json))],
            Some(date),
        )?;
        let prepared = Instant::now();

        let warned = match guarded(|| typst::compile::<PagedDocument>(&world)) {
            Ok(warned) => warned,
            Err(panic) => {
                diags.push(internal_error(&panic));
                return Ok(None);
            }
        };
        let compiled_at = Instant::now();
        let problems = |list: &[SourceDiagnostic], diags: &mut Diagnostics| {
            for d in list {
                diags.push(to_diagnostic(&world, &generated.map, d));
            }
        };
        problems(&warned.warnings, diags);
        let document = match warned.output {
            Ok(document) => document,
            Err(errors) => {
                problems(&errors, diags);
                return Ok(None);
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
                return Ok(None);
            }
            Err(panic) => {
                diags.push(internal_error(&panic));
                return Ok(None);
            }
        };
        let exported = Instant::now();
        Ok(Some(Rendered {
            pdf,
            typ: generated.text,
            pages: document.pages().len(),
            timings: Timings {
                prepare: prepared - start,
                compile: compiled_at - prepared,
                export: exported - compiled_at,
            },
        }))
    }
}

impl Backend for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    /// Writes `build/<output_name>.pdf`, atomically: a failed build leaves
    /// the previous PDF in place.
    fn render(
        &mut self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> anyhow::Result<Option<Output>> {
        let config = &ctx.book.config;
        let name = &config.output_name;
        let pdf_path = ctx.out_dir.join(format!("{name}.pdf"));
        let typ_path = ctx.out_dir.join(format!("{name}.typ"));
        let rendered = self.render_pdf(ctx.root, ctx.book, ctx.assets, diags)?;
        std::fs::create_dir_all(ctx.out_dir)
            .with_context(|| format!("failed to create `{}`", ctx.out_dir.display()))?;
        let mut summary = Vec::new();
        if self.options.write_typ {
            // The source is written even when Typst fails: that is when a
            // designer wants to read it.
            let typ = match &rendered {
                Some(r) => r.typ.clone(),
                None => generate(ctx.root, ctx.book).text,
            };
            crate::output::write_file(&typ_path, typ.as_bytes())?;
            summary.push(format!("wrote {}", typ_path.display()));
        }
        let Some(rendered) = rendered else {
            return Ok(None);
        };
        crate::output::write_file(&pdf_path, &rendered.pdf)?;
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
            artifacts: vec![Artifact {
                kind: ArtifactKind::Pdf,
                path: pdf_path,
                title: format!("{} als PDF", config.title),
            }],
            summary,
            timings: vec![
                ("pdf: generate + world", t.prepare),
                ("pdf: typst compile", t.compile),
                ("pdf: typst export", t.export),
            ],
        }))
    }

    /// Typst's memoised results are kept between rebuilds, so that a
    /// one-chapter edit reuses the layout of the rest; those unused for
    /// `max_age` builds go. (Typst keeps them per process, not per world.)
    fn trim(&mut self, max_age: u64) {
        typst::comemo::evict(usize::try_from(max_age).unwrap_or(usize::MAX));
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
    Diagnostic::error(
        source::TEMPLATE.trim_start_matches('/'),
        Pos::default(),
        format!("typst stopped with an internal error: {panic}"),
    )
    .with_hint(
        "this is a bug in Typst, not in the book; `kis-book build --typ` writes the \
         generated source to report it with",
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
fn to_diagnostic(world: &BookWorld, map: &SourceMap, d: &SourceDiagnostic) -> Diagnostic {
    let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| DiagSpan::from(t.span)));
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
                 (`kis-book build --typ` writes it)"
            ));
            (path.to_path_buf(), Pos::new(line, 0))
        }
        None => template_position(world, spans),
    };
    let message = editor_message(&d.message);
    let mut out = match d.severity {
        Severity::Error => Diagnostic::error(path, pos, message),
        Severity::Warning => Diagnostic::warning(path, pos, message),
    };
    if !hints.is_empty() {
        out = out.with_hint(hints.join("; "));
    }
    out
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
