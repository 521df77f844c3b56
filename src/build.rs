//! `kis-book build`: the recipe from sources to published files.
//!
//! compile (load, check, compute, parse) -> the site, into `build/` under the
//! book's root. Each output is written atomically, so a failed build leaves
//! the previous one in place.

use std::path::{Path, PathBuf};

use crate::assets::Assets;
use crate::diagnostics::Diagnostics;
use crate::site::{self, SiteReport};

/// The output folder under a book's root.
pub const BUILD_DIR: &str = "build";

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// The site.
    pub site: SiteReport,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
}

/// Why a build wrote nothing.
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

/// Builds the book at `root`.
pub fn build(root: &Path) -> Result<BuildReport, BuildFailure> {
    let outcome = crate::compile(root);
    let diagnostics = outcome.diagnostics;
    let compiled = match outcome.compiled {
        Some(compiled) if !diagnostics.has_errors() => compiled,
        _ => return Err(BuildFailure::Book(diagnostics)),
    };
    let assets = Assets::new(root);
    let out = out_dir(root);
    let pdf = out.join(format!("{}.pdf", compiled.book.config.output_name));
    let pdf = pdf.is_file().then_some(pdf);
    let site = site::build_site(&compiled, &assets, &out.join("site"), pdf.as_deref())
        .map_err(BuildFailure::Output)?;
    Ok(BuildReport { site, diagnostics })
}
