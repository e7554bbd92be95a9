// The HTML page draws its diagram once and recolours it with its stylesheet when the viewer
// prefers a dark colour scheme. This holds it to the diagrams drawn in each theme: for every
// STEM in DIR (STEM.html, the page that follows the scheme; STEM.light.html and
// STEM.dark.html, rendered with --theme light and --theme dark), the diagram of STEM.html
// under a light scheme must look exactly as STEM.light.html's, and under a dark scheme as
// STEM.dark.html's: the same pixels in headless Chromium, compared at 1:1. Screenshots of any
// page that differs go to OUT.
//
// Usage: node scheme.mjs DIR OUT
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const dir = resolve(process.argv[2] ?? ".");
const out = resolve(process.argv[3] ?? "scheme-shots");
mkdirSync(out, { recursive: true });
const stems = readdirSync(dir)
  .filter((f) => f.endsWith(".html") && !f.endsWith(".light.html") && !f.endsWith(".dark.html"))
  .map((f) => f.replace(/\.html$/, ""))
  .sort();
if (stems.length === 0) {
  console.error(`no pages in ${dir}`);
  process.exit(1);
}
const browser = await launch();
let failures = 0;

// The diagram of `file` as the viewer shows it at 1:1, under `scheme`, as PNG bytes.
async function diagram(file, scheme) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    colorScheme: scheme,
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, file)).href);
  const frames = await page.$$(".jm-viewer");
  let shown = null;
  for (const frame of frames) {
    if (await frame.isVisible()) {
      shown = frame;
    }
  }
  if (!shown) {
    await context.close();
    throw new Error(`${file}: no diagram is shown under a ${scheme} scheme`);
  }
  const count = frames.length;
  // The diagram's own SVG, at its natural size, whatever the viewer's zoom.
  const svg = await shown.$(".jm-canvas svg");
  await svg.evaluate((el) => {
    el.style.transform = "none";
    el.style.width = el.viewBox.baseVal.width + "px";
    el.style.height = el.viewBox.baseVal.height + "px";
    el.closest(".jm-scroller").style.overflow = "visible";
  });
  const box = await svg.boundingBox();
  const clip = { x: box.x, y: box.y, width: Math.min(box.width, 4000), height: Math.min(box.height, 3000) };
  await page.setViewportSize({ width: Math.ceil(box.x + clip.width) + 1, height: Math.ceil(box.y + clip.height) + 1 });
  const png = await page.screenshot({ clip });
  await context.close();
  return { png, count };
}

for (const stem of stems) {
  for (const scheme of ["light", "dark"]) {
    const followed = await diagram(`${stem}.html`, scheme);
    const fixed = await diagram(`${stem}.${scheme}.html`, scheme);
    if (followed.count !== 1) {
      failures += 1;
      console.error(`FAIL ${stem}: the page carries ${followed.count} diagrams, not one`);
    }
    if (!followed.png.equals(fixed.png)) {
      failures += 1;
      writeFileSync(join(out, `${stem}-${scheme}-followed.png`), followed.png);
      writeFileSync(join(out, `${stem}-${scheme}-fixed.png`), fixed.png);
      console.error(`FAIL ${stem}: under a ${scheme} scheme the diagram differs from --theme ${scheme}'s (screenshots in ${out})`);
    } else {
      writeFileSync(join(out, `${stem}-${scheme}.png`), followed.png);
    }
  }
}
await browser.close();
if (failures > 0) {
  process.exit(1);
}
console.log(`${stems.length} pages: one diagram each, the same pixels as --theme light and --theme dark under either scheme`);
