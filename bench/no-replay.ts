/**
 * What `containers-nix validate FILE --format json` costs without its
 * replay: the same input read, the same type check and rules, the same
 * report written, but none of the replay's rules (start-refused,
 * start-clash, unreachable), so no container's start steps are made or
 * replayed; the rules the replay would stand in for report on their own.
 * The benchmark prints it beside the validator, to show what share of a run
 * the replay takes and what the checks before it cost. Not a command users
 * run.
 */
import { writeChunks } from "../src/io/stdout.js";
import { outcomeChunks } from "../src/validate/format.js";
import { loadInput } from "../src/validate/input.js";
import { rules } from "../src/validate/rules/index.js";
import { validateContainers } from "../src/validate/validate.js";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: no-replay.js FILE");
const input = await loadInput({ file, expr: null, attr: null, format: "auto", nixpkgs: null, timeoutMs: 600_000 });
const report = validateContainers(input.containers, {
  host: input.host,
  positions: input.positions,
  inputFindings: input.findings,
  rules: rules.filter((r) => r.scope !== "replay"),
});
const exitCode = report.findings.some((f) => f.severity === "error") ? 1 : 0;
await writeChunks(outcomeChunks("json", { input: file, ...report, notes: input.notes, exitCode }));
process.exitCode = exitCode;
