//! A test hook: a fault injected at the k-th step that writes, renames,
//! links, removes or fsyncs anything of a publication, so that the tests
//! can show that a build failing or killed at any step leaves one whole
//! publication behind (tests/it/publication.rs).
//!
//! The hook is the environment variable `KIS_BOOK_FAULT`, read once:
//! `error@K` makes the K-th step (counted from 1) fail with an I/O error,
//! `abort@K` kills the process there (`abort`, as a crash or `kill -9`
//! would). `trace` names every step on the terminal. Unset, every step
//! only counts. It changes nothing else, and no
//! editor has a reason to set it. `KIS_BOOK_SWITCH=renames` takes the
//! switch's fallback (two renames) where the file system could swap.

use std::io;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The variable that arms the hook.
pub(crate) const VARIABLE: &str = "KIS_BOOK_FAULT";

/// The variable that makes a build switch its publication with two
/// renames, as where the file system cannot swap two folders, so that the
/// tests reach that way too: `KIS_BOOK_SWITCH=renames`.
pub(crate) const SWITCH: &str = "KIS_BOOK_SWITCH";

/// Whether [`SWITCH`] asks for two renames.
pub(crate) fn two_renames() -> bool {
    static RENAMES: OnceLock<bool> = OnceLock::new();
    *RENAMES.get_or_init(|| std::env::var(SWITCH).is_ok_and(|v| v == "renames"))
}

/// What happens at the armed step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The step fails with an I/O error.
    Error(u64),
    /// The process is killed before the step.
    Abort(u64),
    /// Every step is named on the terminal: which one to break.
    Trace,
}

/// The armed fault, from the environment.
fn armed() -> Option<Fault> {
    static ARMED: OnceLock<Option<Fault>> = OnceLock::new();
    *ARMED.get_or_init(|| parse(&std::env::var(VARIABLE).ok()?))
}

/// `error@K` or `abort@K`.
fn parse(text: &str) -> Option<Fault> {
    if text == "trace" {
        return Some(Fault::Trace);
    }
    let (kind, step) = text.split_once('@')?;
    let step: u64 = step.trim().parse().ok().filter(|k| *k > 0)?;
    match kind.trim() {
        "error" => Some(Fault::Error(step)),
        "abort" => Some(Fault::Abort(step)),
        _ => None,
    }
}

/// The steps taken so far by this process.
static STEPS: AtomicU64 = AtomicU64::new(0);

/// Counts one step (`what` to `path`): an error or the end of the process
/// when the hook is armed for it.
pub(crate) fn step(what: &str, path: &Path) -> io::Result<()> {
    let k = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    match armed() {
        // Said on the terminal too, so that a test knows the step was
        // reached when the build carries on (a failed hard link is copied).
        Some(Fault::Error(at)) if at == k => {
            eprintln!(
                "kis-book: {VARIABLE}: injecting an error at step {k} ({what} `{}`)",
                path.display()
            );
            Err(io::Error::other(format!(
                "fault injected by {VARIABLE} at step {k} ({what} `{}`)",
                path.display()
            )))
        }
        Some(Fault::Abort(at)) if at == k => {
            eprintln!(
                "kis-book: {VARIABLE}: killing the build at step {k} ({what} `{}`)",
                path.display()
            );
            std::process::abort()
        }
        Some(Fault::Trace) => {
            eprintln!(
                "kis-book: {VARIABLE}: step {k} ({what} `{}`)",
                path.display()
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_reads_a_kind_and_a_step() {
        assert_eq!(parse("error@3"), Some(Fault::Error(3)));
        assert_eq!(parse("abort@12"), Some(Fault::Abort(12)));
        assert_eq!(parse("error@0"), None);
        assert_eq!(parse("panic@2"), None);
        assert_eq!(parse("error"), None);
        assert_eq!(parse("trace"), Some(Fault::Trace));
    }
}
