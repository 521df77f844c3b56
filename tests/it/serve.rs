//! `kis-book serve` on a copy of the fixture book: an edit shows up on the
//! served page within seconds; a broken save keeps the last good page
//! served and reports the diagnostic.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_book, small_book};

/// Stops the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

/// The status of the last rebuild: (version, whether it failed).
fn status(addr: &str) -> (u64, bool) {
    let (_, text) = get(addr, "/__kis/status");
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let version = json["version"].as_u64().unwrap_or(0);
    let failed = json["errors"].as_array().is_some_and(|e| !e.is_empty());
    (version, failed)
}

/// Waits until serve has finished a rebuild after `since` (the version
/// before the save): a successful one bumps the version, a failed one
/// reports errors. Speed is the rebuild benchmark's business; the limit
/// here only keeps a hung server from hanging the test run.
fn wait_for_rebuild(addr: &str, since: (u64, bool), expect_failure: bool) {
    const HANG_GUARD: Duration = Duration::from_secs(300);
    let started = Instant::now();
    loop {
        let now = status(addr);
        let done = if expect_failure {
            now.1
        } else {
            now.0 > since.0 && !now.1
        };
        if done {
            return;
        }
        assert!(
            started.elapsed() < HANG_GUARD,
            "serve never finished the rebuild (status {now:?})"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edits_show_up_and_broken_saves_keep_the_last_good_page() {
    let book = copy_book(&small_book());
    let mut child = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args([
            "serve",
            book.path().to_str().expect("utf-8 path"),
            "--port",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let _server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the address");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("address printed");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "listens on loopback only: {addr}"
    );

    let (code, page) = get(&addr, "/01-inleiding/");
    assert_eq!(code, 200);
    assert!(page.contains("Dit proefplan verdeelt € 7.250"), "{page}");
    assert!(
        page.contains("/__kis/live.js"),
        "the live-reload script is injected"
    );

    // An edit is rebuilt and served.
    let before = status(&addr);
    let chapter = book.path().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(
        &chapter,
        original.replace("over twee thema's", "over twee thema's en één nieuw idee"),
    )
    .expect("edit chapter");
    wait_for_rebuild(&addr, before, false);
    assert!(get(&addr, "/01-inleiding/").1.contains("één nieuw idee"));
    let (_, report) = get(&addr, "/__kis/status");
    assert!(report.contains("\"errors\":[]"), "{report}");

    // A broken save: the diagnostic is reported, the last good page stays.
    let before = status(&addr);
    std::fs::write(
        &chapter,
        "---\ntitle: Inleiding\n---\n\nZie {{ onbekend }}.\n",
    )
    .expect("break chapter");
    wait_for_rebuild(&addr, before, true);
    let (_, report) = get(&addr, "/__kis/status");
    assert!(
        report.contains("01-inleiding.md:5:5: error: unknown placeholder"),
        "{report}"
    );
    let (code, page) = get(&addr, "/01-inleiding/");
    assert_eq!(code, 200);
    assert!(
        page.contains("één nieuw idee"),
        "the last good page is still served"
    );

    // Fixed again: the page follows.
    let before = status(&addr);
    std::fs::write(&chapter, original).expect("restore chapter");
    wait_for_rebuild(&addr, before, false);
    assert!(!get(&addr, "/01-inleiding/").1.contains("één nieuw idee"));
    assert!(get(&addr, "/__kis/status").1.contains("\"errors\":[]"));
    assert_eq!(get(&addr, "/nergens/").0, 404);
    assert_eq!(get(&addr, "/../Cargo.toml").0, 404);
}
