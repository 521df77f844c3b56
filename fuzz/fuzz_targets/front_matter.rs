//! Front matter: whatever a file holds, reading it never panics, and every
//! problem is reported inside the file, at a line it has.

#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use kis_book::diagnostics::Diagnostics;
use kis_book::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What loading refuses before the front matter is read.
    let invisible = text
        .char_indices()
        .any(|(i, c)| (i > 0 || c != '\u{feff}') && kis_book::text::invisible(c).is_some());
    if invisible || kis_book::text::lone_carriage_return(text).is_some() {
        return;
    }
    let config = &common::fixture().compiled.config;
    let Ok(split) = frontmatter::split(text) else {
        return;
    };
    let mut diags = Diagnostics::default();
    let path = Path::new("content/02-projecten/9.9-fuzz.md");
    let _ = frontmatter::read_front_matter(config, path, split.yaml, 1, &mut diags);
    let lines = text.lines().count() + 1;
    for d in diags.sorted() {
        assert!(d.pos.line <= lines, "{d} is past the end of:\n{text}");
        // The parser's own words never reach an editor (unless the text
        // itself holds them).
        for internal in ["configured policy", "budget breached", "anchor id"] {
            assert!(
                text.contains(internal) || !d.message.contains(internal),
                "{d}"
            );
        }
    }
});
