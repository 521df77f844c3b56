//! Work kept between the builds of a session, so that `kis-book serve`
//! redoes only what an edit changed: the parsed templates, rendered pages,
//! and each page's words for the search index.
//!
//! The key is a 128-bit hash of everything a result is made of (for a page:
//! the templates' fingerprint, the template name and the whole view). A
//! result whose inputs are unchanged cannot differ, so the earlier one is
//! reused; this follows the dependencies without listing them. Inputs of
//! the compile stages that have no `Hash` (a page's document, the budget)
//! are keyed by their `Debug` text ([`ByDebug`]). The site
//! backend owns its cache, so a one-off `kis-book build` starts with an
//! empty one and a serve session keeps one for all its rebuilds.

use std::hash::Hash;

/// Results by the hash of their inputs, each with the build it was last
/// used in: the compile's own memo, which serve's compile keeps the same
/// way.
pub(crate) use crate::base::memo::Memo;

/// Inputs without `Hash` (the compile stages' types derive `Debug`, not
/// `Hash`), hashed by their `Debug` text, which for a derived `Debug`
/// names every field, so that inputs that differ in anything hash apart.
/// The text is streamed into the hasher, never kept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByDebug<'a, T>(pub &'a T);

impl<T: std::fmt::Debug> Hash for ByDebug<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use std::fmt::Write as _;
        /// Feeds what is written to it into the hasher.
        struct Feed<'h, H>(&'h mut H);
        impl<H: std::hash::Hasher> std::fmt::Write for Feed<'_, H> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        // Writing into a hasher cannot fail.
        let _ = write!(Feed(state), "{:?}", self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debug_key_tells_inputs_apart() {
        let key = |text: &str, line: usize| typst::utils::hash128(&ByDebug(&(text, line)));
        assert_eq!(key("a", 1), key("a", 1));
        assert_ne!(key("a", 1), key("a", 2));
        assert_ne!(key("a", 1), key("b", 1));
        // The text, not where the hasher was fed it in pieces.
        assert_ne!(key("a", 12), key("a1", 2));
    }
}
