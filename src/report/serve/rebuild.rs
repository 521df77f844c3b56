//! What a save sets off in `kis-book serve`: the site first, the PDF after.
//!
//! ```text
//! compile through the gate (build::compile_checked)
//!   -> the site, offering the PDF published before -> publication 1:
//!      only what the save touched is made again (pages, page texts and
//!      the exports from the site's memo); the search index, made of
//!      every page's words, is left as it was
//!      -> the pages are told to reload
//!   -> on the PDF thread: Typst, with nothing locked meanwhile, from the
//!      templates and fonts the compile read (no second read)
//!      -> the new PDF and the site that offers it, with its search
//!         index -> publication 2
//!      -> the pages are told (to reload only when they changed)
//! ```
//!
//! Each is one whole publication, switched atomically
//! ([`crate::report::build::publish_staged`]); the two threads take turns through
//! the lock on the site backend. A PDF whose book is no longer the
//! published site's (a later save was published while Typst worked) is
//! dropped, and only the newest waiting save is built next: no queue of
//! stale builds. A save with errors publishes nothing, so the PDF of the
//! last good one still follows. After both publications `build/` is a
//! cold build's, byte for byte: the same PDF, and the site rendered with
//! it (tests/it/preview.rs checks this).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use super::Live;
use crate::base::diagnostics::{Diagnostics, codes};
use crate::compile::compiled::Compiled;
use crate::render::backend::{Artifact, Backend as _, RenderContext};
use crate::report::build::{self, BuildFailure};
use crate::source::assets::Assets;
use crate::{render::pdf, render::site};

/// How a page offers a download: path, link text, type and size.
type Offer = site::Download;

/// The rebuilds of one serve session (the watcher's thread), with the
/// PDF thread they hand each published book to.
#[derive(Debug)]
pub(super) struct Rebuilds {
    shared: Arc<RebuildState>,
    /// The gate every save goes through, kept for the session: what the
    /// outputs refuse, and a book's own templates rendered on trial, whose
    /// PDF the PDF thread then publishes instead of rendering its own.
    gate: build::Session,
    /// Bumped on every save.
    generation: u64,
}

/// What both threads use.
#[derive(Debug)]
struct RebuildState {
    root: PathBuf,
    base_url: Option<String>,
    live: Arc<Live>,
    /// The site backend and what it last published; held while either
    /// thread publishes.
    site: Mutex<Published>,
    /// The book waiting for its PDF, and the last save whose PDF is done.
    jobs: Mutex<Jobs>,
    jobs_changed: Condvar,
}

#[derive(Debug, Default)]
struct Published {
    site: site::Site,
    /// The save whose book the published site shows.
    generation: u64,
    /// How its pages offer the PDF (`None`: no PDF yet).
    offer: Option<Offer>,
    /// The previous publication, kept for the next to be staged from.
    kept: Option<build::Kept>,
}

#[derive(Debug, Default)]
struct Jobs {
    /// The newest published book without its PDF; a newer one replaces it.
    next: Option<Job>,
    /// The newest save whose PDF is done (published, dropped or failed).
    done: u64,
}

#[derive(Debug)]
struct Job {
    generation: u64,
    book: Arc<Compiled>,
    /// The PDF the gate rendered on trial (a book with templates of its
    /// own), to publish as it is; `None`: the PDF thread renders it.
    pdf: Option<Vec<u8>>,
    /// The templates and fonts the book was compiled with.
    assets: Arc<Assets>,
    saved: Instant,
}

impl Rebuilds {
    /// Starts the PDF thread for the book at `root`, built for `base_url`
    /// when given.
    pub(super) fn start(
        root: &Path,
        base_url: Option<String>,
        live: Arc<Live>,
    ) -> anyhow::Result<Self> {
        // A session of rebuilds runs for hours: keep its heap from
        // fragmenting (src/base/memory.rs).
        crate::base::memory::limit_arenas();
        let shared = Arc::new(RebuildState {
            root: root.to_path_buf(),
            base_url,
            live,
            site: Mutex::default(),
            jobs: Mutex::default(),
            jobs_changed: Condvar::new(),
        });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("kis-book-pdf".into())
            .spawn(move || worker.pdf_thread())?;
        let gate = build::Session::new(&build::serve_options())
            .for_address(shared.base_url.clone())
            .keeping_trial()
            .guarding_at_publication();
        Ok(Self {
            shared,
            gate,
            generation: 0,
        })
    }

    /// Rebuilds after a save at `saved`: publishes the site and tells the
    /// pages, then hands the book to the PDF thread. Returns whether the
    /// site was published.
    pub(super) fn rebuild(
        &mut self,
        saved: Instant,
        on_built: &mut dyn FnMut(&Diagnostics),
    ) -> bool {
        self.generation += 1;
        let shared = &self.shared;
        let compiled = self.gate.compile_checked(&shared.root);
        let trial_pdf = self.gate.take_trial_pdf();
        let published = compiled.and_then(|checked| {
            let book = Arc::new(checked.book);
            let assets = Arc::new(checked.assets);
            shared.publish_site(self.generation, &book, &assets)?;
            Ok((book, assets, checked.warnings))
        });
        match published {
            Ok((book, assets, warnings)) => {
                shared.live.site_published(saved);
                on_built(&warnings);
                if trial_pdf.is_some() {
                    // The gate laid the PDF out: what it no longer uses
                    // goes, as the PDF thread's own would (src/base/memory.rs).
                    self.gate.trim();
                }
                let mut jobs = shared.jobs();
                jobs.next = Some(Job {
                    generation: self.generation,
                    book,
                    pdf: trial_pdf,
                    assets,
                    saved,
                });
                drop(jobs);
                shared.jobs_changed.notify_all();
                true
            }
            Err(failure) => {
                shared
                    .live
                    .failed(&shared.diagnostics(failure), &shared.root);
                crate::base::memory::release_free();
                false
            }
        }
    }

    /// Waits until the PDF of the latest published save is done.
    pub(super) fn wait_for_pdf(&self) {
        let shared = &self.shared;
        let published = shared.site().generation;
        let jobs = shared.jobs();
        let _done = shared
            .jobs_changed
            .wait_while(jobs, |j| j.next.is_some() || j.done < published)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

impl RebuildState {
    fn site(&self) -> MutexGuard<'_, Published> {
        self.site.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn jobs(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes the site of `book`, offering the PDF published before;
    /// its search index follows with the PDF (see
    /// [`site::Site::make_index_later`]).
    fn publish_site(
        &self,
        generation: u64,
        book: &Compiled,
        assets: &Assets,
    ) -> Result<(), BuildFailure> {
        let mut published = self.site();
        self.stage_site(&mut published, book, assets, true)?;
        published.generation = generation;
        Ok(())
    }

    /// After the PDF of `job` failed: its site once more, with the search
    /// index its first publication left to the PDF's, while its book is
    /// still the published one.
    fn complete_site(&self, job: &Job) {
        let mut published = self.site();
        if published.generation == job.generation {
            // Failing too, it leaves the site as it was; the failure told
            // is the PDF's.
            let _ = self.stage_site(&mut published, &job.book, &job.assets, false);
        }
    }

    /// Publishes the site of `book`, offering the PDF published before,
    /// with the search index unless `index_later`.
    fn stage_site(
        &self,
        published: &mut Published,
        book: &Compiled,
        assets: &Assets,
        index_later: bool,
    ) -> Result<(), BuildFailure> {
        let mut offer = None;
        build::publish_staged(&self.root, &mut published.kept, |staging| {
            let previous = pdf::artifact(&book.config, staging);
            let artifacts: Vec<Artifact> = std::fs::symlink_metadata(&previous.path)
                .is_ok_and(|m| m.is_file())
                .then_some(previous)
                .into_iter()
                .collect();
            offer = offer_of(&artifacts)?;
            published.site.make_index_later(index_later);
            let output =
                self.render_site(&mut published.site, book, assets, staging, &artifacts)?;
            Ok(vec![("site", output)])
        })?;
        published.offer = offer;
        published.site.trim(build::MAX_AGE);
        Ok(())
    }

    /// Renders the site of `book` into `staging`, offering `artifacts`.
    fn render_site(
        &self,
        site: &mut site::Site,
        book: &Compiled,
        assets: &Assets,
        staging: &Path,
        artifacts: &[Artifact],
    ) -> Result<crate::render::backend::Output, BuildFailure> {
        let ctx = RenderContext {
            book,
            root: &self.root,
            out_dir: staging,
            assets,
            artifacts,
        };
        let mut diags = Diagnostics::default();
        site.render(&ctx, &mut diags)
            .map_err(BuildFailure::Output)?
            .ok_or(BuildFailure::Book(diags))
    }

    /// The PDF thread: builds the PDF of each book handed to it, newest
    /// first, and publishes it with the site that offers it.
    fn pdf_thread(&self) {
        let mut backend = pdf::Pdf::new(build::serve_options());
        loop {
            let mut job = self.next_job();
            let mut diags = Diagnostics::default();
            let trial = job.pdf.take();
            let rendered_here = trial.is_none();
            let rendered = match trial {
                Some(pdf) => Ok(Some(pdf)),
                None => {
                    let rendered =
                        backend.render_pdf(&self.root, &job.book, &job.assets, &mut diags);
                    rendered.map(|r| r.map(|r| r.pdf))
                }
            };
            let outcome = match rendered {
                Ok(Some(pdf)) => self.publish_pdf(&job, &pdf),
                Ok(None) => Err(BuildFailure::Book(diags.clone())),
                Err(err) => Err(BuildFailure::Output(err)),
            };
            match outcome {
                Ok(Some(pages_changed)) => {
                    for warning in diags.sorted() {
                        eprintln!("{warning}");
                    }
                    self.live.pdf_published(pages_changed, job.saved);
                }
                Ok(None) => {}
                Err(failure) => {
                    self.complete_site(&job);
                    // Only when its book is still the published one: a
                    // later save's own PDF is on its way.
                    if self.site().generation == job.generation {
                        self.live.failed(&self.diagnostics(failure), &self.root);
                    }
                }
            }
            if rendered_here {
                // Typst's memo is the process's: trimmed once a layout, by
                // whoever laid out (the gate trims after its trial).
                backend.trim(build::MAX_AGE);
            }
            crate::base::memory::release_free();
            let mut jobs = self.jobs();
            jobs.done = jobs.done.max(job.generation);
            drop(jobs);
            self.jobs_changed.notify_all();
        }
    }

    fn next_job(&self) -> Job {
        let jobs = self.jobs();
        let mut jobs = self
            .jobs_changed
            .wait_while(jobs, |j| j.next.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        jobs.next
            .take()
            .unwrap_or_else(|| unreachable!("waited for a job"))
    }

    /// Publishes `pdf` and the site that offers it, when the published
    /// site still shows the job's book; `None` when a later save's site
    /// was published meanwhile (the PDF is dropped). Returns whether the
    /// pages changed.
    fn publish_pdf(&self, job: &Job, pdf: &[u8]) -> Result<Option<bool>, BuildFailure> {
        let mut published = self.site();
        if published.generation != job.generation {
            return Ok(None);
        }
        let published = &mut *published;
        let mut offer = None;
        build::publish_staged(&self.root, &mut published.kept, |staging| {
            let artifact = pdf::artifact(&job.book.config, staging);
            crate::base::output::write_file(&artifact.path, pdf).map_err(BuildFailure::Output)?;
            let artifacts = [artifact];
            offer = offer_of(&artifacts)?;
            published.site.make_index_later(false);
            let output = self.render_site(
                &mut published.site,
                &job.book,
                &job.assets,
                staging,
                &artifacts,
            )?;
            Ok(vec![("site", output)])
        })?;
        let changed = published.offer != offer;
        published.offer = offer;
        published.site.trim(build::MAX_AGE);
        Ok(Some(changed))
    }

    /// A failure as the editor reads it.
    fn diagnostics(&self, failure: BuildFailure) -> Diagnostics {
        match failure {
            BuildFailure::Book(diags) => diags,
            BuildFailure::Output(err) => {
                let mut diags = Diagnostics::default();
                diags.report(
                    codes::OUTPUT_FAILED,
                    &self.root,
                    Default::default(),
                    format!("{err:#}"),
                );
                diags
            }
        }
    }
}

/// How the pages offer the first of `artifacts`, the PDF.
fn offer_of(artifacts: &[Artifact]) -> Result<Option<Offer>, BuildFailure> {
    artifacts
        .first()
        .map(site::download)
        .transpose()
        .map_err(BuildFailure::Output)
}
