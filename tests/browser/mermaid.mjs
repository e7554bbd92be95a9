// Renders every ```mermaid block of the Markdown files in a folder with the real Mermaid (the
// pinned npm package, as GitHub draws them in a pull-request comment) in headless Chromium, and
// screenshots each chart. Fails when a block:
//   - does not parse or render (Mermaid's message is printed),
//   - draws no <path> or <polyline> for one of its `line` series,
//   - configures plotColorPalette in its front matter but the lines are drawn in other colours,
//   - lets label text through as HTML elements inside the SVG,
//   - logs a console error, throws, or makes a request.
// Per block it prints the x-axis labels as Mermaid drew them (marking any that differ from the
// source), the line colours, and x-axis labels whose boxes overlap.
//
// Usage: node mermaid.mjs MD_DIR SHOT_DIR   (run.sh writes `journeymap diff` Markdown and calls this)
// Screenshots go to SHOT_DIR/<md name>-<n>.png, n counting the blocks of a file from 1.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./launch.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const dir = resolve(process.argv[2] ?? ".");
const shots = resolve(process.argv[3] ?? join(dir, "shots"));
const mermaidJs = join(here, "node_modules/mermaid/dist/mermaid.min.js");
const mermaidVersion = JSON.parse(readFileSync(join(here, "node_modules/mermaid/package.json"), "utf8")).version;

const files = readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
if (files.length === 0) {
  console.error(`no .md files in ${dir}`);
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

// Fenced ```mermaid blocks: the opening fence at the start of a line, up to the next closing fence.
function mermaidBlocks(markdown) {
  const blocks = [];
  const re = /^```mermaid[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of markdown.matchAll(re)) blocks.push(m[1].replace(/\r\n/g, "\n"));
  return blocks;
}

// What the source asks for, to compare with what Mermaid drew: the x-axis categories (quoted
// strings hold no escapes in Mermaid, so "..." ends at the next quote), the number of line
// series, and the palette from the front matter.
function expected(text) {
  const axis = text.match(/^\s*x-axis\s*(?:"[^"]*"\s*)?\[(.*)\]\s*$/m);
  const labels = axis ? [...axis[1].matchAll(/"([^"]*)"|([^,\s][^,]*)/g)].map((m) => (m[1] ?? m[2]).trim()) : null;
  const lines = (text.match(/^\s*line\b/gm) ?? []).length;
  const palette = text.match(/^\s*plotColorPalette:\s*["']?([^"'\n]*)["']?\s*$/m);
  return {
    labels,
    lines,
    palette: palette ? palette[1].split(",").map((c) => c.trim().toLowerCase()) : null,
  };
}

const browser = await launch();

let failures = 0;
let total = 0;
function fail(where, message) {
  failures += 1;
  console.error(`FAIL ${where}: ${message}`);
}

for (const file of files) {
  const name = basename(file, ".md");
  const blocks = mermaidBlocks(readFileSync(join(dir, file), "utf8"));
  if (blocks.length === 0) {
    console.log(`--   ${file}: no mermaid blocks`);
    continue;
  }
  for (const [i, text] of blocks.entries()) {
    total += 1;
    const n = i + 1;
    const where = `${file} block ${n}`;
    const want = expected(text);
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("request", (req) => problems.push(`request: ${req.url()}`));
    await page.setContent('<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff"><div id="out"></div>');
    await page.addScriptTag({ path: mermaidJs });

    const result = await page.evaluate(
      async ({ text, id }) => {
        const message = (e) => String(e?.message ?? e);
        mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
        try {
          await mermaid.parse(text);
        } catch (e) {
          return { stage: "parse", error: message(e) };
        }
        let svg;
        try {
          ({ svg } = await mermaid.render(id, text));
        } catch (e) {
          return { stage: "render", error: message(e) };
        }
        const out = document.getElementById("out");
        out.innerHTML = svg;
        const root = out.querySelector("svg");
        if (!root) return { stage: "render", error: "render returned no <svg>" };
        // Mermaid's xychart puts each series in g.plot > g.line-plot-<i>; fall back to any
        // stroked, unfilled path in g.plot should the class names change.
        let lines = [...root.querySelectorAll("g.plot [class^='line-plot'] :is(path, polyline)")];
        if (lines.length === 0) {
          lines = [...root.querySelectorAll("g.plot :is(path, polyline)")].filter(
            (p) => (p.getAttribute("fill") ?? "none") === "none",
          );
        }
        let labelTexts = [...root.querySelectorAll("g.bottom-axis g.label text")];
        if (labelTexts.length === 0) labelTexts = [...root.querySelectorAll("g.bottom-axis text")];
        const boxes = labelTexts.map((t) => t.getBoundingClientRect());
        const overlaps = [];
        for (let k = 1; k < boxes.length; k++) {
          const a = boxes[k - 1];
          const b = boxes[k];
          if (a.right > b.left + 0.5 && b.right > a.left + 0.5 && a.bottom > b.top + 0.5 && b.bottom > a.top + 0.5) {
            overlaps.push([labelTexts[k - 1].textContent, labelTexts[k].textContent]);
          }
        }
        const svgBox = root.getBoundingClientRect();
        const clipped = labelTexts
          .filter((_, k) => boxes[k].left < svgBox.left - 0.5 || boxes[k].right > svgBox.right + 0.5 || boxes[k].bottom > svgBox.bottom + 0.5)
          .map((t) => t.textContent);
        const html = [...root.querySelectorAll("*")].filter((e) => e.namespaceURI !== "http://www.w3.org/2000/svg");
        return {
          lines: lines.map((p) => ({
            tag: p.tagName,
            stroke: (p.getAttribute("stroke") ?? getComputedStyle(p).stroke).toLowerCase(),
            hasData: (p.getAttribute("d") ?? p.getAttribute("points") ?? "").trim().length > 0,
            xs: [...(p.getAttribute("d") ?? p.getAttribute("points") ?? "").matchAll(/(-?[\d.]+(?:e-?\d+)?)[ ,](-?[\d.]+(?:e-?\d+)?)/g)].map((m) => parseFloat(m[1])),
          })),
          labels: labelTexts.map((t) => t.textContent),
          rotated: labelTexts.some((t) => /rotate\((?!0\))/.test(t.getAttribute("transform") ?? "")),
          overlaps,
          clipped,
          html: html.map((e) => e.tagName.toLowerCase()),
          title: root.querySelector("g.chart-title text")?.textContent ?? null,
        };
      },
      { text, id: `chart-${n}` },
    );

    const shot = join(shots, `${name}-${n}.png`);
    if (result.error) {
      problems.push(`${result.stage} failed: ${result.error}`);
    } else {
      await page.locator("#out > svg").screenshot({ path: shot });
      const drawn = result.lines.filter((l) => l.hasData);
      if (drawn.length === 0) problems.push("no <path> or <polyline> drawn for the lines");
      else if (drawn.length < want.lines) problems.push(`${want.lines} line series but ${drawn.length} drawn`);
      // A band axis gives repeated categories one shared x, so the line would double back.
      const back = drawn.find((l) => l.xs.some((x, k) => k > 0 && !(x > l.xs[k - 1])));
      if (back) {
        const seen = new Set();
        const repeats = [...new Set((want.labels ?? []).filter((l) => seen.has(l) || !seen.add(l)))];
        problems.push(`a line doubles back along the x axis${repeats.length ? `; repeated x-axis categories: ${repeats.map((r) => JSON.stringify(r)).join(", ")}` : ""}`);
      }
      const colours = drawn.map((l) => l.stroke);
      let colourNote = colours.join(", ");
      if (want.palette) {
        const ok = colours.every((c, k) => c === want.palette[k % want.palette.length]);
        colourNote += ok ? " (as configured)" : ` (configured ${want.palette.join(", ")})`;
        if (!ok) problems.push(`lines drawn in ${colours.join(", ")}, configured ${want.palette.join(", ")}`);
      }
      if (result.html.length > 0) problems.push(`HTML elements inside the SVG: ${[...new Set(result.html)].join(", ")}`);

      console.log(`${problems.length ? "FAIL" : "ok  "} ${where} -> ${shot}`);
      if (result.title !== null) console.log(`       title: ${JSON.stringify(result.title)}`);
      console.log(`       lines: ${colourNote}`);
      const marks = result.labels.map((l, k) => {
        const src = want.labels?.[k];
        return src === undefined || src === l ? JSON.stringify(l) : `${JSON.stringify(l)} (source ${JSON.stringify(src)})`;
      });
      console.log(`       x-axis labels${result.rotated ? " (rotated)" : ""}: ${marks.join(", ")}`);
      if (want.labels && want.labels.length !== result.labels.length) {
        console.log(`       note: source has ${want.labels.length} x-axis labels, ${result.labels.length} drawn`);
      }
      for (const [a, b] of result.overlaps) console.log(`       note: labels overlap: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
      for (const l of result.clipped) console.log(`       note: label runs outside the chart: ${JSON.stringify(l)}`);
    }
    for (const p of problems) fail(where, p);
    await context.close();
  }
}

await browser.close();
if (total === 0) {
  console.error(`no mermaid blocks in the .md files of ${dir}`);
  process.exit(2);
}
if (failures > 0) {
  console.error(`${failures} problem(s) in ${total} mermaid block(s), Mermaid ${mermaidVersion}`);
  process.exit(1);
}
console.log(`${total} mermaid block(s) parsed and rendered with Mermaid ${mermaidVersion}`);
