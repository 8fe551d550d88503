/**
 * What `containers-nix validate FILE --format json` costs without its
 * checks: the input read as validate reads it (size check, JSON.parse, the
 * duplicate-key count and the index of the containers' places), and the
 * JSON document of a report without findings written to stdout. The
 * benchmark prints it beside the validator and the floor, to show what share
 * of a run the type check and the rules take. Not a command users run.
 */
import { writeChunks } from "../src/io/stdout.js";
import { hostFacts } from "../src/model/checks.js";
import { outcomeChunks } from "../src/validate/format.js";
import { loadInput } from "../src/validate/input.js";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: no-checks.js FILE");
const input = await loadInput({ file, expr: null, attr: null, format: "auto", nixpkgs: null, timeoutMs: 600_000 });
const defs = input.containers as Record<string, unknown>;
const containers = Object.keys(defs).length;
const host = hostFacts({ ...input.host, containers: defs, hasContainers: containers > 0 });
await writeChunks(outcomeChunks("json", { input: file, findings: [], containers, host, notes: input.notes, exitCode: 0 }));
