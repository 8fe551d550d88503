/**
 * Everything the module's evaluation rejects, the validator rejects too: each
 * case is evaluated through the generated nix/containers.nix with nixpkgs' lib
 * (test/validate/upstream-verdict.nix) and, where evaluation throws or an
 * assertion fails, the validator must report at least one error. Cases: every
 * fixture, every per-rule case, the realistic corpus (test/validate/realistic,
 * which the module must accept), and seeded random definitions, half of them
 * with a type mistake. Definitions with `config` are left out: evaluating one
 * needs a full nixpkgs (nixos/), not just its lib. Needs a nixpkgs lib;
 * skipped without one.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Json } from "../../src/model/resolve.js";
import { formatPath } from "../../src/validate/finding.js";
import { validateContainers, type ValidateOptions } from "../../src/validate/validate.js";
import { fixtures } from "../support/fixtures.js";
import { findNixpkgs, hasNixInstantiate, nixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";
import { Gen, prng, randomContainer, randomHost, randomName } from "../support/random.js";
import { ruleCases, type Def } from "./rule-cases.js";

interface Case {
  containers: Record<string, Def>;
  host?: ValidateOptions["host"];
}

/** One type mistake of the kind people make, applied to a definition. */
const MISTAKES: ((d: Def) => void)[] = [
  (d) => (d.forwardPorts = [{ hostPort: "80" }]),
  (d) => (d.forwardPorts = [{ hostPort: 70000 }]),
  (d) => (d.privateUsers = "yes"),
  (d) => (d.timeoutStartSec = 90),
  (d) => (d.privateNetwrok = true),
  (d) => {
    delete d.path;
    delete d.flake;
  },
  (d) => (d.localMacAddress = "de:b7:73:01:10"),
  (d) => (d.bindMounts = { "/x": { isReadOnly: "no" } }),
  (d) => (d.extraVeths = { vx: { hostAdress: "10.0.0.1" } }),
  (d) => (d.allowedDevices = [{ node: "/dev/fuse" }]),
  (d) => (d.interfaces = "eth0"),
  (d) => (d.autoStart = null),
];

const SEED = 424242;
function cases(): Map<string, Case> {
  const out = new Map<string, Case>();
  for (const f of fixtures()) out.set(`fixture ${f.name}`, { containers: f.input.containers as Record<string, Def>, host: f.input.host });
  for (const [name, c] of ruleCases) out.set(`rule case ${name}`, { containers: c.given, host: c.host });
  const realistic = path.join(root, "test/validate/realistic");
  for (const f of readdirSync(realistic).filter((f) => f.endsWith(".json"))) {
    const input = JSON.parse(readFileSync(path.join(realistic, f), "utf8")) as { containers: Record<string, Def>; host?: ValidateOptions["host"] };
    out.set(`realistic ${f}`, { containers: input.containers, host: input.host });
  }
  const g = new Gen(prng(SEED));
  for (let i = 0; i < 150; i++) {
    const containers: Record<string, Def> = {};
    for (let k = g.int(1, 3); k > 0; k--) containers[randomName(g)] = randomContainer(g);
    if (g.bool()) {
      const [first] = Object.values(containers);
      g.pick(MISTAKES)(first!);
    }
    const h = randomHost(g);
    out.set(`random #${i} (seed ${SEED})`, { containers, host: { kernelVersion: h.kernelVersion, stateVersion: h.stateVersion, enableContainers: true } });
  }
  for (const [name, c] of out) if (Object.values(c.containers).some((d) => "config" in d)) out.delete(name);
  return out;
}

interface Verdict {
  evaluated: boolean;
  failedAssertions: string[];
}

/** A path as the module's messages write most paths: names unquoted (start-script-split quotes them, as formatPath does). */
const asModuleWrites = (p: readonly (string | number)[]) => p.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("").slice(1);

const TYPE_RULES = new Set(["type", "unknown-option", "missing-option", "conflicting-definition"]);
const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("every definition the module rejects, the validator rejects");
} else {
  test("every definition the module rejects, the validator rejects", () => {
    const all = cases();
    const dir = tmp.dirSync({ unsafeCleanup: true });
    try {
      const casesFile = path.join(dir.name, "cases.json");
      writeFileSync(casesFile, JSON.stringify(Object.fromEntries(all)));
      const base = ["--eval", "--strict", "--json", path.join(root, "test/validate/upstream-verdict.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", path.join(root, "nix/containers.nix"), "--arg", "casesFile", casesFile];
      const batch = nixInstantiate(base);
      let verdicts: Record<string, Verdict>;
      if (batch.status === 0) verdicts = JSON.parse(batch.stdout);
      else {
        // An error tryEval cannot catch stops the batch: evaluate case by case, a failing run being a rejection.
        verdicts = {};
        for (const name of all.keys()) {
          const r = nixInstantiate([...base, "--argstr", "only", name]);
          verdicts[name] = r.status === 0 ? (JSON.parse(r.stdout) as Record<string, Verdict>)[name]! : { evaluated: false, failedAssertions: [] };
        }
      }
      const missed: string[] = [];
      const realisticRejected: string[] = [];
      let rejected = 0;
      let stricter = 0;
      for (const [name, c] of all) {
        const v = verdicts[name]!;
        const errors = validateContainers(c.containers as Record<string, Json>, { host: c.host }).findings.filter((f) => f.severity === "error");
        const moduleRejects = !v.evaluated || v.failedAssertions.length > 0;
        if (moduleRejects) rejected++;
        if (moduleRejects && name.startsWith("realistic ")) realisticRejected.push(`${name}: ${v.evaluated ? v.failedAssertions.join(" | ") : "evaluation failed"}`);
        if (moduleRejects && errors.length === 0) missed.push(`${name}: ${v.evaluated ? v.failedAssertions.join(" | ") : "evaluation failed"}`);
        if (!moduleRejects && errors.length > 0) stricter++;
        // Every failed assertion comes back as a finding with the same message
        // (when the types are right: with a type error the module stops at it, and the rules see defaults in its place).
        if (errors.some((f) => TYPE_RULES.has(f.rule))) continue;
        for (const m of v.failedAssertions) {
          if (m.includes("conf file")) continue; // conf-injection: one finding per value (see fixtures.test.ts)
          const split = m.indexOf(": contains a space or tab.");
          if (split !== -1) {
            // start-script-split names every value; the validator gives one finding per value.
            for (const p of m.slice(0, split).split(", "))
              assert.ok(errors.some((f) => f.rule === "start-script-split" && formatPath(f.path) === p), `${name}: no start-script-split finding at ${p}`);
            continue;
          }
          assert.ok(errors.some((f) => [asModuleWrites(f.path), formatPath(f.path)].some((p) => `${p}: ${f.message}` === m)), `${name}: no finding for the assertion ${JSON.stringify(m)}`);
        }
      }
      console.log(`  upstream: ${all.size} cases, the module rejects ${rejected}, the validator rejects all of those and ${stricter} more`);
      assert.ok(rejected > 20, `the cases should include many the module rejects (got ${rejected})`);
      assert.equal(missed, [], "definitions the module rejects but the validator accepts");
      assert.equal(realisticRejected, [], "the module rejects a definition of the realistic corpus");
    } finally {
      dir.removeCallback();
    }
  });
}

test.run();
