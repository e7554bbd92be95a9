// The HTML diff's filters in headless Chromium: unticking a kind of change hides its lines
// and its marks in the picture, choosing a stage hides the other stages' changes, and the
// page's script runs under its Content-Security-Policy without an error.
//   node diff-filters.mjs page.html
import { launch } from './launch.mjs';

const file = process.argv[2];
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto('file://' + file);
const seen = () => page.evaluate(() => ({
  added: [...document.querySelectorAll('.jm-changes .jm-line[data-kind=added]')].filter((l) => !l.hidden).length,
  lines: [...document.querySelectorAll('.jm-changes .jm-line[data-kind]')].filter((l) => !l.hidden).length,
  addedMarks: [...document.querySelectorAll('.jm-diagram-frame g.jm-diff-added')]
    .filter((g) => getComputedStyle(g).display !== 'none').length,
  blocks: [...document.querySelectorAll('.jm-changes .jm-block')].filter((b) => !b.hidden).length,
}));
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); };
const start = await seen();
expect(start.added > 0 && start.addedMarks > 0, `nothing added to filter: ${JSON.stringify(start)}`);
await page.uncheck('input[value=added]');
const noAdded = await seen();
expect(noAdded.added === 0, 'unticking "added" leaves added lines');
expect(noAdded.addedMarks === 0, 'unticking "added" leaves added marks in the picture');
expect(noAdded.lines === start.lines - start.added, 'unticking "added" hides other lines too');
const stage = await page.$eval('select[name=stage] option:nth-child(2)', (o) => o.value);
await page.selectOption('select[name=stage]', stage);
const one = await seen();
expect(one.blocks === 1, `choosing stage ${stage} leaves ${one.blocks} blocks`);
await page.check('input[value=added]');
await page.selectOption('select[name=stage]', '');
const back = await seen();
expect(JSON.stringify(back) === JSON.stringify(start), 'resetting the filters does not show everything again');
expect(errors.length === 0, `console errors: ${errors.join('; ')}`);
await browser.close();
if (failures.length) {
  console.error(`diff filters in ${file}:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`ok   diff filters: ${start.lines} changes, ${start.blocks} stages`);
