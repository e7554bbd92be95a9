//! `journeymap lsp`: a language server on stdio for journey maps.
//!
//! Each open map is checked on every change, as `check` checks it (the same loader, schema
//! and rules, the `journeymap.toml` of its folder), and the findings are published at their
//! exact ranges. On top of the check: completion of keys (with the schema's documentation),
//! of values the schema lists and of ids where an id is expected; hover; go to definition,
//! references and rename for every kind of id; the outline; quick fixes for the findings that
//! name their fix; and formatting through `fmt`.
//!
//! The protocol (JSON-RPC framing, the initialize handshake, shutdown) is `lsp-server`'s, the
//! message types `lsp-types`', as in rust-analyzer. Requests are answered in order on one
//! thread: a check of a 500-step map takes a few milliseconds, so nothing is queued for long.

pub mod analysis;
pub mod complete;
pub mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use serde_json::Value;

use analysis::{Analysis, Kind, Occurrence};
use complete::Slot;
use text::{Encoding, LineIndex};

/// Runs the server on stdin and stdout until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("the client did not initialize: {e}"))?;
    let params: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("bad initialize params: {e}"))?;
    let encoding = if params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8))
    {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "journeymap", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("cannot finish initializing: {e}"))?;
    let mut server = Server {
        connection,
        encoding,
        documents: BTreeMap::new(),
    };
    server.serve()?;
    drop(server);
    match io_threads.join() {
        // A client that closes its end as it quits (Neovim does) is done with us, not failed.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("the connection failed: {e}"))
        }
        _ => Ok(()),
    }
}

fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            // Where a list or mapping of ids opens or goes on; typing a word completes as
            // the editor completes words (a space or `:` would open the list at every key).
            trigger_characters: Some(["[", ",", "{"].map(String::from).to_vec()),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        ..Default::default()
    }
}

/// An open map.
struct Open {
    uri: lsp::Uri,
    path: Option<PathBuf>,
    text: String,
    config: crate::validate::Config,
    analysis: Analysis,
    /// The ids of the last version that was YAML, for completion while the map is not.
    known: Vec<Occurrence>,
}

struct Server {
    connection: Connection,
    encoding: Encoding,
    documents: BTreeMap<String, Open>,
}

/// An answer's failure: an LSP error code and message.
type Failure = (ErrorCode, String);

impl Server {
    /// Answers until `exit` (or the end of input). After `shutdown` every request is refused
    /// as the protocol asks, a repeated `shutdown` included (Neovim sends two), rather than
    /// ending the connection in an error as `Connection::handle_shutdown` would.
    fn serve(&mut self) -> Result<(), String> {
        let mut shut_down = false;
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(());
                }
                Message::Request(request) if shut_down || request.method == "shutdown" => {
                    let response = if shut_down {
                        Response::new_err(
                            request.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".to_string(),
                        )
                    } else {
                        Response::new_ok(request.id, Value::Null)
                    };
                    shut_down = true;
                    self.send(Message::Response(response));
                }
                Message::Request(request) => {
                    let id = request.id.clone();
                    let response = match self.answer(request) {
                        Ok(result) => Response::new_ok(id, result),
                        Err((code, message)) => Response::new_err(id, code as i32, message),
                    };
                    self.send(Message::Response(response));
                }
                Message::Notification(notification) => self.notice(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        // The client has gone when this fails; the receive loop ends next.
        let _ = self.connection.sender.send(message);
    }

    fn notice(&mut self, notification: Notification) {
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) =
                    serde_json::from_value::<lsp::DidOpenTextDocumentParams>(notification.params)
                {
                    let uri = p.text_document.uri;
                    let path = path_of(&uri);
                    // Editors start YAML servers for every YAML file; only maps are ours.
                    let is_map = path.as_deref().is_none_or(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(crate::load::find::is_map_name)
                    });
                    if !is_map {
                        return;
                    }
                    let config = path
                        .as_deref()
                        .and_then(Path::parent)
                        .and_then(|dir| crate::settings::discover_all(dir).ok())
                        .map(|s| s.rules)
                        .unwrap_or_default();
                    let mut open = Open {
                        analysis: Analysis::new(None, "", String::new(), &config),
                        uri: uri.clone(),
                        path,
                        text: p.text_document.text,
                        config,
                        known: Vec::new(),
                    };
                    reanalyse(&mut open);
                    self.publish(&open);
                    self.documents.insert(uri.as_str().to_string(), open);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) =
                    serde_json::from_value::<lsp::DidChangeTextDocumentParams>(notification.params)
                    && let Some(open) = self.documents.get_mut(p.text_document.uri.as_str())
                {
                    for change in p.content_changes {
                        text::apply_change(&mut open.text, change, self.encoding);
                    }
                    reanalyse(open);
                    let open = &self.documents[p.text_document.uri.as_str()];
                    self.publish(open);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) =
                    serde_json::from_value::<lsp::DidCloseTextDocumentParams>(notification.params)
                    && let Some(open) = self.documents.remove(p.text_document.uri.as_str())
                {
                    let params = lsp::PublishDiagnosticsParams::new(open.uri, Vec::new(), None);
                    self.notify("textDocument/publishDiagnostics", params);
                }
            }
            _ => {}
        }
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    /// Publishes the findings of an open map (all of them: a clean map clears the list).
    fn publish(&self, open: &Open) {
        let index = LineIndex::new(&open.text, self.encoding);
        let file = &open.analysis.file;
        let diagnostics = open
            .analysis
            .checked
            .diagnostics
            .iter()
            .filter(|d| std::sync::Arc::ptr_eq(&d.file, file))
            .map(|d| {
                let mut message = d.message.clone();
                if let Some(help) = &d.help {
                    message.push_str("\nhelp: ");
                    message.push_str(help);
                }
                let related = d
                    .related
                    .iter()
                    .map(|r| lsp::DiagnosticRelatedInformation {
                        location: lsp::Location::new(open.uri.clone(), index.range(r.span.clone())),
                        message: r.label.clone(),
                    })
                    .collect::<Vec<_>>();
                lsp::Diagnostic {
                    range: index.range(d.span.clone().unwrap_or(0..0)),
                    severity: Some(match d.severity {
                        crate::diagnostics::Severity::Error => lsp::DiagnosticSeverity::ERROR,
                        crate::diagnostics::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                        crate::diagnostics::Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
                    }),
                    code: Some(lsp::NumberOrString::String(d.code.to_string())),
                    source: Some("journeymap".to_string()),
                    message,
                    related_information: (!related.is_empty()).then_some(related),
                    ..Default::default()
                }
            })
            .collect();
        let params = lsp::PublishDiagnosticsParams::new(open.uri.clone(), diagnostics, None);
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn answer(&mut self, request: Request) -> Result<Value, Failure> {
        fn params<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Failure> {
            serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match request.method.as_str() {
            "textDocument/completion" => {
                let p: lsp::CompletionParams = params(request.params)?;
                let at = &p.text_document_position;
                let open = self.open(&at.text_document.uri)?;
                json(serde_json::to_value(self.complete(open, at.position)))
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = params(request.params)?;
                let at = &p.text_document_position_params;
                let open = self.open(&at.text_document.uri)?;
                json(serde_json::to_value(self.hover(open, at.position)))
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = params(request.params)?;
                let at = &p.text_document_position_params;
                let open = self.open(&at.text_document.uri)?;
                json(serde_json::to_value(self.definition(open, at.position)))
            }
            "textDocument/references" => {
                let p: lsp::ReferenceParams = params(request.params)?;
                let at = &p.text_document_position;
                let open = self.open(&at.text_document.uri)?;
                let index = LineIndex::new(&open.text, self.encoding);
                let found = self.target(open, at.position).map(|o| {
                    open.analysis
                        .occurrences_of(o.kind, &o.id)
                        .into_iter()
                        .filter(|o| p.context.include_declaration || !o.definition)
                        .map(|o| lsp::Location::new(open.uri.clone(), index.range(o.span.clone())))
                        .collect::<Vec<_>>()
                });
                json(serde_json::to_value(found))
            }
            "textDocument/prepareRename" => {
                let p: lsp::TextDocumentPositionParams = params(request.params)?;
                let open = self.open(&p.text_document.uri)?;
                let index = LineIndex::new(&open.text, self.encoding);
                let found = self.target(open, p.position).map(|o| {
                    let at = open
                        .analysis
                        .occurrence_at(index.offset(p.position))
                        .map_or(o.span.clone(), |here| here.span.clone());
                    index.range(at)
                });
                json(serde_json::to_value(found))
            }
            "textDocument/rename" => {
                let p: lsp::RenameParams = params(request.params)?;
                let at = &p.text_document_position;
                let open = self.open(&at.text_document.uri)?;
                json(serde_json::to_value(self.rename(
                    open,
                    at.position,
                    &p.new_name,
                )?))
            }
            "textDocument/documentSymbol" => {
                let p: lsp::DocumentSymbolParams = params(request.params)?;
                let open = self.open(&p.text_document.uri)?;
                let index = LineIndex::new(&open.text, self.encoding);
                let symbols: Vec<lsp::DocumentSymbol> = open
                    .analysis
                    .outline
                    .iter()
                    .map(|s| document_symbol(s, &index))
                    .collect();
                json(serde_json::to_value(symbols))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = params(request.params)?;
                let open = self.open(&p.text_document.uri)?;
                json(serde_json::to_value(self.code_actions(open, p.range)))
            }
            "textDocument/formatting" => {
                let p: lsp::DocumentFormattingParams = params(request.params)?;
                let open = self.open(&p.text_document.uri)?;
                let formatted = crate::canonical::format(&open.analysis.file).map_err(|e| {
                    let why = match e {
                        crate::canonical::FormatError::Unreadable(_) => {
                            "it is not YAML yet (see its findings)".to_string()
                        }
                        crate::canonical::FormatError::WouldChange { pointer } => {
                            format!("formatting would change the value at {pointer}")
                        }
                    };
                    (
                        ErrorCode::RequestFailed,
                        format!("the map cannot be formatted: {why}"),
                    )
                })?;
                let edits = if formatted == open.text {
                    Vec::new()
                } else {
                    let index = LineIndex::new(&open.text, self.encoding);
                    vec![lsp::TextEdit::new(
                        index.range(0..open.text.len()),
                        formatted,
                    )]
                };
                json(serde_json::to_value(edits))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("journeymap lsp does not answer {other}"),
            )),
        }
    }

    fn open(&self, uri: &lsp::Uri) -> Result<&Open, Failure> {
        self.documents.get(uri.as_str()).ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("{} is not open", uri.as_str()),
            )
        })
    }

    /// The id at `position`: written there, or the id the cursor's name belongs to.
    fn target<'a>(&self, open: &'a Open, position: lsp::Position) -> Option<&'a Occurrence> {
        let offset = LineIndex::new(&open.text, self.encoding).offset(position);
        open.analysis.occurrence_at(offset)
    }

    fn complete(&self, open: &Open, position: lsp::Position) -> Vec<lsp::CompletionItem> {
        let index = LineIndex::new(&open.text, self.encoding);
        let offset = index.offset(position);
        let schema = crate::schema::value();
        let slot = complete::slot_at(&open.text, offset);
        let (path, typed) = match &slot {
            Slot::Key { path, typed }
            | Slot::Value { path, typed }
            | Slot::Item { path, typed } => (path.clone(), typed.clone()),
        };
        let range = index.range(typed);
        let item = |label: String, detail: String, kind, documentation: Option<String>| {
            lsp::CompletionItem {
                label: label.clone(),
                kind: Some(kind),
                detail: (!detail.is_empty()).then_some(detail),
                documentation: documentation.filter(|d| !d.is_empty()).map(|d| {
                    lsp::Documentation::MarkupContent(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: d,
                    })
                }),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                    range, label,
                ))),
                ..Default::default()
            }
        };
        let ids = |kind: Kind| -> Vec<lsp::CompletionItem> {
            let mut found: Vec<(String, String)> = open
                .known
                .iter()
                .filter(|o| o.kind == kind && o.definition)
                .map(|o| (o.id.clone(), o.label.clone().unwrap_or_default()))
                .collect();
            if kind == Kind::Channel {
                found.extend(
                    crate::model::BUILTIN_CHANNELS
                        .iter()
                        .map(|(id, name, _)| (id.to_string(), format!("{name} (built in)"))),
                );
            }
            let mut seen = std::collections::BTreeSet::new();
            found
                .into_iter()
                .filter(|(id, _)| seen.insert(id.clone()))
                .map(|(id, label)| {
                    item(
                        id,
                        format!("{}: {label}", kind.noun()),
                        lsp::CompletionItemKind::REFERENCE,
                        None,
                    )
                })
                .collect()
        };
        let last = path.last().map(String::as_str);
        let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
        let id_kind = match (last, parent) {
            (Some("touchpoints"), _) | (Some("channel"), Some("touchpoints")) => {
                Some(Kind::Channel)
            }
            (Some("personas"), Some("steps")) => Some(Kind::Persona),
            (Some("addresses"), _) => Some(Kind::PainPoint),
            _ => None,
        };
        match slot {
            Slot::Value { .. } if last == Some("baseline") => self.baseline_files(open, &item),
            Slot::Value { .. } | Slot::Item { .. } if id_kind.is_some() => {
                ids(id_kind.unwrap_or(Kind::Channel))
            }
            Slot::Key { .. } if last == Some("emotion") => ids(Kind::Persona),
            Slot::Value { .. } => complete::values_at(schema, &path)
                .into_iter()
                .map(|(value, doc)| {
                    item(
                        value,
                        String::new(),
                        lsp::CompletionItemKind::ENUM_MEMBER,
                        Some(doc),
                    )
                })
                .collect(),
            Slot::Key { .. } | Slot::Item { .. } => complete::keys_at(schema, &path)
                .into_iter()
                .map(|(key, doc)| {
                    item(
                        key,
                        String::new(),
                        lsp::CompletionItemKind::FIELD,
                        Some(doc),
                    )
                })
                .collect(),
        }
    }

    /// The other maps beside this one, for `baseline`.
    fn baseline_files(
        &self,
        open: &Open,
        item: &dyn Fn(
            String,
            String,
            lsp::CompletionItemKind,
            Option<String>,
        ) -> lsp::CompletionItem,
    ) -> Vec<lsp::CompletionItem> {
        let Some(path) = &open.path else {
            return Vec::new();
        };
        let Some(dir) = path.parent() else {
            return Vec::new();
        };
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| crate::load::find::is_map_name(n))
            .filter(|n| path.file_name().is_none_or(|own| own != n.as_str()))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| item(n, "map".to_string(), lsp::CompletionItemKind::FILE, None))
            .collect()
    }

    fn hover(&self, open: &Open, position: lsp::Position) -> Option<lsp::Hover> {
        let index = LineIndex::new(&open.text, self.encoding);
        let offset = index.offset(position);
        let analysis = &open.analysis;
        let (text, span) = if let Some(o) = analysis.occurrence_at(offset) {
            let uses = analysis
                .occurrences_of(o.kind, &o.id)
                .iter()
                .filter(|u| !u.definition)
                .count();
            let text = match analysis.definition_of(o.kind, &o.id) {
                Some(def) => format!(
                    "**{}** `{}`{} — defined on line {}, used {uses} {}",
                    o.kind.noun(),
                    o.id,
                    def.label
                        .as_deref()
                        .map_or(String::new(), |l| format!(": {l}")),
                    index.position(def.span.start).line + 1,
                    if uses == 1 { "time" } else { "times" }
                ),
                None => match crate::model::BUILTIN_CHANNELS
                    .iter()
                    .find(|(id, _, _)| *id == o.id && o.kind == Kind::Channel)
                {
                    Some((id, name, _)) => {
                        format!("**channel** `{id}`: {name} — built in, used {uses} times")
                    }
                    None => format!("**{}** `{}` — not defined in this map", o.kind.noun(), o.id),
                },
            };
            (text, o.span.clone())
        } else if let Some(key) = analysis.key_at(offset) {
            let schema = crate::schema::value();
            let doc = complete::schema_at(schema, &key.path)
                .map(|node| complete::description(schema, node))
                .unwrap_or_default();
            (
                format!("**{}**\n\n{doc}", key.path.join(" › ")),
                key.span.clone(),
            )
        } else {
            return None;
        };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(index.range(span)),
        })
    }

    fn definition(
        &self,
        open: &Open,
        position: lsp::Position,
    ) -> Option<lsp::GotoDefinitionResponse> {
        let index = LineIndex::new(&open.text, self.encoding);
        let offset = index.offset(position);
        if let Some((baseline, span)) = &open.analysis.baseline
            && span.start <= offset
            && offset <= span.end
        {
            let file = open.path.as_deref()?.parent()?.join(baseline);
            let uri = uri_of(&std::fs::canonicalize(&file).ok()?)?;
            let start = lsp::Position::new(0, 0);
            return Some(lsp::GotoDefinitionResponse::Scalar(lsp::Location::new(
                uri,
                lsp::Range::new(start, start),
            )));
        }
        let o = open.analysis.occurrence_at(offset)?;
        let def = open.analysis.definition_of(o.kind, &o.id)?;
        Some(lsp::GotoDefinitionResponse::Scalar(lsp::Location::new(
            open.uri.clone(),
            index.range(def.span.clone()),
        )))
    }

    fn rename(
        &self,
        open: &Open,
        position: lsp::Position,
        new_name: &str,
    ) -> Result<Option<lsp::WorkspaceEdit>, Failure> {
        let Some(o) = self.target(open, position) else {
            return Ok(None);
        };
        if !crate::model::scalars::is_slug(new_name) {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "`{new_name}` is not an id: ids are lowercase letters, digits, `-` and `_`, \
                     starting with a letter or digit"
                ),
            ));
        }
        if open.analysis.definition_of(o.kind, &o.id).is_none() {
            return Err((
                ErrorCode::RequestFailed,
                format!(
                    "the {} `{}` is not defined in this map (a built-in channel keeps its id)",
                    o.kind.noun(),
                    o.id
                ),
            ));
        }
        if new_name != o.id && open.analysis.definition_of(o.kind, new_name).is_some() {
            return Err((
                ErrorCode::RequestFailed,
                format!("the map has a {} `{new_name}` already", o.kind.noun()),
            ));
        }
        let index = LineIndex::new(&open.text, self.encoding);
        let edits = open
            .analysis
            .occurrences_of(o.kind, &o.id)
            .iter()
            .map(|o| lsp::TextEdit::new(index.range(o.span.clone()), new_name.to_string()))
            .collect();
        #[allow(clippy::mutable_key_type)] // lsp-types' own map of URIs
        let changes = std::collections::HashMap::from([(open.uri.clone(), edits)]);
        Ok(Some(lsp::WorkspaceEdit::new(changes)))
    }

    /// Quick fixes for the findings under `range` that name their fix: "did you mean `x`?"
    /// replaces the span; a missing required key is added.
    fn code_actions(&self, open: &Open, range: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
        let index = LineIndex::new(&open.text, self.encoding);
        let (from, to) = (index.offset(range.start), index.offset(range.end));
        let mut actions = Vec::new();
        for d in &open.analysis.checked.diagnostics {
            let span = d.span.clone().unwrap_or(0..0);
            if span.start > to || span.end < from {
                continue;
            }
            let help = d.help.as_deref().unwrap_or_default();
            let fix = if let Some(suggested) = between(help, "did you mean `", "`?") {
                Some((
                    format!("Change to `{suggested}`"),
                    lsp::TextEdit::new(index.range(span.clone()), suggested.to_string()),
                ))
            } else if d.rule == "missing-key" {
                self.add_key(open, d, &index)
            } else {
                None
            };
            if let Some((title, edit)) = fix {
                #[allow(clippy::mutable_key_type)] // lsp-types' own map of URIs
                let changes = std::collections::HashMap::from([(open.uri.clone(), vec![edit])]);
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    edit: Some(lsp::WorkspaceEdit::new(changes)),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
        }
        actions
    }

    /// The edit that adds the key a `missing-key` finding names, as the first key of the
    /// mapping that lacks it.
    fn add_key(
        &self,
        open: &Open,
        d: &crate::diagnostics::Diagnostic,
        index: &LineIndex<'_>,
    ) -> Option<(String, lsp::TextEdit)> {
        let key = between(&d.message, "the required key `", "`")?;
        let text = &open.text;
        let line = match key {
            "journeymap" => {
                let edit = lsp::TextEdit::new(index.range(0..0), "journeymap: 1\n".to_string());
                return Some(("Add `journeymap: 1`".to_string(), edit));
            }
            "id" => "id: ".to_string(),
            other => format!("{other}: "),
        };
        // The finding points at the first key of the mapping, or at the key that holds it.
        let span = d.span.clone()?;
        let document = open.analysis.checked.document.as_ref()?;
        let mut at = span.start;
        if let Some(first) = holder_first_key(&document.root, &span) {
            at = first;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..at].chars().count();
        let edit = lsp::TextEdit::new(
            index.range(at..at),
            format!("{line}\n{}", " ".repeat(column)),
        );
        Some((format!("Add `{key}:`"), edit))
    }
}

/// When `key_span` is the key of a member whose value is a block mapping, the start of that
/// mapping's first key.
fn holder_first_key(node: &crate::load::Node, key_span: &std::ops::Range<usize>) -> Option<usize> {
    use crate::load::NodeValue;
    match &node.value {
        NodeValue::Map(entries) => entries.iter().find_map(|e| {
            if &e.key_span() == key_span {
                match &e.value.value {
                    NodeValue::Map(inner) => inner.first().map(|f| f.key_span().start),
                    _ => None,
                }
            } else {
                holder_first_key(&e.value, key_span)
            }
        }),
        NodeValue::Seq(items) => items.iter().find_map(|i| holder_first_key(i, key_span)),
        _ => None,
    }
}

/// Checks an open map's text again.
fn reanalyse(open: &mut Open) {
    let name = open.path.as_deref().map_or_else(
        || open.uri.as_str().to_string(),
        |p| p.display().to_string(),
    );
    open.analysis = Analysis::new(open.path.as_deref(), &name, open.text.clone(), &open.config);
    if open.analysis.checked.document.is_some() {
        open.known = open.analysis.occurrences.clone();
    }
}

fn document_symbol(symbol: &analysis::Symbol, index: &LineIndex<'_>) -> lsp::DocumentSymbol {
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: match symbol.kind {
            Kind::Stage => lsp::SymbolKind::NAMESPACE,
            Kind::Step => lsp::SymbolKind::EVENT,
            Kind::Persona => lsp::SymbolKind::CLASS,
            Kind::Channel => lsp::SymbolKind::INTERFACE,
            Kind::PainPoint => lsp::SymbolKind::CONSTANT,
        },
        tags: None,
        deprecated: None,
        range: index.range(symbol.span.clone()),
        selection_range: index.range(symbol.selection.clone()),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|c| document_symbol(c, index))
                .collect()
        }),
    }
}

/// The text between `open` and the next `close` in `text`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// The file a `file:` URI names.
fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    if uri.scheme().map(|s| s.as_str()) != Some("file") {
        return None;
    }
    let path = percent_encoding::percent_decode_str(uri.path().as_str())
        .decode_utf8()
        .ok()?;
    Some(PathBuf::from(path.as_ref()))
}

/// The `file:` URI of an absolute path.
fn uri_of(path: &Path) -> Option<lsp::Uri> {
    const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let text = path.to_str()?;
    lsp::Uri::from_str(&format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(text, PATH)
    ))
    .ok()
}
