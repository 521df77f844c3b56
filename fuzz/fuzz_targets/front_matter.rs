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
        assert!(!d.message.contains("policy"), "{d}");
        assert!(!d.message.contains("budget breached"), "{d}");
    }
});
