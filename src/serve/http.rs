//! The little of HTTP/1.1 the preview speaks: reading a request head with
//! a bound on its size and its time, and writing a response's head.
//!
//! The preview serves GET and HEAD without bodies, so a request is its head
//! only; what follows it on the connection is the next request (pipelining).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Largest request head (request line and headers): a browser's is under
/// 2 KiB. Larger gets 431 and the connection is closed.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// Most header lines in one request.
const MAX_HEADERS: usize = 100;

/// A request head as read from the connection.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// HTTP/1.0 rather than 1.1.
    pub http10: bool,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The values of header `name` (lower case).
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after the answer.
    pub fn keep_alive(&self) -> bool {
        let mut tokens = self
            .header_values("connection")
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().to_ascii_lowercase());
        if self.http10 {
            tokens.any(|t| t == "keep-alive")
        } else {
            !tokens.any(|t| t == "close")
        }
    }

    /// Whether a body follows the head (which the preview never reads).
    pub fn has_body(&self) -> bool {
        self.header_values("transfer-encoding").next().is_some()
            || self
                .header_values("content-length")
                .any(|v| v.trim() != "0")
    }
}

/// Why no request was read.
#[derive(Debug)]
pub enum ReadFailure {
    /// The connection ended (or idled out) between requests: close quietly.
    Closed,
    /// The head was larger than [`MAX_HEAD_BYTES`] or had too many lines.
    TooLarge,
    /// Not HTTP/1.x as the preview reads it.
    Malformed,
}

/// One connection's reading side: bytes read beyond one request head are
/// kept for the next.
#[derive(Debug)]
pub struct Reader {
    buffer: Vec<u8>,
}

impl Reader {
    pub fn new() -> Self {
        Self {
            buffer: Vec::with_capacity(1024),
        }
    }

    /// Reads the next request head, waiting at most `timeout` for all of it
    /// (a client that sends a head slowly holds its connection no longer).
    pub fn next(
        &mut self,
        stream: &mut TcpStream,
        timeout: Duration,
    ) -> Result<Request, ReadFailure> {
        let deadline = Instant::now() + timeout;
        let mut scanned = 0;
        loop {
            if let Some(end) = head_end(&self.buffer, scanned) {
                let head: Vec<u8> = self.buffer.drain(..end).collect();
                return parse(&head);
            }
            if self.buffer.len() > MAX_HEAD_BYTES {
                return Err(ReadFailure::TooLarge);
            }
            scanned = self.buffer.len().saturating_sub(3);
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(if self.buffer.is_empty() {
                    ReadFailure::Closed
                } else {
                    ReadFailure::Malformed
                });
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|_| ReadFailure::Closed)?;
            let mut chunk = [0; 4096];
            let room = (MAX_HEAD_BYTES + 1 - self.buffer.len()).min(chunk.len());
            match stream.read(&mut chunk[..room]) {
                Ok(0) => {
                    return Err(if self.buffer.is_empty() {
                        ReadFailure::Closed
                    } else {
                        ReadFailure::Malformed
                    });
                }
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) if self.buffer.is_empty() => return Err(ReadFailure::Closed),
                Err(_) => return Err(ReadFailure::Malformed),
            }
        }
    }
}

/// Where the head in `buffer` ends (after its blank line), searching from
/// `from`. Bare line feeds are accepted as line ends, as RFC 9112 allows.
fn head_end(buffer: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < buffer.len() {
        if buffer[i] == b'\n' {
            if buffer.get(i + 1) == Some(&b'\n') {
                return Some(i + 2);
            }
            if buffer.get(i + 1) == Some(&b'\r') && buffer.get(i + 2) == Some(&b'\n') {
                return Some(i + 3);
            }
        }
        i += 1;
    }
    None
}

fn parse(head: &[u8]) -> Result<Request, ReadFailure> {
    let text = std::str::from_utf8(head).map_err(|_| ReadFailure::Malformed)?;
    // Blank lines before a request line may be ignored (RFC 9112 2.2).
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let line = lines.next().ok_or(ReadFailure::Malformed)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadFailure::Malformed);
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadFailure::Malformed),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) || target.is_empty() {
        return Err(ReadFailure::Malformed);
    }
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        if headers.len() == MAX_HEADERS {
            return Err(ReadFailure::TooLarge);
        }
        // No folded lines, no space before the colon (RFC 9112 5.1, 5.2).
        let (name, value) = line.split_once(':').ok_or(ReadFailure::Malformed)?;
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace()) {
            return Err(ReadFailure::Malformed);
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        http10,
        headers,
    })
}

/// The reason phrase of a status code the preview sends.
fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Writes a response head: the status line, `headers`, the length and
/// whether the connection stays open.
pub fn write_head(
    out: &mut impl Write,
    code: u16,
    headers: &[(&str, &str)],
    length: u64,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {code} {}\r\n", reason(code));
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {length}\r\n"));
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    out.write_all(head.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed() {
        let end = head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x", 0);
        assert_eq!(end, Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\n", 0), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n", 0), None);
        let request =
            parse(b"GET /a?b HTTP/1.1\r\nHost: x:1\r\nConnection: Close\r\n\r\n").expect("parsed");
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/a?b");
        assert_eq!(request.header_values("host").collect::<Vec<_>>(), ["x:1"]);
        assert!(!request.keep_alive());
        let old = parse(b"GET / HTTP/1.0\r\n\r\n").expect("parsed");
        assert!(!old.keep_alive());
    }

    #[test]
    fn malformed_heads_are_refused() {
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded\r\n\r\n",
            b"G\xffT / HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(parse(bad), Err(ReadFailure::Malformed)),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            (0..=MAX_HEADERS)
                .map(|i| format!("X-{i}: 1\r\n"))
                .collect::<String>()
        );
        assert!(matches!(parse(many.as_bytes()), Err(ReadFailure::TooLarge)));
    }
}
