//! The html backend: the work plan as a static, accessible website.
//!
//! ```text
//! Compiled -> prepare: page texts (document tree -> HTML), search index,
//!             exports, static files (while Typst makes the PDF)
//!          -> pages (through Tera templates, with the PDF's size)
//!          -> build/site, updated in place: only changed files are
//!             written, and only once all of them could be (see [`output`])
//! ```
//!
//! Links between pages are relative (see [`links`]), so the site works from
//! disk and under any sub-path; everything an editor wrote is escaped (see
//! [`html`]); output is deterministic: the same book gives the same bytes.

mod assets;
pub mod cache;
pub mod html;
pub mod links;
mod outline;
mod pages;
pub mod search;
mod tables;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::Compiled;
use crate::assets::Assets;
use crate::export::{self, Format};
use crate::output::{self, Content, FolderWrite};

/// What a site build wrote.
#[derive(Debug, Clone)]
pub struct SiteReport {
    /// The site folder.
    pub dir: PathBuf,
    /// How many files it holds.
    pub files: usize,
    /// How many HTML pages.
    pub pages: usize,
    /// Whether the PDF was copied in.
    pub with_pdf: bool,
    /// How many files were written, kept and removed.
    pub output: FolderWrite,
    /// Making what does not depend on the PDF (see [`prepare`]).
    pub prepare: Duration,
    /// Rendering the pages.
    pub render: Duration,
    /// Writing the changed files.
    pub write: Duration,
}

/// A download offered on every page: (path in the site, link text, type
/// and size).
type Download = (String, String, String);

/// The part of the site that does not depend on the PDF, made while Typst
/// works (see [`prepare`]).
#[derive(Debug)]
pub struct Prepared<'a> {
    tera: Arc<tera::Tera>,
    fingerprint: u128,
    pages: pages::Prepared<'a>,
    /// The budget exports, as offered for download.
    exports: Vec<Download>,
    /// Every file but the pages and the PDF.
    files: pages::Files,
    took: Duration,
}

/// Makes what the site needs besides the PDF: the templates, every page's
/// text, the search index, the budget exports and the static files.
pub fn prepare<'a>(compiled: &'a Compiled, assets: &Assets) -> anyhow::Result<Prepared<'a>> {
    let start = Instant::now();
    let config = &compiled.book.config;
    let (tera, fingerprint) = assets::templates(assets)?;
    let (pages, mut files) = pages::prepare(compiled, &tera)?;
    let mut downloads = Vec::new();
    let exports = [
        (
            Format::Csv,
            "csv",
            "Begroting als CSV",
            "CSV voor spreadsheets",
        ),
        (
            Format::Json,
            "json",
            "Begroting als JSON",
            "JSON, open data",
        ),
    ];
    for (format, ext, text, kind) in exports {
        let body = export::render(format, config, &compiled.programme);
        let path = format!("downloads/{}-begroting.{ext}", config.output_name);
        downloads.push((
            path.clone(),
            text.to_owned(),
            format!("{kind}, {}", size(body.len())),
        ));
        files.insert(path, body.into_bytes());
    }
    for (name, bytes) in assets::static_files(assets)? {
        files.insert(format!("static/{name}"), bytes);
    }
    Ok(Prepared {
        tera,
        fingerprint,
        pages,
        exports: downloads,
        files,
        took: start.elapsed(),
    })
}

/// Builds the site of `compiled` into `out_dir` (e.g. `build/site`) from
/// what [`prepare`] made.
///
/// Only changed files are written, all or none (see [`output`]), so a
/// failed build leaves the previous site in place. `pdf` is the PDF to copy
/// in and link, if there is one.
pub fn build_site(
    compiled: &Compiled,
    prepared: Prepared<'_>,
    out_dir: &Path,
    pdf: Option<&Path>,
) -> anyhow::Result<SiteReport> {
    let start = Instant::now();
    let config = &compiled.book.config;
    let pdf = pdf.map(|p| (pdf_path(&config.output_name), p));
    let mut downloads = Vec::new();
    if let Some((rel, path)) = &pdf {
        let len = std::fs::metadata(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?
            .len();
        downloads.push((
            rel.clone(),
            format!("{} als PDF", config.title),
            format!("PDF, {}", size(usize::try_from(len).unwrap_or(usize::MAX))),
        ));
    }
    downloads.extend(prepared.exports.iter().cloned());
    let renderer = pages::Renderer {
        tera: &prepared.tera,
        fingerprint: prepared.fingerprint,
    };
    let rendered = pages::render(compiled, &prepared.pages, &renderer, &downloads)?;
    let render = start.elapsed();
    let written = Instant::now();
    let pages = rendered.len();
    let mut folder: Vec<(&str, Content<'_>)> = rendered
        .iter()
        .chain(&prepared.files)
        .map(|(rel, bytes)| (rel.as_str(), Content::Bytes(bytes)))
        .collect();
    if let Some((rel, path)) = &pdf {
        folder.push((rel, Content::Copy(path)));
    }
    let files = folder.len();
    let output = output::write_folder(out_dir, folder)?;
    Ok(SiteReport {
        dir: out_dir.to_path_buf(),
        files,
        pages,
        with_pdf: pdf.is_some(),
        output,
        prepare: prepared.took,
        render,
        write: written.elapsed(),
    })
}

/// Where the site offers the PDF.
fn pdf_path(output_name: &str) -> String {
    format!("downloads/{output_name}.pdf")
}

/// A file size in Dutch notation: "12 kB", "1,2 MB".
fn size(bytes: usize) -> String {
    let kb = bytes.div_ceil(1000);
    if kb < 1000 {
        format!("{kb} kB")
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_dutch() {
        assert_eq!(size(1), "1 kB");
        assert_eq!(size(12_345), "13 kB");
        assert_eq!(size(1_234_567), "1,3 MB");
    }
}
