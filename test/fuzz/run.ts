/**
 * `npm run fuzz`: throws random and mutated container definitions at the
 * validator in-process, through the JSON reader, the type layer, the rules and
 * every output format. Not part of the tests. It fails when anything throws,
 * or when an input is neither accepted nor rejected with a rule id.
 *
 *   npm run fuzz [-- COUNT [SEED]]     (default: 100000 definitions, seed 1)
 */
import { formatOutcome, FORMATS } from "../../src/validate/format.js";
import { JsonSyntaxError, locateJson, readJson } from "../../src/validate/json.js";
import { validateContainers } from "../../src/validate/validate.js";
import { Gen, prng, randomContainer, randomName } from "../support/random.js";

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const g = new Gen(prng(seed));

/** Values of every JSON shape, and some that only JS has. */
function junk(depth = 0): unknown {
  switch (g.int(0, depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return g.bool();
    case 2:
      return g.pick([0, -1, 65535, 65536, 4294967296, 1.5, -0, Number.MAX_SAFE_INTEGER + 2, 1e308]);
    case 3:
      return g.text();
    case 4:
      return g.pick(["", " ", "tcp", "udp", "pick", "no", "10.0.0.1", "fc00::1/64", "de:b7:73:01:10:90", "/", "5min", "__proto__"]);
    case 5:
      return g.pick(["\n", '"', "\\", "$HOME", "`id`", "\u0000", "\ud800", "x".repeat(5000)]);
    case 6:
      return g.word("0123456789./:", 1, 20);
    case 7:
      return g.pick([{}, [], [[]], { "": null }]);
    case 8:
      return g.list(4, () => junk(depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let n = g.int(0, 4); n > 0; n--) o[g.pick(["path", "hostPort", "protocol", "bindMounts", "__proto__", "constructor", g.word()])] = junk(depth + 1);
      return o;
    }
  }
}

/** Changes one value somewhere inside `v`, or adds or deletes a key. */
function mutate(v: unknown, depth = 0): unknown {
  if (depth > 0 && g.bool(0.3)) return junk();
  if (Array.isArray(v)) {
    if (v.length === 0 || g.bool(0.2)) return [...v, junk()];
    const i = g.int(0, v.length - 1);
    return v.map((x, j) => (j === i ? mutate(x, depth + 1) : x));
  }
  if (typeof v === "object" && v !== null) {
    const o = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    const roll = g.int(0, 9);
    if (roll === 0 && keys.length > 0) delete o[g.pick(keys)];
    else if (roll === 1) o[g.pick(["pkgs", "config", "hostAdress", "bindMount", "flake", g.word()])] = junk();
    else if (keys.length > 0) {
      const k = g.pick(keys);
      o[k] = mutate(o[k], depth + 1);
    }
    return o;
  }
  return junk();
}

function definitions(): unknown {
  if (g.bool(0.02)) return junk();
  const set: Record<string, unknown> = {};
  for (let n = g.int(1, 3); n > 0; n--) {
    const c = randomContainer(g);
    set[g.bool(0.9) ? randomName(g) : g.text()] = g.bool(0.6) ? mutate(c) : c;
  }
  return set;
}

const started = Date.now();
let accepted = 0;
let rejected = 0;
const byRule = new Map<string, number>();
const failures: string[] = [];

for (let i = 0; i < count && failures.length < 20; i++) {
  const input = definitions();
  try {
    let positions;
    if (i % 10 === 0) {
      // One in ten goes through the JSON reader with positions, as a file would.
      const text = JSON.stringify({ containers: input }, null, i % 20 === 0 ? 2 : 0) ?? "null";
      try {
        readJson(text, "fuzz.json");
        positions = (paths: readonly (readonly (string | number)[])[]) => locateJson(text, "fuzz.json", paths);
      } catch (e) {
        if (!(e instanceof JsonSyntaxError)) throw e;
      }
    }
    const report = validateContainers(input, { positions: positions as never });
    for (const f of report.findings) {
      if (typeof f.rule !== "string" || f.rule === "" || (f.severity !== "error" && f.severity !== "warning") || typeof f.message !== "string")
        throw new Error(`a finding without a rule id, severity or message: ${JSON.stringify(f)}`);
      byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    }
    const errors = report.findings.filter((f) => f.severity === "error").length;
    if (errors > 0) rejected++;
    else accepted++;
    const outcome = { input: "fuzz.json", ...report, notes: [], exitCode: (errors > 0 ? 1 : 0) as 0 | 1 };
    for (const format of FORMATS) formatOutcome(format, outcome);
  } catch (e) {
    failures.push(`#${i} (seed ${seed}): ${(e as Error).stack ?? e}\n  input: ${JSON.stringify(input)?.slice(0, 2000)}`);
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const rules = [...byRule.entries()].sort((a, b) => b[1] - a[1]);
console.log(`rules seen (${rules.length}): ${rules.map(([r, n]) => `${r} ${n}`).join(", ")}`);
for (const f of failures) console.log(`\nFAILED ${f}`);
console.log(`fuzz: ${count} definitions, seed ${seed}, ${seconds} s: ${accepted} accepted, ${rejected} rejected with a rule id, ${failures.length} crashed`);
if (failures.length > 0) process.exitCode = 1;
