//! kis-book publishes a budgeted work plan from Markdown.
//!
//! It is a compiler; data flows one way, and the crate is laid out in its
//! stages, each folder using only the ones above it in this list:
//!
//! ```text
//! base/     what every stage uses: diagnostics, the closed world (every
//!           read inside the book root), limits, writing files
//! source/   reading the book: BookInput (the root, its templates and fonts,
//!           opened once), book.yaml, front matter, the model, the loader
//! compile/  load -> compute (the budget, exactly) -> resolve (each page's
//!           Markdown) -> assemble (the compiled book, with its views)
//! render/   the backends, each reading the compiled book and saying what
//!           it refuses: pdf/ (Typst as a library), site/, export/
//! report/   the gate and the build (one publication, switched whole),
//!           diff and compare, serve, scaffolds, the next edition
//! cli/      the commands (src/main.rs is a thin binary over them)
//! ```
//!
//! [`compile()`] runs the stages up to the compiled book and collects every
//! diagnostic on the way. [`report::build::Session`] is the gate and the
//! backends: `kis-book check` asks every backend what it refuses,
//! `kis-book build` then hands the compiled book to them.
//! docs/architecture.md draws the whole picture.

// Every item is `pub(crate)` unless something outside the library (the
// binary, the tests, the benches) needs it.
#![warn(unreachable_pub)]

pub mod base;
pub mod cli;
pub mod compile;
pub mod render;
pub mod report;
pub mod source;

pub use crate::compile::compiled::Compiled;
pub use crate::compile::{Compilation, Draft, compile, draft};
