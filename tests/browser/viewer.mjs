// The HTML page as a viewer, in headless Chromium, at a laptop's 1600×1000 and a phone's
// 390×844 (touch). For every page in DIR:
//   - the page never scrolls sideways (no page-level horizontal overflow);
//   - laptop: the diagram opens fitted to the width; after zooming to 1:1 and scrolling right
//     and down, the lane labels and the stage/step headers are still in sight (pinned);
//   - phone: the page reads stage by stage; one tap shows the diagram, fitted to the width;
//   - a card opens its detail panel by click, by tap, and by Tab-focus + Enter, and the panel
//     holds the step's name;
//   - printing through Chromium gives the page's paper pages (checked for text size by
//     check_pdf.py with poppler afterwards).
// Screenshots of each go to OUT (the repository's test output, target/ci/browser).
//
// Usage: node viewer.mjs DIR OUT
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const dir = resolve(process.argv[2] ?? ".");
const out = resolve(process.argv[3] ?? "viewer-shots");
mkdirSync(out, { recursive: true });
const pages = readdirSync(dir).filter((f) => f.endsWith(".html") && !f.includes("empathy")).sort();
const browser = await launch();
let failures = 0;
const fail = (name, message) => {
  failures += 1;
  console.error(`FAIL ${name}: ${message}`);
};

for (const name of pages) {
  const stem = name.replace(/\.html$/, "");
  const url = pathToFileURL(join(dir, name)).href;
  const problems = [];

  // --- Laptop.
  {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
    });
    await page.goto(url, { waitUntil: "load" });
    await page.emulateMedia({ colorScheme: "light" });
    const open = await page.evaluate(() => {
      const scroller = [...document.querySelectorAll(".jm-scroller")].find((s) => s.offsetParent !== null);
      const svg = scroller.querySelector("svg");
      return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        width: parseFloat(svg.getAttribute("width")),
        room: scroller.clientWidth,
        sideways: scroller.scrollWidth - scroller.clientWidth,
      };
    });
    if (open.overflow > 0) problems.push(`laptop: the page scrolls sideways by ${open.overflow}px`);
    if (Math.abs(open.width - open.room) > 1.5 || open.sideways > 1) {
      problems.push(`laptop: the diagram opens ${open.width}px wide in ${open.room}px (not fitted)`);
    }
    await page.screenshot({ path: join(out, `${stem}-laptop-fitted.png`) });

    // Zoom to 1:1, then scroll right and down: the pins show the labels and the headers.
    await page.click("[data-zoom='actual']");
    const pinned = await page.evaluate(() => {
      const frame = [...document.querySelectorAll(".jm-diagram-frame")].find((f) => f.offsetParent !== null);
      const scroller = frame.querySelector(".jm-scroller");
      scroller.scrollLeft = Math.min(600, scroller.scrollWidth - scroller.clientWidth);
      scroller.scrollTop = Math.min(700, scroller.scrollHeight - scroller.clientHeight);
      return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
        const seen = (cls) => {
          const pin = frame.querySelector(cls);
          if (!pin || pin.hasAttribute("hidden")) return null;
          const r = pin.getBoundingClientRect();
          const f = frame.getBoundingClientRect();
          return { left: r.left - f.left, top: r.top - f.top, width: r.width, height: r.height, viewBox: pin.getAttribute("viewBox") };
        };
        done({
          scrolled: [scroller.scrollLeft, scroller.scrollTop],
          labels: seen(".jm-pin-labels"),
          header: seen(".jm-pin-header"),
          labelWidth: parseFloat(frame.getAttribute("data-label-width")),
        });
      })));
    });
    if (pinned.scrolled[0] > 0 && pinned.labelWidth > 0) {
      if (!pinned.labels || pinned.labels.left > 1.5 || pinned.labels.width < pinned.labelWidth - 1) {
        problems.push(`laptop: after scrolling right the lane labels are not pinned: ${JSON.stringify(pinned)}`);
      } else if (!pinned.labels.viewBox.startsWith("0 ")) {
        problems.push(`laptop: the label pin does not show the label column: ${pinned.labels.viewBox}`);
      }
    }
    if (pinned.scrolled[1] > 0) {
      if (!pinned.header || pinned.header.top > 1.5 || pinned.header.height < 20) {
        problems.push(`laptop: after scrolling down the stage and step headers are not pinned: ${JSON.stringify(pinned)}`);
      }
    }
    await page.screenshot({ path: join(out, `${stem}-laptop-scrolled.png`) });

    // A card opens its details by click, then by keyboard.
    await page.click("[data-zoom='fit']");
    const card = page.locator(".jm-diagram-frame:visible svg.jm-diagram g.jm-step[data-step]").first();
    if ((await card.count()) === 1) {
      const step = await card.getAttribute("data-step");
      const expected = await page.evaluate((id) =>
        document.querySelector(`#jm-read-step-${CSS.escape(id)} .jm-read-step-name`).textContent.trim(), step);
      await card.click();
      const clicked = await page.evaluate(() => {
        const panel = document.getElementById("jm-detail");
        return panel && !panel.hidden ? panel.textContent : null;
      });
      if (!clicked || !clicked.includes(expected)) problems.push(`laptop: clicking a card does not open its details (${expected})`);
      await page.screenshot({ path: join(out, `${stem}-laptop-detail.png`) });
      await page.keyboard.press("Escape");
      const closed = await page.evaluate(() => document.getElementById("jm-detail").hidden);
      if (!closed) problems.push("laptop: Escape does not close the details");
      await card.focus();
      await page.keyboard.press("Enter");
      const keyed = await page.evaluate(() => {
        const panel = document.getElementById("jm-detail");
        return !panel.hidden && panel.textContent;
      });
      if (!keyed || !keyed.includes(expected)) problems.push("laptop: Enter on a focused card does not open its details");
      await page.keyboard.press("Escape");
      // Tab reaches the cards: from the diagram's scroller, the next stop is a card.
      await page.focus(".jm-diagram-frame:visible .jm-scroller");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("role"));
      if (focused !== "button") problems.push(`laptop: Tab from the diagram does not reach a card (${focused})`);
    } else {
      problems.push("laptop: no step card");
    }

    // Print: the paper pages, through Chromium.
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(out, `${stem}-print.png`) });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(out, `${stem}-print.pdf`), pdf);
    const sheets = await page.evaluate(() => document.querySelectorAll(".jm-print-page").length);
    if (sheets < 1) {
      // A journey that needs more than 60 sheets carries none and prints its diagram scaled
      // to the paper instead (render::html, MAX_PRINT_SHEETS): the diagram must then print.
      const area = await page.evaluate(() => {
        const svg = document.querySelector(".jm-diagram-frame svg");
        if (!svg) return 0;
        const box = svg.getBoundingClientRect();
        return box.width * box.height;
      });
      if (!(area > 0)) problems.push("print: neither paper pages nor the diagram");
    }
    await context.close();
  }

  // --- Phone, with touch.
  {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    page.on("pageerror", (err) => problems.push(`phone page error: ${err.message}`));
    await page.goto(url, { waitUntil: "load" });
    const phone = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      reading: getComputedStyle(document.querySelector(".jm-reading")).display,
      diagram: getComputedStyle(document.querySelector(".jm-diagram-panel")).display,
      hover: /hover/i.test(document.body.innerText),
    }));
    if (phone.overflow > 0) problems.push(`phone: the page scrolls sideways by ${phone.overflow}px`);
    if (phone.reading === "none") problems.push("phone: no stage-by-stage reading order");
    if (phone.diagram !== "none") problems.push("phone: the diagram shows before it is asked for");
    if (phone.hover) problems.push("phone: the page speaks of hovering on a touch screen");
    await page.screenshot({ path: join(out, `${stem}-phone-reading.png`) });
    await page.tap("#jm-show-diagram");
    const shown = await page.evaluate(() => {
      const scroller = [...document.querySelectorAll(".jm-scroller")].find((s) => s.offsetParent !== null);
      if (!scroller) return null;
      const svg = scroller.querySelector("svg");
      return {
        width: parseFloat(svg.getAttribute("width")),
        room: scroller.clientWidth,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    if (!shown) problems.push("phone: tapping 'Show the diagram' shows no diagram");
    else {
      if (Math.abs(shown.width - shown.room) > 1.5) problems.push(`phone: the diagram is ${shown.width}px in ${shown.room}px (not fitted)`);
      if (shown.overflow > 0) problems.push(`phone: with the diagram the page scrolls sideways by ${shown.overflow}px`);
    }
    await page.screenshot({ path: join(out, `${stem}-phone-diagram.png`) });
    // Zoom in and tap a card: its details open.
    await page.tap("[data-zoom='actual']");
    const card = page.locator(".jm-diagram-frame:visible svg.jm-diagram g.jm-step[data-step]").first();
    if ((await card.count()) === 1) {
      await card.scrollIntoViewIfNeeded();
      await card.tap();
      const tapped = await page.evaluate(() => {
        const panel = document.getElementById("jm-detail");
        return panel && !panel.hidden;
      });
      if (!tapped) problems.push("phone: tapping a card does not open its details");
      await page.screenshot({ path: join(out, `${stem}-phone-detail.png`) });
    }
    await context.close();
  }

  if (problems.length > 0) problems.forEach((p) => fail(name, p));
  else console.log(`ok   ${name} (laptop, phone, print)`);
}

await browser.close();
if (failures > 0) {
  console.error(`${failures} problem(s)`);
  process.exit(1);
}
console.log(`${pages.length} pages work as viewers at 1600×1000 and 390×844; screenshots in ${out}`);
