//! `kis-book serve`: the editors' preview. Builds, serves the site on
//! 127.0.0.1, watches the sources, rebuilds on save and reloads open pages.
//!
//! A save that breaks the book keeps the last good build served; its
//! diagnostics go to the terminal and over the open page.

mod files;
mod http;
mod server;
mod watch;

pub use files::content_type;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::build::{BuildFailure, Session};
use crate::closed::BookRoot;
use crate::config::{CONFIG_FILE, parse_config};
use crate::diagnostics::{Diagnostics, codes};
use crate::load::{CONTENT_DIR, read_text};
use crate::model::Words;

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
}

/// What the preview knows about the latest build, shared with the pages.
#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Bumped after every successful rebuild; pages reload when it changes.
    pub version: u64,
    /// The diagnostics of the latest failed rebuild, rendered; empty when
    /// the latest rebuild succeeded.
    pub errors: Vec<String>,
    /// The heading over the errors, in the book's words.
    pub heading: String,
}

/// Serves until the process is stopped, rebuilding with `session` on every
/// save. Calls `on_ready` with the address once the server listens (the
/// command prints it), and `on_built` with the warnings of each good
/// rebuild.
pub fn serve(
    options: &ServeOptions,
    session: &mut Session,
    on_ready: &mut dyn FnMut(SocketAddr),
    on_built: &mut dyn FnMut(&Diagnostics),
) -> anyhow::Result<()> {
    let status = Arc::new(Mutex::new(Status::default()));
    let server = server::Server::bind(
        SocketAddr::new(options.host, options.port),
        &options.root,
        &options.site,
        status.clone(),
    )?;
    let addr = server.local_addr();
    let mut watcher = watch::Watcher::new(&options.root)?;
    std::thread::Builder::new()
        .name("kis-book-http".into())
        .spawn(move || server.run())?;
    on_ready(addr);
    loop {
        let _changed = watcher.next_change()?;
        let started = Instant::now();
        let result = match session.build(&options.root) {
            Ok(built) => {
                on_built(&built.diagnostics);
                Ok(())
            }
            Err(BuildFailure::Book(diags)) => Err(diags),
            Err(BuildFailure::Output(err)) => {
                let mut diags = Diagnostics::default();
                diags.report(
                    codes::OUTPUT_FAILED,
                    &options.root,
                    Default::default(),
                    format!("{err:#}"),
                );
                Err(diags)
            }
        };
        report(&status, result, &options.root, started);
        // The session keeps Typst's layout and the site's pages for the
        // next rebuild; trimming what no recent build used waits until the
        // pages have been told to reload.
        session.trim();
    }
}

/// Tells the open pages how the rebuild went, and the terminal.
fn report(status: &Mutex<Status>, result: Result<(), Diagnostics>, root: &Path, started: Instant) {
    let mut s = status
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match result {
        Ok(()) => {
            s.version += 1;
            s.errors.clear();
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
        }
        Err(diags) => {
            s.heading = words(root).preview_errors;
            s.errors = diags.sorted().iter().map(|d| d.to_string()).collect();
            for line in &s.errors {
                eprintln!("{line}");
            }
            let (errors, warnings) = diags.counts();
            eprintln!(
                "{errors} error(s), {warnings} warning(s): still serving the last good build"
            );
        }
    }
}

/// The book's words as its config gives them now, for the heading over a
/// failed rebuild's errors: the Dutch defaults when the config cannot be
/// read (its own errors are then among those shown).
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
