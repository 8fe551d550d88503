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
import { readFileSync, statSync } from "node:fs";
import type { ConfigSource } from "../plan/config-compare.js";
import { PLAN_FORMATS, formatPlan, planExitCode, type PlanFormat } from "../plan/format.js";
import { definedHost } from "../plan/from-definitions.js";
import { readSystem } from "../plan/from-system.js";
import { evaluatedSystemPaths } from "../plan/system-paths.js";
import { planDefinitions, planSystems, type DefinitionsInput } from "../plan/plan.js";
import { InputError } from "../validate/input-error.js";
import { loadInput } from "../validate/input.js";
import { EXPR_FILE } from "../validate/nix-bridge.js";
import { resolvePositions } from "../validate/positions.js";
import { formatPath } from "../validate/finding.js";
import { checkContainersFast as checkContainers } from "../validate/typecheck/index.js";
import { validateContainers } from "../validate/validate.js";
import { parseFlags, UsageError } from "./common.js";
import { DEFAULT_TIMEOUT_S } from "./validate.js";

const VALUE_FLAGS = ["--format", "--old-expr", "--new-expr", "--attr", "--old-attr", "--new-attr", "--nixpkgs", "--timeout"] as const;

function parse(args: string[]) {
  const p = parseFlags("plan", args, { values: VALUE_FLAGS, switches: ["--exit-code"] as const });
  return { inputs: p.positional, values: p.values, exitCode: p.switches.has("--exit-code") };
}
type Parsed = ReturnType<typeof parse>;

type Input = { kind: "system"; dir: string } | { kind: "definitions"; file: string | null; expr: string | null; attr: string | null };

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

async function definitions(input: Extract<Input, { kind: "definitions" }>, p: Parsed, notes: string[]): Promise<DefinitionsInput> {
  const label = input.file ?? EXPR_FILE;
  const timeout = Number(p.values["--timeout"] ?? DEFAULT_TIMEOUT_S);
  const loaded = await loadInput({
    file: input.file,
    expr: input.expr,
    attr: input.attr,
    format: "auto",
    nixpkgs: p.values["--nixpkgs"] ?? process.env.NIXPKGS ?? null,
    timeoutMs: timeout * 1000,
  });
  notes.push(...loaded.notes.map((n) => `${label}: ${n}`));
  const typed = checkContainers(loaded.containers);
  const first = typed.findings[0];
  if (first !== undefined)
    throw new InputError(`${label}: ${formatPath(first.path)}: ${first.message}${typed.findings.length > 1 ? ` (and ${typed.findings.length - 1} more)` : ""}; \`containers-nix validate\` shows every finding`);
  // Errors beyond types (the module's assertions, the rules) make a rebuild fail: said, not refused.
  const errors = validateContainers(loaded.containers, { host: loaded.host }).findings.filter((f) => f.severity === "error").length;
  if (errors > 0) notes.push(`${label}: ${errors} ${errors === 1 ? "error that makes" : "errors that make"} a rebuild fail; \`containers-nix validate\` lists them`);
  const given = loaded.containers as Record<string, { config?: unknown }>;
  // Each source file read once, however many containers' configs it holds.
  const sources = new Map<string, string | null>();
  const readSource = (file: string) => {
    if (file === EXPR_FILE) return input.expr;
    if (!sources.has(file))
      try {
        sources.set(file, readFileSync(file, "utf8"));
      } catch {
        sources.set(file, null);
      }
    return sources.get(file) ?? null;
  };
  const configOf = (name: string): ConfigSource => ({
    value: given[name]?.config,
    // Looked up only when asked: only a config written as Nix code is compared by its text.
    get position() {
      return resolvePositions(loaded.positions, [["containers", name, "config"]]).get("containers")?.get(name)?.get("config")?.at;
    },
    readSource,
  });
  const host = definedHost(typed.resolved, given, loaded.host);
  const isNix = input.file === null || !input.file.toLowerCase().endsWith(".json");
  const fromConfig = [...host.containers].filter(([, c]) => c.fromConfig).map(([n]) => n);
  // On an evaluated host, the systems themselves are compared (evaluating each container's config).
  const systemPaths = isNix ? await evaluatedSystemPaths({ file: input.file, expr: input.expr, attr: input.attr, nixpkgs: p.values["--nixpkgs"] ?? process.env.NIXPKGS ?? null, timeoutMs: timeout * 1000 }, fromConfig) : null;
  return { source: label, host, configOf, systemPaths };
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
    const result =
      old.kind === "system" && next.kind === "system"
        ? planSystems(readSystem(old.dir), readSystem(next.dir))
        : planDefinitions(await definitions(old as Extract<Input, { kind: "definitions" }>, p, notes), await definitions(next as Extract<Input, { kind: "definitions" }>, p, notes));
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
