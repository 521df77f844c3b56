//! Rendered pages kept between builds of one process, so that
//! `kis-book serve` renders only the pages an edit changed.
//!
//! The key is everything a page is made of: the templates' fingerprint, the
//! template name and the whole view. A page whose key is unchanged cannot
//! render differently, so its earlier HTML is reused; this follows the
//! dependencies without listing them. A one-off `kis-book build` starts
//! with an empty cache.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Cached HTML, with the generation it was last used in.
#[derive(Debug, Default)]
struct Cache {
    generation: u64,
    pages: HashMap<String, (u64, String)>,
}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// The HTML for `key`: cached, or made by `render` and cached.
pub fn get_or_render(
    key: String,
    render: impl FnOnce() -> anyhow::Result<String>,
) -> anyhow::Result<String> {
    {
        let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let cache = guard.get_or_insert_with(Cache::default);
        let generation = cache.generation;
        if let Some((used, html)) = cache.pages.get_mut(&key) {
            *used = generation;
            return Ok(html.clone());
        }
    }
    let html = render()?;
    let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = guard.get_or_insert_with(Cache::default);
    let generation = cache.generation;
    cache.pages.insert(key, (generation, html.clone()));
    Ok(html)
}

/// Ends a build: pages not used in the last `max_age` builds are dropped,
/// so that memory stays flat over many rebuilds.
pub fn evict(max_age: u64) {
    let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(cache) = guard.as_mut() {
        let oldest = cache.generation.saturating_sub(max_age);
        cache.pages.retain(|_, (used, _)| *used >= oldest);
        cache.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_rendered_once_while_it_is_used() {
        let key = || "cache-test\u{0}page".to_owned();
        let mut renders = 0;
        for _ in 0..3 {
            let html = get_or_render(key(), || {
                renders += 1;
                Ok("<p>x</p>".to_owned())
            })
            .expect("render");
            assert_eq!(html, "<p>x</p>");
            evict(3);
        }
        assert_eq!(renders, 1);
        // Unused for more than three builds: rendered again.
        for _ in 0..5 {
            evict(3);
        }
        get_or_render(key(), || {
            renders += 1;
            Ok(String::new())
        })
        .expect("render");
        assert_eq!(renders, 2);
    }
}
