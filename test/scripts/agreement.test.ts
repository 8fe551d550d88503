/**
 * The steps the interpreter gives (src/scripts/steps.ts) are what the scripts
 * the generated core renders really run. Each case's four scripts, rendered
 * by a bare nix-instantiate, are run by real bash with the conf file's
 * variables (read as systemd reads an EnvironmentFile=) and the unit's own
 * in their environment, and recording stand-ins as every program they start
 * (agreement-driver.ts, in a private mount namespace); the programs' argument
 * lists, in order, must be the interpreter's steps, store paths taken by
 * their names. Cases: every fixture, every definition the boot suite boots,
 * seeded random definitions, and some of those as imperative containers read
 * by the template unit (cases.ts). Needs root and unshare, else skipped.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { confEnvironment } from "../../src/model/conf.js";
import { dirsFor } from "../../src/model/dirs.js";
import { parseEnvironmentFile } from "../../src/model/env-file.js";
import { commandsOf } from "../../src/scripts/walk.js";
import { scripts } from "../../src/scripts/index.js";
import { declaredSettings, templateSettings } from "../../src/scripts/settings.js";
import { startRun, unitRoot, type StartRun } from "../../src/scripts/steps.js";
import type { ScriptPaths } from "../../src/scripts/text.js";
import { run, which } from "../boot/run.js";
import { storePath } from "../boot/store.js";
import { hasNixInstantiate } from "../support/nix.js";
import tmp from "../support/tmp.js";
import { STAGE_2_MARK, type AgreementJob, type AgreementResult, type ScriptRun } from "./agreement-job.js";
import { renderScripts, scriptCases, SEED, type ScriptCase } from "./cases.js";

const RANDOM = 300;
const ONLY = process.env.AGREEMENT_ONLY;
const here = path.dirname(new URL(import.meta.url).pathname);
const bash = which("bash");

const systemdNspawn = `${storePath(3, "systemd")}/bin/systemd-nspawn`;
const nixosContainer = `${storePath(9, "nixos-container")}/bin/nixos-container`;
const containerInitPath = (name: string) => storePath(20, `container-init-${name}`);
const pathsFor = (name: string, isX86_64: boolean): ScriptPaths => ({ runtimeShell: bash ?? "/bin/bash", systemdNspawn, nixosContainer, isX86_64, containerInitPath: containerInitPath(name) });

/** Every program the scripts start, as the interpreter names it. */
const programs = [...new Set(scripts.flatMap(commandsOf).map((c) => c.program))];
const onPath = programs.flatMap((p) => (p.kind === "onPath" ? [p.name] : []));

function skipReason(): string | null {
  if (!hasNixInstantiate) return "nix-instantiate is missing (apt-get install -y nix-bin)";
  if (process.getuid?.() !== 0) return "not root: the scripts run in a private mount namespace with tmpfs on /nix, /var/lib and /run";
  if (which("unshare") === null || bash === null) return "unshare or bash is missing (apt-get install -y util-linux bash)";
  if (!existsSync("/nix")) return "no /nix directory to mount a tmpfs on (nix-bin creates it)";
  return null;
}

const phaseOf = { preStart: "preStart", script: "start", containerInit: "init", postStart: "postStart" } as const;

/** What the interpreter says, for a case. */
function interpreted(c: ScriptCase, binDir: string): StartRun {
  const dirs = dirsFor("25.11");
  if (c.cfg === null) {
    const settings = templateSettings();
    return startRun(c.name, settings, parseEnvironmentFile(c.conf), { root: unitRoot(c.name, settings, dirs), PATH: binDir });
  }
  return startRun(c.name, declaredSettings(c.cfg), confEnvironment(c.name, c.cfg), { root: unitRoot(c.name, c.cfg, dirs), PATH: binDir });
}

const show = (argv: readonly string[] | undefined) => (argv === undefined ? "(nothing)" : JSON.stringify(argv));

/** The recorded calls of one script, programs by name: a stand-in on PATH by its file name, a store path by what the interpreter calls it. */
function recorded(r: ScriptRun, binDir: string, initPath: string): string[][] {
  const names: Record<string, string> = { [systemdNspawn]: "systemd-nspawn", [nixosContainer]: "nixos-container" };
  return r.calls.map(([program, ...args]) => [
    path.dirname(program!) === binDir ? path.basename(program!) : (names[program!] ?? program!),
    ...args.map((a) => (a === initPath ? "container-init" : a)),
  ]);
}

/** The first difference between the interpreter and the real run, or null. */
function firstDifference(c: ScriptCase, { steps, stopped }: StartRun, result: AgreementResult[number], binDir: string): string | null {
  const initPath = containerInitPath(c.name);
  let at = 0;
  let over = false;
  for (const key of ["preStart", "script", "containerInit", "postStart"] as const) {
    const phase = phaseOf[key];
    const expected = steps.filter((s) => s.phase === phase);
    const ran = result[key];
    if (ran === null) {
      if (over) continue;
      return `${key} did not run (an earlier script failed, or the start script ran no systemd-nspawn); the interpreter has ${expected.length} steps there`;
    }
    if (over) return `${key} ran, but the interpreter has bash stop before it`;
    const stopsHere = stopped === phase;
    if (stopsHere ? ran.status === 0 || !/unbound variable/.test(ran.stderr) : ran.status !== 0)
      return `${key} exited with ${ran.status}${stopsHere ? ", where the interpreter has bash stop on an unset variable" : ""}: ${ran.stderr.trim()}`;
    over = stopsHere;
    const calls = recorded(ran, binDir, initPath);
    if (key === "containerInit") {
      const last = calls.pop();
      if (last?.[0] !== STAGE_2_MARK) return `the init script did not source its stage 2 (last record: ${show(last)})`;
    }
    for (let i = 0; i < Math.max(expected.length, calls.length); i++) {
      const want = expected[i];
      const got = calls[i];
      if (want === undefined || got === undefined || JSON.stringify(want.argv) !== JSON.stringify(got))
        return `step ${at + i + 1} (${phase}, its ${i + 1}. there) differs\n  interpreter: ${show(want?.argv)}${want ? `  (${want.line})` : ""}\n  bash:        ${show(got)}`;
    }
    at += expected.length;
  }
  return null;
}

const reason = skipReason();
const title = "agreement: the interpreter's steps are the programs the Nix-rendered scripts start under bash";
if (reason !== null) {
  console.log(`skipped: ${title}: ${reason}`);
  test.skip(title);
} else
  test(title, () => {
    const cases = scriptCases(pathsFor, RANDOM).filter((c) => ONLY === undefined || c.source.includes(ONLY));
    const rendered = renderScripts(cases);
    const dir = tmp.dirSync({ prefix: "cnix-agreement-", unsafeCleanup: true });
    try {
      const binDir = path.join(dir.name, "bin");
      const containers = cases.map((c, i) => {
        const environment: Record<string, string> = { root: unitRoot(c.name, c.cfg ?? templateSettings(), dirsFor("25.11")), INSTANCE: c.name, PATH: binDir, ...parseEnvironmentFile(c.conf) };
        const system = environment.SYSTEM_PATH;
        if (system !== undefined && !system.startsWith("/nix/")) throw new Error(`${c.source}: a system outside /nix (${system}) cannot be given its system file here`);
        return { name: c.name, environment, scripts: rendered[i]!, containerInitPath: containerInitPath(c.name), systems: system === undefined ? [] : [system] };
      });
      const job: AgreementJob = {
        bash: bash!,
        binDir,
        onPath,
        inStore: [systemdNspawn, nixosContainer],
        workDir: dir.name,
        logFile: path.join(dir.name, "log"),
        resultFile: path.join(dir.name, "result.json"),
        containers,
      };
      const jobFile = path.join(dir.name, "job.json");
      writeFileSync(jobFile, JSON.stringify(job));
      const r = run("unshare", ["--mount", process.execPath, path.join(here, "agreement-driver.js"), jobFile], { timeoutMs: 600_000 });
      assert.is(r.status, 0, `the driver failed: ${r.stderr}\nreproduce: ${r.command}`);
      const results = JSON.parse(readFileSync(job.resultFile, "utf8")) as AgreementResult;
      const failures: string[] = [];
      let steps = 0;
      cases.forEach((c, i) => {
        const expected = interpreted(c, binDir);
        steps += expected.steps.length;
        const difference = firstDifference(c, expected, results[i]!, binDir);
        if (difference !== null)
          failures.push(
            `${c.source}: containers.${c.name}${c.cfg === null ? " (the template unit, reading its conf file)" : ""}: ${difference}\n` +
              `  conf file:\n${c.conf.replace(/^/gm, "    ")}\n` +
              `  reproduce: AGREEMENT_ONLY=${JSON.stringify(c.source)} node dist/test/run.js scripts/agreement`,
          );
      });
      console.log(`agreement: ${cases.length} containers (${cases.filter((c) => c.cfg === null).length} through the template unit, random seed ${SEED}), ${steps} steps, ${failures.length} differing`);
      assert.equal(failures.length, 0, `${failures.length} of ${cases.length} containers differ; the first:\n${failures.slice(0, 3).join("\n\n")}`);
    } finally {
      dir.removeCallback();
    }
  });

test.run();
