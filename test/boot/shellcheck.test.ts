/**
 * The build-time check a NixOS rebuild runs on the unit's scripts: with
 * enableStrictShellChecks, each of preStart, script and postStart becomes a
 * writeShellApplication, whose build runs `bash -n -O extglob` and
 * `shellcheck` on it and fails on any finding. Checked here for every
 * definition the boot suite uses and every fixture, as the core renders them.
 * Needs shellcheck (apt-get install -y shellcheck), else skipped.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "../support/nix.js";
import { fixtures } from "../support/fixtures.js";
import { falseAlarms, ignored, proofs } from "./consumers.js";
import { renderCases, TMP_PREFIX, type BootCase } from "./harness.js";
import { run, which } from "./run.js";
import { shapes } from "./shapes.js";
import { shellApplication } from "./store.js";

const cases: { source: string; boot: BootCase }[] = [
  ...shapes.map((s) => ({ source: `shape ${s.name}`, boot: s.boot })),
  ...[...proofs, ...ignored, ...falseAlarms].flatMap((p) =>
    "given" in p ? [{ source: `proof ${p.rule}`, boot: { containers: Object.fromEntries(Object.entries(p.given).map(([n, definition]) => [n, { definition }])) } }] : [],
  ),
  ...fixtures()
    .filter((f) => !Object.values(f.input.containers).some((c) => "flake" in c))
    .map((f) => ({ source: `fixture ${f.name}`, boot: { containers: Object.fromEntries(Object.entries(f.input.containers).map(([n, definition]) => [n, { definition }])) } })),
];

const missing = !hasNixInstantiate ? "nix-instantiate is missing" : which("shellcheck") === null ? "shellcheck is missing (apt-get install -y shellcheck)" : null;
const title = "shellcheck: every unit script passes the checks of a NixOS build (bash -n, shellcheck)";
if (missing !== null) {
  console.log(`skipped: ${title}: ${missing}`);
  test.skip(title);
} else
  test(title, () => {
    // Identical scripts are checked once, under the first case that has them.
    const scripts = new Map<string, string>();
    renderCases(cases.map((c) => c.boot)).forEach((rendered, i) => {
      for (const r of rendered)
        for (const k of ["preStart", "script", "postStart"] as const) {
          const text = shellApplication(r.scripts[k]);
          if (!scripts.has(text)) scripts.set(text, `${cases[i]!.source}, ${r.name}, ${k}`);
        }
    });
    const dir = tmp.dirSync({ prefix: TMP_PREFIX, unsafeCleanup: true });
    try {
      const files = [...scripts].map(([text, source], n) => {
        const file = path.join(dir.name, `${n}`);
        writeFileSync(file, text);
        const dry = run("bash", ["-n", "-O", "extglob", file]);
        assert.is(dry.status, 0, `${source}: bash -n:\n${dry.stderr}`);
        return { file, source };
      });
      const sc = run("shellcheck", files.map((f) => f.file), { timeoutMs: 120_000 });
      let report = sc.stdout + sc.stderr;
      for (const f of files) report = report.replaceAll(f.file, f.source);
      assert.is(sc.status, 0, `shellcheck found something:\n${report}`);
    } finally {
      dir.removeCallback();
    }
  });

test.run();
