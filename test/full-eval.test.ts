/**
 * The whole generated module evaluated through nixpkgs' lib.evalModules on a
 * stub host (test/nix/host-stubs.nix): option declarations, conf files, unit
 * fields, /etc/hosts lines, assertions, warnings and evaluation errors must
 * equal the TypeScript side on every fixture. Needs a nixpkgs lib: without one
 * these tests are reported as skipped, never as passed.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "./support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { optionSet } from "../src/options/index.js";
import { expectedFor, type Expected } from "./support/expected.js";
import { fixtures, type Fixture } from "./support/fixtures.js";
import { evalJson, findNixpkgs, hasNixInstantiate, nixInstantiate, reportNoNixpkgs } from "./support/nix.js";
import { optionViews, type OptionView } from "./support/option-view.js";
import { root } from "./support/paths.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const module = path.join(root, "nix/containers.nix");
const evalHost = path.join(root, "test/nix/eval-host.nix");
const all = fixtures();
const failing = all.filter((f) => expectedFor(f.input).error !== null);
const passing = all.filter((f) => !failing.includes(f));

type Outcome = Omit<Expected, "error">;

function evalFixtures(list: Fixture[]): Record<string, Outcome> {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const casesFile = path.join(dir.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify(Object.fromEntries(list.map((f) => [f.name, f.input]))));
    return evalJson([evalHost, "--arg", "nixpkgs", nixpkgs!, "--arg", "module", module, "--arg", "casesFile", casesFile]) as Record<string, Outcome>;
  } finally {
    dir.removeCallback();
  }
}

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("options: names, types, defaults, examples and flags equal the option set");
  for (const f of all) test.skip(`fixture ${f.name}: module output equals the TS side`);
} else {
  test("options: names, types, defaults, examples and flags equal the option set", () => {
    const view = evalJson([path.join(root, "test/nix/options-view.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", module]) as {
      options: OptionView[];
      release: string;
    };
    const key = (o: OptionView) => o.loc.join(".");
    const fromNix = new Map(view.options.map((o) => [key(o), o]));
    const fromTs = new Map(optionViews(optionSet, view.release).map((o) => [key(o), o]));
    assert.equal([...fromNix.keys()].sort(), [...fromTs.keys()].sort(), "option paths");
    for (const [k, want] of fromTs) {
      const got = fromNix.get(k)!;
      for (const field of ["type", "default", "defaultText", "example", "visible", "internal", "readOnly"] as const) {
        if (want[field] === undefined) continue; // a Nix expression: only the module knows its value
        assert.equal(got[field], want[field], `${k}: ${field}`);
      }
    }
  });

  let outcomes: Record<string, Outcome> | undefined;
  for (const f of passing) {
    test(`fixture ${f.name}: module output equals the TS side`, () => {
      outcomes ??= evalFixtures(passing);
      const got = outcomes[f.name]!;
      const want = expectedFor(f.input);
      assert.equal(got.conf, want.conf, "conf files");
      assert.equal(got.units, want.units, "unit fields");
      assert.fixture(got.hosts, want.hosts, "hosts lines");
      assert.equal(got.failedAssertions, want.failedAssertions, "failed assertions");
      assert.equal(got.warnings, want.warnings, "warnings");
    });
  }
  for (const f of failing) {
    test(`fixture ${f.name}: module output equals the TS side`, () => {
      const dir = tmp.dirSync({ unsafeCleanup: true });
      try {
        const casesFile = path.join(dir.name, "cases.json");
        writeFileSync(casesFile, JSON.stringify({ [f.name]: f.input }));
        const r = nixInstantiate(["--eval", "--strict", "--json", evalHost, "--arg", "nixpkgs", nixpkgs, "--arg", "module", module, "--arg", "casesFile", casesFile]);
        assert.is.not(r.status, 0, `evaluation should fail: ${r.command}`);
        assert.ok(r.stderr.includes(expectedFor(f.input).error!), `expected the error message in:\n${r.stderr}\nreproduce: ${r.command}`);
      } finally {
        dir.removeCallback();
      }
    });
  }
}

test.run();
