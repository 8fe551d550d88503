/** Several files' output, written as each file is checked, is the one-piece text of all results, in every format. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hostFacts } from "../../src/model/checks.js";
import type { Finding } from "../../src/validate/finding.js";
import { formatGithub, formatHuman, jsonDocument, summaryLine, type Outcome } from "../../src/validate/format.js";
import { fileLine, formatMany, summarize, totalLine, totals, type FileResult } from "../../src/validate/format-many.js";
import { validateContainers } from "../../src/validate/validate.js";
import { fixtures } from "../support/fixtures.js";

const findings = (n: number, file: string): Finding[] =>
  Array.from({ length: n }, (_, i) => ({
    rule: i % 2 === 0 ? "type" : "address-syntax",
    severity: i % 3 === 0 ? "warning" : "error",
    path: i % 9 === 4 ? [] : ["containers", i % 4 === 1 ? `we"b\n${i}` : `c${i >> 1}`, "hostAddress"],
    message: `"x${i}"\n is \\ not \u00e9 ${"]".repeat(i % 3)}`,
    ...(i % 5 === 0 ? {} : { position: { file, line: i + 1, column: 7 } }),
  }));

const outcome = (input: string, f: Finding[], containers = f.length): Outcome => ({
  input,
  findings: f,
  containers,
  host: hostFacts({ containers: {} }),
  notes: [],
  exitCode: f.some((x) => x.severity === "error") ? 1 : 0,
});

const fixtureResults: FileResult[] = fixtures()
  .slice(0, 6)
  .map((fx) => {
    const r = validateContainers(fx.input.containers);
    return { input: `${fx.name}.json`, outcome: { input: `${fx.name}.json`, ...r, notes: [], exitCode: r.findings.length > 0 ? 1 : 0 } };
  });

const calls: [string, FileResult[]][] = [
  ["two clean files", [{ input: "a.json", outcome: outcome("a.json", []) }, { input: "b.json", outcome: outcome("b.json", [], 3) }]],
  ["files with findings in several pieces, one unusable", [
    { input: "a.json", outcome: outcome("a.json", findings(250, "a.json")) },
    { input: "gone.json", error: "cannot read gone.json: ENOENT" },
    { input: "/abs/b.json", outcome: outcome("/abs/b.json", findings(7, "/abs/b.json")) },
  ]],
  ["the first file unusable", [{ input: "gone.json", error: "cannot read gone.json: ENOENT" }, { input: "a.json", outcome: outcome("a.json", findings(3, "a.json")) }]],
  ["fixtures", fixtureResults],
];

/** The texts as made from all results at once (before the output was written as it went). */
const reference = {
  json: (rs: FileResult[]) => {
    const t = totals(rs.map(summarize));
    const doc = {
      version: 1,
      files: rs.map((r) => ("error" in r ? { version: 1, input: r.input, error: r.error, summary: { exitCode: 2 } } : jsonDocument(r.outcome))),
      summary: { files: t.files, unusable: t.unusable, containers: t.containers, errors: t.errors, warnings: t.warnings, exitCode: t.exitCode },
    };
    return JSON.stringify(doc, null, 2) + "\n";
  },
  human: (rs: FileResult[]) => bodies(rs, formatHuman),
  github: (rs: FileResult[]) => bodies(rs, formatGithub),
};
function bodies(rs: FileResult[], one: (o: Outcome) => string): string {
  let out = "";
  for (const r of rs)
    if (!("error" in r)) {
      const text = one(r.outcome);
      out += text.slice(0, text.length - summaryLine(r.outcome).length - 1);
    }
  return out + rs.map((r) => fileLine(summarize(r))).join("\n") + "\n" + totalLine(totals(rs.map(summarize))) + "\n";
}

for (const format of ["json", "human", "github"] as const)
  for (const [name, rs] of calls)
    test(`${format}: ${name}`, () => {
      assert.is(formatMany(format, rs), reference[format](rs));
    });

test.run();
