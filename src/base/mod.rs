//! What every stage uses: diagnostics and their codes, the closed
//! world (every read inside the book root), limits, writing files, plain
//! text and number helpers.

pub mod closed;
pub mod diagnostics;
pub mod fault;
pub mod gfm;
pub mod limits;
pub mod memo;
pub mod memory;
pub mod output;
pub mod quantity;
pub mod text;
