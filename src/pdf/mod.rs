//! The PDF backend: the compiled book through Typst, as a library, into an
//! accessible, reproducible PDF.
//!
//! ```text
//! Compiled -> source::generate (main.typ + source map)
//!          -> data::book_data (data.json: budget tables, Totaaloverzicht)
//!          -> world::BookWorld (templates and fonts from the assets)
//!          -> typst::compile -> typst_pdf::pdf -> build/<output>.pdf
//! ```
//!
//! Typst's errors and warnings become [`Diagnostic`]s at the Markdown file
//! and line that produced them (see [`sourcemap`]).

mod data;
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

use crate::Compiled;
use crate::assets::Assets;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::pdf::sourcemap::{SourceMap, line_of};
use crate::pdf::world::BookWorld;

pub use crate::pdf::source::{Generated, generate};

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

/// A PDF written to disk.
#[derive(Debug)]
pub struct Built {
    /// The PDF, e.g. `build/kis-werkplan-2019.pdf`.
    pub pdf: PathBuf,
    /// The generated Typst, when asked for.
    pub typ: Option<PathBuf>,
    /// Number of pages.
    pub pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

/// Renders the book at `root` to `build/<output_name>.pdf`, atomically: a
/// failed build leaves the previous PDF in place. Typst's problems go to
/// `diags`; `None` when they stopped the build.
pub fn build(
    root: &Path,
    compiled: &Compiled,
    options: &Options,
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<Built>> {
    let out_dir = root.join("build");
    let name = &compiled.book.config.output_name;
    let pdf_path = out_dir.join(format!("{name}.pdf"));
    let typ_path = out_dir.join(format!("{name}.typ"));
    let rendered = render(root, compiled, options.source_date_epoch.as_deref(), diags)?;
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("failed to create `{}`", out_dir.display()))?;
    if options.write_typ {
        // The source is written even when Typst fails: that is when a
        // designer wants to read it.
        let typ = match &rendered {
            Some(r) => r.typ.clone(),
            None => generate(root, compiled).text,
        };
        crate::output::write_file(&typ_path, typ.as_bytes())?;
    }
    let Some(rendered) = rendered else {
        return Ok(None);
    };
    crate::output::write_file(&pdf_path, &rendered.pdf)?;
    Ok(Some(Built {
        pdf: pdf_path,
        typ: options.write_typ.then_some(typ_path),
        pages: rendered.pages,
        timings: rendered.timings,
    }))
}

/// Renders the book in memory. Typst's problems go to `diags`; `None`
/// when they stopped the build.
pub fn render(
    root: &Path,
    compiled: &Compiled,
    source_date_epoch: Option<&str>,
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<Rendered>> {
    let start = Instant::now();
    let config = &compiled.book.config;
    let generated = generate(root, compiled);
    let data = data::book_data(config, &compiled.programme);
    let json = serde_json::to_vec(&data).context("failed to serialise the book data")?;
    let date = world::fixed_date(&config.date, source_date_epoch)?;
    let assets = Assets::new(root);
    let world = BookWorld::new(
        root,
        &assets,
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
