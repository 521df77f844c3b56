//! What every stage uses: diagnostics and their codes, the closed
//! world (every read inside the book root), limits, writing files, plain
//! text and number helpers.

pub mod closed;
pub mod diagnostics;
pub(crate) mod fault;
pub(crate) mod gfm;
pub(crate) mod limits;
pub(crate) mod memo;
pub mod memory;
pub(crate) mod output;
pub(crate) mod quantity;
pub(crate) mod text;
