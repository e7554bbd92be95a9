// Loads every HTML page in a folder in headless Chromium and fails when a page:
//   - logs a console error or throws (CSP violations are console errors too),
//   - makes any request besides loading itself (the pages must work offline),
//   - lets map text run script (hostile pages set window.__pwned if they get the chance),
//   - has lane toggles that do not hide a lane, or dark/print styles that show the wrong diagram.
//
// Usage: node check.mjs DIR   (run.sh renders the pages and calls this)
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const dir = resolve(process.argv[2] ?? ".");
const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
if (pages.length === 0) {
  console.error(`no .html files in ${dir}`);
  process.exit(2);
}

const browser = await launch();

let failures = 0;
function fail(page, message) {
  failures += 1;
  console.error(`FAIL ${page}: ${message}`);
}

for (const name of pages) {
  const url = pathToFileURL(join(dir, name)).href;
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`console ${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("request", (req) => {
    if (req.url() !== url) problems.push(`request: ${req.url()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  // Give injected handlers (onload, onerror, meta refresh) a moment to fire.
  await page.waitForTimeout(300);
  if (page.url() !== url) problems.push(`navigated away to ${page.url()}`);

  const state = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    scripts: document.querySelectorAll("script").length,
    foreign: document.querySelectorAll("img, iframe, object, embed, link, meta[http-equiv=refresh], a[href]").length,
    diagrams: document.querySelectorAll("svg.jm-diagram").length,
    toggles: document.querySelectorAll("input[data-lane-toggle]").length,
  }));
  if (state.pwned !== null) problems.push(`injected script ran: window.__pwned = ${state.pwned}`);
  if (state.scripts !== 1) problems.push(`${state.scripts} script elements (expected only ours)`);
  if (state.foreign !== 0) problems.push(`${state.foreign} elements that load or link elsewhere`);
  if (state.diagrams < 1) problems.push("no diagram");

  // Text measured with the embedded metrics must fit its card in a real browser too (with
  // Liberation Sans installed, as on CI): every text of a card lies inside the card's box.
  const overflow = await page.evaluate(() => {
    const svg = document.querySelector("svg.jm-diagram");
    const bad = [];
    for (const card of svg.querySelectorAll("g[class^='jm-']:not(.jm-band):not(.jm-legend-entry)")) {
      const body = card.querySelector(":scope > rect");
      if (!body) continue;
      const box = body.getBBox();
      for (const text of card.querySelectorAll(":scope > text")) {
        const t = text.getBBox();
        if (t.x < box.x - 1 || t.x + t.width > box.x + box.width + 1) {
          bad.push(`${JSON.stringify(text.textContent)} (${t.x.toFixed(1)}+${t.width.toFixed(1)} in ${box.x}+${box.width})`);
        }
      }
    }
    return { bad: bad.slice(0, 5), count: bad.length, font: document.fonts.check('12px "Liberation Sans"') };
  });
  if (overflow.count > 0) problems.push(`${overflow.count} texts overflow their cards: ${overflow.bad.join("; ")}`);

  // Lane toggles: untick the first lane, its band hides and the diagram gets shorter.
  if (state.toggles > 0) {
    const result = await page.evaluate(() => {
      const box = document.querySelector("input[data-lane-toggle]");
      const svg = document.querySelector("svg.jm-diagram");
      const before = parseFloat(svg.getAttribute("height"));
      box.click();
      const band = svg.querySelector(`g.jm-band[data-lane="${box.value}"]`);
      const hidden = band && getComputedStyle(band).display === "none";
      const after = parseFloat(svg.getAttribute("height"));
      box.click();
      const restored = parseFloat(svg.getAttribute("height"));
      return { hidden, before, after, restored };
    });
    if (!result.hidden) problems.push("unticking a lane does not hide it");
    if (!(result.after < result.before)) problems.push(`the diagram did not shrink (${result.before} -> ${result.after})`);
    if (result.restored !== result.before) problems.push("ticking the lane again does not restore the diagram");
  }

  // Dark preference and print pick the right diagram when both are embedded.
  if (state.diagrams === 2) {
    const visible = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".jm-diagram-frame")]
          .filter((f) => getComputedStyle(f).display !== "none")
          .map((f) => f.querySelector("svg").getAttribute("data-theme")),
      );
    await page.emulateMedia({ colorScheme: "light" });
    const light = await visible();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await visible();
    await page.emulateMedia({ colorScheme: "dark", media: "print" });
    // Print shows the paper pages (light) when the page has them, else the light diagram.
    const print = await page.evaluate(() => {
      const sheets = [...document.querySelectorAll(".jm-print-page")].filter((p) => getComputedStyle(p).display !== "none");
      if (sheets.length > 0) {
        const screen = [...document.querySelectorAll(".jm-diagram-panel")].some((p) => getComputedStyle(p).display !== "none");
        const themes = [...new Set(sheets.map((p) => p.querySelector("svg").getAttribute("data-theme")))];
        return screen ? ["screen diagram too"] : themes;
      }
      return [...document.querySelectorAll(".jm-diagram-frame")]
        .filter((f) => getComputedStyle(f).display !== "none")
        .map((f) => f.querySelector("svg").getAttribute("data-theme"));
    });
    if (light.join() !== "light") problems.push(`light preference shows ${light}`);
    if (dark.join() !== "dark") problems.push(`dark preference shows ${dark}`);
    if (print.join() !== "light") problems.push(`print shows ${print}`);
  }

  if (problems.length > 0) {
    for (const p of problems) fail(name, p);
  } else {
    console.log(`ok   ${name}`);
  }
  await context.close();
}

await browser.close();
if (failures > 0) {
  console.error(`${failures} problem(s)`);
  process.exit(1);
}
console.log(`${pages.length} pages loaded with no errors, no requests and no injected script`);
