/**
 * Faults around the validator's inputs and its Nix bridge. Each must end in
 * exit 2 with one clear line on stderr, no stack trace, and no file left in
 * the temporary directory. Fake `nix-instantiate` programs on PATH play the
 * crashing, hanging and talkative ones; the real one (when installed) meets
 * the Nix errors.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";

const cli = path.join(root, "dist/src/cli.js");
const work = tmp.dirSync({ unsafeCleanup: true }).name;
const fakeBin = path.join(work, "fake-bin");
mkdirSync(fakeBin);

function file(name: string, text: string): string {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

/** A PATH whose nix-instantiate is the given shell script (or none at all). */
function fakeNix(name: string, script: string | null): string {
  const dir = path.join(fakeBin, name);
  mkdirSync(dir);
  if (script !== null) {
    writeFileSync(path.join(dir, "nix-instantiate"), `#!/bin/sh\n${script}\n`);
    chmodSync(path.join(dir, "nix-instantiate"), 0o755);
  }
  return script === null ? dir : `${dir}:/usr/bin:/bin`;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  tmpLeft: string[];
}

function validate(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const tmpdir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const r = spawnSync(process.execPath, [cli, "validate", ...args], {
      encoding: "utf8",
      cwd: work,
      env: { ...process.env, TMPDIR: tmpdir.name, ...env },
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, tmpLeft: readdirSync(tmpdir.name) };
  } finally {
    tmpdir.removeCallback();
  }
}

function assertCleanFailure(r: Run, want: string | RegExp) {
  assert.is(r.status, 2, `exit status (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.is(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, want);
  assert.not.match(r.stderr, /^\s+at /m, "no stack trace");
  assert.equal(r.tmpLeft, [], "nothing left in the temporary directory");
}

const nixInput = file("host.nix", '{ web.path = "/nix/store/00000000000000000000000000000000-x"; }\n');

const fakes: [string, { script: string | null; args?: string[]; want: string | RegExp }][] = [
  ["nix-instantiate missing", { script: null, want: "nix-instantiate was not found; a Nix input needs it: apt-get install -y nix-bin" }],
  ["nix-instantiate crashing", { script: "kill -SEGV $$", want: /^containers-nix: nix-instantiate crashed \(SIGSEGV\)$/ }],
  ["nix-instantiate exiting with garbage", { script: "echo '{not json'; exit 0", want: "nix-instantiate printed something that is not JSON" }],
  ["nix-instantiate failing without a message", { script: "exit 3", want: /^containers-nix: \S/ }],
  [
    "nix-instantiate printing huge output",
    { script: "head -c 300000000 /dev/zero; sleep 30", want: "nix-instantiate printed more than 256 MiB and was stopped" },
  ],
];

for (const [name, { script, args, want }] of fakes)
  test(`fault: ${name}`, () => assertCleanFailure(validate([nixInput, ...(args ?? [])], { PATH: fakeNix(name.replace(/\W+/g, "-"), script) }), want));

test("fault: nix-instantiate hanging: the time limit stops it and every process it started", () => {
  const pids = path.join(work, "hang-pids");
  const script = `sleep 300 & echo $! > ${pids}; echo $$ >> ${pids}; wait`;
  const r = validate([nixInput, "--timeout", "1"], { PATH: fakeNix("hang", script) });
  assertCleanFailure(r, "nix-instantiate did not finish within 1 s and was stopped; raise the limit with --timeout SECONDS");
  assert.ok(existsSync(pids), "the fake program ran");
  for (const pid of readFileSync(pids, "utf8").trim().split("\n").map(Number)) {
    // A killed process whose parent is gone may linger as a zombie until init reaps it: that counts as stopped.
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    const alive = stat !== "" && state !== "Z" && state !== "X";
    assert.not.ok(alive, `process ${pid} is still running`);
  }
});

test("fault: a 50 MB JSON file", () => {
  const big = path.join(work, "big.json");
  const one = `"c%": { "path": "/nix/store/00000000000000000000000000000000-x", "extraFlags": ["${"x".repeat(400)}"] }`;
  const body = Array.from({ length: 115_000 }, (_, i) => one.replace("%", String(i))).join(",\n");
  writeFileSync(big, `{ ${body} }\n`);
  assertCleanFailure(validate([big]), /big\.json is 5\d\.\d MiB, over the 32 MiB an input may have/);
});

test("fault: an unreadable input file", () => assertCleanFailure(validate([path.join(work, "nope.json")]), /cannot read .*nope\.json: ENOENT/));

const realNix: [string, { text: string; want: RegExp }][] = [
  ["an input that imports a missing file", { text: "{ web = import ./missing.nix; }\n", want: /missing\.nix' does not exist|missing\.nix.*(No such file|does not exist)/ }],
  ["infinite recursion", { text: "let x = x; in { web.path = x; }\n", want: /infinite recursion/ }],
  ["a Nix syntax error", { text: "{ web.path = ; }\n", want: /^containers-nix: .*syntax\.nix:1:14: syntax error/ }],
];

for (const [name, { text, want }] of realNix) {
  const fname = `${name.replace(/\W+/g, "-")}.nix`;
  const f = file(name.startsWith("a Nix syntax") ? "syntax.nix" : fname, text);
  if (hasNixInstantiate) test(`fault: ${name}`, () => assertCleanFailure(validate([f]), want));
  else test.skip(`fault: ${name} (needs nix-instantiate)`);
}

test.run();
