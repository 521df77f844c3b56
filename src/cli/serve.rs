//! `kis-book serve`: the live preview.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::report;

/// `kis-book serve`: build, then serve and rebuild on every save, keeping
/// what rebuilds reuse.
pub(super) fn serve(
    root: &Path,
    host: std::net::IpAddr,
    port: u16,
    base_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let options = crate::report::serve::ServeOptions {
        root: root.to_path_buf(),
        site: crate::report::build::out_dir(root).join("site"),
        host,
        port,
        base_url,
    };
    let mut on_ready = |addr: std::net::SocketAddr| {
        println!("serving the work plan on http://{addr}/ (Ctrl+C stops)");
        let _ = std::io::stdout().flush();
    };
    crate::report::serve::serve(&options, &mut on_ready, &mut |diags| report(diags))?;
    Ok(ExitCode::SUCCESS)
}
