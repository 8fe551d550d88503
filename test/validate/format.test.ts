/** The output written in pieces is the one-piece text, byte for byte, in every format. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hostFacts } from "../../src/model/checks.js";
import { formatPath, type Finding } from "../../src/validate/finding.js";
import { displayFile, jsonChunks, jsonDocument, outcomeChunks, summaryLine, type Outcome } from "../../src/validate/format.js";
import { validateContainers } from "../../src/validate/validate.js";
import { fixtures } from "../support/fixtures.js";

const whole = (o: Outcome) => JSON.stringify(jsonDocument(o), null, 2) + "\n";

const outcome = (findings: Finding[], notes: string[] = []): Outcome => ({
  input: "hosts/a.json",
  findings,
  containers: findings.length,
  host: hostFacts({ containers: {} }),
  notes,
  exitCode: findings.length > 0 ? 1 : 0,
});

/** Findings with and without positions, and messages with what JSON escapes (quotes, newlines, backslashes, non-ASCII). */
const odd = (n: number): Finding[] =>
  Array.from({ length: n }, (_, i) => ({
    rule: i % 2 === 0 ? "type" : "address-syntax",
    severity: i % 3 === 0 ? "warning" : "error",
    path: i % 11 === 5 ? [] : i % 7 === 3 ? ["boot", "enableContainers"] : ["containers", i % 3 === 1 ? `we"b\n\u00e9${i}` : `c${i}`, "forwardPorts", i % 5, "hostPort"],
    message: `"x${i}"\n is \\ not \u00e9 \u2028 ${"}".repeat(i % 3)}`,
    ...(i % 4 === 0 ? {} : { position: { file: "/abs/a.json", line: i + 1, column: 3 } }),
  }));

const cases: [string, Outcome][] = [
  ["no finding", outcome([])],
  ["no finding, with notes", outcome([], ["a note", "two"])],
  ["one finding", outcome(odd(1))],
  ["exactly one chunk", outcome(odd(100))],
  ["exactly ten chunks", outcome(odd(1000))],
  ["several chunks and a partial one", outcome(odd(2501), ["n"])],
  ...fixtures().map((f): [string, Outcome] => {
    const r = validateContainers(f.input.containers);
    return [`fixture ${f.name}`, { input: f.name, ...r, notes: [], exitCode: r.findings.length > 0 ? 1 : 0 }];
  }),
];
for (const [name, o] of cases)
  test(`jsonChunks joined is the whole document: ${name}`, () => {
    const chunks = [...jsonChunks(o)];
    assert.is(chunks.join(""), whole(o));
    if (o.findings.length > 100) assert.ok(chunks.length > 3, "written in several pieces");
  });

/** The human and github texts as written in one piece, line by line (docs/validate.md, "Output formats"). */
const container = (f: Finding) => (f.path[0] === "containers" && f.path.length > 1 ? String(f.path[1]) : null);
const place = (f: Finding, input: string) => (f.position !== undefined ? `${displayFile(f.position.file)}:${f.position.line}:${f.position.column}: ` : input === "" ? "" : `${displayFile(input)}: `);
const onePiece = {
  human: (o: Outcome) =>
    o.findings.map((f, i) => `${i > 0 && container(o.findings[i - 1]!) !== container(f) ? "\n" : ""}${place(f, o.input)}${f.severity}[${f.rule}] ${formatPath(f.path)}: ${f.message}\n`).join("") +
    (o.findings.length > 0 ? "\n" : "") +
    `${summaryLine(o)}\n`,
  github: (o: Outcome) => {
    const prop = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
    const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    const props = (f: Finding) => [
      ...(f.position !== undefined ? [`file=${prop(displayFile(f.position.file))}`, `line=${f.position.line}`, `col=${f.position.column}`] : o.input !== "" && !o.input.startsWith("(") ? [`file=${prop(displayFile(o.input))}`] : []),
      `title=${prop(`containers-nix ${f.rule}`)}`,
    ];
    return o.findings.map((f) => `::${f.severity} ${props(f).join(",")}::${data(`${formatPath(f.path)}: ${f.message}`)}\n`).join("") + `${summaryLine(o)}\n`;
  },
};
for (const format of ["human", "github"] as const)
  for (const [name, o] of cases)
    test(`${format} in pieces joined is the one-piece text: ${name}`, () => {
      const chunks = [...outcomeChunks(format, o)];
      assert.is(chunks.join(""), onePiece[format](o));
      if (o.findings.length > 100) assert.ok(chunks.length > 2, "written in several pieces");
    });

test("displayFile: relative inside the working directory, as given elsewhere, and asked again from another directory", () => {
  const asked: [string, string, string][] = [
    ["/srv/hosts/a.json", "/srv", "hosts/a.json"],
    ["/srv/hosts/a.json", "/srv", "hosts/a.json"],
    ["/srv/hosts/a.json", "/srv/hosts", "a.json"],
    ["/srv/hosts/a.json", "/tmp", "/srv/hosts/a.json"],
    ["/srv/hosts/b.json", "/tmp", "/srv/hosts/b.json"],
    ["/srv/hosts/b.json", "/srv", "hosts/b.json"],
    ["/srv", "/srv", "/srv"],
    ["hosts/a.json", "/tmp", "hosts/a.json"],
  ];
  for (const [file, cwd, want] of asked) assert.is(displayFile(file, cwd), want, `${file} from ${cwd}`);
});

test.run();
