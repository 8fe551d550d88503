/**
 * Output for several input files in one call (`validate a.json b.nix …`):
 * each file as format.ts writes it, followed by one summary line per file and
 * one in total; for JSON, one document holding each file's document. A file
 * that could not be used (exit 2) is listed with its reason. With one file,
 * the output is format.ts's alone, unchanged.
 */
import { displayFile, formatGithub, formatHuman, JSON_SCHEMA_VERSION, summaryLine, jsonDocument, type Format, type Outcome } from "./format.js";

/** One input file's result: checked, or unusable with the one-line reason (already printed on stderr). */
export type FileResult = { input: string; outcome: Outcome } | { input: string; error: string };

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

export function totals(results: readonly FileResult[]): Totals {
  const t: Totals = { files: results.length, unusable: 0, containers: 0, errors: 0, warnings: 0, exitCode: 0 };
  for (const r of results) {
    if ("error" in r) {
      t.unusable++;
      continue;
    }
    const errors = r.outcome.findings.filter((f) => f.severity === "error").length;
    t.containers += r.outcome.containers;
    t.errors += errors;
    t.warnings += r.outcome.findings.length - errors;
    if (r.outcome.exitCode === 1 && t.exitCode === 0) t.exitCode = 1;
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
export function fileLine(r: FileResult): string {
  return "error" in r ? `${displayFile(r.input)}: not checked: ${r.error}` : `${displayFile(r.outcome.input)}: ${summaryLine(r.outcome)}`;
}

/** A format's text for one file, without its summary line (human and github end with it). */
function body(format: "human" | "github", o: Outcome): string {
  const text = format === "human" ? formatHuman(o) : formatGithub(o);
  return text.slice(0, text.length - summaryLine(o).length - 1);
}

export function formatMany(format: Format, results: readonly FileResult[]): string {
  const t = totals(results);
  if (format === "json") {
    const doc = {
      version: JSON_SCHEMA_VERSION,
      files: results.map((r) =>
        "error" in r
          ? { version: JSON_SCHEMA_VERSION, input: displayFile(r.input), error: r.error, summary: { exitCode: 2 } }
          : jsonDocument(r.outcome),
      ),
      summary: { files: t.files, unusable: t.unusable, containers: t.containers, errors: t.errors, warnings: t.warnings, exitCode: t.exitCode },
    };
    return JSON.stringify(doc, null, 2) + "\n";
  }
  let out = "";
  for (const r of results) if (!("error" in r)) out += body(format, r.outcome);
  return out + results.map(fileLine).join("\n") + "\n" + totalLine(t) + "\n";
}
