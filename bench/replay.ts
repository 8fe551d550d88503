/**
 * `npm run bench:replay`: what the replay costs (issue #17) on its own, apart
 * from the validator: every container's start steps (src/scripts/steps.ts, as
 * the validator asks for them, without the programs the replay ignores)
 * and their replay over one host (src/replay/replay.ts), on the bench's own
 * inputs (bench/inputs.ts: 10,000 valid containers, 100,000 smaller ones with
 * mistakes, those with a type error left out as the validator would) and on
 * a mix of network shapes (a third routed dual-stack with a forwarded port, a
 * third bridged, a third with an extra veth).
 *
 * Cold: a fresh node per case and run (`--one CASE`), the definitions
 * resolved (not counted), then the steps and the replay each timed once:
 * CPU time (user + system, all threads: V8 compiles and collects on the
 * other core) and wall-clock time, and the heap the steps and the replay
 * hold. Warm: the same in one process after a warm-up, median. Medians of
 * RUNS cold processes (default 5), the cases in turns. Not part of the tests.
 *
 *   npm run bench:replay [-- CASE...]   (CASE: 10000, 100000, mix; default all)
 *   node dist/bench/replay.js --one CASE [--warm N] [--size N] [--upto resolve|steps]
 *     (one process, JSON on stdout; --size: fewer containers; --upto: stop after that phase, for instruction counts)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolveContainer, type ResolvedContainer } from "../src/model/container.js";
import { dirsFor } from "../src/model/dirs.js";
import type { HostNetwork } from "../src/model/host-network.js";
import type { Json } from "../src/model/resolve.js";
import { HostReplayer, replayHost } from "../src/replay/replay.js";
import type { Step } from "../src/replay/step.js";
import { declaredSteps, UNIT_PATH } from "../src/scripts/steps.js";
import { definitions, definitionsWithMistakes, type Def } from "./inputs.js";

/** The mix of shapes the replay meets: routed dual-stack with a port, bridged, routed with an extra veth. */
export function mixed(i: number): Def {
  const a = (i >> 8) & 255;
  const b = i & 255;
  switch (i % 3) {
    case 0:
      return {
        privateNetwork: true,
        hostAddress: `10.${a}.${b}.1`,
        localAddress: `10.${a}.${b}.2`,
        hostAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::1`,
        localAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::2`,
        forwardPorts: [{ protocol: "tcp", hostPort: 10_000 + i }],
      };
    case 1:
      return { privateNetwork: true, hostBridge: "br0", localAddress: `10.${100 + (i >> 16)}.${a}.${b}/8`, localAddress6: `fd10::1:${a.toString(16)}:${b.toString(16)}/16` };
    default:
      return {
        privateNetwork: true,
        hostAddress: `10.${200 + (i >> 16)}.${a}.${b}`,
        localAddress: `10.${210 + (i >> 16)}.${a}.${b}`,
        extraVeths: { [`vx${i}`]: { hostAddress: `172.${16 + (i >> 16)}.${a}.${b}`, localAddress: `172.${24 + (i >> 16)}.${a}.${b}` } },
      };
  }
}

/** The bridge the mix's bridged containers join. */
const MIX_HOST: HostNetwork = { interfaces: { br0: { kind: "bridge", addresses: ["10.0.0.1/8", "fd10::1/16"] }, eth0: { kind: "physical" } }, networkNamespaces: [] };

interface CaseDef {
  /** The definitions; `n` scales the case down (for instruction counts under valgrind). */
  defs: (n?: number) => Record<string, Def>;
  host: HostNetwork | null;
}

const CASES: Record<string, CaseDef> = {
  "10000": { defs: (n = 10_000) => definitions(n), host: null },
  // The validator replays containers without type errors: the one in 24 with a port number as a string is left out.
  "100000": { defs: (n = 100_000) => Object.fromEntries(Object.entries(definitionsWithMistakes(n)).filter((_, i) => i % 24 !== 0)), host: null },
  mix: { defs: (n = 10_000) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, mixed(i)])), host: MIX_HOST },
};

/** One measurement of one process: CPU and wall ms of each phase, heap MiB each holds. */
export interface Sample {
  containers: number;
  steps: number;
  stepsCpu: number;
  stepsWall: number;
  stepsHeap: number;
  replayCpu: number;
  replayWall: number;
  replayHeap: number;
  /** A digest of the replay's answer, so that a faster model is seen to answer the same. */
  digest: string;
  rss: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const wallMs = () => Number(process.hrtime.bigint()) / 1e6;
const heapMiB = () => process.memoryUsage().heapUsed / 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

/** How far a process goes (for instruction counts: the difference between two runs is one phase's). */
type Upto = "resolve" | "steps" | "replay";

function measure(resolved: [string, ResolvedContainer][], host: HostNetwork | null, upto: Upto = "replay"): Sample {
  const dirs = dirsFor("25.11");
  const none = { containers: resolved.length, steps: 0, stepsCpu: 0, stepsWall: 0, stepsHeap: 0, replayCpu: 0, replayWall: 0, replayHeap: 0, digest: "", rss: 0 };
  if (upto === "resolve") return none;
  gc?.();
  const h0 = heapMiB();
  let c0 = cpuMs();
  let w0 = wallMs();
  const steps = new Map<string, Step[]>();
  let count = 0;
  // As the validator asks for them: without the programs the replay ignores.
  const ignored = new HostReplayer(host).ignored;
  for (const [name, cfg] of resolved) {
    const s = declaredSteps(name, cfg, dirs, UNIT_PATH, ignored);
    count += s.length;
    steps.set(name, s);
  }
  const stepsCpu = cpuMs() - c0;
  const stepsWall = wallMs() - w0;
  const h1 = heapMiB();
  if (upto === "steps") return { ...none, steps: count, stepsCpu, stepsWall, stepsHeap: h1 - h0 };
  c0 = cpuMs();
  w0 = wallMs();
  const r = replayHost(steps, host);
  const replayCpu = cpuMs() - c0;
  const replayWall = wallMs() - w0;
  const h2 = heapMiB();
  let started = 0;
  let refused = 0;
  for (const c of r.containers) {
    if (c.started === true) started++;
    for (const s of c.steps) if (s.outcome?.kind === "refused") refused++;
  }
  const reached = r.pairs.filter((p) => p.toContainer.ok === true && p.toHost.ok === true).length;
  const forwarded = r.forwards.filter((f) => f.reach.ok === true).length;
  const digest = `started ${started}, refused steps ${refused}, pairs ${reached}/${r.pairs.length}, forwards ${forwarded}/${r.forwards.length}, clashes ${r.clashes.length}`;
  return { containers: resolved.length, steps: count, stepsCpu, stepsWall, stepsHeap: h1 - h0, replayCpu, replayWall, replayHeap: h2 - h1, digest, rss: process.resourceUsage().maxRSS / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function one(name: string, warmRuns: number, size: number | undefined, upto: Upto): Sample {
  const c = CASES[name];
  if (c === undefined) throw new Error(`no case ${name}: ${Object.keys(CASES).join(", ")}`);
  const resolved = Object.entries(c.defs(size)).map(([n, d]) => [n, resolveContainer(n, d as { [k: string]: Json })] as [string, ResolvedContainer]);
  const first = measure(resolved, c.host, upto);
  if (warmRuns === 0) return first;
  const runs: Sample[] = [];
  for (let i = 0; i < warmRuns; i++) runs.push(measure(resolved, c.host));
  const m = (k: keyof Sample) => median(runs.map((s) => s[k] as number));
  return { ...first, stepsCpu: m("stepsCpu"), stepsWall: m("stepsWall"), stepsHeap: m("stepsHeap"), replayCpu: m("replayCpu"), replayWall: m("replayWall"), replayHeap: m("replayHeap") };
}

const f = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

function main(): void {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--one");
  if (at !== -1) {
    const warmAt = argv.indexOf("--warm");
    const sizeAt = argv.indexOf("--size");
    const uptoAt = argv.indexOf("--upto");
    const warm = warmAt === -1 ? 0 : Number(argv[warmAt + 1]);
    process.stdout.write(`${JSON.stringify(one(argv[at + 1]!, warm, sizeAt === -1 ? undefined : Number(argv[sizeAt + 1]), uptoAt === -1 ? "replay" : (argv[uptoAt + 1] as Upto)))}\n`);
    return;
  }
  const names = argv.length === 0 ? Object.keys(CASES) : argv;
  const runs = Number(process.env.RUNS ?? 5);
  const self = fileURLToPath(import.meta.url);
  const spawn = (args: string[]): Sample => {
    const r = spawnSync(process.execPath, ["--expose-gc", self, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Sample;
  };
  console.log(`replay benchmark: node ${process.version}; cold: medians of ${runs} fresh processes, in turns; warm: median of 5 after a warm-up`);
  console.log("CPU = user + system of the whole process (V8's compiler and collector threads too); heap = heapUsed held after the phase\n");
  const cold = new Map<string, Sample[]>(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) for (const n of names) cold.get(n)!.push(spawn(["--one", n]));
  const head = ["case", "containers", "steps", "steps CPU", "steps wall", "steps heap", "replay CPU", "replay wall", "replay heap", "peak RSS", "| warm: steps", "replay"];
  console.log(head.join("  "));
  for (const n of names) {
    const s = cold.get(n)!;
    const m = (k: keyof Sample) => median(s.map((x) => x[k] as number));
    const w = spawn(["--one", n, "--warm", "5"]);
    console.log(
      [n, s[0]!.containers, s[0]!.steps, `${f(m("stepsCpu"))} ms`, `${f(m("stepsWall"))} ms`, `${f(m("stepsHeap"))} MiB`, `${f(m("replayCpu"))} ms`, `${f(m("replayWall"))} ms`, `${f(m("replayHeap"))} MiB`, `${f(m("rss"))} MiB`, `| ${f(w.stepsCpu)} ms`, `${f(w.replayCpu)} ms`].join("  "),
    );
    console.log(`  ${s[0]!.digest}`);
  }
}

// Run as a program, not when imported (for its inputs).
if (process.argv[1] === fileURLToPath(import.meta.url)) main();
