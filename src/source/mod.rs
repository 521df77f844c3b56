//! Reading the book: what is read ([`input::BookInput`]), YAML, the
//! config and its words, front matter, the model, the assets, the loader,
//! images, the editors' schemas.

pub mod assets;
pub mod config;
pub mod format;
pub mod frontmatter;
pub(crate) mod images;
pub mod input;
pub(crate) mod load;
pub mod model;
pub(crate) mod rounding;
pub(crate) mod schema;
pub(crate) mod words;
pub(crate) mod yaml;
pub(crate) mod year;
