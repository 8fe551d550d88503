/**
 * `npm run bench`: how long `containers-nix validate` takes and how much
 * memory it needs, beside the floor: a fresh node that only reads the same
 * JSON file and parses it with JSON.parse (bench/floor.ts). Both run cold
 * (spawned; median of several runs, taken in turns), both report their peak
 * RSS and CPU time (bench/probe.ts). The goals are judged on CPU time, which
 * other work on the machine disturbs far less than wall-clock time (both
 * are printed). Cases: 1, 100 and 10,000 valid containers, from JSON and
 * from the same definitions as a Nix file, and 100,000 containers with tens
 * of thousands of findings from JSON, indented and on one line (json1, as
 * `nix eval --json` writes it). Beside them: no checks (bench/no-checks.ts)
 * and no replay (bench/no-replay.ts), cold like the validator; warm (read and validated
 * again in this process, after a warm-up), steps warm (every container's
 * start steps from src/scripts/steps.ts, as the validator asks for them for
 * its replay of the host's start), and the same definitions evaluated
 * through the generated module with nix-instantiate and a nixpkgs lib
 * (NIXPKGS=...). Prints whether each goal is met. Not part of the tests.
 *
 *   npm run bench [-- SIZE...]     (SIZE: 1, 100, 10000, 100000; default all)
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tmp from "tmp";
import { resolveContainer } from "../src/model/container.js";
import { dirsFor } from "../src/model/dirs.js";
import type { Json } from "../src/model/resolve.js";
import { nixValue } from "../src/nix/literal.js";
import { HostReplayer } from "../src/replay/replay.js";
import { declaredSteps, UNIT_PATH } from "../src/scripts/steps.js";
import { loadInput } from "../src/validate/input.js";
import { validateContainers } from "../src/validate/validate.js";
import { definitions, definitionsWithMistakes, type Def } from "./inputs.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const cli = path.join(root, "dist/src/cli.js");
const probe = path.join(here, "probe.js");
const floorScript = path.join(here, "floor.js");
const noChecksScript = path.join(here, "no-checks.js");
const noReplayScript = path.join(here, "no-replay.js");

/** The goals, as multiples of the floor (issue #17's, now that validate replays every container's start). */
const GOALS = { valid: 3, findings: 5, memory: 2 };

interface Case {
  n: number;
  defs: Record<string, Def>;
  /** Also as a Nix file, and through the generated module. */
  nix: boolean;
  findings: boolean;
}

/** `npm run bench -- 10000 100000` runs only the cases of those sizes. */
const only = process.argv.slice(2).map(Number);

const ALL: Case[] = [
  { n: 1, defs: definitions(1), nix: true, findings: false },
  { n: 100, defs: definitions(100), nix: true, findings: false },
  { n: 10_000, defs: definitions(10_000), nix: true, findings: false },
  { n: 100_000, defs: definitionsWithMistakes(100_000), nix: false, findings: true },
];
const CASES = only.length === 0 ? ALL : ALL.filter((c) => only.includes(c.n));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t: number) => (t < 10 ? t.toFixed(2) : t < 100 ? t.toFixed(1) : t.toFixed(0)) + " ms";
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const times = (x: number) => `${x.toFixed(1)}×`;

interface Run {
  /** Wall-clock time. */
  ms: number;
  /** User + system CPU time. */
  cpu: number;
  /** Peak resident memory, KiB. */
  rss: number;
  stdout: string;
}

interface Spawned {
  args: string[];
  ok: (status: number | null) => boolean;
}

/** Spawns `node --import probe ARGS` for each of `commands` in turn, `runs` times: the median of each figure per command. */
function spawnRuns(commands: Spawned[], runs: number, dir: string): Run[] {
  const rssFile = path.join(dir, "rss");
  const samples = commands.map(() => ({ t: [] as number[], cpu: [] as number[], rss: [] as number[], stdout: "" }));
  for (let i = 0; i < runs; i++)
    commands.forEach(({ args, ok }, k) => {
      writeFileSync(rssFile, "");
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ["--import", probe, ...args], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...process.env, CONTAINERS_NIX_BENCH_RSS: rssFile },
      });
      const s = samples[k]!;
      s.t.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!ok(r.status)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr || r.stdout.slice(0, 500)}`);
      const [rss, cpu] = readFileSync(rssFile, "utf8").split(" ").map(Number);
      s.rss.push(rss!);
      s.cpu.push(cpu! / 1000);
      s.stdout = r.stdout;
    });
  return samples.map((s) => ({ ms: median(s.t), cpu: median(s.cpu), rss: median(s.rss), stdout: s.stdout }));
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

/**
 * The scripts' steps (src/scripts/steps.ts) of every container, warm: the
 * definitions resolved once (not timed), then each container's steps, as the
 * validator asks for them (without the programs the replay ignores); median
 * of `runs` after a warm-up.
 */
function stepsWarm(defs: Record<string, Def>, runs: number): number {
  const dirs = dirsFor("25.11");
  const resolved = Object.entries(defs).map(([name, d]) => [name, resolveContainer(name, d as { [k: string]: Json })] as const);
  const ignored = new HostReplayer(null).ignored;
  const once = () => {
    for (const [name, cfg] of resolved) declaredSteps(name, cfg, dirs, UNIT_PATH, ignored);
  };
  once();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    once();
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
tmp.setGracefulCleanup(); // the inputs written below are removed when the bench ends
const dir = tmp.dirSync({ unsafeCleanup: true });
const COLUMNS: [string, number][] = [
  ["containers", 10], ["input", 5], ["findings", 8], ["cold", 8], ["floor", 8], ["/floor", 6], ["cold CPU", 8], ["floor CPU", 9], ["/floor", 6],
  ["peak RSS", 8], ["floor RSS", 9], ["/floor", 6], ["no checks CPU", 13], ["/floor", 6], ["no replay CPU", 13], ["/floor", 6], ["no replay RSS", 13], ["warm", 8], ["steps warm", 10], ["module eval", 11], ["module/cold", 11],
];
const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join("  ");

console.log(`containers-nix validate benchmark: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
console.log("cold: `containers-nix validate FILE --format json` spawned; floor: a fresh node reading the same JSON file with JSON.parse");
console.log("(for a Nix input, the JSON file of the same definitions); wall-clock and CPU (user + system) time and peak RSS (maxRSS),");
console.log("no checks: the same JSON input read and a report without findings written, as validate does, but no type check and no rule;");
console.log("no replay: validate without the replay's rules (no start steps made or replayed), the rest as validate does;");
console.log("medians of 7 runs (3 from 10,000 containers), validator, floor, no checks and no replay in turns; goals judged on CPU time\n");
console.log(row(COLUMNS.map(([h]) => h)));
const goals: string[] = [];
const goal = (what: string, ratio: number, limit: number, detail: string) =>
  goals.push(`goal: ${what} within ${limit}× the floor: ${ratio <= limit ? "met" : "NOT met"} (${times(ratio)}: ${detail})`);
try {
  for (const c of CASES) {
    const jsonFile = path.join(dir.name, `c${c.n}.json`);
    writeFileSync(jsonFile, JSON.stringify({ containers: c.defs }, null, 2));
    const runs = c.n >= 10_000 ? 3 : 7;
    const reference = !c.nix ? "" : !hasNix ? "no nix-instantiate" : nixpkgs === null ? "no NIXPKGS" : moduleEval(jsonFile, nixpkgs);
    // [label, input file, the JSON file its floor reads]
    const inputs: [string, string, string][] = [["json", jsonFile, jsonFile]];
    if (c.findings) {
      // The same definitions on one line, as `nix eval --json` writes them: positions are then columns on a 20 MB line.
      const compactFile = path.join(dir.name, `c${c.n}-one-line.json`);
      writeFileSync(compactFile, JSON.stringify({ containers: c.defs }));
      inputs.push(["json1", compactFile, compactFile]);
    }
    if (c.nix) {
      const nixFile = path.join(dir.name, `c${c.n}.nix`);
      writeFileSync(nixFile, `${nixValue({ containers: c.defs })}\n`);
      inputs.push(["nix", nixFile, jsonFile]);
    }
    for (const [input, file, floorFile] of inputs) {
      if (input === "nix" && !hasNix) {
        console.log(row([String(c.n), input, "(nix-instantiate missing)"]));
        continue;
      }
      // no checks: a JSON input read and a report without findings written, as validate does (bench/no-checks.ts).
      // no replay: validate without the replay's rules (bench/no-replay.ts).
      const [cold, floor, noChecks, noReplay] = spawnRuns(
        [
          { args: [cli, "validate", file, "--format", "json"], ok: (s) => s === (c.findings ? 1 : 0) },
          { args: [floorScript, floorFile], ok: (s) => s === 0 },
          ...(input === "nix"
            ? []
            : [
                { args: [noChecksScript, file], ok: (s: number | null) => s === 0 },
                { args: [noReplayScript, file], ok: (s: number | null) => s === (c.findings ? 1 : 0) },
              ]),
        ],
        runs,
        dir.name,
      ) as [Run, Run, Run | undefined, Run | undefined];
      const found = (JSON.parse(cold.stdout) as { findings: unknown[] }).findings.length;
      const w = await warm(file, runs, found);
      const steps = input === "json" ? ms(stepsWarm(c.defs, runs)) : "";
      const ref = typeof reference === "number" ? ms(reference) : reference;
      const ratio = typeof reference === "number" ? times(reference / cold.ms) : "";
      const speed = cold.cpu / floor.cpu;
      const memory = cold.rss / floor.rss;
      console.log(
        row([
          String(c.n), input, String(found), ms(cold.ms), ms(floor.ms), times(cold.ms / floor.ms), ms(cold.cpu), ms(floor.cpu), times(speed), mib(cold.rss), mib(floor.rss), times(memory),
          noChecks === undefined ? "" : ms(noChecks.cpu), noChecks === undefined ? "" : times(noChecks.cpu / floor.cpu),
          noReplay === undefined ? "" : ms(noReplay.cpu), noReplay === undefined ? "" : times(noReplay.cpu / floor.cpu), noReplay === undefined ? "" : mib(noReplay.rss),
          ms(w), steps, ref, ratio,
        ]),
      );
      if (input === "nix" || c.n < 10_000) continue;
      const from = input === "json1" ? "one-line JSON" : "JSON";
      const label = c.findings ? `${c.n.toLocaleString("en")} containers with ${found.toLocaleString("en")} findings from ${from}, cold,` : `${c.n.toLocaleString("en")} containers from ${from}, cold,`;
      // What validate costs without the replay, beside each goal: how far the checks before it already are.
      const without = (f: (r: Run) => number) => (noReplay === undefined ? "" : `; without the replay ${times(f(noReplay))}`);
      goal(`${label}`, speed, c.findings ? GOALS.findings : GOALS.valid, `${ms(cold.cpu)} CPU against ${ms(floor.cpu)}; wall ${ms(cold.ms)} against ${ms(floor.ms)}${without((r) => r.cpu / floor.cpu)}`);
      goal(`peak memory for ${c.n.toLocaleString("en")} containers`, memory, GOALS.memory, `${mib(cold.rss)} against ${mib(floor.rss)}${without((r) => r.rss / floor.rss)}`);
    }
  }
} finally {
  dir.removeCallback();
}
if (nixpkgs === null) console.log("\nmodule eval: set NIXPKGS=/path/to/nixpkgs (any tree with lib/) to compare with the generated module");
console.log(`\n${goals.join("\n")}`);
if (goals.some((g) => g.includes("NOT met"))) process.exitCode = 1;
