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
//! reused; this follows the dependencies without listing them. Inputs of
//! the compile stages that have no `Hash` (a page's document, the budget)
//! are keyed by their `Debug` text ([`ByDebug`]). The site
//! backend owns its cache, so a one-off `kis-book build` starts with an
//! empty one and a serve session keeps one for all its rebuilds.

/// Results by the hash of their inputs, each with the build it was last
/// used in: the compile's own memo, which serve's compile keeps the same
/// way.
pub(crate) use crate::base::memo::{ByDebug, Memo};
