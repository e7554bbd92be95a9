// Reads every YAML file journeymap wrote (the corpus: N.yaml beside N.json, the data
// journeymap read from it) with JavaScript's YAML readers and fails when one rejects a file
// or reads data other than journeymap's: js-yaml (YAML 1.2 core, 1.1 merge keys), and the
// `yaml` package both as YAML 1.2 and as YAML 1.1 (dates, sexagesimal numbers, yes/no).
//
// Usage: node read.mjs CORPUS_DIR
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsYaml from "js-yaml";
import YAML from "yaml";

function same(a, b, at = "$") {
  if (typeof b === "number" && typeof a === "number") {
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)) ? null : `${at}: ${a} is not ${b}`;
  }
  if (Array.isArray(b)) {
    if (!Array.isArray(a)) return `${at}: ${JSON.stringify(a)} is not a list`;
    if (a.length !== b.length) return `${at}: ${a.length} items, not ${b.length}`;
    for (let i = 0; i < b.length; i++) {
      const found = same(a[i], b[i], `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (b !== null && typeof b === "object") {
    if (a === null || typeof a !== "object" || Array.isArray(a) || a instanceof Date) {
      return `${at}: ${JSON.stringify(a)} is not a mapping`;
    }
    const keys = Object.keys(a), wanted = Object.keys(b);
    if (JSON.stringify(keys) !== JSON.stringify(wanted)) return `${at}: keys ${keys} are not ${wanted}`;
    for (const key of wanted) {
      const found = same(a[key], b[key], `${at}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return a === b ? null : `${at}: ${JSON.stringify(a)} (${a instanceof Date ? "a date" : typeof a}) is not ${JSON.stringify(b)}`;
}

const corpus = process.argv[2];
const files = readdirSync(corpus).filter((f) => f.endsWith(".yaml")).sort();
if (files.length === 0) {
  console.error(`no YAML files in ${corpus}`);
  process.exit(1);
}
const readers = {
  "js-yaml": (text) => jsYaml.load(text),
  "yaml (1.2)": (text) => YAML.parse(text, { version: "1.2", uniqueKeys: true, maxAliasCount: -1 }),
  "yaml (1.1)": (text) => YAML.parse(text, { version: "1.1", uniqueKeys: true, maxAliasCount: -1 }),
};
const failures = [];
for (const file of files) {
  const text = readFileSync(join(corpus, file), "utf8");
  const expected = JSON.parse(readFileSync(join(corpus, file.replace(/\.yaml$/, ".json")), "utf8"));
  for (const [name, read] of Object.entries(readers)) {
    let found;
    try {
      found = same(read(text), expected);
    } catch (error) {
      found = `rejected: ${String(error.message).slice(0, 300)}`;
    }
    if (found) failures.push(`${file}: ${name}: ${found}`);
  }
}
for (const failure of failures.slice(0, 40)) console.log(failure);
if (failures.length) {
  console.error(`${failures.length} disagreements in ${files.length} files`);
  process.exit(1);
}
console.log(`${files.length} files read the same by ${Object.keys(readers).join(", ")}`);
