//! `kis-book serve` on a copy of the fixture book: an edit shows up on the
//! served page within seconds; a broken save keeps the last good page
//! served and reports the diagnostic.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_book, small_book};

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

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
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

    // An edit appears within seconds.
    let chapter = book.path().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(
        &chapter,
        original.replace("over twee thema's", "over twee thema's en één nieuw idee"),
    )
    .expect("edit chapter");
    wait_for("the edit", || {
        get(&addr, "/01-inleiding/").1.contains("één nieuw idee")
    });
    let (_, status) = get(&addr, "/__kis/status");
    assert!(status.contains("\"errors\":[]"), "{status}");

    // A broken save: the diagnostic is reported, the last good page stays.
    std::fs::write(
        &chapter,
        "---\ntitle: Inleiding\n---\n\nZie {{ onbekend }}.\n",
    )
    .expect("break chapter");
    wait_for("the diagnostic", || {
        get(&addr, "/__kis/status")
            .1
            .contains("01-inleiding.md:5:1: error: unknown placeholder")
    });
    let (code, page) = get(&addr, "/01-inleiding/");
    assert_eq!(code, 200);
    assert!(
        page.contains("één nieuw idee"),
        "the last good page is still served"
    );

    // Fixed again: the page follows.
    std::fs::write(&chapter, original).expect("restore chapter");
    wait_for("the fix", || {
        !get(&addr, "/01-inleiding/").1.contains("één nieuw idee")
    });
    assert!(get(&addr, "/__kis/status").1.contains("\"errors\":[]"));
    assert_eq!(get(&addr, "/nergens/").0, 404);
    assert_eq!(get(&addr, "/../Cargo.toml").0, 404);
}
