//! `journeymap lsp` spoken to over stdio as an editor does: JSON-RPC frames, the initialize
//! handshake, incremental changes. Each feature is asked for at a place in a real map and the
//! answer is checked against the text. The time from an edit to its diagnostics on a 500-step
//! map is printed (the note's figure). tests/editor/nvim.sh drives the same server from Neovim.

mod common;
mod render_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A running server and the messages it has sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications that arrived while waiting for something else.
    held: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = common::journeymap(&["lsp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                stdout.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 1,
            held: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    return json!({ "error": error });
                }
                return message["result"].clone();
            }
            self.held.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(at) = self.held.iter().position(|m| is_diagnostics_for(m, uri)) {
            let message = self.held.remove(at);
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .expect("diagnostics");
            if is_diagnostics_for(&message, uri) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.held.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, range: Value, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": text }],
            }),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, position: Value, extra: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": uri }, "position": position });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        self.request(method, params)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.request("shutdown", Value::Null);
            self.notify("exit", Value::Null);
        }
        let _ = self.child.wait();
    }
}

fn is_diagnostics_for(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

/// The position (line, UTF-16 character) of the `nth` occurrence of `needle` in `text`.
fn position(text: &str, needle: &str, nth: usize) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} is not in the map"))
        .0;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

fn range(text: &str, needle: &str, nth: usize) -> Value {
    let start = position(text, needle, nth);
    let mut end = start.clone();
    end["character"] =
        json!(start["character"].as_u64().unwrap() + needle.encode_utf16().count() as u64);
    json!({ "start": start, "end": end })
}

const URI: &str = "file:///tmp/journeymap-lsp-test/checkout.journey.yaml";

/// A small valid map with every kind of id, and non-ASCII text before the ids (positions are
/// counted in UTF-16 units).
const MAP: &str = "\
journeymap: 1
id: checkout
title: Caf\u{e9} checkout \u{1f600}
personas:
  - id: ann
    name: Ann, regular
channels:
  - id: kiosk
    name: Kiosk
    color: '#336699'
stages:
  - id: pay
    name: Pay
    steps:
      - id: scan
        name: Scans \u{e9}l\u{e9}ments \u{1f600}
        personas: [ann]
        touchpoints: [kiosk, app]
        emotion: {ann: -1}
        pain_points:
          - id: slow-scan
            text: The scanner is slow
        opportunities:
          - text: A faster scanner
            addresses: [slow-scan]
";

#[test]
fn diagnostics_arrive_at_exact_ranges_and_clear_when_fixed() {
    let mut client = Client::start();
    let broken = MAP.replace("touchpoints: [kiosk, app]", "touchpoints: [kiosk, appp]");
    let diagnostics = client.open(URI, &broken);
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "JM201")
        .unwrap_or_else(|| panic!("no JM201 in {diagnostics:?}"));
    assert_eq!(unknown["range"], range(&broken, "appp", 0));
    assert_eq!(unknown["severity"], 1);
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `app`")
    );

    // The quick fix the finding names.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": range(&broken, "appp", 0),
            "context": { "diagnostics": [] },
        }),
    );
    let fix = &actions[0];
    assert_eq!(fix["title"], "Change to `app`");
    assert_eq!(fix["edit"]["changes"][URI][0]["newText"], "app");
    assert_eq!(
        fix["edit"]["changes"][URI][0]["range"],
        range(&broken, "appp", 0)
    );

    // Fixed by an incremental change: the list is cleared.
    let fixed = client.change(URI, 2, range(&broken, "appp", 0), "app");
    assert_eq!(fixed, Vec::<Value>::new());
}

#[test]
fn a_missing_key_is_added_by_its_quick_fix() {
    let mut client = Client::start();
    let text = MAP.replace("journeymap: 1\n", "");
    let diagnostics = client.open(URI, &text);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "JM102"),
        "{diagnostics:?}"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add `journeymap: 1`")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(add["edit"]["changes"][URI][0]["newText"], "journeymap: 1\n");
}

#[test]
fn completion_offers_keys_values_and_ids_where_they_belong() {
    let mut client = Client::start();
    client.open(URI, MAP);
    let labels = |answer: &Value| -> Vec<String> {
        answer
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    // A channel id inside `touchpoints: [kiosk, |app]`: declared and built-in channels.
    let mut at = position(MAP, "app]", 0);
    let channels = labels(&client.at("textDocument/completion", URI, at.clone(), json!({})));
    assert!(channels.contains(&"kiosk".to_string()), "{channels:?}");
    assert!(channels.contains(&"email".to_string()), "{channels:?}");
    assert!(!channels.contains(&"ann".to_string()));
    // A persona id inside `personas: [|ann]`.
    at = position(MAP, "ann]", 0);
    let personas = labels(&client.at("textDocument/completion", URI, at, json!({})));
    assert_eq!(personas, ["ann"]);
    // A pain point in `addresses: [|slow-scan]`.
    at = position(MAP, "slow-scan]", 0);
    let pains = client.at("textDocument/completion", URI, at, json!({}));
    assert_eq!(labels(&pains), ["slow-scan"]);
    assert_eq!(pains[0]["detail"], "pain point: The scanner is slow");
    // Keys of a step, with their documentation, on a new line in the step.
    let text = MAP.replace(
        "        personas: [ann]\n",
        "        personas: [ann]\n        to\n",
    );
    client.change(
        URI,
        2,
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } }),
        &text,
    );
    let mut at = position(&text, "        to\n", 0);
    at["character"] = json!(10);
    let keys = client.at("textDocument/completion", URI, at, json!({}));
    let touchpoints = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "touchpoints")
        .unwrap_or_else(|| panic!("{keys}"));
    assert!(
        touchpoints["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("channels")
    );
    assert!(labels(&keys).contains(&"pain_points".to_string()));
    assert!(
        !labels(&keys).contains(&"stages".to_string()),
        "a step's keys only"
    );
}

#[test]
fn hover_definition_references_and_rename_follow_ids() {
    let mut client = Client::start();
    client.open(URI, MAP);
    // Hover on a use of a persona says what it names.
    let hover = client.at(
        "textDocument/hover",
        URI,
        position(MAP, "ann]", 0),
        json!({}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("persona") && text.contains("Ann, regular"),
        "{text}"
    );
    // Hover on a key gives its documentation.
    let hover = client.at(
        "textDocument/hover",
        URI,
        position(MAP, "touchpoints", 0),
        json!({}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("stages › steps › touchpoints")
    );
    // Go to definition from the per-persona emotion's key.
    let definition = client.at(
        "textDocument/definition",
        URI,
        position(MAP, "ann: -1", 0),
        json!({}),
    );
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"], range(MAP, "ann", 0));
    // References of the channel, with its definition.
    let references = client.at(
        "textDocument/references",
        URI,
        position(MAP, "kiosk", 0),
        json!({ "context": { "includeDeclaration": true } }),
    );
    assert_eq!(references.as_array().unwrap().len(), 2);
    // Rename a pain point: its id and every `addresses` entry, nothing else.
    let edit = client.at(
        "textDocument/rename",
        URI,
        position(MAP, "slow-scan]", 0),
        json!({ "newName": "scanner-lag" }),
    );
    let edits = edit["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(edits[0]["range"], range(MAP, "slow-scan", 0));
    assert_eq!(edits[1]["range"], range(MAP, "slow-scan", 1));
    assert!(edits.iter().all(|e| e["newText"] == "scanner-lag"));
    // An id that is not an id, and a name taken, are refused.
    let refused = client.at(
        "textDocument/rename",
        URI,
        position(MAP, "ann", 0),
        json!({ "newName": "Ann Lee" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an id")
    );
}

#[test]
fn the_outline_is_stages_with_their_steps_and_formatting_is_fmt() {
    let mut client = Client::start();
    client.open(URI, MAP);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(symbols[0]["name"], "Pay");
    assert_eq!(
        symbols[0]["children"][0]["name"],
        "Scans \u{e9}l\u{e9}ments \u{1f600}"
    );
    assert_eq!(
        symbols[0]["children"][0]["selectionRange"],
        range(MAP, "scan", 0)
    );

    let messy = MAP.replace(
        "touchpoints: [kiosk, app]",
        "touchpoints:\n          - kiosk\n          - app",
    );
    client.change(
        URI,
        2,
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 999, "character": 0 } }),
        &messy,
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = edits[0]["newText"].as_str().unwrap();
    let file = journeymap::source::SourceFile::new("m.journey.yaml", None, messy.clone());
    assert_eq!(formatted, journeymap::canonical::format(&file).unwrap());
    assert!(formatted.contains("touchpoints: [kiosk, app]"));
}

/// Edits to a 500-step map (a touchpoint's channel made unknown, then known again): the time
/// from sending the change to receiving its diagnostics.
#[test]
fn diagnostics_follow_edits_to_a_big_map_quickly() {
    let mut client = Client::start();
    let text = render_support::generated_map(500);
    let uri = "file:///tmp/journeymap-lsp-test/big.journey.yaml";
    let first = client.open(uri, &text);
    assert!(first.iter().all(|d| d["severity"] != 1), "{first:?}");
    let target = text.rfind("- channel: ").expect("a step with a touchpoint") + 11;
    let line = text[..target].matches('\n').count();
    let character = target - text[..target].rfind('\n').map_or(0, |i| i + 1);
    let mut times = Vec::new();
    for round in 0..10 {
        let (insert, expect_error) = if round % 2 == 0 {
            ("zz", true)
        } else {
            ("", false)
        };
        let range = if round % 2 == 0 {
            json!({ "start": { "line": line, "character": character }, "end": { "line": line, "character": character } })
        } else {
            json!({ "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 2 } })
        };
        let sent = Instant::now();
        let diagnostics = client.change(uri, round + 2, range, insert);
        times.push(sent.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(
            diagnostics.iter().any(|d| d["code"] == "JM201"),
            expect_error,
            "round {round}"
        );
    }
    times.sort_by(f64::total_cmp);
    eprintln!(
        "lsp: edit to diagnostics on a 500-step map: median {:.1} ms, max {:.1} ms (this build)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

/// Editors start YAML servers for every YAML file; a file that is not a map gets no findings
/// (a CI workflow is not a journey map with a missing `journeymap` key).
#[test]
fn yaml_that_is_not_a_map_is_left_alone() {
    let mut client = Client::start();
    let other = "file:///tmp/journeymap-lsp-test/.github/workflows/ci.yaml";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": other, "languageId": "yaml", "version": 1, "text": "on: push\n" } }),
    );
    client.open(URI, MAP);
    assert!(
        !client.held.iter().any(|m| is_diagnostics_for(m, other)),
        "{:?}",
        client.held
    );
    let answer = client.at(
        "textDocument/hover",
        other,
        json!({ "line": 0, "character": 0 }),
        json!({}),
    );
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not open")
    );
}

/// Found with Neovim 0.7, which sends `shutdown` twice when it quits: the server ended with
/// "unexpected message during shutdown" and exit status 2. A second `shutdown` is refused and
/// `exit` still ends the server cleanly.
#[test]
fn a_second_shutdown_is_refused_and_exit_still_ends_cleanly() {
    let mut client = Client::start();
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let again = client.request("shutdown", Value::Null);
    assert!(
        again["error"]["message"]
            .as_str()
            .unwrap()
            .contains("shutting down")
    );
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
