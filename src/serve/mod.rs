//! `journeymap serve`: a preview server for the maps under a folder, on this machine.
//!
//! `GET /` lists the maps; `GET /map/NAME` shows one in the HTML viewer `render` writes, with a
//! script that listens on `GET /events/map/NAME` (Server-Sent Events) and reloads the page when
//! the map is saved, or shows the findings over the last diagram that drew when it no longer
//! checks. The index listens on `/events/index` the same way.
//!
//! What it will not do: answer anything but GET and HEAD; open any file a request names (a
//! name is looked up among the maps found under the folder, so `..`, encoded or not, and
//! symlinks out of the folder name nothing); answer a request whose `Host` is a name other
//! than `localhost` (a DNS-rebinding page in the browser names its own domain); or let a
//! page load anything but its own style and script. It listens on 127.0.0.1 unless told
//! otherwise.
//!
//! tiny_http parses requests and writes the ordinary responses. Its streamed bodies are
//! written in 8 KiB chunks, so the event streams, which must reach the browser one small event
//! at a time, take the connection over and write their own short response head.

mod changes;
pub mod library;
pub mod pages;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response};

use library::{Library, MapState};

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    pub address: SocketAddr,
    pub open: bool,
    pub color: bool,
}

/// How many pages may listen for events at once; more are told to try again later.
const MAX_STREAMS: usize = 64;
/// How often a quiet event stream says it is alive (and finds out that its page is gone).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Serves until the process is stopped.
pub fn run(options: &Options) -> Result<(), String> {
    let library = Library::open(&options.dir, options.color)?;
    if !options.address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine there can read every \
             map under {}",
            options.address.ip(),
            options.dir.display()
        );
    }
    let server = tiny_http::Server::http(options.address).map_err(|e| {
        format!(
            "cannot listen on {}: {e}; pass another --port, or --port 0 for any free one",
            options.address
        )
    })?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "the server has no IP address".to_string())?;
    let site = Arc::new(Site {
        library: Arc::new(library),
        port: bound.port(),
        streams: AtomicUsize::new(0),
    });
    changes::watch(Arc::clone(&site.library))?;
    let url = format!("http://{bound}/");
    eprintln!(
        "serve: {url} shows the maps under {} (Ctrl-C to stop)",
        site.library.root().display()
    );
    if options.open {
        open_browser(&url);
    }
    for request in server.incoming_requests() {
        let site = Arc::clone(&site);
        std::thread::spawn(move || site.answer(request));
    }
    Ok(())
}

/// What the server shares between requests.
struct Site {
    library: Arc<Library>,
    port: u16,
    streams: AtomicUsize,
}

/// What an event stream is about.
enum Subject {
    Index,
    Map(String),
}

/// The answer to a request: a whole response, or an event stream.
enum Answer {
    Whole(Response<std::io::Cursor<Vec<u8>>>),
    Events(Subject, String),
}

impl Site {
    fn answer(&self, request: Request) {
        match self.route(&request) {
            Answer::Whole(response) => {
                // A page closed before its answer arrived is no concern of the server.
                let _ = request.respond(response);
            }
            Answer::Events(subject, version) => self.stream(request, &subject, &version),
        }
    }

    fn route(&self, request: &Request) -> Answer {
        if !matches!(request.method(), Method::Get | Method::Head) {
            return Answer::Whole(
                text(405, "only GET and HEAD are answered here\n")
                    .with_header(header("Allow", "GET, HEAD")),
            );
        }
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str());
        if !host.is_some_and(|h| host_is_allowed(h, self.port)) {
            return Answer::Whole(text(
                403,
                "this server answers only requests addressed to localhost or an IP address\n",
            ));
        }
        let (path, query) = request.url().split_once('?').unwrap_or((request.url(), ""));
        let Ok(path) = percent_decode_str(path).decode_utf8() else {
            return Answer::Whole(text(400, "the address is not UTF-8\n"));
        };
        let version = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v="))
            .filter(|v| v.bytes().all(|b| b.is_ascii_hexdigit()))
            .unwrap_or("")
            .to_string();
        let result = if path == "/" {
            self.index().map(Answer::Whole)
        } else if let Some(name) = path.strip_prefix("/map/") {
            self.map_page(name).map(Answer::Whole)
        } else if path == "/events/index" {
            Ok(Answer::Events(Subject::Index, version))
        } else if let Some(name) = path.strip_prefix("/events/map/") {
            // Events only about a map that is there; one that goes while a page listens is
            // reported to that page as gone.
            self.library.find(name).map(|found| match found {
                Some(entry) => Answer::Events(Subject::Map(entry.name), version),
                None => Answer::Whole(not_found()),
            })
        } else {
            Ok(Answer::Whole(not_found()))
        };
        result.unwrap_or_else(|message| {
            eprintln!("serve: {}", library::shown(&message));
            Answer::Whole(text(
                500,
                "the server could not answer; its terminal says why\n",
            ))
        })
    }

    fn index(&self) -> Result<Response<std::io::Cursor<Vec<u8>>>, String> {
        let (summaries, version) = self.summaries()?;
        let folder = self
            .library
            .root()
            .file_name()
            .map_or_else(|| "/".to_string(), |n| n.to_string_lossy().into_owned());
        Ok(html(pages::index(&folder, &summaries, &version)?))
    }

    /// The index's list, and its version (a digest of what it shows).
    fn summaries(&self) -> Result<(Vec<library::Summary>, String), String> {
        let summaries: Vec<library::Summary> = self
            .library
            .maps()?
            .iter()
            .map(|entry| self.library.summary(entry))
            .collect();
        let listed = serde_json::to_vec(&summaries).map_err(|e| e.to_string())?;
        Ok((summaries, library::short_digest(&listed)))
    }

    fn map_page(&self, name: &str) -> Result<Response<std::io::Cursor<Vec<u8>>>, String> {
        let Some(entry) = self.library.find(name)? else {
            return Ok(not_found());
        };
        Ok(match self.library.state(&entry) {
            MapState::Drawn(drawn)
            | MapState::Broken {
                last_good: Some(drawn),
                ..
            } => html(drawn.page.as_str().to_string()),
            MapState::Broken { findings, .. } => html(pages::errors(&entry.name, &findings)?),
        })
    }

    /// Answers an event stream: what the page should do now, then again after each change
    /// under the folder, until the page reloads or goes away.
    fn stream(&self, request: Request, subject: &Subject, shown: &str) {
        if self.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.streams.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(text(503, "too many pages are listening\n"));
            return;
        }
        let _ = self.events(request, subject, shown);
        self.streams.fetch_sub(1, Ordering::SeqCst);
    }

    fn events(&self, request: Request, subject: &Subject, shown: &str) -> std::io::Result<()> {
        let head_only = *request.method() == Method::Head;
        let mut out = request.into_writer();
        out.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
              Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
              Connection: close\r\n\r\n",
        )?;
        out.flush()?;
        if head_only {
            return Ok(());
        }
        let mut seen = None;
        let mut errors_shown: Option<String> = None;
        loop {
            let generation = match seen {
                None => self.library.generation(),
                Some(seen) => self.library.wait_past(seen, KEEP_ALIVE),
            };
            if seen == Some(generation) {
                out.write_all(b": still here\n\n")?;
                out.flush()?;
                continue;
            }
            seen = Some(generation);
            let event = match subject {
                Subject::Index => match self.summaries() {
                    Ok((_, version)) if version != shown => Event::Reload,
                    _ => Event::Nothing,
                },
                Subject::Map(name) => self.map_event(name, shown, &errors_shown),
            };
            match event {
                Event::Nothing => continue,
                Event::Reload => {
                    out.write_all(b"event: reload\ndata: {}\n\n")?;
                    out.flush()?;
                    return Ok(());
                }
                Event::Clear => {
                    errors_shown = None;
                    out.write_all(b"event: clear\ndata: {}\n\n")?;
                }
                Event::Errors(json) => {
                    // JSON escapes line breaks, so the findings are one `data:` line.
                    out.write_all(format!("event: errors\ndata: {json}\n\n").as_bytes())?;
                    errors_shown = Some(json);
                }
            }
            out.flush()?;
        }
    }

    /// What a page showing version `shown` of map `name` (with `errors_shown` over it) should
    /// do now.
    fn map_event(&self, name: &str, shown: &str, errors_shown: &Option<String>) -> Event {
        let findings = match self.library.find(name) {
            Ok(Some(entry)) => match self.library.state(&entry) {
                MapState::Drawn(drawn) if drawn.version != shown => return Event::Reload,
                MapState::Drawn(_) if errors_shown.is_some() => return Event::Clear,
                MapState::Drawn(_) => return Event::Nothing,
                MapState::Broken { findings, .. } => findings,
            },
            Ok(None) => vec![gone(name, "the map is no longer under the served folder")],
            Err(message) => vec![gone(name, &message)],
        };
        let json = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_string());
        if errors_shown.as_deref() == Some(json.as_str()) {
            Event::Nothing
        } else {
            Event::Errors(json)
        }
    }
}

/// What an event stream sends next.
enum Event {
    Nothing,
    Reload,
    Clear,
    Errors(String),
}

fn gone(name: &str, message: &str) -> library::Finding {
    library::Finding::whole_file(
        name,
        "gone",
        message.to_string(),
        Some("restore it, or go back to the list of maps"),
    )
}

/// Whether a request's `Host` names this server in a way no other site's page can: an IP
/// address or `localhost`, with the server's port. A DNS-rebinding page reaches the server
/// under its own domain name, which is refused.
fn host_is_allowed(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p))
            if !name.ends_with(':') && (name.starts_with('[') == name.ends_with(']')) =>
        {
            (name.to_string(), p.parse::<u16>().ok())
        }
        _ => (host.clone(), Some(80)),
    };
    let port_matches = given_port == Some(port);
    let name = name.trim_start_matches('[').trim_end_matches(']');
    port_matches && (name == "localhost" || name.parse::<std::net::IpAddr>().is_ok())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Headers every answer carries: nothing cached, nothing sniffed, never framed by another
/// page, no address leaked to another site.
fn guarded(response: Response<std::io::Cursor<Vec<u8>>>) -> Response<std::io::Cursor<Vec<u8>>> {
    response
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cross-Origin-Resource-Policy", "same-origin"))
        .with_header(header(
            "Content-Security-Policy",
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ))
}

fn html(page: String) -> Response<std::io::Cursor<Vec<u8>>> {
    guarded(
        Response::from_data(page.into_bytes())
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
    )
}

fn text(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    guarded(
        Response::from_data(message.as_bytes().to_vec())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    )
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    text(
        404,
        "no map here: the index at / lists the maps this server shows\n",
    )
}

/// Opens `url` in the system's browser, or says how to when that fails.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        std::process::Command::new("explorer")
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_this_server_are_allowed_and_others_are_not() {
        for host in [
            "127.0.0.1:7070",
            "localhost:7070",
            "LOCALHOST:7070",
            "[::1]:7070",
            "192.168.1.5:7070",
        ] {
            assert!(host_is_allowed(host, 7070), "{host}");
        }
        for host in [
            "evil.example:7070",
            "127.0.0.1:80",
            "127.0.0.1",
            "localhost.evil.example:7070",
            "127.0.0.1.nip.io:7070",
            "",
            "[::1]",
        ] {
            assert!(!host_is_allowed(host, 7070), "{host}");
        }
        assert!(host_is_allowed("localhost", 80));
    }
}
