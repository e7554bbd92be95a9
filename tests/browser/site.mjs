// The static site of `journeymap site`, in headless Chromium from file://, at a laptop's
// 1600×1000 and a phone's 390×844. For every page of the site:
//   - no page error, no console error, and no request for anything but the site's own files
//     (the pages load nothing from elsewhere; ticket links are links, never loaded);
//   - every link to a page of the site leads to a file that exists;
//   - the site's own pages (index, backlog, changes, persona and channel pages) never scroll
//     sideways;
// and on the index, typing a word from one step's description into the search leaves that
// map's card shown and hides the others.
// Screenshots of the index, the backlog and one persona page go to OUT.
//
// Usage: node site.mjs SITE OUT WORD EXPECTED-HREF
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const site = resolve(process.argv[2] ?? "site");
const out = resolve(process.argv[3] ?? "site-shots");
const word = process.argv[4];
const expected = process.argv[5];
mkdirSync(out, { recursive: true });

function pagesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pagesUnder(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const pages = pagesUnder(site).sort();
const siteUrl = pathToFileURL(site).href;
const browser = await launch();
let failures = 0;
const fail = (name, message) => {
  failures += 1;
  console.error(`FAIL ${name}: ${message}`);
};

const sizes = [
  { name: "laptop", viewport: { width: 1600, height: 1000 } },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];
for (const size of sizes) {
  const context = await browser.newContext({
    viewport: size.viewport,
    isMobile: size.isMobile ?? false,
    hasTouch: size.hasTouch ?? false,
  });
  for (const path of pages) {
    const name = `${relative(site, path)} (${size.name})`;
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
    });
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(siteUrl) && !url.startsWith("data:")) {
        problems.push(`requested ${url}`);
      }
    });
    page.on("requestfailed", (request) => problems.push(`failed to load ${request.url()}`));
    await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
    if (size.name === "laptop") {
      const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href));
      for (const href of hrefs) {
        if (!href.startsWith("file:")) continue; // ticket links lead to the tracker
        const file = fileURLToPath(href.split("#")[0]);
        if (!existsSync(file)) problems.push(`the link ${relative(site, file)} leads nowhere`);
      }
    }
    const own = !/\/(maps|gaps)\//.test(path);
    if (own) {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow}px`);
    }
    const stem = relative(site, path).replace(/[\/.]/g, "_");
    if (["index.html", "backlog.html", "changes.html"].includes(relative(site, path))) {
      await page.screenshot({ path: join(out, `${stem}-${size.name}.png`), fullPage: true });
    }
    for (const p of problems) fail(name, p);
    await page.close();
  }

  // The search finds the step by a word of its description.
  if (word) {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
    const before = await page.locator(".card:visible").count();
    await page.fill("#search", word);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll(".card")]
        .filter((c) => !c.hidden)
        .map((c) => c.querySelector("a")?.getAttribute("href")),
    );
    const status = await page.locator("#shown").textContent();
    if (shown.length !== 1 || shown[0] !== expected) {
      fail(`search (${size.name})`, `"${word}" shows ${JSON.stringify(shown)}, not ${expected}`);
    }
    if (!status.startsWith("1 of ")) fail(`search (${size.name})`, `the count reads "${status}"`);
    if (before < 2) fail(`search (${size.name})`, `only ${before} cards before searching`);
    await page.screenshot({ path: join(out, `index-search-${size.name}.png`), fullPage: true });
    await page.close();
  }
  await context.close();
}
await browser.close();
console.log(`site: ${pages.length} pages at 1600 and 390 px; ${failures} failures`);
process.exit(failures ? 1 : 0);
