/**
 * The consumer table covers the option set: every option and submodule option
 * (src/options) has a row, every row names an option (or the attribute names
 * of an attrsOf), every consumer a row, rule or script command cites exists,
 * and each rule cites one.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { optionPathText } from "../../src/model/split.js";
import { optionSet, subOptions, walkOptions, type OptionSet } from "../../src/options/index.js";
import { consumers, optionConsumers } from "../../src/validate/consumers.js";
import { formatPath } from "../../src/validate/finding.js";
import { checkConsumers } from "../../src/validate/rules/module-checks.js";
import { containerChecks, hostChecks } from "../../src/options/checks.js";
import { rules } from "../../src/validate/rules/index.js";
import { scripts } from "../../src/scripts/index.js";
import { commandsOf } from "../../src/scripts/walk.js";

/** Every option path, with `<name>` for attribute names and `*` for list elements, as the NixOS manual writes them. */
function optionPaths(set: OptionSet, prefix: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [loc, decl] of walkOptions(set, prefix)) {
    out.push(loc.join("."));
    const sub = subOptions(decl.type, loc);
    if (sub !== null) out.push(...optionPaths(sub[0], sub[1]));
  }
  return out;
}

const declared = optionPaths(optionSet);
const rows = optionConsumers.map((o) => o.option);

test("every option has a row", () => {
  assert.equal(declared.filter((p) => !rows.includes(p)), []);
});

test("every row is an option, or the names of an attribute set of submodules", () => {
  assert.equal(rows.filter((r) => !declared.includes(r) && !(r.endsWith(".<name>") && declared.some((d) => d.startsWith(`${r}.`)))), []);
  assert.equal(rows.length, new Set(rows).size, "an option listed twice");
});

test("every consumer cited exists, and every consumer is cited (by an option, a rule or a command of the unit's scripts)", () => {
  const commands = scripts.flatMap(commandsOf).map((c) => c.consumer);
  const cited = new Set([...optionConsumers.flatMap((o) => o.consumers), ...rules.map((r) => r.consumer), ...commands]);
  for (const c of cited) assert.ok(c in consumers, c);
  assert.equal(Object.keys(consumers).filter((c) => !cited.has(c as keyof typeof consumers)), []);
});

test("every module check has a consumer", () => {
  assert.equal([...containerChecks, ...hostChecks].map((c) => c.id).filter((id) => checkConsumers[id] === undefined), []);
});

test("the module's path spelling is the validator's", () => {
  for (const p of [["containers", "web", "bindMounts", "/my data", "hostPath"], ["containers", "a.b", "interfaces", 3], ["containers", "x'y-z_1", "macvlans", 0], ["containers", "é", "bindMounts", 'q"\t', "mountPoint"]])
    assert.is(optionPathText(p), formatPath(p));
});

test.run();
