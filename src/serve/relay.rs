//! The front door: a thin acceptor in front of tiny_http that enforces the
//! limits tiny_http lacks.
//!
//! tiny_http 0.12 reads request heads of any size, has no timeouts and starts
//! one thread per connection without a bound (see its `ClientConnection` and
//! `TaskPool`). It cannot be given those limits, and it only accepts
//! connections from its own listener. So tiny_http listens on a Unix socket
//! in a private temporary folder, and this relay owns the public TCP port:
//!
//! - at most [`Limits::max_connections`] connections at once (503 beyond);
//! - the request line may be [`Limits::max_request_line`] bytes (414) and the
//!   whole head [`Limits::max_head`] bytes (431);
//! - a client that sends nothing for [`Limits::idle`] gets 408; writes to a
//!   client that stops reading time out as well;
//! - one request per connection: the relay sends `Connection: close` on, so
//!   tiny_http never waits for a second head that the relay did not check;
//! - a request body (never needed: only GET and HEAD are served) is passed
//!   on only up to [`Limits::max_body`] bytes with a `Content-Length`.
//!
//! Responses are copied back as they come, unbuffered, so Server-Sent
//! Events reach the browser at once.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The relay's bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub max_request_line: usize,
    pub max_head: usize,
    pub max_body: usize,
    pub idle: Duration,
    /// How long a response may be silent (longer than the SSE heartbeat).
    pub response_idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 256,
            max_request_line: 8 * 1024,
            max_head: 16 * 1024,
            max_body: 64 * 1024,
            idle: Duration::from_secs(10),
            response_idle: Duration::from_secs(60),
        }
    }
}

/// Accepts connections on `listener` forever, relaying each to the Unix
/// socket `backend` within `limits`.
pub fn accept_loop(listener: &TcpListener, backend: PathBuf, limits: Limits) {
    let backend = Arc::new(backend);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut client) = stream else { continue };
        if open.load(Ordering::Acquire) >= limits.max_connections {
            let _ = client.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = reject(&mut client, 503, "Service Unavailable");
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        let guard = OpenGuard(Arc::clone(&open));
        let backend = Arc::clone(&backend);
        let spawned = std::thread::Builder::new()
            .name("nota-conn".into())
            .spawn(move || {
                let _guard = guard;
                relay(client, &backend, limits);
            });
        if spawned.is_err() {
            // The guard moved into the closure was dropped with it.
            continue;
        }
    }
}

struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Why a request head was not passed on.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client went away: nothing to answer.
    Closed,
    TimedOut,
    LineTooLong,
    HeadTooLarge,
    Malformed,
    BodyTooLarge,
    ChunkedBody,
}

impl HeadError {
    fn status(&self) -> Option<(u16, &'static str)> {
        match self {
            Self::Closed => None,
            Self::TimedOut => Some((408, "Request Timeout")),
            Self::LineTooLong => Some((414, "URI Too Long")),
            Self::HeadTooLarge => Some((431, "Request Header Fields Too Large")),
            Self::Malformed => Some((400, "Bad Request")),
            Self::BodyTooLarge => Some((413, "Content Too Large")),
            Self::ChunkedBody => Some((411, "Length Required")),
        }
    }
}

fn relay(mut client: TcpStream, backend: &std::path::Path, limits: Limits) {
    let _ = client.set_read_timeout(Some(limits.idle));
    let _ = client.set_write_timeout(Some(limits.idle));
    let _ = client.set_nodelay(true);
    let request = match read_request(&mut client, limits) {
        Ok(request) => request,
        Err(error) => {
            if let Some((code, reason)) = error.status() {
                let _ = reject(&mut client, code, reason);
            }
            return;
        }
    };
    let Ok(mut server) = UnixStream::connect(backend) else {
        let _ = reject(&mut client, 503, "Service Unavailable");
        return;
    };
    let _ = server.set_read_timeout(Some(limits.response_idle));
    if server.write_all(&request).is_err() {
        return;
    }
    let _ = server.shutdown(Shutdown::Write);
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match server.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if client.write_all(&buffer[..n]).is_err() || client.flush().is_err() {
                    break;
                }
            }
        }
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// Reads one request head (and a small body) within the limits and returns
/// it rewritten with `Connection: close`.
fn read_request(client: &mut impl Read, limits: Limits) -> Result<Vec<u8>, HeadError> {
    let mut data = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find_head_end(&data) {
            break end;
        }
        let line_done = data.contains(&b'\n');
        if !line_done && data.len() > limits.max_request_line {
            return Err(HeadError::LineTooLong);
        }
        if data.len() > limits.max_head {
            return Err(if line_done {
                HeadError::HeadTooLarge
            } else {
                HeadError::LineTooLong
            });
        }
        match client.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => data.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(if data.is_empty() {
                    HeadError::Closed
                } else {
                    HeadError::TimedOut
                });
            }
            Err(_) => return Err(HeadError::Closed),
        }
    };
    let (head, rest) = data.split_at(head_end);
    let first_line_len = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    if first_line_len > limits.max_request_line {
        return Err(HeadError::LineTooLong);
    }
    if head.len() > limits.max_head {
        return Err(HeadError::HeadTooLarge);
    }
    let head = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let (rewritten, body_length) = rewrite_head(head, limits)?;
    let mut out = rewritten.into_bytes();
    let mut body = rest.to_vec();
    while body.len() < body_length {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Closed),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(body_length);
    out.extend_from_slice(&body);
    Ok(out)
}

/// The end of the head (after the blank line), if it has arrived.
fn find_head_end(data: &[u8]) -> Option<usize> {
    data.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| data.windows(2).position(|w| w == b"\n\n").map(|i| i + 2))
}

/// Drops `Connection`/`Keep-Alive` headers, adds `Connection: close`, and
/// returns the body length to pass on.
fn rewrite_head(head: &str, limits: Limits) -> Result<(String, usize), HeadError> {
    let mut lines = head.lines();
    let request_line = lines.next().ok_or(HeadError::Malformed)?;
    if request_line.split(' ').count() != 3 {
        return Err(HeadError::Malformed);
    }
    let mut out = String::with_capacity(head.len() + 24);
    out.push_str(request_line);
    out.push_str("\r\n");
    let mut body_length = 0usize;
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        let name = name.trim();
        if name.eq_ignore_ascii_case("connection") || name.eq_ignore_ascii_case("keep-alive") {
            continue;
        }
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(HeadError::ChunkedBody);
        }
        if name.eq_ignore_ascii_case("content-length") {
            body_length = value.trim().parse().map_err(|_| HeadError::Malformed)?;
            if body_length > limits.max_body {
                return Err(HeadError::BodyTooLarge);
            }
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    Ok((out, body_length))
}

fn reject(client: &mut TcpStream, code: u16, reason: &str) -> io::Result<()> {
    let body = format!("{code} {reason}\n");
    write!(
        client,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    client.flush()?;
    let _ = client.shutdown(Shutdown::Write);
    // Read what the client still sends so the close is not a reset that
    // could destroy the answer before it is read.
    let _ = client.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    for _ in 0..64 {
        match client.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Result<Vec<u8>, HeadError> {
        read_request(&mut &input[..], Limits::default())
    }

    #[test]
    fn passes_a_request_on_with_connection_close() {
        let out = read(b"GET /a/ HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "GET /a/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn enforces_the_size_limits() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9000));
        assert_eq!(read(long_line.as_bytes()), Err(HeadError::LineTooLong));
        let big_head = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(3000));
        assert_eq!(read(big_head.as_bytes()), Err(HeadError::HeadTooLarge));
        assert_eq!(
            read(b"POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n"),
            Err(HeadError::BodyTooLarge)
        );
        assert_eq!(
            read(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Err(HeadError::ChunkedBody)
        );
        assert_eq!(read(b"GET / HTTP/1.1\r\nHost"), Err(HeadError::Closed));
    }

    #[test]
    fn keeps_a_small_body() {
        let out = read(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef").unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Connection: close\r\n\r\nabc")
        );
    }
}
