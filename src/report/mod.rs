//! What drives the stages and reports: the gate and the build, the
//! publication, `diff` and `compare`, `serve`, the editors' scaffolds,
//! the next edition, the GitHub summary.

pub mod build;
pub mod diff;
pub mod edition;
pub mod github;
pub mod publish;
pub mod scaffold;
pub mod serve;
