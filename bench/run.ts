/**
 * `npm run bench`: how long `containers-nix validate` takes on 1, 100 and
 * 10,000 containers, from JSON and from a Nix file, as a cold process (the
 * CLI spawned, median of several runs) and warm (in this process, after a
 * warm-up: input read and validated again). Beside it, the same definitions
 * evaluated through the generated module with nix-instantiate and a nixpkgs
 * lib (NIXPKGS=...), and the ratio. Not part of the tests.
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tmp from "tmp";
import { nixValue } from "../src/nix/literal.js";
import type { NixValue } from "../src/options/dsl.js";
import { loadInput } from "../src/validate/input.js";
import { validateContainers } from "../src/validate/validate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "dist/src/cli.js");
const SIZES = [1, 100, 10_000];
const GOAL_MS = 1000;

type Def = { [name: string]: NixValue };

/** A realistic container: routed private network, a forwarded port, mounts, a tmpfs; all valid and distinct. */
function container(i: number): Def {
  const a = (i >> 8) & 255;
  const b = i & 255;
  return {
    path: `/nix/store/${String(i).padStart(32, "0")}-nixos-system-c${i}`,
    autoStart: i % 2 === 0,
    privateNetwork: true,
    hostAddress: `10.${a}.${b}.1`,
    localAddress: `10.${a}.${b}.2`,
    hostAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::1`,
    localAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::2/64`,
    forwardPorts: [{ protocol: "tcp", hostPort: 20_000 + (i % 40_000), containerPort: 80 }],
    bindMounts: { "/var/lib/data": { hostPath: `/srv/c${i}`, isReadOnly: false }, "/etc/ssl/certs": {} },
    tmpfs: ["/tmp:mode=1777"],
    timeoutStartSec: "2min",
    additionalCapabilities: ["CAP_NET_RAW"],
  };
}

function definitions(n: number): Record<string, Def> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, container(i)]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t: number) => (t < 10 ? t.toFixed(2) : t < 100 ? t.toFixed(1) : t.toFixed(0)).padStart(8) + " ms";

async function timeIt(f: () => void | Promise<void>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

function cold(file: string, runs: number): Promise<number> {
  return timeIt(() => {
    const r = spawnSync(process.execPath, [cli, "validate", file, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`validate ${file} exited ${r.status}: ${r.stderr || r.stdout.slice(0, 500)}`);
  }, runs);
}

async function warm(file: string, runs: number): Promise<number> {
  const once = async () => {
    const input = await loadInput({ file, expr: null, attr: null, format: "auto", nixpkgs: null, timeoutMs: 600_000 });
    const report = validateContainers(input.containers, { host: input.host, positions: input.positions });
    if (report.findings.length > 0) throw new Error(`${file}: unexpected findings, e.g. ${JSON.stringify(report.findings[0])}`);
  };
  await once();
  return timeIt(once, runs);
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
console.log(`containers-nix validate benchmark: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
console.log(`cold: \`containers-nix validate FILE --format json\` spawned, median of runs; warm: read and validated again in one process\n`);
const header = ["containers", "input", "cold", "warm", "module eval", "module / cold"];
console.log(header.map((h, i) => (i < 2 ? h.padEnd(10) : h.padStart(13))).join(" "));
let goal: number | undefined;
try {
  for (const n of SIZES) {
    const defs = definitions(n);
    const jsonFile = path.join(dir.name, `c${n}.json`);
    const nixFile = path.join(dir.name, `c${n}.nix`);
    writeFileSync(jsonFile, JSON.stringify({ containers: defs }, null, 2));
    writeFileSync(nixFile, `${nixValue({ containers: defs })}\n`);
    const runs = n >= 10_000 ? 3 : 7;
    const reference = !hasNix ? "no nix-instantiate" : nixpkgs === null ? "no NIXPKGS" : moduleEval(jsonFile, nixpkgs);
    for (const [input, file] of [["json", jsonFile], ["nix", nixFile]] as const) {
      if (input === "nix" && !hasNix) {
        console.log(`${String(n).padEnd(10)} ${input.padEnd(10)} (nix-instantiate missing)`);
        continue;
      }
      const c = await cold(file, runs);
      const w = await warm(file, runs);
      if (input === "json" && n === 10_000) goal = c;
      const ref = typeof reference === "number" ? ms(reference) : reference.padStart(13);
      const ratio = typeof reference === "number" ? `${(reference / c).toFixed(1)}×`.padStart(13) : "".padStart(13);
      console.log(`${String(n).padEnd(10)} ${input.padEnd(10)} ${ms(c).padStart(13)} ${ms(w).padStart(13)} ${ref.padStart(13)} ${ratio}`);
    }
  }
} finally {
  dir.removeCallback();
}
if (nixpkgs === null) console.log("\nmodule eval: set NIXPKGS=/path/to/nixpkgs (any tree with lib/) to compare with the generated module");
if (goal !== undefined) console.log(`\ngoal: 10,000 containers from JSON, cold, under ${GOAL_MS} ms: ${goal < GOAL_MS ? "met" : "NOT met"} (${goal.toFixed(0)} ms)`);
