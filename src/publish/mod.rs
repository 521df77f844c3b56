//! The book's output folder, `build/`.

pub mod guard;
