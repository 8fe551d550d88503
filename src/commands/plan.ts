/**
 * `containers-nix plan OLD NEW`: what switching from OLD to NEW does to each
 * container. OLD and NEW are two built systems (directories such as
 * /run/current-system and ./result) or two sets of definitions in any form
 * `validate` reads (JSON, Nix files, --old-expr/--new-expr, --attr).
 *
 * Exit 0 (with --exit-code: and nothing is restarted or stopped); 1 with
 * --exit-code when a container is restarted, stopped or may be restarted;
 * 2 when an input cannot be used.
 */
import { statSync } from "node:fs";
import { PLAN_FORMATS, formatPlan, planExitCode, type PlanFormat } from "../plan/format.js";
import { readSystem } from "../plan/from-system.js";
import { planDefinitions, planSystems } from "../plan/plan.js";
import { InputError } from "../validate/input-error.js";
import { DEFAULT_TIMEOUT_S, parseFlags, UsageError } from "./common.js";
import type { DefinitionsSide } from "./plan-definitions.js";

const VALUE_FLAGS = ["--format", "--old-expr", "--new-expr", "--attr", "--old-attr", "--new-attr", "--nixpkgs", "--timeout"] as const;

function parse(args: string[]) {
  const p = parseFlags("plan", args, { values: VALUE_FLAGS, switches: ["--exit-code"] as const });
  return { inputs: p.positional, values: p.values, exitCode: p.switches.has("--exit-code") };
}
type Parsed = ReturnType<typeof parse>;

type Input = { kind: "system"; dir: string } | DefinitionsSide;

function inputOf(p: Parsed, side: "old" | "new", rest: string[]): Input {
  const expr = p.values[`--${side}-expr`] ?? null;
  const attr = p.values[`--${side}-attr`] ?? p.values["--attr"] ?? null;
  if (expr !== null) return { kind: "definitions", file: null, expr, attr };
  const file = rest.shift();
  if (file === undefined) throw new UsageError(`plan needs ${side.toUpperCase()}: a built system, a definitions file, or --${side}-expr EXPR`);
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // a missing file is reported by the reader
  }
  return isDir ? { kind: "system", dir: file } : { kind: "definitions", file, expr: null, attr };
}

export async function plan(args: string[]): Promise<number> {
  const p = parse(args);
  const format = (p.values["--format"] ?? "human") as PlanFormat;
  if (!PLAN_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${PLAN_FORMATS.join(", ")}`);
  const timeout = Number(p.values["--timeout"] ?? DEFAULT_TIMEOUT_S);
  if (!(timeout > 0)) throw new UsageError("--timeout takes a number of seconds greater than 0");
  const rest = [...p.inputs];
  const old = inputOf(p, "old", rest);
  const next = inputOf(p, "new", rest);
  if (rest.length > 0) throw new UsageError(`plan: two inputs only, OLD and NEW (also got ${rest.join(" ")})`);
  if (old.kind !== next.kind)
    throw new UsageError(`plan: OLD is ${old.kind === "system" ? "a built system" : "definitions"} and NEW is ${next.kind === "system" ? "a built system" : "definitions"}; give two of the same kind`);

  try {
    const notes: string[] = [];
    let result;
    if (old.kind === "system" && next.kind === "system") result = planSystems(readSystem(old.dir), readSystem(next.dir));
    else {
      // Loaded only here: reading definitions takes the validator, which built systems do not need. The two sides are
      // read side by side (each may be seconds of nix-instantiate); their notes, and an error of both, come old side first.
      const { definitions } = await import("./plan-definitions.js");
      const settings = { nixpkgs: p.values["--nixpkgs"] ?? process.env.NIXPKGS ?? null, timeoutMs: timeout * 1000 };
      const [o, n] = await Promise.allSettled([definitions(old as DefinitionsSide, settings), definitions(next as DefinitionsSide, settings)]);
      if (o.status === "rejected") throw o.reason;
      if (n.status === "rejected") throw n.reason;
      notes.push(...o.value.notes, ...n.value.notes);
      result = planDefinitions(o.value.input, n.value.input);
    }
    result.notes.push(...notes);
    for (const n of notes) process.stderr.write(`containers-nix: note: ${n}\n`);
    process.stdout.write(formatPlan(format, result));
    return p.exitCode ? planExitCode(result) : 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`containers-nix: ${e.message}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`containers-nix: internal error, please report it: ${message.split("\n")[0]}\n`);
    return 2;
  }
}
