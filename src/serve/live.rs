//! The live-reload event stream (Server-Sent Events).
//!
//! tiny_http's streaming responses collect 8 KiB before sending anything, so
//! an event could sit in a buffer indefinitely. Each stream is therefore
//! taken over as a raw writer (`Request::into_writer`): the hub writes the
//! response head and every event itself and flushes after each one.
//!
//! The number of open streams is bounded; a comment line is sent every
//! [`HEARTBEAT`] so that streams of closed tabs fail and are dropped.

use crate::sync::MutexExt;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use tiny_http::Request;

/// How often idle streams get a keep-alive comment.
pub const HEARTBEAT: Duration = Duration::from_secs(10);

type Stream = Box<dyn Write + Send + 'static>;

/// Every open event stream and the state new streams need to know.
pub struct Hub {
    streams: Mutex<Vec<Stream>>,
    max_streams: usize,
    /// The current build error, sent to streams that open while it lasts.
    error: Mutex<Option<String>>,
}

impl Hub {
    pub fn new(max_streams: usize) -> Self {
        Self {
            streams: Mutex::new(Vec::new()),
            max_streams,
            error: Mutex::new(None),
        }
    }

    /// Takes over `request` as an event stream, or answers 503 when too many
    /// are open.
    pub fn open(&self, request: Request) {
        let mut streams = self.streams.locked();
        if streams.len() >= self.max_streams {
            drop(streams);
            let response = tiny_http::Response::from_string("Te veel open verbindingen.\n")
                .with_status_code(503)
                .with_header(super::http::header("Retry-After", "5"));
            let _ = request.respond(response);
            return;
        }
        let mut stream = request.into_writer();
        let mut opening = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 1000\n\n",
        );
        if let Some(error) = &*self.error.locked() {
            opening.push_str(&event("error", error));
        }
        if send(&mut stream, &opening) {
            streams.push(stream);
        }
    }

    /// Tells every page to reload (a good build replaced the site).
    pub fn reload(&self, build: u64) {
        *self.error.locked() = None;
        self.broadcast(&event("reload", &build.to_string()));
    }

    /// Shows `text` in the error overlay of every page (a build failed).
    pub fn error(&self, text: &str) {
        *self.error.locked() = Some(text.to_string());
        self.broadcast(&event("error", text));
    }

    /// Sends a keep-alive comment; drops streams whose reader is gone.
    pub fn heartbeat(&self) {
        self.broadcast(": ping\n\n");
    }

    fn broadcast(&self, message: &str) {
        let mut streams = self.streams.locked();
        streams.retain_mut(|stream| send(stream, message));
    }
}

fn send(stream: &mut Stream, message: &str) -> bool {
    stream.write_all(message.as_bytes()).is_ok() && stream.flush().is_ok()
}

/// One event in the text/event-stream format; every line of `data` becomes
/// its own `data:` line.
pub fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data:\n");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_data_becomes_several_data_lines() {
        assert_eq!(event("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
        assert_eq!(event("reload", "3"), "event: reload\ndata: 3\n\n");
    }
}
