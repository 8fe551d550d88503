/**
 * `npm run fuzz`: throws random and mutated container definitions at the
 * validator in-process, through the JSON reader, the type layer, the rules and
 * every output format. Not part of the tests. It fails when anything throws,
 * when an input is neither accepted nor rejected with a rule id, or when the
 * plain type checker and the zod schema disagree on it (findings or resolved
 * values).
 *
 *   npm run fuzz [-- COUNT [SEED]]     (default: 100000 definitions, seed 1)
 */
import { formatOutcome, FORMATS } from "../../src/validate/format.js";
import { JsonSyntaxError, locateJson, readJsonDocument } from "../../src/validate/json.js";
import { checkContainers } from "../../src/validate/schema.js";
import { checkContainersFast } from "../../src/validate/typecheck/index.js";
import { validateContainers } from "../../src/validate/validate.js";
import { inDeclaredOrder } from "../support/declared-order.js";
import { Mutator } from "../support/mutate.js";
import { Gen, prng } from "../support/random.js";

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const m = new Mutator(new Gen(prng(seed)));

const started = Date.now();
let accepted = 0;
let rejected = 0;
const byRule = new Map<string, number>();
const failures: string[] = [];

for (let i = 0; i < count && failures.length < 20; i++) {
  const input = m.definitions();
  try {
    let positions;
    if (i % 10 === 0) {
      // One in ten goes through the JSON reader with positions, as a file would.
      const text = JSON.stringify({ containers: input }, null, i % 20 === 0 ? 2 : 0) ?? "null";
      try {
        const doc = readJsonDocument(text, "fuzz.json");
        positions = (paths: readonly (readonly (string | number)[])[]) => locateJson(doc, "fuzz.json", paths);
      } catch (e) {
        if (!(e instanceof JsonSyntaxError)) throw e;
      }
    }
    const zod = JSON.stringify(inDeclaredOrder(checkContainers(input)));
    const plain = JSON.stringify(inDeclaredOrder(checkContainersFast(input)));
    if (zod !== plain) throw new Error(`the type layers disagree:\n  zod:   ${zod.slice(0, 1000)}\n  plain: ${plain.slice(0, 1000)}`);
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
