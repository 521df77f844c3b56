//! The preview's HTTP server: the built site from disk (under the path of
//! `--base-url`, when it has one), plus the live preview's reload script,
//! its status and its stream of server-sent events, which tells the open
//! pages of each new build the moment it is published.
//!
//! Fit to leave open all day. Every connection has a thread of its own
//! (at most [`MAX_CONNECTIONS`]), with bounds on how long it waits for a
//! request head and for a client to take what is written to it, so that a
//! client that is slow, stuck or never reads holds only its own connection.
//! Only requests for the address it listens on are answered (a page on
//! another site that points its own name at 127.0.0.1, DNS rebinding, gets
//! 403), only GET and HEAD, and every answer tells the browser not to guess
//! types and to run no script and apply no style but the site's own files.

use std::io::{self, Read as _, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context as _;

use super::Live;
use super::files::{self, Found};
use super::http::{self, HttpRequest, ReadFailure, Reader};

const LIVE_JS: &str = include_str!("live.js");
const STATUS_PATH: &str = "/__kis/status";
const LIVE_PATH: &str = "/__kis/live.js";
const EVENTS_PATH: &str = "/__kis/events";

/// How often a stream of events with nothing to tell says it is alive
/// (and finds out whether the page is still there).
const EVENTS_ALIVE: Duration = Duration::from_secs(15);

/// Connections served at once; more are answered 503 and closed.
pub(super) const MAX_CONNECTIONS: usize = 128;

/// How long a connection may take to send a request head, or stay idle
/// between requests.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a client may leave written bytes untaken before its
/// connection is closed (a stuck download).
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// Largest page read into memory to add the reload script.
const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Scripts, styles, images, fonts and requests only from the preview
/// itself; no plug-ins, no framing, forms only to the site.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Headers of every answer.
const COMMON: [(&str, &str); 4] = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", POLICY),
    ("Referrer-Policy", "no-referrer"),
];

/// A listening preview server.
#[derive(Debug)]
pub(super) struct Server {
    listener: TcpListener,
    shared: Arc<ServerState>,
}

/// What every connection's thread reads.
#[derive(Debug)]
struct ServerState {
    /// The book's root, with every link in its own path resolved.
    root: PathBuf,
    /// The site's folder under the root (`build/site`).
    site: PathBuf,
    /// The address and port it listens on.
    addr: SocketAddr,
    /// The path the site is served under: `/`, or `/review/123/` for a
    /// `--base-url` with that path.
    prefix: String,
    live: Arc<Live>,
    open: AtomicUsize,
}

impl Server {
    /// Listens on `addr`, to serve the site at `site` (`build/site`) of the
    /// book at `root` under the path `prefix` (`/`, or one that ends in
    /// `/`).
    pub(super) fn bind(
        addr: SocketAddr,
        root: &Path,
        site: &Path,
        prefix: String,
        live: Arc<Live>,
    ) -> anyhow::Result<Self> {
        let site = site
            .strip_prefix(root)
            .ok()
            .filter(|s| s.components().all(|c| matches!(c, Component::Normal(_))))
            .with_context(|| {
                format!(
                    "the site `{}` is not a folder inside the book",
                    site.display()
                )
            })?
            .to_path_buf();
        let root = root
            .canonicalize()
            .with_context(|| format!("failed to find the book `{}`", root.display()))?;
        let listener =
            TcpListener::bind(addr).with_context(|| format!("failed to listen on {addr}"))?;
        let addr = listener
            .local_addr()
            .context("failed to read the address")?;
        Ok(Self {
            listener,
            shared: Arc::new(ServerState {
                root,
                site,
                addr,
                prefix,
                live,
                open: AtomicUsize::new(0),
            }),
        })
    }

    /// The address it listens on (with the port picked when 0 was asked).
    pub(super) fn local_addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// Answers connections until the process ends.
    pub(super) fn run(self) {
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file descriptors, say: let the others finish.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            if self.shared.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.shared.open.fetch_sub(1, Ordering::SeqCst);
                busy(stream);
                continue;
            }
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("kis-book-http".into())
                .spawn(move || {
                    shared.connection(stream);
                    shared.open.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                self.shared.open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

/// Answers 503 to a connection over the limit (a short answer that the
/// socket's buffer takes at once).
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let body = "De voorvertoning is even te druk; probeer het zo opnieuw.";
    let headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Retry-After", "1"),
    ];
    let _ = http::write_head(&mut stream, 503, &headers, body.len() as u64, false)
        .and_then(|()| stream.write_all(body.as_bytes()));
}

/// One answer: status, type, extra headers and what to send.
struct Answer {
    code: u16,
    kind: &'static str,
    extra: Vec<(&'static str, String)>,
    body: Body,
    /// Close the connection after it (a refusal).
    close: bool,
}

enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
    /// Server-sent events, until the page goes.
    Events,
}

impl Answer {
    fn bytes(code: u16, kind: &'static str, body: Vec<u8>) -> Self {
        Self {
            code,
            kind,
            extra: Vec::new(),
            body: Body::Bytes(body),
            close: false,
        }
    }

    /// A refusal in plain text, closing the connection.
    fn refusal(code: u16, text: &str) -> Self {
        Self {
            close: true,
            ..Self::bytes(code, "text/plain; charset=utf-8", text.as_bytes().to_vec())
        }
    }
}

impl ServerState {
    fn connection(&self, mut stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let local = stream.local_addr().ok();
        let mut reader = Reader::new();
        loop {
            let request = match reader.next(&mut stream, REQUEST_TIMEOUT) {
                Ok(request) => request,
                Err(ReadFailure::Closed) => return,
                Err(ReadFailure::TooLarge) => {
                    let answer = Answer::refusal(431, "Het verzoek heeft te grote kopregels.");
                    let _ = send(&mut stream, answer, false, false);
                    return linger(stream);
                }
                Err(ReadFailure::TimedOut) => {
                    let answer = Answer::refusal(408, "Het verzoek kwam niet op tijd binnen.");
                    let _ = send(&mut stream, answer, false, false);
                    return linger(stream);
                }
                Err(ReadFailure::Malformed) => {
                    let _ = send(
                        &mut stream,
                        Answer::refusal(400, "Ongeldig verzoek."),
                        false,
                        false,
                    );
                    return linger(stream);
                }
            };
            let answer = self.answer(&request, local);
            let keep_alive = request.keep_alive() && !answer.close && !request.has_body();
            let head_only = request.method == "HEAD";
            if matches!(answer.body, Body::Events) {
                let _ = self.events(&mut stream, head_only);
                return;
            }
            if send(&mut stream, answer, head_only, keep_alive).is_err() {
                return;
            }
            if !keep_alive {
                return linger(stream);
            }
        }
    }

    fn answer(&self, request: &HttpRequest, local: Option<SocketAddr>) -> Answer {
        if let Err(refusal) = self.check_host(request, local) {
            return refusal;
        }
        if request.method != "GET" && request.method != "HEAD" {
            let mut answer = Answer::refusal(405, "Alleen GET en HEAD.");
            answer.extra.push(("Allow", "GET, HEAD".to_owned()));
            return answer;
        }
        if request.has_body() {
            return Answer::refusal(400, "Een GET heeft geen inhoud.");
        }
        if !request.target.starts_with('/') {
            return Answer::refusal(400, "Ongeldig verzoek.");
        }
        let (path, query) = match request.target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (request.target.as_str(), None),
        };
        match path {
            STATUS_PATH => Answer::bytes(
                200,
                "application/json",
                self.live.now().to_json().into_bytes(),
            ),
            LIVE_PATH => Answer::bytes(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            ),
            EVENTS_PATH => Answer {
                body: Body::Events,
                ..Answer::bytes(200, "text/event-stream", Vec::new())
            },
            _ => match path.strip_prefix(self.prefix.trim_end_matches('/')) {
                Some(rest) if rest.starts_with('/') => self.file(path, rest, query),
                // `/review/123` for `/review/123/`.
                Some("") => redirect(format!("{}{}", self.prefix, query_part(query)), 301),
                // The site lives under the path of `--base-url`.
                _ if path == "/" => redirect(format!("{}{}", self.prefix, query_part(query)), 302),
                _ => self.not_found(),
            },
        }
    }

    /// Tells the page of the status now and of every change after, each a
    /// server-sent event holding the status (see [`super::ServeStatus::to_json`]),
    /// until the page goes or stops reading.
    fn events(&self, stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
        let mut headers: Vec<(&str, &str)> = vec![("Content-Type", "text/event-stream")];
        headers.extend(COMMON);
        http::write_stream_head(stream, &headers)?;
        if head_only {
            return Ok(());
        }
        let now = self.live.now();
        let mut seen = now.seq;
        // A page that lost its stream asks again after half a second.
        stream.write_all(format!("retry: 500\ndata: {}\n\n", now.to_json()).as_bytes())?;
        loop {
            match self.live.next_after(seen, EVENTS_ALIVE) {
                Some(status) => {
                    seen = status.seq;
                    stream.write_all(format!("data: {}\n\n", status.to_json()).as_bytes())?;
                }
                None => stream.write_all(b": \n\n")?,
            }
        }
    }

    /// The Host header must name the address and port it listens on:
    /// localhost, 127.0.0.1, [::1], the `--host` given, or the address the
    /// client connected to (with `--host 0.0.0.0`, this machine's address
    /// on the network). A name (not an address) that is not `localhost` is
    /// forbidden: that is how a page elsewhere would reach the preview.
    fn check_host(&self, request: &HttpRequest, local: Option<SocketAddr>) -> Result<(), Answer> {
        let mut hosts = request.header_values("host");
        let host = match (hosts.next(), hosts.next()) {
            (Some(host), None) => host,
            (None, None) if request.http10 => return Ok(()),
            _ => {
                return Err(Answer::refusal(
                    400,
                    "Het verzoek noemt geen (of meer dan één) Host.",
                ));
            }
        };
        let (name, port) = split_host(host);
        let port = match port {
            Some(port) => port.parse::<u16>().ok(),
            None => Some(80),
        };
        // An IPv4 client of a server on `::` arrives as ::ffff:a.b.c.d.
        let ours = |ip: IpAddr| {
            let ip = ip.to_canonical();
            ip == self.addr.ip().to_canonical() || Some(ip) == local.map(|l| l.ip().to_canonical())
        };
        let known = name.eq_ignore_ascii_case("localhost")
            || host_ip(name).is_some_and(|ip| ip.is_loopback() || ours(ip));
        if !known {
            return Err(Answer::refusal(
                403,
                "Deze voorvertoning antwoordt alleen op haar eigen adres.",
            ));
        }
        if port != Some(self.addr.port()) {
            return Err(Answer::refusal(
                421,
                "Deze voorvertoning luistert op een andere poort.",
            ));
        }
        Ok(())
    }

    /// The file at `site_path` in the site, asked for as `path` (the same,
    /// or under the prefix).
    fn file(&self, path: &str, site_path: &str, query: Option<&str>) -> Answer {
        // The version the page is told it shows: read before the page, so
        // that a build in between makes it reload once more, never miss one.
        let version = self.live.now().version;
        match files::open(&self.root, &self.site, site_path) {
            Found::File { file, size, kind } if kind.starts_with("text/html") => {
                match read_page(file, size) {
                    Some(page) => Answer::bytes(200, kind, inject_live(page, version)),
                    None => self.not_found(),
                }
            }
            Found::File { file, size, kind } => Answer {
                body: Body::File(file, size),
                ..Answer::bytes(200, kind, Vec::new())
            },
            Found::Folder => redirect(format!("{path}/{}", query_part(query)), 301),
            Found::Nothing => self.not_found(),
        }
    }

    fn not_found(&self) -> Answer {
        let version = self.live.now().version;
        let page = match files::open(&self.root, &self.site, "/404.html") {
            Found::File { file, size, .. } => read_page(file, size),
            _ => None,
        };
        let page = page.unwrap_or_else(|| super::not_found_page(&self.root));
        Answer::bytes(404, "text/html; charset=utf-8", inject_live(page, version))
    }
}

/// A redirect to `location` (a path on this server).
fn redirect(location: String, code: u16) -> Answer {
    let mut answer = Answer::bytes(code, "text/plain; charset=utf-8", Vec::new());
    answer.extra.push(("Location", location));
    answer
}

/// `?query`, or nothing.
fn query_part(query: Option<&str>) -> String {
    query.map(|q| format!("?{q}")).unwrap_or_default()
}

/// The address a Host names: `127.0.0.1` or `[::1]` (IPv6 only in
/// brackets), not a name.
fn host_ip(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[') {
        Some(v6) => v6
            .strip_suffix(']')?
            .parse::<Ipv6Addr>()
            .ok()
            .map(|ip| IpAddr::V6(ip).to_canonical()),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// `host[:port]` or `[v6]:port`, split.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        match host.rsplit_once("]:") {
            Some((name, port)) => (&host[..name.len() + 1], Some(port)),
            None => (host, None),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    }
}

fn read_page(mut file: std::fs::File, size: u64) -> Option<Vec<u8>> {
    if size > MAX_PAGE_BYTES {
        return None;
    }
    let mut page = Vec::with_capacity(usize::try_from(size).ok()?);
    file.read_to_end(&mut page).ok()?;
    Some(page)
}

/// Writes the answer (only its head for HEAD); a file is copied as it is
/// read, never held in memory whole.
fn send(
    stream: &mut TcpStream,
    answer: Answer,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let length = match &answer.body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::File(_, size) => *size,
        Body::Events => 0,
    };
    let mut headers: Vec<(&str, &str)> = vec![("Content-Type", answer.kind)];
    headers.extend(COMMON);
    headers.extend(answer.extra.iter().map(|(n, v)| (*n, v.as_str())));
    http::write_head(stream, answer.code, &headers, length, keep_alive)?;
    if head_only {
        return Ok(());
    }
    match answer.body {
        Body::Bytes(bytes) => stream.write_all(&bytes),
        Body::File(file, size) => {
            // The length sent is the size when opened; a file that shrank
            // since cannot keep that promise: close the connection.
            let copied = io::copy(&mut file.take(size), stream)?;
            if copied == size {
                Ok(())
            } else {
                Err(io::Error::other("the file changed while it was sent"))
            }
        }
        Body::Events => Ok(()),
    }
}

/// Closes a connection after an answer, without resetting it: what the
/// client still sends is read and dropped for a moment, so that it reads
/// the answer (a close with unread bytes would reset the connection and
/// lose the answer, a 431 for example).
fn linger(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut sink = [0; 8192];
    let mut drained = 0;
    while drained < 1024 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

/// The page with the reload script, which is told the version it shows.
fn inject_live(html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\" data-version=\"{version}\" defer></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_body_end() {
        let html = inject_live(b"<html><body><p>x</p></body></html>".to_vec(), 7);
        assert_eq!(
            String::from_utf8(html).expect("utf-8"),
            "<html><body><p>x</p><script src=\"/__kis/live.js\" data-version=\"7\" defer>\
             </script></body></html>"
        );
    }

    /// Listening on every interface (`--host 0.0.0.0`), reached on this
    /// machine's network address: that address and the loopback names are
    /// answered, any other name or address is not.
    #[test]
    fn hosts_are_checked() {
        let shared = |listen: &str| ServerState {
            root: PathBuf::new(),
            site: PathBuf::new(),
            addr: listen.parse().expect("address"),
            prefix: "/".into(),
            live: Arc::default(),
            open: AtomicUsize::new(0),
        };
        let code = |shared: &ServerState, host: &str, local: &str| {
            let request = HttpRequest {
                method: "GET".into(),
                target: "/".into(),
                http10: false,
                headers: vec![("host".into(), host.into())],
            };
            let local = local.parse().ok();
            shared
                .check_host(&request, local)
                .err()
                .map_or(200, |a| a.code)
        };
        let any = shared("0.0.0.0:3000");
        let lan = "192.168.1.5:3000";
        for (host, expected) in [
            ("192.168.1.5:3000", 200),
            ("localhost:3000", 200),
            ("127.0.0.1:3000", 200),
            ("[::1]:3000", 200),
            ("192.168.1.5:3001", 421),
            ("192.168.1.5", 421),
            ("192.168.1.6:3000", 403),
            ("mijnlaptop.local:3000", 403),
            ("192.168.1.5.nip.io:3000", 403),
            ("[::1", 403),
        ] {
            assert_eq!(code(&any, host, lan), expected, "{host}");
        }
        let one = shared("192.168.1.5:3000");
        assert_eq!(code(&one, "192.168.1.5:3000", lan), 200);
        assert_eq!(code(&one, "localhost:3000", lan), 200);
        assert_eq!(code(&one, "10.0.0.1:3000", lan), 403);
        let v6 = shared("[::1]:3000");
        assert_eq!(code(&v6, "[::1]:3000", "[::1]:3000"), 200);
        assert_eq!(code(&v6, "[0:0:0:0:0:0:0:1]:3000", "[::1]:3000"), 200);
        let dual = shared("[::]:3000");
        let mapped = "[::ffff:192.168.1.5]:3000";
        assert_eq!(code(&dual, "192.168.1.5:3000", mapped), 200);
        assert_eq!(code(&dual, "[::ffff:192.168.1.5]:3000", mapped), 200);
        assert_eq!(code(&dual, "192.168.1.6:3000", mapped), 403);
        assert_eq!(code(&dual, "[::ffff:127.0.0.1]:3000", mapped), 200);
    }

    #[test]
    fn hosts_are_split() {
        assert_eq!(split_host("localhost:3000"), ("localhost", Some("3000")));
        assert_eq!(split_host("[::1]:3000"), ("[::1]", Some("3000")));
        assert_eq!(split_host("[::1]"), ("[::1]", None));
        assert_eq!(split_host("example"), ("example", None));
    }
}
