//! Reading the book: what is read ([`input::BookInput`]), YAML, the
//! config and its words, front matter, the model, the assets, the loader,
//! images, the editors' schemas.

pub mod assets;
pub mod config;
pub mod format;
pub mod frontmatter;
pub mod images;
pub mod input;
pub mod load;
pub mod model;
pub mod rounding;
pub mod schema;
pub mod words;
pub mod yaml;
pub mod year;
