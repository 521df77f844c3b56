//! The backends, each reading the compiled book: the PDF (Typst as a
//! library), the site, and the budget's exports; what they share is in
//! [`backend`].

pub(crate) mod backend;
pub mod export;
pub mod pdf;
pub(crate) mod site;
