//! The html backend: the work plan as a static, accessible website.
//!
//! ```text
//! Compiled -> pages (document tree -> HTML through Tera templates)
//!          -> search index, exports, PDF, static files
//!          -> a fresh folder beside build/site, swapped in when complete
//!             (unchanged files hard-linked from the previous build)
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
    /// How many files were written anew and how many kept from the
    /// previous build.
    pub output: FolderWrite,
    /// Rendering every file in memory.
    pub render: Duration,
    /// Writing the folder and swapping it in.
    pub write: Duration,
}

/// Builds the site of `compiled` into `out_dir` (e.g. `build/site`).
///
/// The site is written to a new folder beside `out_dir` and swapped in when
/// complete, so a failed build leaves the previous site in place. `pdf` is
/// the PDF to copy in and link, if there is one.
pub fn build_site(
    compiled: &Compiled,
    assets: &Assets,
    out_dir: &Path,
    pdf: Option<&Path>,
) -> anyhow::Result<SiteReport> {
    let start = Instant::now();
    let files = render(compiled, assets, pdf)?;
    let rendered = Instant::now();
    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
    let mut count = files.len();
    let mut folder: Vec<(&str, Content<'_>)> = files
        .iter()
        .map(|(rel, bytes)| (rel.as_str(), Content::Bytes(bytes)))
        .collect();
    let pdf = pdf.map(|p| (pdf_path(&compiled.book.config.output_name), p));
    if let Some((rel, path)) = &pdf {
        folder.push((rel, Content::Copy(path)));
        count += 1;
    }
    let output = output::write_folder(out_dir, folder)?;
    Ok(SiteReport {
        dir: out_dir.to_path_buf(),
        files: count,
        pages,
        with_pdf: pdf.is_some(),
        output,
        render: rendered - start,
        write: rendered.elapsed(),
    })
}

/// Where the site offers the PDF.
fn pdf_path(output_name: &str) -> String {
    format!("downloads/{output_name}.pdf")
}

/// Every file of the site, in memory.
fn render(
    compiled: &Compiled,
    assets: &Assets,
    pdf: Option<&Path>,
) -> anyhow::Result<pages::Files> {
    let config = &compiled.book.config;
    let (tera, fingerprint) = assets::templates(assets)?;
    let mut extra = pages::Files::new();
    let mut downloads = Vec::new();
    if let Some(pdf) = pdf {
        let len = std::fs::metadata(pdf)
            .with_context(|| format!("failed to read `{}`", pdf.display()))?
            .len();
        downloads.push((
            pdf_path(&config.output_name),
            format!("{} als PDF", config.title),
            format!("PDF, {}", size(usize::try_from(len).unwrap_or(usize::MAX))),
        ));
    }
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
        extra.insert(path, body.into_bytes());
    }
    for (name, bytes) in assets::static_files(assets)? {
        extra.insert(format!("static/{name}"), bytes);
    }
    let renderer = pages::Renderer {
        tera: &tera,
        fingerprint,
    };
    let mut files = pages::render(compiled, &renderer, &downloads)?;
    files.extend(extra);
    Ok(files)
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
