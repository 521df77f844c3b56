//! What drives the stages and reports: the gate and the build, the
//! publication, `diff` and `compare`, `serve`, the editors' scaffolds,
//! the next edition, the GitHub summary.

pub mod build;
pub(crate) mod diff;
pub(crate) mod edition;
pub(crate) mod github;
pub(crate) mod publish;
pub(crate) mod scaffold;
pub mod serve;
