/**
 * The generation commands against the real nix-env (issue #18): in a private
 * mount namespace with a tmpfs on /nix (test/host/real-nix-env-inside.ts; the
 * machine's store is never touched, and that is checked), real store paths
 * made with nix-store --add, and the CLI driven with the real nix-env first on
 * PATH (systemctl, machinectl and the rest stay recording stubs): create,
 * update twice, generations, rollback, switch-generation, delete-generations,
 * each checked by the profile links nix-env leaves and by the output.
 * Without root, unshare, nix-env or nix-store it is reported skipped with the
 * reason.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root as projectRoot } from "../support/paths.js";
import { withStubHost } from "../support/stub-host.js";
import type { InsideReport, StepResult } from "./real-nix-env-inside.js";

/** The systems' names; the test looks for them in the machine's store afterwards. */
const SYSTEM_NAME_PREFIX = "cnix-real-nix-env-system-";

const TITLE = "generations against the real nix-env: create, update twice, generations, rollback, switch-generation, delete-generations";

const has = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return "not root: mounting a tmpfs on /nix needs CAP_SYS_ADMIN";
  const missing = ["unshare", "mount", "nix-env", "nix-store"].filter((p) => !has(p));
  if (missing.length > 0) return `missing ${missing.join(", ")} (apt-get install -y nix-bin util-linux)`;
  if (!existsSync("/nix")) return "no /nix directory to mount the test's store on (nix-bin creates it)";
  const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "true"], { encoding: "utf8" });
  return probe.status === 0 ? null : `unshare --mount failed: ${probe.stderr.trim()}`;
}

/** Each step: the CLI's arguments ($A, $B, $C: the systems' store paths). */
const STEPS: string[][] = [
  ["create", "web", "--system-path", "$A"],
  ["update", "web", "--system-path", "$B"],
  ["update", "web", "--system-path", "$C"],
  ["generations", "web", "--json"],
  ["generations", "web"],
  ["rollback", "web"],
  ["switch-generation", "web", "1"],
  ["switch-generation", "web", "7"],
  ["delete-generations", "web", "1"],
  ["delete-generations", "web", "+2"],
  ["switch-generation", "web", "3"],
  ["delete-generations", "web", "+2"],
  ["delete-generations", "web", "old"],
  ["generations", "web", "--json"],
  ["rollback", "web"],
];

/** The profile directory's links when generations `gens` exist and `current` is current. */
const profileLinks = (s: InsideReport["systems"], gens: number[], current: number) => {
  const byGen: Record<number, string> = { 1: s.$A, 2: s.$B, 3: s.$C };
  return Object.fromEntries([["system", `system-${current}-link`], ...gens.map((g) => [`system-${g}-link`, byGen[g]!])]);
};

const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

const reason = skipReason();
if (reason !== null) {
  console.log(`skipped: ${TITLE}: ${reason}`);
  test.skip(TITLE);
} else
  test(TITLE, () =>
    withStubHost((h) => {
      // The real nix-env, found on PATH after the stubs.
      unlinkSync(path.join(h.bin, "nix-env"));
      const home = path.join(h.dir, "home");
      mkdirSync(home);
      const storeBefore = readdirSync("/nix/store");
      const defexprBefore = existsSync(path.join(os.homedir(), ".nix-defexpr"));
      const env = h.env({ HOME: home, NIX_REMOTE: "local" });
      for (const v of ["NIX_STORE_DIR", "NIX_STATE_DIR", "NIX_DB_DIR", "NIX_CONF_DIR", "NIX_CONFIG", "NIX_USER_CONF_FILES"]) delete env[v];
      const profileDir = h.at("nix/var/nix/profiles/per-container/web");
      const r = spawnSync(
        "unshare",
        ["--mount", "--propagation", "private", process.execPath, path.join(projectRoot, "dist/test/host/real-nix-env-inside.js"), h.dir, profileDir, SYSTEM_NAME_PREFIX, "--", ...STEPS.map((s) => JSON.stringify(s))],
        { encoding: "utf8", env, cwd: h.dir },
      );
      assert.is(r.status, 0, r.stderr);
      const { systems: s, steps } = JSON.parse(r.stdout.trim().split("\n").pop()!) as InsideReport;
      for (const p of Object.values(s)) assert.match(p, new RegExp(`^/nix/store/[0-9a-z]{32}-${SYSTEM_NAME_PREFIX}[abc]$`));

      const step = (i: number, status: number): StepResult => {
        const st = steps[i]!;
        assert.is(st.status, status, `step ${i} (${st.args.join(" ")}): ${st.stderr}`);
        return st;
      };
      const gens = (st: StepResult) => (JSON.parse(st.stdout) as { generation: number; date: string; current: boolean }[]).map((g) => (assert.match(g.date, DATE), [g.generation, g.current]));

      // create and two updates: three generations, system -> the newest.
      assert.equal(step(0, 0).links, profileLinks(s, [1], 1));
      assert.equal(step(1, 0).links, profileLinks(s, [1, 2], 2));
      assert.equal(step(2, 0).links, profileLinks(s, [1, 2, 3], 3));
      // generations: --json from nix-env's listing, and the listing itself.
      assert.equal(gens(step(3, 0)), [[1, false], [2, false], [3, true]]);
      assert.match(step(4, 0).stdout, /^\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*\n\s+2\s+\S+ \S+\s*\n\s+3\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\(current\)\s*$/);
      // rollback, switch-generation (and one that does not exist, refused before nix-env).
      assert.equal(step(5, 0).links, profileLinks(s, [1, 2, 3], 2));
      assert.equal(step(6, 0).links, profileLinks(s, [1, 2, 3], 1));
      assert.match(step(7, 1).stderr, "containers-nix: container web has no generation 7");
      assert.equal(steps[7]!.links, profileLinks(s, [1, 2, 3], 1));
      // The current generation cannot be deleted: nix-env's refusal, one line, exit 2.
      assert.match(step(8, 2).stderr, /^containers-nix: failed to delete the container's generations: nix-env exited with status 1: error: cannot delete current version of profile .*\n$/);
      assert.equal(steps[8]!.links, profileLinks(s, [1, 2, 3], 1));
      // +N keeps the current generation and the N-1 before it, and every newer one: from 1, nothing goes.
      assert.equal(step(9, 0).links, profileLinks(s, [1, 2, 3], 1));
      assert.equal(step(10, 0).links, profileLinks(s, [1, 2, 3], 3));
      assert.equal(step(11, 0).links, profileLinks(s, [2, 3], 3));
      assert.equal(step(12, 0).links, profileLinks(s, [3], 3));
      assert.equal(gens(step(13, 0)), [[3, true]]);
      // No older generation to roll back to: nix-env's failure, links as they were.
      assert.match(step(14, 2).stderr, /^containers-nix: failed to roll the container back: nix-env exited with status 1: error: no profile version older than the current \(3\) exists\n$/);
      assert.equal(steps[14]!.links, profileLinks(s, [3], 3));

      // The stubs saw no nix-env call (the real one ran), and the machine's store is as it was.
      assert.equal(h.takeCalls().filter((c) => c.program === "nix-env"), []);
      for (const p of Object.values(s)) assert.not.ok(existsSync(p), `${p} is not in the machine's store`);
      assert.equal(readdirSync("/nix/store").filter((e) => e.includes(SYSTEM_NAME_PREFIX)), []);
      assert.equal(readdirSync("/nix/store").filter((e) => !storeBefore.includes(e) && e.includes("cnix")), []);
      // nix-env makes ~/.nix-defexpr: in the test's HOME, not the machine's.
      assert.ok(readdirSync(home).includes(".nix-defexpr"));
      assert.is(existsSync(path.join(os.homedir(), ".nix-defexpr")), defexprBefore, "the machine's HOME is as it was");
    }),
  );

test.run();
