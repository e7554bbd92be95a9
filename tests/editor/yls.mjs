// An editor's first minute with journeymap, driven through the real YAML language server
// (yaml-language-server over stdio, the server VS Code's YAML extension, Neovim, Helix and Zed
// run). In a fresh repository, `journeymap init maps/checkout --editor vscode` must leave a
// map whose `$schema` line the server follows: completion inside a step offers the step's
// keys with their documentation, hover names what a key is (not "Journey map" for every
// object), and an emotion of 5 is flagged.
//
// Usage: node yls.mjs JOURNEYMAP_BINARY
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const bin = process.argv[2];
const here = fileURLToPath(new URL(".", import.meta.url));
const repo = mkdtempSync(join(tmpdir(), "journeymap-editor-"));
mkdirSync(join(repo, ".git"));
execFileSync(bin, ["init", "maps/checkout", "--editor", "vscode"], { cwd: repo, stdio: "pipe" });
const mapPath = join(repo, "maps", "checkout.journey.yaml");
const starter = readFileSync(mapPath, "utf8");
const failures = [];
const must = (ok, what) => {
  if (!ok) failures.push(what);
};
must(existsSync(join(repo, "journeymap.schema.json")), "init wrote no journeymap.schema.json at the repository root");
must(starter.startsWith("# yaml-language-server: $schema=../journeymap.schema.json"), `the map's first line: ${starter.split("\n")[0]}`);
const settings = JSON.parse(readFileSync(join(repo, ".vscode", "settings.json"), "utf8"));
must(JSON.stringify(settings["yaml.schemas"]) === JSON.stringify({ "./journeymap.schema.json": ["**/*.journey.yaml", "**/*.journey.yml"] }),
  `.vscode/settings.json: ${JSON.stringify(settings)}`);

// A minimal LSP client: Content-Length framing, requests by id, the server's own requests
// (workspace/configuration) answered.
const server = spawn("node", [join(here, "node_modules/yaml-language-server/bin/yaml-language-server"), "--stdio"], {
  stdio: ["pipe", "pipe", "pipe"],
});
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const diagnostics = [];
const send = (message) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
};
const request = (method, params) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    send({ id, method, params });
    setTimeout(() => reject(new Error(`${method}: no answer in 20 s`)), 20000);
  });
const notify = (method, params) => send({ method, params });
const config = { validate: true, hover: true, completion: true, schemaStore: { enable: false }, format: { enable: false } };
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8"));
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (message.id !== undefined && message.method) {
      // A request from the server.
      const result = message.method === "workspace/configuration" ? message.params.items.map((item) => (item.section === "yaml" ? config : null)) : null;
      send({ id: message.id, result });
    } else if (message.id !== undefined) {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(JSON.stringify(message.error)));
      else waiting?.resolve(message.result);
    } else if (message.method === "textDocument/publishDiagnostics") {
      diagnostics.push(message.params);
    }
  }
});
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const rootUri = pathToFileURL(repo).href;
  await request("initialize", {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "maps" }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        completion: { completionItem: { documentationFormat: ["markdown", "plaintext"], snippetSupport: true } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        publishDiagnostics: {},
      },
    },
  });
  notify("initialized", {});
  notify("workspace/didChangeConfiguration", { settings: { yaml: config } });

  // Completion on an empty line inside the first step.
  const lines = starter.split("\n");
  const stepName = lines.findIndex((line) => /^ {8}name: /.test(line));
  must(stepName > 0, "the starter map has a step with a name");
  const edited = [...lines.slice(0, stepName + 1), "        ", ...lines.slice(stepName + 1)].join("\n");
  const uri = pathToFileURL(mapPath).href;
  notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: edited } });
  await wait(1500);
  const completion = await request("textDocument/completion", { textDocument: { uri }, position: { line: stepName + 1, character: 8 } });
  const items = Array.isArray(completion) ? completion : completion?.items ?? [];
  const labels = items.map((item) => item.label);
  // The keys a step can have that the starter's first step does not (the server leaves out
  // those already there).
  const stepText = lines.slice(stepName - 1, stepName + 12).join("\n");
  for (const key of ["emotion", "pain_points", "opportunities", "thoughts", "evidence", "metrics"]) {
    if (new RegExp(`^ {8}${key}:`, "m").test(stepText)) continue;
    must(labels.includes(key), `completion in a step offers \`${key}\` (got ${labels.join(", ")})`);
  }
  const documentation = (item) => (typeof item?.documentation === "string" ? item.documentation : item?.documentation?.value ?? "");
  let painPoints = items.find((item) => item.label === "pain_points");
  if (painPoints && !documentation(painPoints)) {
    painPoints = await request("completionItem/resolve", painPoints);
  }
  must(documentation(painPoints).length > 20, `\`pain_points\` comes with its documentation (got ${JSON.stringify(painPoints)})`);

  // Hover on a step's `name` and on `stages`.
  const hover = async (line, character) => {
    const result = await request("textDocument/hover", { textDocument: { uri }, position: { line, character } });
    const contents = result?.contents;
    return typeof contents === "string" ? contents : contents?.value ?? JSON.stringify(contents ?? "");
  };
  const stepHover = await hover(stepName, 9);
  must(!/Journey map/.test(stepHover.split("\n")[0]), `hover on a step's name is not titled "Journey map": ${stepHover.slice(0, 200)}`);
  must(/Step/.test(stepHover), `hover on a step's name says it is a step's: ${stepHover.slice(0, 200)}`);

  // An emotion of 5 is flagged.
  const broken = edited.replace(/^( {8}emotion: )-?\d+/m, "$15");
  must(broken !== edited, "the starter map has an emotion to break");
  notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
  let flagged = null;
  for (let i = 0; i < 40 && !flagged; i++) {
    await wait(250);
    flagged = diagnostics.filter((d) => d.uri === uri && d.version !== 1).flatMap((d) => d.diagnostics).find((d) => d.severity === 1 || d.severity === 2);
  }
  must(flagged, `an emotion of 5 is flagged (diagnostics: ${JSON.stringify(diagnostics.slice(-1))})`);

  console.log(`completion in a step: ${labels.length} keys (${labels.slice(0, 8).join(", ")}...)`);
  console.log(`\`pain_points\`: ${documentation(painPoints).split("\n").filter(Boolean).slice(0, 2).join(" / ")}`);
  console.log(`hover on a step's name: ${stepHover.split("\n").filter(Boolean).slice(0, 2).join(" / ")}`);
  console.log(`emotion: 5 flagged: ${flagged?.message}`);
} catch (error) {
  failures.push(String(error));
} finally {
  server.kill();
}
if (failures.length) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
console.log("yaml-language-server: a fresh `journeymap init` map completes, hovers and is checked");
