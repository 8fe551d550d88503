/**
 * Rule.triggers, the options without which a rule cannot find anything (the
 * validator does not run a rule on a container that gives none of them):
 * with its triggers taken out of every container of every fixture, rule case,
 * realistic definition and 400 seeded random ones, each rule, run on every
 * container, reports nothing (a host rule collects nothing), on a new kernel
 * and on an old one. A rule that is not silent there has a trigger missing.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rules, type Rule } from "../../src/validate/rules/index.js";
import { validateContainers, type ValidateOptions } from "../../src/validate/validate.js";
import { fixtures } from "../support/fixtures.js";
import { Mutator } from "../support/mutate.js";
import { root } from "../support/paths.js";
import { Gen, prng } from "../support/random.js";
import { ruleCases } from "./rule-cases.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const realistic = path.join(root, "test/validate/realistic");
const sources: [string, unknown][] = [
  ...fixtures().map((f): [string, unknown] => [`fixture ${f.name}`, f.input.containers]),
  ...ruleCases.map(([name, c]): [string, unknown] => [`rule case ${name}`, c.given]),
  ...readdirSync(realistic)
    .filter((f) => f.endsWith(".json"))
    .map((f): [string, unknown] => {
      const v = JSON.parse(readFileSync(path.join(realistic, f), "utf8")) as Record<string, unknown>;
      return [`realistic ${f}`, isObject(v.containers) ? v.containers : v];
    }),
];
const g = new Gen(prng(21));
const m = new Mutator(g);
for (let i = 0; i < 400; i++) sources.push([`random #${i}`, m.definitions()]);

const hosts: ValidateOptions["host"][] = [{}, { kernelVersion: "5.4.0", stateVersion: "22.05" }];

/** Every container of `containers` without the options in `drop`. */
function without(containers: unknown, drop: readonly string[]): unknown {
  if (!isObject(containers)) return containers;
  return Object.fromEntries(Object.entries(containers).map(([name, c]) => [name, isObject(c) ? Object.fromEntries(Object.entries(c).filter(([k]) => !drop.includes(k))) : c]));
}

/** The rule run on every container whatever it gives, counting what it finds or collects. */
function counting(rule: Rule): { rule: Rule; count: () => number } {
  let n = 0;
  if (rule.scope === "container")
    return {
      rule: { ...rule, triggers: undefined, check: (s, ctx) => {
        const hits = rule.check(s, ctx);
        n += hits.length;
        return hits;
      } },
      count: () => n,
    };
  if (rule.scope === "replay") throw new Error(`${rule.id}: the replay runs on every container and names no triggers`);
  return {
    rule: { ...rule, triggers: undefined, collect: (s, ctx, into) => {
      const before = into.length;
      rule.collect(s, ctx, into);
      n += into.length - before;
    } },
    count: () => n,
  };
}

const withTriggers = rules.filter((r) => r.triggers !== undefined);

test("most rules have triggers", () => assert.ok(withTriggers.length >= 20, `${withTriggers.length} rules with triggers`));

for (const rule of withTriggers)
  test(`${rule.id}: silent on containers that give none of ${rule.triggers!.join(", ")}`, () => {
    for (const [name, containers] of sources)
      for (const host of hosts) {
        const { rule: run, count } = counting(rule);
        validateContainers(without(containers, rule.triggers!), { rules: [run], host });
        assert.is(count(), 0, `${name} (host ${JSON.stringify(host)})`);
      }
  });

test("the triggers do work: each rule's own case still finds its problem", () => {
  for (const [name, c] of ruleCases) {
    const found = validateContainers(c.given, { host: c.host }).findings.map((f) => f.rule);
    for (const [rule] of c.want) assert.ok(found.includes(rule), `${name}: ${rule} not found`);
  }
});

test.run();
