//! The backends, each reading the compiled book: the PDF (Typst as a
//! library), the site, and the budget's exports; what they share is in
//! [`backend`].

pub mod backend;
pub mod export;
pub mod pdf;
pub mod site;
