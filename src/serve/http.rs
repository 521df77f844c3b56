//! The preview's HTTP server: the built site from disk, plus the status
//! endpoint and reload script of the live preview.

use std::io::Cursor;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use tiny_http::{Header, Request, Response, StatusCode};

use super::Status;
use crate::closed::BookRoot;

const LIVE_JS: &str = include_str!("live.js");
const STATUS_PATH: &str = "/__kis/status";
const LIVE_PATH: &str = "/__kis/live.js";

/// A listening preview server.
pub struct Server {
    inner: tiny_http::Server,
    site: PathBuf,
    status: Arc<Mutex<Status>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Listens on `addr`.
    pub fn bind(
        addr: SocketAddr,
        site: PathBuf,
        status: Arc<Mutex<Status>>,
    ) -> anyhow::Result<Self> {
        let inner = tiny_http::Server::http(addr)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("failed to listen on {addr}"))?;
        Ok(Self {
            inner,
            site,
            status,
        })
    }

    /// The address it listens on (with the port picked when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.inner
            .server_addr()
            .to_ip()
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Answers requests until the process ends.
    pub fn run(self) {
        for request in self.inner.incoming_requests() {
            let response = self.answer(&request);
            let _ = request.respond(response);
        }
    }

    fn answer(&self, request: &Request) -> Response<Cursor<Vec<u8>>> {
        let path = request.url().split(['?', '#']).next().unwrap_or("/");
        match path {
            STATUS_PATH => {
                let status = self
                    .status
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone();
                let body =
                    serde_json::json!({ "version": status.version, "errors": status.errors });
                respond(200, "application/json", body.to_string().into_bytes())
            }
            LIVE_PATH => respond(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            ),
            _ => self.file(path),
        }
    }

    fn file(&self, url_path: &str) -> Response<Cursor<Vec<u8>>> {
        match self.read(url_path) {
            Some((rel, bytes)) => {
                let kind = content_type(&rel);
                let bytes = if kind.starts_with("text/html") {
                    inject_live(bytes)
                } else {
                    bytes
                };
                respond(200, kind, bytes)
            }
            None => self.not_found(),
        }
    }

    /// The file of the built site at `url_path` (a folder's `index.html`),
    /// when it is one: never a symbolic link, never a path outside the site
    /// (see [`crate::closed`]), never a named pipe or device.
    fn read(&self, url_path: &str) -> Option<(PathBuf, Vec<u8>)> {
        let mut rel = site_path(url_path)?;
        let site = BookRoot::new(&self.site).ok()?;
        if site.resolve(&rel).ok()?.is_dir() {
            rel.push("index.html");
        }
        let bytes = site.read(&rel, MAX_SERVED_BYTES).ok()?;
        Some((rel, bytes))
    }

    fn not_found(&self) -> Response<Cursor<Vec<u8>>> {
        let page = self
            .read("/404.html")
            .map_or_else(|| b"Niet gevonden".to_vec(), |(_, bytes)| bytes);
        respond(404, "text/html; charset=utf-8", inject_live(page))
    }
}

/// Largest file served: the PDF of a book at its limits is far smaller.
const MAX_SERVED_BYTES: u64 = 500_000_000;

/// The path under the site folder for a URL path, or `None` when the path
/// would leave the site folder (`..`, an absolute path after decoding).
fn site_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn inject_live(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(code: u16, kind: &str, body: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body).with_status_code(StatusCode(code));
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/a/b.html"), Some(PathBuf::from("a/b.html")));
        assert_eq!(site_path("/caf%C3%A9/"), Some(PathBuf::from("café")));
        assert_eq!(site_path("/"), Some(PathBuf::new()));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%5c..%5cx",
            "/a%00b",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_body_end() {
        let html = inject_live(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).expect("utf-8"),
            "<html><body><p>x</p><script src=\"/__kis/live.js\" defer></script></body></html>"
        );
    }
}
