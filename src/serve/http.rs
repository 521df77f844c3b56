//! The preview's HTTP server: the built site from disk, plus the status
//! endpoint and reload script of the live preview.

use std::io::Cursor;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use tiny_http::{Header, Request, Response, StatusCode};

use super::Status;

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
        let Some(mut path) = site_path(&self.site, url_path) else {
            return self.not_found();
        };
        if path.is_dir() {
            path.push("index.html");
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let kind = content_type(&path);
                let bytes = if kind.starts_with("text/html") {
                    inject_live(bytes)
                } else {
                    bytes
                };
                respond(200, kind, bytes)
            }
            Err(_) => self.not_found(),
        }
    }

    fn not_found(&self) -> Response<Cursor<Vec<u8>>> {
        let page =
            std::fs::read(self.site.join("404.html")).unwrap_or_else(|_| b"Niet gevonden".to_vec());
        respond(404, "text/html; charset=utf-8", inject_live(page))
    }
}

/// The file under `site` for a URL path, or `None` when the path would
/// leave the site folder.
fn site_path(site: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut out = site.to_path_buf();
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
        let site = Path::new("/srv/site");
        assert_eq!(
            site_path(site, "/a/b.html"),
            Some(PathBuf::from("/srv/site/a/b.html"))
        );
        assert_eq!(
            site_path(site, "/caf%C3%A9/"),
            Some(PathBuf::from("/srv/site/café"))
        );
        assert_eq!(site_path(site, "/../etc/passwd"), None);
        assert_eq!(site_path(site, "/%2e%2e/etc/passwd"), None);
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
