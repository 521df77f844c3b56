//! `kis-book serve`: the editors' preview. Builds, serves the site on
//! 127.0.0.1, watches the sources, rebuilds on save and tells the open
//! pages at once.
//!
//! ```text
//! save -> watch (seen within milliseconds) -> rebuild: the site first,
//!   switched into build/ -> the pages are told (server-sent events) and
//!   reload where the reader was -> the PDF after, on a thread of its own
//!   -> the PDF and the site that offers it -> the pages are told
//! ```
//!
//! A save that breaks the book keeps the last good build served; its
//! diagnostics go to the terminal and over the open page, in the same
//! message that would have told it to reload.

mod files;
mod http;
mod rebuild;
mod server;
mod watch;

pub use files::content_type;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::base::closed::BookRoot;
use crate::base::diagnostics::Diagnostics;
use crate::source::config::{CONFIG_FILE, parse_config};
use crate::source::load::{CONTENT_DIR, read_text};
use crate::source::model::Words;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book's root folder.
    pub root: PathBuf,
    /// The folder with the built site, inside `root` (`build/site`).
    pub site: PathBuf,
    /// Address to listen on; 127.0.0.1 unless the editor asks otherwise.
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The address to build for instead of the book's `base_url`
    /// (`--base-url`); the site is served under its path.
    pub base_url: Option<String>,
}

/// What the preview knows about the latest build, shared with the pages.
#[derive(Debug, Default, Clone)]
pub struct ServeStatus {
    /// Bumped after every publication that changed the pages; pages
    /// reload when it changes.
    pub version: u64,
    /// Bumped after every publication of a new PDF.
    pub pdf: u64,
    /// The diagnostics of the latest failed rebuild, rendered; empty when
    /// the latest rebuild succeeded.
    pub errors: Vec<String>,
    /// The heading over the errors, in the book's words.
    pub heading: String,
    /// Bumped on every change of the above, so that a waiting page is told
    /// of each.
    seq: u64,
}

impl ServeStatus {
    /// The message the pages get: `{"version", "pdf", "errors",
    /// "heading"}`, the heading being what the overlay of errors says.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "version": self.version,
            "pdf": self.pdf,
            "errors": self.errors,
            "heading": self.heading,
        })
        .to_string()
    }
}

/// The status, and a signal for the pages that wait for its next change.
#[derive(Debug, Default)]
pub struct Live {
    status: Mutex<ServeStatus>,
    changed: Condvar,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, ServeStatus> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The status as it is now.
    pub fn now(&self) -> ServeStatus {
        self.lock().clone()
    }

    /// Changes the status and wakes every page that waits.
    fn update(&self, change: impl FnOnce(&mut ServeStatus)) {
        let mut status = self.lock();
        change(&mut status);
        status.seq += 1;
        drop(status);
        self.changed.notify_all();
    }

    /// Waits at most `timeout` for a status newer than `seen` (a
    /// [`ServeStatus::seq`]); `None` when none came.
    fn next_after(&self, seen: u64, timeout: Duration) -> Option<ServeStatus> {
        let status = self.lock();
        let (status, _) = self
            .changed
            .wait_timeout_while(status, timeout, |s| s.seq == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (status.seq != seen).then(|| status.clone())
    }

    /// A new site is published.
    fn site_published(&self, saved: Instant) {
        self.update(|s| {
            s.version += 1;
            s.errors.clear();
        });
        eprintln!("rebuilt in {} ms", saved.elapsed().as_millis());
    }

    /// A new PDF is published, with the site that offers it; the pages
    /// changed when its size (as they print it) did.
    fn pdf_published(&self, pages_changed: bool, saved: Instant) {
        self.update(|s| {
            s.pdf += 1;
            if pages_changed {
                s.version += 1;
            }
        });
        eprintln!(
            "PDF rebuilt {} ms after the save",
            saved.elapsed().as_millis()
        );
    }

    /// A rebuild failed: the last good build stays served. The overlay's
    /// heading is the book's word `preview_errors` as book.yaml gives it
    /// now (the Dutch default when it cannot be read).
    fn failed(&self, diags: &Diagnostics, root: &Path) {
        let errors: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        let heading = words(root).preview_errors;
        // The pages first, then the terminal: what the terminal says is
        // then what a page asking now is told.
        self.update(|s| {
            s.errors.clone_from(&errors);
            s.heading = heading;
        });
        for line in &errors {
            eprintln!("{line}");
        }
        let (count, warnings) = diags.counts();
        eprintln!("{count} error(s), {warnings} warning(s): still serving the last good build");
    }
}

/// The book's words as its config gives them now, for the heading over a
/// failed rebuild's errors and the 404 before a first build: the Dutch
/// defaults when the config cannot be read (its own errors are then among
/// those shown).
fn words(root: &Path) -> Words {
    let mut diags = Diagnostics::default();
    let path = root.join(CONTENT_DIR).join(CONFIG_FILE);
    BookRoot::new(root)
        .ok()
        .and_then(|closed| read_text(&closed, &path, &mut diags))
        .and_then(|text| parse_config(&path, &text, &mut diags))
        .map(|config| config.words)
        .unwrap_or_default()
}

/// The preview's answer to an address while the book has no 404 page yet
/// (no build has succeeded): the book's word, as HTML.
fn not_found_page(root: &Path) -> Vec<u8> {
    crate::render::site::html::escape(&words(root).preview_not_found).into_bytes()
}

/// Serves until the process is stopped: builds the book (the site, then
/// the PDF), calls `on_ready` with the address once the server listens
/// (the command prints it), and rebuilds on every save, calling
/// `on_built` with the warnings of each good rebuild.
pub fn serve(
    options: &ServeOptions,
    on_ready: &mut dyn FnMut(SocketAddr),
    on_built: &mut dyn FnMut(&Diagnostics),
) -> anyhow::Result<()> {
    let live = std::sync::Arc::new(Live::default());
    let mut watcher = watch::Watcher::new(&options.root)?;
    let mut rebuilds =
        rebuild::Rebuilds::start(&options.root, options.base_url.clone(), live.clone())?;
    if !rebuilds.rebuild(Instant::now(), on_built) {
        eprintln!("fix the errors above, then save: the preview starts once the book builds");
    }
    rebuilds.wait_for_pdf();
    let prefix = options.base_url.as_deref().map_or("/", url_path).to_owned();
    let server = server::Server::bind(
        SocketAddr::new(options.host, options.port),
        &options.root,
        &options.site,
        prefix,
        live,
    )?;
    let addr = server.local_addr();
    std::thread::Builder::new()
        .name("kis-book-http".into())
        .spawn(move || server.run())?;
    on_ready(addr);
    loop {
        let _changed = watcher.next_change()?;
        rebuilds.rebuild(Instant::now(), on_built);
    }
}

/// The path of an absolute address, from its first `/` after the host:
/// `https://x.org/review/123/` -> `/review/123/`.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_base_address() {
        assert_eq!(url_path("https://x.org/review/123/"), "/review/123/");
        assert_eq!(url_path("http://localhost:3000/"), "/");
        assert_eq!(url_path("https://x.org"), "/");
    }

    #[test]
    fn a_waiting_page_is_told_of_each_change() {
        let live = Live::default();
        let seen = live.now().seq;
        assert!(live.next_after(seen, Duration::ZERO).is_none());
        live.update(|s| s.version += 1);
        let told = live.next_after(seen, Duration::ZERO).expect("a change");
        assert_eq!(told.version, 1);
        assert!(live.next_after(told.seq, Duration::ZERO).is_none());
    }
}
