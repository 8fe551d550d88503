/**
 * Output for several input files in one call (`validate a.json b.nix …`):
 * each file as format.ts writes it, followed by one summary line per file and
 * one in total; for JSON, one document holding each file's document. A file
 * that could not be used (exit 2) is listed with its reason. With one file,
 * the output is format.ts's alone, unchanged.
 *
 * Written as it goes: the opening (manyHead), each file's part as soon as it
 * is checked (fileChunks, in format.ts's pieces), and the closing with the
 * summaries (manyTail), which needs only each file's counts (FileSummary).
 * So a call over many large files holds one file's findings at a time.
 */
import { checkedLine, displayFile, JSON_SCHEMA_VERSION, outcomeChunks, summaryLine, type Format, type Outcome } from "./format.js";

/** One input file's result: checked, or unusable with the one-line reason (already printed on stderr). */
export type FileResult = { input: string; outcome: Outcome } | { input: string; error: string };

/** What the closing lines need of a file. */
export type FileSummary = { input: string; containers: number; errors: number; warnings: number; exitCode: 0 | 1 } | { input: string; error: string };

export function summarize(r: FileResult): FileSummary {
  if ("error" in r) return r;
  const errors = r.outcome.findings.filter((f) => f.severity === "error").length;
  return { input: r.outcome.input, containers: r.outcome.containers, errors, warnings: r.outcome.findings.length - errors, exitCode: r.outcome.exitCode };
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export interface Totals {
  files: number;
  unusable: number;
  containers: number;
  errors: number;
  warnings: number;
  /** 2 when a file was unusable, else 1 when a file has findings that fail, else 0. */
  exitCode: 0 | 1 | 2;
}

export function totals(files: readonly FileSummary[]): Totals {
  const t: Totals = { files: files.length, unusable: 0, containers: 0, errors: 0, warnings: 0, exitCode: 0 };
  for (const s of files) {
    if ("error" in s) {
      t.unusable++;
      continue;
    }
    t.containers += s.containers;
    t.errors += s.errors;
    t.warnings += s.warnings;
    if (s.exitCode === 1 && t.exitCode === 0) t.exitCode = 1;
  }
  if (t.unusable > 0) t.exitCode = 2;
  return t;
}

/** `3 files, 12 containers checked: 2 errors, 1 warning` (and `, 1 file not checked`). */
export function totalLine(t: Totals): string {
  const unusable = t.unusable > 0 ? `; ${count(t.unusable, "file")} not checked` : "";
  return `total: ${count(t.files, "file")}, ${count(t.containers, "container")} checked: ${count(t.errors, "error")}, ${count(t.warnings, "warning")}${unusable}`;
}

/** `host-a.nix: 3 containers checked: …`, or `b.json: not checked: cannot read b.json: ENOENT`. */
export function fileLine(s: FileSummary): string {
  if ("error" in s) return `${displayFile(s.input)}: not checked: ${s.error}`;
  return `${displayFile(s.input)}: ${checkedLine(s.containers, s.errors, s.warnings)}`;
}

/** The JSON document's indentation for a file's document inside `files`. */
const NESTED = "\n    ";

/** What comes before the first file's part. */
export function manyHead(format: Format): string {
  return format === "json" ? `{\n  "version": ${JSON_SCHEMA_VERSION},\n  "files": [` : "";
}

/**
 * A file's part, the `index`-th of the call: for human and github, its
 * findings as for the file alone without its summary line (that comes with
 * the others at the end); for JSON, its document (as for the file alone, or
 * the reason it was not checked) as a member of `files`.
 */
export function* fileChunks(format: Format, r: FileResult, index: number): Generator<string> {
  if (format !== "json") {
    if ("error" in r) return;
    // Every piece but the last as it is; the last ends with the summary line, which is left out.
    let last: string | undefined;
    for (const piece of outcomeChunks(format, r.outcome)) {
      if (last !== undefined) yield last;
      last = piece;
    }
    if (last !== undefined) yield last.slice(0, last.length - summaryLine(r.outcome).length - 1);
    return;
  }
  const pieces: Iterable<string> =
    "error" in r ? [JSON.stringify({ version: JSON_SCHEMA_VERSION, input: displayFile(r.input), error: r.error, summary: { exitCode: 2 } }, null, 2) + "\n"] : outcomeChunks("json", r.outcome);
  // The document's lines, each indented to its place in `files` (a JSON text has no newline inside a string), without
  // its final newline.
  let out = index === 0 ? NESTED : `,${NESTED}`;
  let last: string | undefined;
  for (const piece of pieces) {
    if (last !== undefined) {
      yield out + last.replace(/\n/g, NESTED);
      out = "";
    }
    last = piece;
  }
  if (last !== undefined) yield out + last.slice(0, -1).replace(/\n/g, NESTED);
}

/** What comes after the last file's part: the summaries. */
export function manyTail(format: Format, files: readonly FileSummary[]): string {
  const t = totals(files);
  if (format === "json") {
    const summary = { files: t.files, unusable: t.unusable, containers: t.containers, errors: t.errors, warnings: t.warnings, exitCode: t.exitCode };
    return `\n  ],\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, "\n  ")}\n}\n`;
  }
  return files.map(fileLine).join("\n") + "\n" + totalLine(t) + "\n";
}

/** The whole output for results already in hand, in one piece. */
export function formatMany(format: Format, results: readonly FileResult[]): string {
  return manyHead(format) + results.map((r, i) => [...fileChunks(format, r, i)].join("")).join("") + manyTail(format, results.map(summarize));
}
