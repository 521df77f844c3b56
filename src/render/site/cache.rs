//! Work kept between the builds of a session, so that `kis-book serve`
//! redoes only what an edit changed: the parsed templates, rendered pages,
//! and each page's words for the search index.
//!
//! The key is a 128-bit hash of everything a result is made of (for a page:
//! the templates' fingerprint, the template name, the key of the view
//! around it, and its own view with its text and sidebar by their keys,
//! so that neither is made nor hashed for a page that is not rendered
//! anew). A
//! result whose inputs are unchanged cannot differ, so the earlier one is
//! reused; this follows the dependencies without listing them. A page's
//! document comes with its key, made once where it was resolved
//! ([`crate::compile::markdown::PageDocument`]); the settings and the
//! budget, which have no `Hash`, are keyed by their `Debug` text
//! ([`ByDebug`]), and only when they changed ([`ExportsKey`]). The site
//! backend owns its cache, so a one-off `kis-book build` starts with an
//! empty one and a serve session keeps one for all its rebuilds.

/// Results by the hash of their inputs, each with the build it was last
/// used in: the compile's own memo, which serve's compile keeps the same
/// way.
pub(crate) use crate::base::memo::{ByDebug, Memo};

use std::sync::{Mutex, PoisonError};

use crate::compile::budget::Programme;
use crate::source::model::Config;

/// The key of what the budget's exports are made of (the settings and the
/// computed budget), with those inputs as they were when it was made: a
/// save that left both as they were, as every text edit does, compares
/// them, which is cheap, instead of hashing their `Debug` text again.
#[derive(Debug, Default)]
pub(crate) struct ExportsKey {
    last: Mutex<Option<(Config, Programme, u128)>>,
}

impl ExportsKey {
    /// The key of `config` and `programme`.
    pub(crate) fn of(&self, config: &Config, programme: &Programme) -> u128 {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((c, p, key)) = last.as_ref()
            && c == config
            && p == programme
        {
            return *key;
        }
        let key = Memo::<()>::key(&ByDebug(&(config, programme)));
        *last = Some((config.clone(), programme.clone(), key));
        key
    }
}
