/**
 * `plan` on definitions, and on built systems written from the same
 * definitions (test/support/system-tree.ts, as NixOS lays them out): every
 * case of cases.ts gives its verdict and reasons, and both kinds of input
 * agree on each.
 */
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { definedHost } from "../../src/plan/from-definitions.js";
import { readSystem } from "../../src/plan/from-system.js";
import { planDefinitions, planSystems, type DefinitionsInput } from "../../src/plan/plan.js";
import type { PlanEntry } from "../../src/plan/verdict.js";
import { checkContainers } from "../../src/validate/schema.js";
import { writeSystemTree } from "../support/system-tree.js";
import { planCases, type Defs, type Want } from "./cases.js";

function definitions(source: string, defs: Defs): DefinitionsInput {
  const typed = checkContainers(defs);
  assert.equal(typed.findings, [], `${source} type-checks`);
  return { source, host: definedHost(typed.resolved, defs, {}), configOf: (name) => ({ value: defs[name]?.config, position: undefined, readSource: () => null }) };
}

const shape = (e: PlanEntry) => ({ verdict: e.verdict, ...(e.startsNow === undefined ? {} : { startsNow: e.startsNow }), reasons: e.reasons.map((r) => [r.via, r.keys]) });
const wanted = (w: Want) => ({ verdict: w.verdict, ...(w.startsNow === undefined ? {} : { startsNow: w.startsNow }), reasons: w.reasons });

const dir = tmp.dirSync({ unsafeCleanup: true }).name;

planCases.forEach(([name, c], i) => {
  test(`definitions: ${name}`, () => {
    const plan = planDefinitions(definitions("old", c.old), definitions("new", c.new));
    assert.is(plan.entries.length, 1);
    const e = plan.entries[0]!;
    assert.equal(shape(e), wanted(c.want));
    if (c.want.options !== undefined) assert.equal([...new Set(e.reasons.flatMap((r) => r.options))].sort(), [...c.want.options].sort(), "options named");
  });
  if (c.definitionsOnly) return;
  test(`built systems: ${name}`, () => {
    const old = readSystem(writeSystemTree(path.join(dir, `${i}-old`), c.old));
    const next = readSystem(writeSystemTree(path.join(dir, `${i}-new`), c.new));
    const fromSystems = planSystems(old, next).entries.map(shape);
    const fromDefinitions = planDefinitions(definitions("old", c.old), definitions("new", c.new)).entries.map(shape);
    assert.equal(fromSystems, [wanted(c.want)]);
    assert.equal(fromSystems, fromDefinitions, "built systems and definitions agree");
  });
});

test.run();
