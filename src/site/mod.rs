//! The html backend: the work plan as a static, accessible website.
//!
//! ```text
//! Compiled -> pages (document tree -> HTML through Tera templates)
//!          -> search index, exports, PDF, static files
//!          -> a fresh folder beside build/site, swapped in when complete
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

use anyhow::Context as _;

use crate::Compiled;
use crate::assets::Assets;
use crate::export::{self, Format};

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
    let files = render(compiled, assets, pdf)?;
    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
    let count = files.len();
    write_atomically(out_dir, &files)?;
    Ok(SiteReport {
        dir: out_dir.to_path_buf(),
        files: count,
        pages,
        with_pdf: pdf.is_some(),
    })
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
        let bytes =
            std::fs::read(pdf).with_context(|| format!("failed to read `{}`", pdf.display()))?;
        let path = format!("downloads/{}.pdf", config.output_name);
        downloads.push((
            path.clone(),
            format!("{} als PDF", config.title),
            format!("PDF, {}", size(bytes.len())),
        ));
        extra.insert(path, bytes);
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

/// Writes `files` into a new folder beside `out_dir`, then swaps it in.
fn write_atomically(out_dir: &Path, files: &pages::Files) -> anyhow::Result<()> {
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_owned());
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let fresh = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    for stale in [&fresh, &old] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .with_context(|| format!("failed to remove `{}`", stale.display()))?;
        }
    }
    for (rel, bytes) in files {
        let path = fresh.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    if out_dir.exists() {
        std::fs::rename(out_dir, &old).with_context(|| {
            format!("failed to move the old site `{}` aside", out_dir.display())
        })?;
    }
    std::fs::rename(&fresh, out_dir)
        .with_context(|| format!("failed to move the new site to `{}`", out_dir.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("failed to remove `{}`", old.display()))?;
    }
    Ok(())
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
