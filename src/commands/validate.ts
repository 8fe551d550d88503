/**
 * `containers-nix validate FILE... [--format human|json|github] [--strict]
 *   [--kernel V] [--state-version V] [--attr PATH] [--nixpkgs PATH] [--timeout S]`
 * or `containers-nix validate --expr EXPR [...]`.
 *
 * Each file is one host, checked on its own (cross-container rules within
 * it), in one process. Exit 0: no error (warnings too with --strict); 1:
 * findings; 2: an input could not be used (the others are still checked).
 * Loads only src/validate/, never the emitters or zod.
 */
import { FORMATS, outcomeChunks, type Format, type Outcome } from "../validate/format.js";
import { fileChunks, manyHead, manyTail, summarize, totals, type FileResult, type FileSummary } from "../validate/format-many.js";
import { writeChunks } from "../io/stdout.js";
import { InputError } from "../validate/input-error.js";
import { loadInput } from "../validate/input.js";
import { uncheckedNote } from "../validate/unchecked.js";
import { unreplayedNote } from "../validate/replay.js";
import { validateContainers } from "../validate/validate.js";
import { DEFAULT_TIMEOUT_S, parseFlags, UsageError } from "./common.js";

const VALUE_FLAGS = ["--format", "--kernel", "--state-version", "--expr", "--attr", "--nixpkgs", "--timeout"] as const;

function parse(args: string[]) {
  const p = parseFlags("validate", args, { values: VALUE_FLAGS, switches: ["--strict"] as const });
  return { files: p.positional, values: p.values, strict: p.switches.has("--strict") };
}
type Parsed = ReturnType<typeof parse>;

export async function validate(args: string[]): Promise<number> {
  const p = parse(args);
  const format = (p.values["--format"] ?? "human") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const expr = p.values["--expr"] ?? null;
  if ((p.files.length === 0) === (expr === null)) throw new UsageError("validate needs a FILE or --expr EXPR (not both)");
  const timeout = Number(p.values["--timeout"] ?? DEFAULT_TIMEOUT_S);
  if (!(timeout > 0)) throw new UsageError("--timeout takes a number of seconds greater than 0");
  for (const f of ["--kernel", "--state-version"] as const)
    if (p.values[f] !== undefined && !/^[0-9][0-9A-Za-z.+_-]*$/.test(p.values[f]!)) throw new UsageError(`${f} takes a version such as 6.12.0`);

  const inputs: (string | null)[] = expr !== null ? [null] : p.files;
  const sayIfUnusable = (r: FileResult) => {
    if ("error" in r) process.stderr.write(`containers-nix: ${r.error}\n`);
  };
  if (inputs.length === 1) {
    const only = await checkOne(inputs[0]!, expr, p);
    if ("error" in only) {
      sayIfUnusable(only);
      return 2;
    }
    await writeChunks(outcomeChunks(format, only.outcome));
    return only.outcome.exitCode;
  }
  // Several files: each file's part written once it is checked, so that only its findings are held at a time.
  const summaries: FileSummary[] = [];
  await writeChunks([manyHead(format)]);
  for (const [i, file] of inputs.entries()) {
    const result = await checkOne(file, expr, p);
    sayIfUnusable(result);
    await writeChunks(fileChunks(format, result, i));
    summaries.push(summarize(result));
  }
  await writeChunks([manyTail(format, summaries)]);
  return totals(summaries).exitCode;
}

/** Reads and validates one input (a file, or the expression when `file` is null); an unusable input gives its one-line reason. */
async function checkOne(file: string | null, expr: string | null, p: Parsed): Promise<FileResult> {
  const name = file ?? "(expr)";
  try {
    const input = await loadInput({
      file,
      expr,
      attr: p.values["--attr"] ?? null,
      format: "auto",
      nixpkgs: p.values["--nixpkgs"] ?? process.env.NIXPKGS ?? null,
      timeoutMs: Number(p.values["--timeout"] ?? DEFAULT_TIMEOUT_S) * 1000,
    });
    // A flag wins over the input; what neither gives defaults in hostFacts (src/model/checks.ts).
    const host = { ...input.host };
    if (p.values["--kernel"] !== undefined) host.kernelVersion = p.values["--kernel"];
    if (p.values["--state-version"] !== undefined) host.stateVersion = p.values["--state-version"];
    const report = validateContainers(input.containers, { host, positions: input.positions, inputFindings: input.findings });
    const failing = report.findings.some((f) => f.severity === "error" || p.strict);
    const notes = [...input.notes, ...[report.unchecked, report.uncheckedPaths].flatMap((u) => (u === null ? [] : [uncheckedNote(u)])), ...(report.unreplayed === null ? [] : [unreplayedNote(report.unreplayed)])];
    for (const n of notes) process.stderr.write(`containers-nix: note: ${n}\n`);
    const outcome: Outcome = { input: name, ...report, notes, exitCode: failing ? 1 : 0 };
    return { input: name, outcome };
  } catch (e) {
    if (e instanceof InputError) return { input: name, error: e.message };
    const message = e instanceof Error ? e.message : String(e);
    return { input: name, error: `internal error, please report it: ${message.split("\n")[0]}` };
  }
}
