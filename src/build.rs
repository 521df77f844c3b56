//! `kis-book build`: the recipe from sources to published files.
//!
//! compile (load, check, compute, parse) -> the PDF, and meanwhile the
//! PDF-independent part of the site -> the site (which offers the PDF for
//! download), into `build/` under the book's root. Each output is written
//! atomically, so a failed build leaves the previous one in place.

use std::path::{Path, PathBuf};

use crate::assets::Assets;
use crate::diagnostics::Diagnostics;
use crate::pdf::{self, Built};
use crate::site::{self, SiteReport};

/// The output folder under a book's root.
pub const BUILD_DIR: &str = "build";

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// The PDF.
    pub pdf: Built,
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
pub fn build(root: &Path, options: &pdf::Options) -> Result<BuildReport, BuildFailure> {
    let outcome = crate::compile(root);
    let mut diagnostics = outcome.diagnostics;
    let compiled = match outcome.compiled {
        Some(compiled) if !diagnostics.has_errors() => compiled,
        _ => return Err(BuildFailure::Book(diagnostics)),
    };
    let assets = Assets::new(root);
    // The site's texts, search index and exports do not need the PDF: a
    // second thread makes them while Typst lays the book out.
    let (built, prepared) = std::thread::scope(|scope| {
        let site = std::thread::Builder::new()
            .name("kis-book-site".into())
            .spawn_scoped(scope, || site::prepare(&compiled, &assets));
        let built = pdf::build(root, &compiled, options, &mut diagnostics);
        let prepared = match site {
            Ok(thread) => thread.join().unwrap_or_else(|panic| {
                Err(anyhow::anyhow!(
                    "internal error while making the site: {}",
                    panic_message(panic.as_ref())
                ))
            }),
            Err(_) => site::prepare(&compiled, &assets),
        };
        (built, prepared)
    });
    let Some(built) = built.map_err(BuildFailure::Output)? else {
        return Err(BuildFailure::Book(diagnostics));
    };
    let site = site::build_site(
        &compiled,
        prepared.map_err(BuildFailure::Output)?,
        &out_dir(root).join("site"),
        Some(&built.pdf),
    )
    .map_err(BuildFailure::Output)?;
    Ok(BuildReport {
        pdf: built,
        site,
        diagnostics,
    })
}

/// The build options from the environment: `SOURCE_DATE_EPOCH` overrides
/// the book's date as the PDF's timestamp.
pub fn options(write_typ: bool) -> pdf::Options {
    pdf::Options {
        write_typ,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
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
