//! What every output of a build has in common: a backend says what it
//! refuses in a book ([`Backend::check`], which `check` asks before
//! anything is written), and gets a render context (the compiled book, its
//! output folder, the assets and what the backends before it wrote) and
//! returns what it wrote.
//!
//! The recipe for a new output (a Word export some day) is in
//! docs/architecture.md: a module beside `pdf/` and `site/` that
//! implements [`Backend`], a variant of [`crate::report::build::OutputKind`] with
//! its arm in `Session::with_outputs`, and its name for `--only`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::base::diagnostics::Diagnostics;
use crate::compile::compiled::Compiled;
use crate::source::assets::Assets;
use crate::source::input::BookInput;

/// What a backend's check may read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckContext<'a> {
    /// The book's root, templates and fonts.
    pub input: &'a BookInput,
    /// The book as far as it compiled, whatever errors its files have, so
    /// that one run of `check` tells every problem; `None` when it could
    /// not be loaded or is beyond the limits on size.
    pub book: Option<&'a Compiled>,
}

/// Everything a backend may read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderContext<'a> {
    /// The compiled book: its config, budget, pages and views.
    pub book: &'a Compiled,
    /// The book's root folder, which holds `content/`.
    pub root: &'a Path,
    /// The folder the publication is staged in (`ROOT/.kis-book-staging`,
    /// switched into `ROOT/build` when every backend has written; or the
    /// gate's scratch folder); each backend writes its own files or folder
    /// in it. It starts as hard links to the published files: replace a
    /// file, never write into one (see [`crate::base::output`]).
    pub out_dir: &'a Path,
    /// Templates and fonts: the book's own or the embedded defaults.
    pub assets: &'a Assets,
    /// What the backends before this one wrote, in build order; empty while
    /// preparing.
    pub artifacts: &'a [Artifact],
}

/// A file one backend wrote that others may offer, such as the PDF that
/// the site links for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// What it is.
    pub kind: ArtifactKind,
    /// The file.
    pub path: PathBuf,
    /// How a reader calls it, e.g. "Werkplan 2019 als PDF".
    pub title: String,
}

/// The kinds of files backends offer each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// The printable book.
    Pdf,
}

impl ArtifactKind {
    /// The format's name as a reader sees it: "PDF".
    pub fn format_name(self) -> &'static str {
        match self {
            ArtifactKind::Pdf => "PDF",
        }
    }
}

/// What a backend wrote.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Files other backends may offer.
    pub artifacts: Vec<Artifact>,
    /// Lines for the terminal, e.g. "wrote build/x.pdf (100 pages) …".
    pub summary: Vec<String>,
    /// Where the time went, phase by phase.
    pub timings: Vec<(&'static str, Duration)>,
}

/// One output of a build.
pub(crate) trait Backend: Send + std::fmt::Debug {
    /// Its name in messages: "pdf", "site".
    fn name(&self) -> &'static str;

    /// What this output refuses in the book of `ctx`, as diagnostics at
    /// the files an editor or designer can fix: names it keeps for itself,
    /// templates and fonts of the book's own it cannot use. `check` and
    /// every build ask it before anything is written. The default refuses
    /// nothing.
    fn check(&self, _ctx: &CheckContext<'_>, _diags: &mut Diagnostics) {}

    /// Makes what needs no artifact of another backend; the build runs it
    /// beside the backend before this one. The default does nothing.
    fn prepare(&mut self, _ctx: &RenderContext<'_>) -> anyhow::Result<()> {
        Ok(())
    }

    /// Writes the output into the staging folder: a failure throws the
    /// staging away and leaves the previous publication in place. Problems
    /// in the book go to `diags` and stop the build with `Ok(None)`; `Err`
    /// is a failure to write.
    fn render(
        &mut self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> anyhow::Result<Option<Output>>;

    /// Forgets what was kept for rebuilds and is unused for `max_age`
    /// builds (see [`crate::report::build::Session::trim`]).
    fn trim(&mut self, _max_age: u64) {}
}
