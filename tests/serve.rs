//! `journeymap serve` over real sockets and a real file system: what it serves, what it
//! refuses (other methods, other hosts, paths out of its folder in every spelling, symlinks
//! out of it), and the events a page hears when its map is saved, broken and fixed. The
//! browser's side is tests/browser/serve.mjs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `serve` on a free port.
struct Server {
    child: Child,
    port: u16,
    /// The server's stderr after its first line, for failure messages.
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = common::journeymap(&["serve", ".", "--port", "0"])
            .current_dir(dir)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let log = common::stderr_lines(&mut child);
        let first = log
            .recv_timeout(Duration::from_secs(20))
            .expect("serve says where it listens");
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        Server { child, port, log }
    }

    /// Sends `request` (everything up to the blank line) and reads the whole answer.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        (status, answer)
    }

    /// What the server has said on stderr so far.
    fn said(&self) -> String {
        self.log.try_iter().collect::<Vec<_>>().join("\n")
    }

    fn get(&self, target: &str) -> (u16, String) {
        self.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Opens an event stream and hands its lines over a channel.
    fn events(&self, target: &str) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: localhost:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        lines
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next `event:` of a stream with its `data:`, within `limit`.
fn next_event(lines: &mpsc::Receiver<String>, limit: Duration) -> Option<(String, String)> {
    let until = Instant::now() + limit;
    let mut event = None;
    loop {
        let line = lines
            .recv_timeout(until.saturating_duration_since(Instant::now()))
            .ok()?;
        if let Some(name) = line.strip_prefix("event: ") {
            event = Some(name.to_string());
        } else if let (Some(data), Some(name)) = (line.strip_prefix("data: "), &event) {
            return Some((name.clone(), data.to_string()));
        }
    }
}

/// The version a served page shows (the argument of its live script).
fn version_of(page: &str) -> String {
    let start = page
        .find("jmLive(\"")
        .expect("the page carries the live script")
        + 8;
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

fn folder_with_maps() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::create_dir(dir.path().join("team a")).unwrap();
    std::fs::copy(
        examples.join("grocery-checkout.journey.yaml"),
        dir.path().join("checkout.journey.yaml"),
    )
    .unwrap();
    std::fs::copy(
        examples.join("clinic-appointment.journey.yaml"),
        dir.path().join("team a/clinic ü.journey.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a map\n").unwrap();
    dir
}

#[test]
fn serves_an_index_and_each_map_as_a_live_page() {
    let dir = folder_with_maps();
    let server = Server::start(dir.path());
    let (status, index) = server.get("/");
    assert_eq!(status, 200, "{index}");
    assert!(
        index.contains("href=\"&#x2F;map&#x2F;checkout.journey.yaml\""),
        "{index}"
    );
    assert!(
        index.contains("&#x2F;map&#x2F;team%20a&#x2F;clinic%20%C3%BC.journey.yaml"),
        "{index}"
    );
    assert!(index.contains("Grocery checkout") || index.contains("checks clean"));
    assert!(!index.contains("notes.txt"));
    let (status, page) = server.get("/map/team%20a/clinic%20%C3%BC.journey.yaml");
    assert_eq!(status, 200);
    assert!(page.contains("<svg"), "the map's page carries its diagram");
    assert!(page.contains("connect-src &#x27;self&#x27;") || page.contains("connect-src 'self'"));
    assert!(
        page.contains("Content-Security-Policy: frame-ancestors 'none'"),
        "answers may not be framed"
    );
    assert_eq!(version_of(&page).len(), 24);
}

#[test]
fn refuses_paths_out_of_its_folder_in_every_spelling() {
    let dir = folder_with_maps();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.journey.yaml");
    std::fs::copy(dir.path().join("checkout.journey.yaml"), &secret).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.path().join("linked.journey.yaml")).unwrap();
    let server = Server::start(dir.path());
    for target in [
        "/../../../../etc/passwd",
        "/map/../../../../etc/passwd",
        "/map/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/map/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/map/%252e%252e/etc/passwd",
        "/map/..%5C..%5Cetc%5Cpasswd",
        "/map//etc/passwd",
        "/map/%2Fetc%2Fpasswd",
        "/map/notes.txt",
        "/map/linked.journey.yaml",
        "/events/map/..%2F..%2Fetc%2Fpasswd",
        "/checkout.journey.yaml",
        "/map/checkout.journey.yaml%00.txt",
    ] {
        let (status, answer) = server.get(target);
        assert_ne!(status, 200, "{target} was answered:\n{answer}");
        assert!(!answer.contains("root:"), "{target}");
        assert!(!answer.contains("<svg"), "{target} drew a map");
    }
    let (_, index) = server.get("/");
    assert!(
        !index.contains("linked"),
        "a link out of the folder is not listed"
    );
}

#[test]
fn refuses_other_hosts_and_methods() {
    let dir = folder_with_maps();
    let server = Server::start(dir.path());
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let (status, _) = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 403, "{host}");
    }
    let (status, _) = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "no Host at all");
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let (status, answer) = server.raw(&format!(
            "{method} /map/checkout.journey.yaml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 405, "{method}");
        assert!(answer.contains("Allow: GET, HEAD"));
    }
    let (status, _) = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: [::1]:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(
        status, 200,
        "an IP address is not a name a rebinding page can use"
    );
}

/// Saves, breaks and fixes a map with a page listening; the events arrive in order, and the
/// time from a save to the reload event is printed (the note's figure).
#[test]
fn a_listening_page_hears_saves_breaks_and_fixes() {
    let dir = folder_with_maps();
    let map = dir.path().join("checkout.journey.yaml");
    let good = std::fs::read_to_string(&map).unwrap();
    let server = Server::start(dir.path());
    let (_, page) = server.get("/map/checkout.journey.yaml");
    let shown = version_of(&page);
    let events = server.events(&format!("/events/map/checkout.journey.yaml?v={shown}"));
    // The stream is open (its head arrives) before anything is saved.
    let until = Instant::now() + Duration::from_secs(20);
    while events
        .recv_timeout(until.saturating_duration_since(Instant::now()))
        .expect("the stream's head")
        != "Connection: close"
    {}

    std::fs::write(&map, good.replace("title: ", "title: [broken\n")).unwrap();
    let (event, data) = next_event(&events, Duration::from_secs(20))
        .unwrap_or_else(|| panic!("no event; the server said:\n{}", server.said()));
    assert_eq!(event, "errors");
    assert!(
        data.contains("\"line\":") && data.contains("JM001"),
        "{data}"
    );

    std::fs::write(&map, &good).unwrap();
    let (event, _) = next_event(&events, Duration::from_secs(20)).expect("an event");
    assert_eq!(
        event, "clear",
        "back to what the page shows: the findings go"
    );

    let saved = Instant::now();
    std::fs::write(
        &map,
        good.replace("title: ", "title: Checkout, saved again #"),
    )
    .unwrap();
    let (event, _) = next_event(&events, Duration::from_secs(20)).expect("an event");
    assert_eq!(event, "reload");
    eprintln!(
        "serve: save to reload event in {} ms (debug build)",
        saved.elapsed().as_millis()
    );
    let (_, page) = server.get("/map/checkout.journey.yaml");
    assert!(page.contains("Checkout, saved again"));
    assert_ne!(version_of(&page), shown);
}

#[test]
fn a_map_broken_from_the_start_shows_its_findings_and_the_index_says_so() {
    let dir = folder_with_maps();
    std::fs::write(
        dir.path().join("broken.journey.yaml"),
        "journeymap: 1\nid: broken\ntitle: <script>alert(1)</script>\nstages:\n  - id: a\n    name: A\n    steps:\n      - id: s\n        name: S\n        touchpoints: [kiosk]\n",
    )
    .unwrap();
    let server = Server::start(dir.path());
    let (status, page) = server.get("/map/broken.journey.yaml");
    assert_eq!(status, 200);
    assert!(page.contains("id=\"jm-live-errors\""), "{page}");
    assert!(page.contains("broken.journey.yaml:10:23"), "{page}");
    assert!(!page.contains("<script>alert"), "map text is escaped");
    assert_eq!(
        version_of(&page),
        "",
        "the page shows no version of the map"
    );
    let (_, index) = server.get("/");
    assert!(index.contains("1 error"), "{index}");
}

/// A file name is text from the repository too: a map named with a terminal escape must not
/// reach the terminal `serve` logs to as one.
#[test]
fn file_names_reach_the_terminal_escaped() {
    let dir = folder_with_maps();
    let name = "title\u{1b}]0;pwned\u{7}.journey.yaml";
    std::fs::write(dir.path().join(name), "journeymap: 1\nid: x\n").unwrap();
    let server = Server::start(dir.path());
    let (_, index) = server.get("/");
    let href = "/map/title%1B%5D0%3Bpwned%07.journey.yaml";
    assert!(index.contains(&href.replace('/', "&#x2F;")), "{index}");
    let (status, page) = server.get(href);
    assert_eq!(status, 200);
    assert!(page.contains("jm-live-errors"));
    std::thread::sleep(Duration::from_millis(300));
    let said = server.said();
    assert!(
        said.contains("\\u{1b}"),
        "the name is shown, escaped:\n{said}"
    );
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
}
