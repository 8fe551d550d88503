/**
 * The three output formats of `containers-nix validate`: compiler-style lines
 * for people, a versioned JSON document for programs, GitHub workflow
 * annotations for CI.
 */
import path from "node:path";
import type { HostFacts } from "../options/checks.js";
import { formatPath, type Finding } from "./finding.js";
import type { Unreplayed } from "./replay.js";
import type { Unchecked } from "./unchecked.js";

export type Format = "human" | "json" | "github";
export const FORMATS: readonly Format[] = ["human", "json", "github"];

/** Version of the JSON output schema; bumped on any incompatible change. */
export const JSON_SCHEMA_VERSION = 1;

export interface Outcome {
  /** The input as the user named it: a file, or "(expr)". */
  input: string;
  findings: readonly Finding[];
  containers: number;
  host: HostFacts;
  notes: readonly string[];
  /** What could not be checked for want of host facts (its note is among `notes`); absent: nothing. */
  unchecked?: Unchecked | null;
  /** The bind mount sources not checked for want of host.paths (its note is among `notes`); absent: nothing. */
  uncheckedPaths?: Unchecked | null;
  /** The containers whose start the replay could not follow to the end (its note is among `notes`); absent: none. */
  unreplayed?: Unreplayed | null;
  exitCode: 0 | 1;
}

/** A file as shown: relative to the working directory when inside it. */
export function displayFile(file: string, cwd = process.cwd()): string {
  if (!path.isAbsolute(file)) return file;
  // Every finding of an input names the same file: its display is worked out once (path.relative for each of 33,333
  // findings cost 70 ms).
  if (file === shown.file && cwd === shown.cwd) return shown.as;
  const rel = path.relative(cwd, file);
  const as = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
  shown = { file, cwd, as };
  return as;
}

/** The last file displayFile was asked about, with the directory it was asked from and the answer. */
let shown = { file: "", cwd: "", as: "" };

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryLine(o: Outcome): string {
  const errors = o.findings.filter((f) => f.severity === "error").length;
  return checkedLine(o.containers, errors, o.findings.length - errors);
}

/** `3 containers checked: 2 errors, 1 warning`. */
export function checkedLine(containers: number, errors: number, warnings: number): string {
  return `${count(containers, "container")} checked: ${count(errors, "error")}, ${count(warnings, "warning")}`;
}

function where(f: Finding, input: string): string {
  const p = f.position;
  if (p !== undefined) return `${displayFile(p.file)}:${p.line}:${p.column}: `;
  return input === "" ? "" : `${displayFile(input)}: `;
}

/** The container a finding belongs to, or null for host-wide findings. */
const containerOf = (f: Finding): string | null => (f.path[0] === "containers" && f.path.length > 1 ? String(f.path[1]) : null);

export function formatHuman(o: Outcome): string {
  return [...humanChunks(o)].join("");
}

/** formatHuman in pieces: a blank line between containers' findings, after the last one, then the summary. */
function* humanChunks(o: Outcome): Generator<string> {
  yield* inPieces(o.findings, (f, i) => {
    const gap = i > 0 && containerOf(o.findings[i - 1]!) !== containerOf(f) ? "\n" : "";
    return `${gap}${where(f, o.input)}${f.severity}[${f.rule}] ${formatPath(f.path)}: ${f.message}\n`;
  });
  yield `${o.findings.length > 0 ? "\n" : ""}${summaryLine(o)}\n`;
}

/**
 * The JSON document (schema version 1; documented in docs/validate.md):
 * { version, input, host: { kernelVersion, stateVersion, network },
 * findings: [ { rule, severity, path, segments, message, consumer?, file?,
 * line?, column? } ], notes, unchecked, uncheckedPaths, unreplayed, summary: { containers,
 * errors, warnings, exitCode } }
 */
export function formatJson(o: Outcome): string {
  return [...jsonChunks(o)].join("");
}

/** One finding as the JSON document has it. */
const jsonFinding = (f: Finding) => ({
  rule: f.rule,
  severity: f.severity,
  path: formatPath(f.path),
  segments: f.path,
  message: f.message,
  ...(f.consumer === undefined ? {} : { consumer: f.consumer }),
  ...(f.position === undefined ? {} : { file: displayFile(f.position.file), line: f.position.line, column: f.position.column }),
});

/** The document formatJson writes, as a value: what the tests hold jsonChunks (and format-many.ts's nesting of it) to. */
export function jsonDocument(o: Outcome) {
  return { ...jsonFrame(o), findings: o.findings.map(jsonFinding), ...jsonTail(o) };
}

const jsonFrame = (o: Outcome) => ({
  version: JSON_SCHEMA_VERSION,
  input: displayFile(o.input),
  host: { kernelVersion: o.host.kernelVersion, stateVersion: o.host.stateVersion, network: o.host.network },
});

function jsonTail(o: Outcome) {
  const errors = o.findings.filter((f) => f.severity === "error").length;
  return { notes: o.notes, unchecked: o.unchecked ?? null, uncheckedPaths: o.uncheckedPaths ?? null, unreplayed: o.unreplayed ?? null, summary: { containers: o.containers, errors, warnings: o.findings.length - errors, exitCode: o.exitCode } };
}

/**
 * Findings per chunk of output: the CLI writes each chunk as it comes, so the
 * whole text never sits in memory at once. A hundred findings make some
 * 45 KB: small enough for V8's young generation, which frees it at the next
 * scavenge; a chunk of 1,000 (450 KB) went to the large-object space, which
 * only a full collection frees, and 100,000 containers with 33,333 findings
 * peaked 9 MiB higher.
 */
const CHUNK = 100;

/** The text of each finding, joined CHUNK findings to a piece. */
function* inPieces(findings: readonly Finding[], text: (f: Finding, i: number) => string): Generator<string> {
  for (let start = 0; start < findings.length; start += CHUNK) {
    let piece = "";
    for (let i = start; i < Math.min(start + CHUNK, findings.length); i++) piece += text(findings[i]!, i);
    yield piece;
  }
}

/**
 * `JSON.stringify(jsonDocument(o), null, 2) + "\n"` in pieces: the document
 * around an empty findings list, and the findings between, each indented as
 * it would be there. A test holds the pieces, joined, to the one-piece text.
 */
export function* jsonChunks(o: Outcome): Generator<string> {
  const around = JSON.stringify({ ...jsonFrame(o), findings: [], ...jsonTail(o) }, null, 2) + "\n";
  if (o.findings.length === 0) {
    yield around;
    return;
  }
  const mark = '\n  "findings": []';
  const at = around.indexOf(mark);
  yield `${around.slice(0, at)}\n  "findings": [`;
  yield* inPieces(o.findings, (f, i) => `${i === 0 ? "" : ","}\n${indentedFinding(f)}`);
  yield `\n  ]${around.slice(at + mark.length)}`;
}

const q = JSON.stringify;

/**
 * One finding as `JSON.stringify(document, null, 2)` lays it out inside the
 * findings list (six spaces before each member), written member by member:
 * JSON.stringify with indentation takes V8's slow path, and one call per
 * finding was most of the output's time.
 */
function indentedFinding(f: Finding): string {
  let segments = "[]";
  if (f.path.length > 0) {
    segments = "[";
    for (let i = 0; i < f.path.length; i++) segments += `${i === 0 ? "" : ","}\n        ${q(f.path[i])}`;
    segments += "\n      ]";
  }
  const p = f.position;
  const where = p === undefined ? "" : `,\n      "file": ${q(displayFile(p.file))},\n      "line": ${p.line},\n      "column": ${p.column}`;
  const consumer = f.consumer === undefined ? "" : `,\n      "consumer": ${q(f.consumer)}`;
  return `    {\n${ruleAndSeverity(f)},\n      "path": ${q(formatPath(f.path))},\n      "segments": ${segments},\n      "message": ${q(f.message)}${consumer}${where}\n    }`;
}

/** The first two members of a finding, made once per rule and severity (a few dozen pairs for thousands of findings). */
const headers = new Map<string, string>();
function ruleAndSeverity(f: Finding): string {
  const key = `${f.severity} ${f.rule}`;
  let h = headers.get(key);
  if (h === undefined) headers.set(key, (h = `      "rule": ${q(f.rule)},\n      "severity": ${q(f.severity)}`));
  return h;
}

/** GitHub's escaping for workflow command data, and (stricter) for property values. */
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function formatGithub(o: Outcome): string {
  return [...githubChunks(o)].join("");
}

/** formatGithub in pieces: one workflow command per finding, then the summary. */
function* githubChunks(o: Outcome): Generator<string> {
  yield* inPieces(o.findings, (f) => {
    const props: string[] = [];
    const p = f.position;
    if (p !== undefined) props.push(`file=${escapeProperty(displayFile(p.file))}`, `line=${p.line}`, `col=${p.column}`);
    else if (o.input !== "" && !o.input.startsWith("(")) props.push(`file=${escapeProperty(displayFile(o.input))}`);
    props.push(`title=${escapeProperty(`containers-nix ${f.rule}`)}`);
    return `::${f.severity} ${props.join(",")}::${escapeData(`${formatPath(f.path)}: ${f.message}`)}\n`;
  });
  yield `${summaryLine(o)}\n`;
}

export function formatOutcome(format: Format, o: Outcome): string {
  return [...outcomeChunks(format, o)].join("");
}

/** formatOutcome in pieces, for writing as they come: the whole text of 33,333 findings would sit in memory at once. */
export function outcomeChunks(format: Format, o: Outcome): Iterable<string> {
  switch (format) {
    case "human":
      return humanChunks(o);
    case "json":
      return jsonChunks(o);
    case "github":
      return githubChunks(o);
  }
}
