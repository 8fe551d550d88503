/**
 * Runs every compiled test file with uvu and ends with one line:
 * `N passed, N failed, N skipped`. Pass a substring to run only matching files.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "uvu/run";

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith(".test.js") ? [path.join(dir, e.name)] : []))
    .sort();
}

const files = testFiles(here).filter((f) => filter === undefined || f.includes(filter));

let captured = "";
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  captured += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
  return write(chunk, ...rest);
}) as typeof process.stdout.write;

await run(
  files.map((file) => ({ name: path.relative(here, file), file })),
  { bail: false },
);

process.stdout.write = write;
const plain = captured.replace(/\u001b\[[0-9;]*m/g, "");
const number = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? NaN);
const total = number("Total");
const passed = number("Passed");
const skipped = number("Skipped");
const failed = Number.isNaN(total) ? 1 : total - passed;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || Number.isNaN(total)) process.exitCode = 1;
