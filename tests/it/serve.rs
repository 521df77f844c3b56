//! `kis-book serve` on a copy of the fixture book: an edit shows up on the
//! served page within seconds; a broken save keeps the last good page
//! served and reports the diagnostic.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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

/// What serve says on its standard error after each rebuild, as it says it.
struct Reports(std::sync::mpsc::Receiver<String>);

impl Reports {
    /// Follows the server's standard error on a thread of its own.
    fn follow(stderr: std::process::ChildStderr) -> Self {
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
            let line = self.0.recv().expect("serve stopped before it rebuilt");
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
fn has_edit(addr: &str) -> bool {
    get(addr, "/01-inleiding/").1.contains("één nieuw idee")
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
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let reports = Reports::follow(child.stderr.take().expect("stderr"));
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

    // An edit is rebuilt and served. (A save can make more than one
    // rebuild; each wait lasts until a rebuild shows what is awaited.)
    let chapter = book.path().join("content/01-inleiding.md");
    let original = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(
        &chapter,
        original.replace("over twee thema's", "over twee thema's en één nieuw idee"),
    )
    .expect("edit chapter");
    loop {
        if reports.next_rebuild() && has_edit(&addr) {
            break;
        }
    }
    let (_, report) = get(&addr, "/__kis/status");
    assert!(report.contains("\"errors\":[]"), "{report}");

    // A broken save: the diagnostic is reported, the last good page stays.
    std::fs::write(
        &chapter,
        "---\ntitle: Inleiding\n---\n\nZie {{ onbekend }}.\n",
    )
    .expect("break chapter");
    while reports.next_rebuild() {}
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
    std::fs::write(&chapter, original).expect("restore chapter");
    loop {
        if reports.next_rebuild() && !has_edit(&addr) {
            break;
        }
    }
    assert!(get(&addr, "/__kis/status").1.contains("\"errors\":[]"));
    assert_eq!(get(&addr, "/nergens/").0, 404);
    assert_eq!(get(&addr, "/../Cargo.toml").0, 404);
}
