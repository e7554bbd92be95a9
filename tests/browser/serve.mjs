// `journeymap serve` in headless Chromium, as a person writing a map uses it:
//   - the index lists the maps and links to each;
//   - a map's page reloads by itself when the map is saved, and shows the new diagram (the
//     time from the save to the new diagram on screen is measured and printed);
//   - a save that breaks the map shows its findings (file:line:col, message, help) over the
//     last good diagram, and fixing it takes them away;
//   - map text in pages and in findings never runs as script; no page logs an error (CSP
//     violations are errors) or loads anything but its own server's pages and events;
//   - requests naming files out of the folder, in any spelling, and requests with another
//     site's Host are refused.
// Screenshots of the index, a live page and the findings are written for review.
//
// Usage: node serve.mjs JOURNEYMAP_BIN DIR SHOTS
//   DIR holds grocery-checkout.journey.yaml and hostile.journey.yaml (run.sh copies them).
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import http from "node:http";
import { launch } from "./launch.mjs";

const [bin, dirArg, shotsArg] = process.argv.slice(2);
const dir = resolve(dirArg);
const shots = resolve(shotsArg);
mkdirSync(shots, { recursive: true });

let failures = 0;
function fail(message) {
  failures += 1;
  console.error(`FAIL serve: ${message}`);
}

const server = spawn(bin, ["serve", dir, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
let said = "";
const base = await new Promise((resolvePort, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve did not start: ${said}`)), 20000);
  server.stderr.on("data", (chunk) => {
    said += chunk;
    const found = said.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (found) {
      clearTimeout(timer);
      resolvePort(found[0].slice(0, -1));
    }
  });
});
const port = new URL(base).port;

/** A request exactly as written (no normalising of the path), with a Host of our choice. */
function raw(path, host = `127.0.0.1:${port}`) {
  return new Promise((done) => {
    const request = http.request(
      { host: "127.0.0.1", port, path, method: "GET", headers: { Host: host } },
      (response) => {
        let body = "";
        response.on("data", (c) => (body += c));
        response.on("end", () => done({ status: response.statusCode, body }));
      },
    );
    request.on("error", (e) => done({ status: 0, body: String(e) }));
    request.end();
  });
}

for (const path of [
  "/../../etc/passwd",
  "/map/../../etc/passwd",
  "/map/..%2F..%2Fetc%2Fpasswd",
  "/map/%2e%2e/%2e%2e/etc/passwd",
  "/map/%252e%252e%252fetc%252fpasswd",
  "/map/..%5c..%5cetc%5cpasswd",
]) {
  const { status, body } = await raw(path);
  if (status === 200 || body.includes("root:")) fail(`${path} answered ${status}`);
}
{
  const { status } = await raw("/", `attacker.example:${port}`);
  if (status !== 403) fail(`a foreign Host was answered ${status}`);
}

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const problems = [];
page.on("console", (msg) => {
  if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`);
});
page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
page.on("request", (req) => {
  if (!req.url().startsWith(base + "/")) problems.push(`request: ${req.url()}`);
});
page.on("dialog", (dialog) => {
  problems.push(`dialog: ${dialog.message()}`);
  dialog.dismiss();
});

// The index.
await page.goto(base + "/", { waitUntil: "load" });
const listed = await page.locator(".jm-serve-maps li").count();
if (listed !== 2) fail(`the index lists ${listed} maps, not 2`);
await page.screenshot({ path: join(shots, "serve-index.png"), fullPage: true });

// A map's page, through the index's link.
await page.click('a[href="/map/grocery-checkout.journey.yaml"]');
await page.waitForSelector(".jm-diagram-panel svg");
const mapFile = join(dir, "grocery-checkout.journey.yaml");
const original = readFileSync(mapFile, "utf8");
// A step the diagram draws.
const firstStep = original.match(/^(\s+)name: Opens the app from a reminder notification$/m);
if (!firstStep) throw new Error("the step to rename is not in the map");
// Let the page's event stream open before the first save.
await page.waitForTimeout(500);

const diagramHas = (text) =>
  page.waitForFunction(
    (t) => [...document.querySelectorAll(".jm-diagram-panel svg")].some((svg) => svg.textContent.includes(t)),
    text,
    { timeout: 10000 },
  );
const latencies = [];
let current = original;
for (let i = 1; i <= 5; i++) {
  const name = `Saved edit ${i}`;
  current = original.replace(firstStep[0], `${firstStep[1]}name: ${name}`);
  const saved = Date.now();
  writeFileSync(mapFile, current);
  try {
    await diagramHas(name);
    latencies.push(Date.now() - saved);
  } catch {
    fail(`the page did not show "${name}" after a save`);
  }
  await page.waitForTimeout(300);
}
// The reader's place survives a reload.
await page.evaluate(() => window.scrollTo(0, 400));
{
  const name = "Saved edit, scrolled";
  current = original.replace(firstStep[0], `${firstStep[1]}name: ${name}`);
  writeFileSync(mapFile, current);
  try {
    await diagramHas(name);
    await page.waitForTimeout(200);
    const y = await page.evaluate(() => window.scrollY);
    if (Math.abs(y - 400) > 2) fail(`the page scrolled to ${y} after a reload, not back to 400`);
  } catch {
    fail("the page did not reload when scrolled");
  }
}
latencies.sort((a, b) => a - b);
console.log(`serve: save to new diagram on screen: median ${latencies[2]} ms, all ${latencies.join(", ")} ms`);
await page.screenshot({ path: join(shots, "serve-live.png") });

// A save that breaks the map: the findings over the last good diagram.
writeFileSync(mapFile, current.replace(/^title: .*$/m, "title: [broken"));
try {
  await page.waitForSelector("#jm-live-errors", { timeout: 10000 });
  const text = await page.locator("#jm-live-errors").innerText();
  if (!/grocery-checkout\.journey\.yaml:\d+:\d+/.test(text)) fail(`the findings name no place: ${text}`);
  if (!text.includes("help:")) fail(`the findings carry no help: ${text}`);
  if ((await page.locator(".jm-diagram-panel svg").count()) === 0) fail("the last good diagram went away");
  await page.screenshot({ path: join(shots, "serve-errors.png") });
} catch {
  fail("a broken save showed no findings");
}
// Fixing it takes the findings away.
writeFileSync(mapFile, current);
try {
  await page.waitForSelector("#jm-live-errors", { state: "detached", timeout: 10000 });
} catch {
  fail("the findings stayed after the fix");
}

// Hostile text: in a page, and in findings shown live.
const hostileFile = join(dir, "hostile.journey.yaml");
const hostile = readFileSync(hostileFile, "utf8");
await page.goto(base + "/map/hostile.journey.yaml", { waitUntil: "load" });
await page.waitForTimeout(500);
writeFileSync(
  hostileFile,
  hostile.replace(/^stages:/m, '"<img src=x onerror=window.__pwned=true><script>alert(2)</script>": 1\nstages:'),
);
try {
  await page.waitForSelector("#jm-live-errors", { timeout: 10000 });
  const text = await page.locator("#jm-live-errors").innerText();
  if (!text.includes("<img src=x")) fail(`the finding does not show the key as text: ${text}`);
  if ((await page.locator("#jm-live-errors img, #jm-live-errors script").count()) > 0) {
    fail("map text in a finding became markup");
  }
} catch {
  fail("the hostile map's findings were not shown");
}
await page.waitForTimeout(300);
if (await page.evaluate(() => window.__pwned === true)) fail("map text ran as script");
writeFileSync(hostileFile, hostile);

await browser.close();
server.kill();
for (const p of problems) fail(p);
if (failures > 0) {
  console.error(`serve: ${failures} failure(s); the server said:\n${said}`);
  process.exit(1);
}
console.log("serve: the browser check passed");
