//! `kis-book serve` on a copy of the fixture book: an edit shows up on the
//! served page within seconds; a broken save keeps the last good page
//! served and reports the diagnostic. The server stays fit to leave open
//! all day: a client that never reads blocks no one else; requests for
//! other hosts, other methods and oversized heads are refused; responses
//! carry `nosniff`, a content-security policy and the right types; nothing
//! under the book that is a symbolic link is served; the watcher survives
//! `content/` being replaced and notices links and named pipes.
//!
//! No timing is asserted: every wait has a generous timeout that only keeps
//! a failing test from hanging.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{copy_book, copy_dir, small_book};

/// How long any one wait may last before the test fails instead of hanging.
pub(crate) const GUARD: Duration = Duration::from_secs(120);

/// A running `kis-book serve`, stopped when the test ends, whatever happens.
pub(crate) struct Preview {
    child: Child,
    pub(crate) addr: String,
    pub(crate) reports: Reports,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    /// Starts serve on the book at `root` with a free port and waits until
    /// it listens (after its first build).
    pub(crate) fn start(root: &Path) -> Self {
        Self::start_with(root, &[])
    }

    /// As [`Preview::start`], with more arguments for serve.
    pub(crate) fn start_with(root: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kis-book"))
            .args(["serve", root.to_str().expect("utf-8 path"), "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().expect("stdout");
        let reports = Reports::follow(child.stderr.take().expect("stderr"));
        let mut preview = Preview {
            child,
            addr: String::new(),
            reports,
        };
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the address");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("address printed");
        preview.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        preview
    }

    fn port(&self) -> u16 {
        self.addr
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        get(&self.addr, path)
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let (code, head, body) = exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    (
        code,
        format!("{head}\r\n\r\n{}", String::from_utf8_lossy(&body)),
    )
}

/// Sends `request` as it is, reads the whole answer (the server closes the
/// connection after it) and splits it into status code, head and body.
pub(crate) fn exchange(addr: &str, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(GUARD)).expect("timeout");
    stream.set_write_timeout(Some(GUARD)).expect("timeout");
    // The server may answer and close before reading all of an oversized
    // request: what it answered is what counts.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    split_response(&response)
}

fn split_response(response: &[u8]) -> (u16, String, Vec<u8>) {
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let body = response.get(end + 4..).unwrap_or_default().to_vec();
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, head, body)
}

/// The value of header `name` in a response head, if it is there.
pub(crate) fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// What serve says on its standard error after each rebuild, as it says it.
pub(crate) struct Reports(pub(crate) std::sync::mpsc::Receiver<String>);

impl Reports {
    /// Follows the server's standard error on a thread of its own.
    pub(crate) fn follow(stderr: std::process::ChildStderr) -> Self {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Self(receive)
    }

    /// Waits for the end of the next rebuild: "rebuilt in …" after a good
    /// one, "… still serving the last good build" after a failed one.
    /// Returns whether it succeeded. (How fast is the rebuild benchmark's
    /// business, not this test's.)
    fn next_rebuild(&self) -> bool {
        loop {
            let line = self
                .0
                .recv_timeout(GUARD)
                .expect("serve rebuilt nothing (or stopped)");
            if line.starts_with("rebuilt in ") {
                return true;
            }
            if line.ends_with("still serving the last good build") {
                return false;
            }
        }
    }
}

/// Whether the served chapter holds the edit.
fn has_edit(preview: &Preview) -> bool {
    preview.get("/01-inleiding/").1.contains("één nieuw idee")
}

/// Waits for a good rebuild after which the served chapter holds the edit
/// (or, with `edited` false, no longer holds it). A save can make more
/// than one rebuild; the wait lasts until one shows what is awaited.
fn wait_for_edit(preview: &Preview, edited: bool) {
    while !preview.reports.next_rebuild() || has_edit(preview) != edited {}
}

fn with_edit(original: &str) -> String {
    original.replace("over twee thema's", "over twee thema's en één nieuw idee")
}

#[test]
fn edits_show_up_and_broken_saves_keep_the_last_good_page() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    assert!(
        preview.addr.starts_with("127.0.0.1:"),
        "listens on loopback only: {}",
        preview.addr
    );

    let (code, page) = preview.get("/01-inleiding/");
    assert_eq!(code, 200);
    assert!(page.contains("Dit proefplan verdeelt € 7.250"), "{page}");
    assert!(
        page.contains("/__kis/live.js"),
        "the live-reload script is injected"
    );

    // An edit is rebuilt and served. (A save can make more than one
    // rebuild; each wait lasts until a rebuild shows what is awaited.)
    let chapter = book.path().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(&chapter, with_edit(&original)).expect("edit chapter");
    wait_for_edit(&preview, true);
    let (_, report) = preview.get("/__kis/status");
    assert!(report.contains("\"errors\":[]"), "{report}");

    // A broken save: the diagnostic is reported, the last good page stays.
    std::fs::write(
        &chapter,
        "---\ntitle: Inleiding\n---\n\nZie {{ onbekend }}.\n",
    )
    .expect("break chapter");
    // (A rebuild may see the file half written, when it has no front
    // matter yet: the wait lasts until one sees all of it.)
    let broken = "01-inleiding.md:5:5: error[KB0407]: unknown placeholder";
    while preview.reports.next_rebuild() || !preview.get("/__kis/status").1.contains(broken) {}
    let (code, page) = preview.get("/01-inleiding/");
    assert_eq!(code, 200);
    assert!(
        page.contains("één nieuw idee"),
        "the last good page is still served"
    );

    // Fixed again: the page follows.
    std::fs::write(&chapter, original).expect("restore chapter");
    wait_for_edit(&preview, false);
    assert!(preview.get("/__kis/status").1.contains("\"errors\":[]"));
    assert_eq!(preview.get("/nergens/").0, 404);
    assert_eq!(preview.get("/../Cargo.toml").0, 404);
}

/// A client asks for the PDF 200 times in one go (pipelined, some 18 MB)
/// and never reads: far more than the sockets' buffers hold, so writing to
/// it blocks. Another sends half a request and stops. Meanwhile others
/// are answered, pages, status and downloads.
#[test]
fn a_client_that_never_reads_blocks_no_one_else() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let pdf = "/downloads/proef-werkplan.pdf";
    assert_eq!(preview.get(pdf).0, 200);

    let mut stuck = TcpStream::connect(&preview.addr).expect("connect");
    let one = format!("GET {pdf} HTTP/1.1\r\nHost: {}\r\n\r\n", preview.addr);
    stuck
        .write_all(one.repeat(200).as_bytes())
        .expect("send the pipelined requests");
    // And one that sends half a request head and then nothing.
    let mut slow = TcpStream::connect(&preview.addr).expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ").expect("send");
    // Give the server time to start writing to it (no timing is asserted:
    // without this pause the test would only be weaker).
    std::thread::sleep(Duration::from_millis(500));

    for round in 0..5 {
        for path in [
            "/",
            "/01-inleiding/",
            "/__kis/status",
            pdf,
            "/static/site.css",
        ] {
            let (code, _) = preview.get(path);
            assert_eq!(
                code, 200,
                "{path} in round {round}, while one client is stuck"
            );
        }
    }
    // A second stuck client changes nothing either.
    let mut second = TcpStream::connect(&preview.addr).expect("connect");
    second.write_all(one.repeat(200).as_bytes()).expect("send");
    assert_eq!(preview.get("/__kis/status").0, 200);
    drop((stuck, second, slow));
}

/// Each connection has a thread of its own, up to a limit (128); one over
/// it is told to come back (503) rather than left waiting, and once the
/// others close, connections are served again.
#[test]
fn connections_over_the_limit_get_503() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let idle: Vec<TcpStream> = (0..128)
        .map(|_| TcpStream::connect(&preview.addr).expect("connect"))
        .collect();
    // The server counts a connection once it has accepted it: the 129th
    // may find a few of the 128 not yet counted, so ask until it is full.
    let mut code = 0;
    for _ in 0..100 {
        code = preview.get("/").0;
        if code == 503 {
            break;
        }
    }
    assert_eq!(code, 503);
    drop(idle);
    // Their threads end as they see the connections closed.
    let served = (0..2400).any(|_| {
        let ok = preview.get("/").0 == 200;
        if !ok {
            std::thread::sleep(Duration::from_millis(50));
        }
        ok
    });
    assert!(served, "served again once the idle connections closed");
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let port = preview.port();
    let ask = |host: Option<&str>| {
        let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
        exchange(
            &preview.addr,
            format!("GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes(),
        )
        .0
    };
    // The addresses it listens on, with its port: answered.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(Some(&host)), 200, "{host}");
    }
    // A name that is not this machine's (a page elsewhere that rebinds its
    // own name to 127.0.0.1): forbidden.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        assert_eq!(ask(Some(&host)), 403, "{host}");
    }
    // This machine, another port: misdirected.
    let other = port.wrapping_add(1);
    for host in [
        format!("127.0.0.1:{other}"),
        format!("localhost:{other}"),
        "localhost".to_owned(),
    ] {
        assert_eq!(ask(Some(&host)), 421, "{host}");
    }
    // No Host at all in HTTP/1.1, or two of them: a bad request.
    assert_eq!(ask(None), 400);
    let two = format!("127.0.0.1:{port}\r\nHost: evil.example");
    assert_eq!(ask(Some(&two)), 400);
}

#[test]
fn oversized_request_heads_get_431() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let addr = &preview.addr;
    // One header line of 64 KiB.
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Filler: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let (code, head, _) = exchange(addr, long_header.as_bytes());
    assert_eq!(code, 431, "{head}");
    // Many small headers, 16 KiB in all.
    let many = (0..1000)
        .map(|i| format!("X-H{i}: 1234567\r\n"))
        .collect::<String>();
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{many}Connection: close\r\n\r\n");
    assert_eq!(exchange(addr, request.as_bytes()).0, 431);
    // A request line of 16 KiB.
    let request = format!(
        "GET /{} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
        "a".repeat(16 * 1024)
    );
    assert_eq!(exchange(addr, request.as_bytes()).0, 431);
    // An ordinary request still is answered.
    assert_eq!(preview.get("/").0, 200);
}

#[test]
fn methods_other_than_get_and_head_get_405() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let addr = &preview.addr;
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let request = format!(
            "{method} /01-inleiding/ HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        );
        let (code, head, _) = exchange(addr, request.as_bytes());
        assert_eq!(code, 405, "{method}: {head}");
        assert_eq!(header(&head, "Allow"), Some("GET, HEAD"), "{head}");
    }
    // HEAD: the headers of GET, no body.
    let request =
        format!("HEAD /01-inleiding/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let (code, head, body) = exchange(addr, request.as_bytes());
    assert_eq!(code, 200);
    assert!(body.is_empty(), "HEAD has no body");
    let (_, get_head, get_body) = exchange(
        addr,
        format!("GET /01-inleiding/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(
        header(&head, "Content-Length"),
        Some(get_body.len().to_string().as_str())
    );
    assert_eq!(
        header(&get_head, "Content-Length"),
        header(&head, "Content-Length")
    );
}

/// The media types of every kind of file a site has, as registered with
/// IANA (and as the WHATWG MIME sniffing standard names them).
const TYPES: [(&str, &str); 19] = [
    ("page.html", "text/html; charset=utf-8"),
    ("style.css", "text/css; charset=utf-8"),
    ("app.js", "text/javascript; charset=utf-8"),
    ("data.json", "application/json"),
    ("plan.pdf", "application/pdf"),
    ("table.csv", "text/csv; charset=utf-8"),
    (
        "book.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("photo.png", "image/png"),
    ("photo.jpg", "image/jpeg"),
    ("photo.jpeg", "image/jpeg"),
    ("anim.gif", "image/gif"),
    ("icon.svg", "image/svg+xml"),
    ("photo.webp", "image/webp"),
    ("font.woff2", "font/woff2"),
    ("font.ttf", "font/ttf"),
    ("font.otf", "font/otf"),
    ("sitemap.xml", "application/xml"),
    ("robots.txt", "text/plain; charset=utf-8"),
    ("UPPER.GIF", "image/gif"),
];

#[test]
fn responses_carry_nosniff_a_policy_and_the_right_types() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let extra = book.path().join("build/site/extra");
    std::fs::create_dir_all(&extra).expect("mkdir");
    for (name, _) in TYPES {
        std::fs::write(extra.join(name), b"x").expect("write");
    }
    for (name, kind) in TYPES {
        let (code, head) = preview.get(&format!("/extra/{name}"));
        assert_eq!(code, 200, "{name}");
        assert_eq!(header(&head, "Content-Type"), Some(kind), "{name}");
    }
    for path in [
        "/",
        "/01-inleiding/",
        "/nergens/",
        "/__kis/status",
        "/__kis/live.js",
        "/downloads/proef-werkplan.pdf",
        "/downloads/proef-werkplan-begroting.xlsx",
    ] {
        let (_, head) = preview.get(path);
        assert_eq!(
            header(&head, "X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
        let policy = header(&head, "Content-Security-Policy").unwrap_or_default();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe"), "{path}: {policy}");
    }
}

/// The policy allows scripts and styles only from files of the site: so no
/// page of the built site may have an inline script, style or handler.
#[test]
fn the_built_pages_satisfy_the_policy() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let site = book.path().join("build/site");
    let mut pages = 0;
    for (path, bytes) in crate::common::read_tree(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!html.contains("<style"), "{path}: an inline style sheet");
        assert!(!html.contains(" style="), "{path}: an inline style");
        for script in html.split("<script").skip(1) {
            let (tag, rest) = script.split_once('>').expect("script tag");
            assert!(tag.contains("src="), "{path}: an inline script");
            assert!(
                rest.starts_with("</script>"),
                "{path}: a script with a body"
            );
        }
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onsubmit=",
            " oninput=",
            "javascript:",
        ] {
            assert!(!html.contains(handler), "{path}: {handler}");
        }
    }
    assert!(pages > 5, "{pages} pages");
    // The reload script is a file too.
    assert!(
        preview
            .get("/01-inleiding/")
            .1
            .contains("<script src=\"/__kis/live.js\" data-version=\"")
    );
}

/// A folder with a file that is not part of the book, beside the book.
fn outside_secret() -> tempfile::TempDir {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret.txt"), "geheim buiten het boek").expect("write");
    std::fs::write(
        outside.path().join("index.html"),
        "<p>geheim buiten het boek</p>",
    )
    .expect("write");
    outside
}

#[cfg(unix)]
#[test]
fn nothing_under_the_book_that_is_a_link_is_served() {
    use std::os::unix::fs::symlink;
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let outside = outside_secret();
    let build = book.path().join("build");
    let site = build.join("site");
    let refused = |path: &str| {
        let (code, body) = preview.get(path);
        assert_eq!(code, 404, "{path}: {body}");
        assert!(!body.contains("geheim"), "{path}: {body}");
    };

    // build/site swapped for a link while serving.
    std::fs::rename(&site, build.join("site.real")).expect("move site");
    symlink(outside.path(), &site).expect("link");
    refused("/secret.txt");
    refused("/");
    // ... and for a link to a folder inside the book: not followed either.
    std::fs::remove_file(&site).expect("unlink");
    symlink("site.real", &site).expect("link");
    refused("/01-inleiding/");
    std::fs::remove_file(&site).expect("unlink");
    std::fs::rename(build.join("site.real"), &site).expect("restore site");
    assert_eq!(preview.get("/01-inleiding/").0, 200);

    // build/ itself a link.
    std::fs::rename(&build, book.path().join("build.real")).expect("move build");
    symlink("build.real", &build).expect("link");
    refused("/01-inleiding/");
    std::fs::remove_file(&build).expect("unlink");
    std::fs::rename(book.path().join("build.real"), &build).expect("restore build");
    assert_eq!(preview.get("/01-inleiding/").0, 200);

    // Links below the site: to a file outside, to a file and a folder
    // inside, a folder on the way.
    symlink(
        outside.path().join("secret.txt"),
        site.join("static/secret.txt"),
    )
    .expect("link");
    symlink(site.join("static/site.css"), site.join("static/copy.css")).expect("link");
    symlink(site.join("01-inleiding"), site.join("inleiding")).expect("link");
    symlink(outside.path(), site.join("buiten")).expect("link");
    refused("/static/secret.txt");
    refused("/static/copy.css");
    refused("/inleiding/");
    refused("/inleiding/index.html");
    refused("/buiten/secret.txt");
    assert_eq!(preview.get("/static/site.css").0, 200);

    // A named pipe is no file: answered at once, not read forever.
    let fifo = site.join("pijp.html");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    refused("/pijp.html");
    assert_eq!(preview.get("/__kis/status").0, 200);
}

#[cfg(unix)]
#[test]
fn the_watcher_survives_content_being_replaced() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let content = book.path().join("content");
    let fresh = tempfile::tempdir().expect("temp dir");
    copy_dir(&content, &fresh.path().join("content"));
    let chapter = fresh.path().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read");
    std::fs::write(&chapter, with_edit(&original)).expect("edit");

    // `rm -rf content && cp -r fresh/content content`.
    std::fs::remove_dir_all(&content).expect("remove content");
    copy_dir(&fresh.path().join("content"), &content);
    wait_for_edit(&preview, true);

    // Replaced by a rename, as a sync tool does, with the edit undone.
    std::fs::write(&chapter, &original).expect("undo");
    std::fs::rename(&content, book.path().join("content.old")).expect("move away");
    std::fs::rename(fresh.path().join("content"), &content).expect("move in");
    wait_for_edit(&preview, false);

    // And the new folder is watched: an edit in it is rebuilt.
    std::fs::write(content.join("01-inleiding.md"), with_edit(&original)).expect("edit");
    wait_for_edit(&preview, true);

    // templates/ appears (the book had none), goes, and comes back by a
    // rename: each time the 404 page follows.
    let marked = |preview: &Preview| preview.get("/nergens/").1.contains("SJABLOONMERK");
    let wait_for_mark = |wanted: bool| {
        while !preview.reports.next_rebuild() || marked(&preview) != wanted {}
    };
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/site/404.html"),
    )
    .expect("read the default 404 template");
    let override_404 = default.replace("<h1 id=\"_top\">", "<h1 id=\"_top\">SJABLOONMERK ");
    assert_ne!(override_404, default);
    let templates = book.path().join("templates");
    crate::common::write_file(&templates.join("site/404.html"), &override_404);
    wait_for_mark(true);
    std::fs::remove_dir_all(&templates).expect("remove templates");
    wait_for_mark(false);
    let staged = fresh.path().join("templates");
    crate::common::write_file(&staged.join("site/404.html"), &override_404);
    std::fs::rename(&staged, &templates).expect("move templates in");
    wait_for_mark(true);
}

#[cfg(unix)]
#[test]
fn links_and_pipes_appearing_are_noticed() {
    let book = copy_book(&small_book());
    let preview = Preview::start(book.path());
    let content = book.path().join("content");
    let status = || preview.get("/__kis/status").1;

    // A link appears: a rebuild, whose check reports it.
    let link = content.join("05-extra.md");
    std::os::unix::fs::symlink("01-inleiding.md", &link).expect("link");
    while preview.reports.next_rebuild() {}
    assert!(status().contains("05-extra.md"), "{}", status());
    assert!(status().contains("symbolic link"), "{}", status());
    // Gone again: a good rebuild.
    std::fs::remove_file(&link).expect("unlink");
    while !preview.reports.next_rebuild() {}
    assert!(status().contains("\"errors\":[]"), "{}", status());

    // A named pipe appears.
    let fifo = content.join("05-pijp.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    while preview.reports.next_rebuild() {}
    assert!(status().contains("05-pijp.md"), "{}", status());
    assert!(status().contains("not a regular file"), "{}", status());
    std::fs::remove_file(&fifo).expect("remove pipe");
    while !preview.reports.next_rebuild() {}
    assert!(status().contains("\"errors\":[]"), "{}", status());
}
