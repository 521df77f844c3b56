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
pub(super) const MAX_HEAD_BYTES: usize = 8 * 1024;

/// Most header lines in one request.
const MAX_HEADERS: usize = 100;

/// A request head as read from the connection.
#[derive(Debug)]
pub(super) struct HttpRequest {
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// HTTP/1.0 rather than 1.1.
    pub http10: bool,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// The values of header `name` (lower case).
    pub(super) fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after the answer.
    pub(super) fn keep_alive(&self) -> bool {
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
    pub(super) fn has_body(&self) -> bool {
        self.header_values("transfer-encoding").next().is_some()
            || self
                .header_values("content-length")
                .any(|v| v.trim() != "0")
    }
}

/// Why no request was read.
#[derive(Debug)]
pub(super) enum ReadFailure {
    /// The connection ended (or idled out) between requests: close quietly.
    Closed,
    /// The head was larger than [`MAX_HEAD_BYTES`] or had too many lines.
    TooLarge,
    /// Part of a head came, the rest not in time.
    TimedOut,
    /// Not HTTP/1.x as the preview reads it.
    Malformed,
}

/// One connection's reading side: bytes read beyond one request head are
/// kept for the next.
#[derive(Debug)]
pub(super) struct Reader {
    buffer: Vec<u8>,
}

impl Reader {
    pub(super) fn new() -> Self {
        Self {
            buffer: Vec::with_capacity(1024),
        }
    }

    /// Reads the next request head, waiting at most `timeout` for all of it
    /// (a client that sends a head slowly holds its connection no longer).
    pub(super) fn next(
        &mut self,
        stream: &mut TcpStream,
        timeout: Duration,
    ) -> Result<HttpRequest, ReadFailure> {
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
                return Err(self.cut_short(ReadFailure::TimedOut));
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|_| ReadFailure::Closed)?;
            let mut chunk = [0; 4096];
            let room = (MAX_HEAD_BYTES + 1 - self.buffer.len()).min(chunk.len());
            match stream.read(&mut chunk[..room]) {
                Ok(0) => return Err(self.cut_short(ReadFailure::Malformed)),
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(self.cut_short(ReadFailure::TimedOut));
                }
                Err(_) => return Err(ReadFailure::Closed),
            }
        }
    }

    /// Why a head stopped short: nothing of it came (the connection ended
    /// or idled out between requests), or `failure`.
    fn cut_short(&self, failure: ReadFailure) -> ReadFailure {
        if self.buffer.is_empty() {
            ReadFailure::Closed
        } else {
            failure
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

fn parse(head: &[u8]) -> Result<HttpRequest, ReadFailure> {
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
    // A target is visible ASCII only (RFC 9112 3.2): no control character
    // reaches a path or a Location header.
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_alphabetic())
        || target.is_empty()
        || !target.bytes().all(|b| b.is_ascii_graphic())
    {
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
    Ok(HttpRequest {
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
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Writes a response head: the status line, `headers`, the length and
/// whether the connection stays open.
pub(super) fn write_head(
    out: &mut impl Write,
    code: u16,
    headers: &[(&str, &str)],
    length: u64,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {code} {}\r\nDate: {}\r\n",
        reason(code),
        http_date(std::time::SystemTime::now())
    );
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

/// Writes the head of a response whose body is a stream without a known
/// length (server-sent events): it ends when the connection closes.
pub(super) fn write_stream_head(out: &mut impl Write, headers: &[(&str, &str)]) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nDate: {}\r\n",
        http_date(std::time::SystemTime::now())
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    out.write_all(head.as_bytes())
}

/// `time` as an HTTP date (RFC 9110 5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let (hour, minute, second) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    // 1 January 1970 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Howard Hinnant's civil_from_days, for days since 1970 (never before).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let month_name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!("{weekday}, {day:02} {month_name} {year} {hour:02}:{minute:02}:{second:02} GMT")
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

    /// Half a head, then nothing: timed out; nothing at all: closed quietly.
    #[test]
    fn a_head_cut_short_times_out() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
        let addr = listener.local_addr().expect("address");
        let mut half = TcpStream::connect(addr).expect("connect");
        half.write_all(b"GET / HTTP/1.1\r\nHost: ").expect("send");
        let (mut served, _) = listener.accept().expect("accept");
        let short = Duration::from_millis(200);
        let result = Reader::new().next(&mut served, short);
        assert!(matches!(result, Err(ReadFailure::TimedOut)), "{result:?}");
        let _silent = TcpStream::connect(addr).expect("connect");
        let (mut served, _) = listener.accept().expect("accept");
        let result = Reader::new().next(&mut served, short);
        assert!(matches!(result, Err(ReadFailure::Closed)), "{result:?}");
    }

    /// The examples of RFC 9110 5.6.7 and RFC 1123, and leap days.
    #[test]
    fn dates_are_written_as_http_says() {
        let at = |secs| std::time::UNIX_EPOCH + Duration::from_secs(secs);
        assert_eq!(http_date(at(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(at(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(at(951_782_400)), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(
            http_date(at(4_107_542_399)),
            "Sun, 28 Feb 2100 23:59:59 GMT"
        );
        assert_eq!(
            http_date(at(4_107_542_400)),
            "Mon, 01 Mar 2100 00:00:00 GMT"
        );
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
            b"GET /a\rLocation:x HTTP/1.1\r\n\r\n",
            b"GET /\x01 HTTP/1.1\r\n\r\n",
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
