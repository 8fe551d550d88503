/**
 * `npm run bench`: how long `containers-nix validate` takes and how much
 * memory it needs, beside the floor: a fresh node that only reads the same
 * JSON file and parses it with JSON.parse (bench/floor.ts). Both run cold
 * (spawned; median of several runs), both report their peak RSS
 * (bench/probe.ts). Cases: 1, 100 and 10,000 valid containers, from JSON and
 * from the same definitions as a Nix file, and 100,000 containers with tens
 * of thousands of findings from JSON. Beside them: warm (read and validated
 * again in this process, after a warm-up), and the same definitions evaluated
 * through the generated module with nix-instantiate and a nixpkgs lib
 * (NIXPKGS=...). Prints whether each goal is met. Not part of the tests.
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tmp from "tmp";
import { nixValue } from "../src/nix/literal.js";
import { loadInput } from "../src/validate/input.js";
import { validateContainers } from "../src/validate/validate.js";
import { definitions, definitionsWithMistakes, type Def } from "./inputs.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const cli = path.join(root, "dist/src/cli.js");
const probe = path.join(here, "probe.js");
const floorScript = path.join(here, "floor.js");

/** The goals, as multiples of the floor. */
const GOALS = { valid: 2, findings: 5, memory: 2 };

interface Case {
  n: number;
  defs: Record<string, Def>;
  /** Also as a Nix file, and through the generated module. */
  nix: boolean;
  findings: boolean;
}

const CASES: Case[] = [
  { n: 1, defs: definitions(1), nix: true, findings: false },
  { n: 100, defs: definitions(100), nix: true, findings: false },
  { n: 10_000, defs: definitions(10_000), nix: true, findings: false },
  { n: 100_000, defs: definitionsWithMistakes(100_000), nix: false, findings: true },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t: number) => (t < 10 ? t.toFixed(2) : t < 100 ? t.toFixed(1) : t.toFixed(0)) + " ms";
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const times = (x: number) => `${x.toFixed(1)}×`;

interface Run {
  ms: number;
  /** Peak resident memory, KiB. */
  rss: number;
  stdout: string;
}

/** Spawns `node --import probe ARGS` `runs` times: median time and median peak RSS; `ok` judges each exit. */
function spawnRuns(args: string[], runs: number, ok: (status: number | null) => boolean, dir: string): Run {
  const rssFile = path.join(dir, "rss");
  const t: number[] = [];
  const rss: number[] = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    writeFileSync(rssFile, "");
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--import", probe, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      env: { ...process.env, CONTAINERS_NIX_BENCH_RSS: rssFile },
    });
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!ok(r.status)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr || r.stdout.slice(0, 500)}`);
    rss.push(Number(readFileSync(rssFile, "utf8")));
    stdout = r.stdout;
  }
  return { ms: median(t), rss: median(rss), stdout };
}

async function warm(file: string, runs: number, findings: number): Promise<number> {
  const once = async () => {
    const input = await loadInput({ file, expr: null, attr: null, format: "auto", nixpkgs: null, timeoutMs: 600_000 });
    const report = validateContainers(input.containers, { host: input.host, positions: input.positions });
    if (report.findings.length !== findings) throw new Error(`${file}: ${report.findings.length} findings, expected ${findings}`);
  };
  await once();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(t);
}

function moduleEval(jsonFile: string, nixpkgs: string): number | string {
  const args = ["--eval", "--strict", path.join(root, "bench/eval-module.nix"), "--arg", "nixpkgs", nixpkgs, "--argstr", "containersFile", jsonFile];
  const t0 = process.hrtime.bigint();
  const r = spawnSync("nix-instantiate", args, { encoding: "utf8", timeout: 900_000, maxBuffer: 1 << 30 });
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return `failed: ${r.error.message}`;
  if (r.status !== 0) return `failed: ${r.stderr.split("\n")[0]}`;
  if (r.stdout.trim() !== "0") return `failed: ${r.stdout.trim()} assertions failed`;
  return t;
}

const nixpkgs = process.env.NIXPKGS ?? null;
const hasNix = spawnSync("nix-instantiate", ["--version"]).status === 0;
const dir = tmp.dirSync({ unsafeCleanup: true });
const COLUMNS: [string, number][] = [
  ["containers", 10], ["input", 5], ["findings", 8], ["cold", 8], ["floor", 8], ["/floor", 6], ["peak RSS", 8], ["floor RSS", 9], ["/floor", 6],
  ["warm", 8], ["module eval", 11], ["module/cold", 11],
];
const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join("  ");

console.log(`containers-nix validate benchmark: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
console.log("cold: `containers-nix validate FILE --format json` spawned; floor: a fresh node reading the same JSON file with JSON.parse");
console.log("(for a Nix input, the JSON file of the same definitions); medians of 7 runs (3 from 10,000 containers); peak RSS is maxRSS\n");
console.log(row(COLUMNS.map(([h]) => h)));
const goals: string[] = [];
const goal = (what: string, ratio: number, limit: number, detail: string) =>
  goals.push(`goal: ${what} within ${limit}× the floor: ${ratio <= limit ? "met" : "NOT met"} (${times(ratio)}: ${detail})`);
try {
  for (const c of CASES) {
    const jsonFile = path.join(dir.name, `c${c.n}.json`);
    writeFileSync(jsonFile, JSON.stringify({ containers: c.defs }, null, 2));
    const runs = c.n >= 10_000 ? 3 : 7;
    const floor = spawnRuns([floorScript, jsonFile], runs, (s) => s === 0, dir.name);
    const reference = !c.nix ? "" : !hasNix ? "no nix-instantiate" : nixpkgs === null ? "no NIXPKGS" : moduleEval(jsonFile, nixpkgs);
    const inputs: [string, string][] = [["json", jsonFile]];
    if (c.nix) {
      const nixFile = path.join(dir.name, `c${c.n}.nix`);
      writeFileSync(nixFile, `${nixValue({ containers: c.defs })}\n`);
      inputs.push(["nix", nixFile]);
    }
    for (const [input, file] of inputs) {
      if (input === "nix" && !hasNix) {
        console.log(row([String(c.n), input, "(nix-instantiate missing)"]));
        continue;
      }
      const cold = spawnRuns([cli, "validate", file, "--format", "json"], runs, (s) => s === (c.findings ? 1 : 0), dir.name);
      const found = (JSON.parse(cold.stdout) as { findings: unknown[] }).findings.length;
      const w = await warm(file, runs, found);
      const ref = typeof reference === "number" ? ms(reference) : reference;
      const ratio = typeof reference === "number" ? times(reference / cold.ms) : "";
      const speed = cold.ms / floor.ms;
      const memory = cold.rss / floor.rss;
      console.log(row([String(c.n), input, String(found), ms(cold.ms), ms(floor.ms), times(speed), mib(cold.rss), mib(floor.rss), times(memory), ms(w), ref, ratio]));
      if (input !== "json" || c.n < 10_000) continue;
      const label = c.findings ? `${c.n.toLocaleString("en")} containers with ${found.toLocaleString("en")} findings from JSON, cold,` : `${c.n.toLocaleString("en")} containers from JSON, cold,`;
      goal(`${label}`, speed, c.findings ? GOALS.findings : GOALS.valid, `${ms(cold.ms)} against ${ms(floor.ms)}`);
      goal(`peak memory for ${c.n.toLocaleString("en")} containers`, memory, GOALS.memory, `${mib(cold.rss)} against ${mib(floor.rss)}`);
    }
  }
} finally {
  dir.removeCallback();
}
if (nixpkgs === null) console.log("\nmodule eval: set NIXPKGS=/path/to/nixpkgs (any tree with lib/) to compare with the generated module");
console.log(`\n${goals.join("\n")}`);
if (goals.some((g) => g.includes("NOT met"))) process.exitCode = 1;
