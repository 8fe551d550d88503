/**
 * One side of `containers-nix plan` given as definitions (JSON, Nix, an
 * expression): read as `validate` reads them, type-checked, and turned into
 * what plan.ts compares. Its own module, loaded only when a side is
 * definitions: plan on two built systems needs none of the validator.
 */
import { readFileSync } from "node:fs";
import type { ConfigSource } from "../plan/config-compare.js";
import { definedHost } from "../plan/from-definitions.js";
import type { DefinitionsInput } from "../plan/plan.js";
import { formatPath } from "../validate/finding.js";
import { InputError } from "../validate/input-error.js";
import { loadInput } from "../validate/input.js";
import { EXPR_FILE } from "../validate/nix-bridge.js";
import { resolvePositions } from "../validate/positions.js";
import { checkContainersFast as checkContainers } from "../validate/typecheck/index.js";
import { validateContainers } from "../validate/validate.js";

export type DefinitionsSide = { kind: "definitions"; file: string | null; expr: string | null; attr: string | null };

/** The side, and the notes it gives (each named after its input). */
export async function definitions(input: DefinitionsSide, settings: { nixpkgs: string | null; timeoutMs: number }): Promise<{ input: DefinitionsInput; notes: string[] }> {
  const label = input.file ?? EXPR_FILE;
  const notes: string[] = [];
  // With Nix input, one evaluation gives the definitions and, on an evaluated host, the containers' system paths.
  const loaded = await loadInput({ file: input.file, expr: input.expr, attr: input.attr, format: "auto", nixpkgs: settings.nixpkgs, timeoutMs: settings.timeoutMs, systems: true });
  notes.push(...loaded.notes.map((n) => `${label}: ${n}`));
  const typed = checkContainers(loaded.containers);
  const first = typed.findings[0];
  if (first !== undefined)
    throw new InputError(`${label}: ${formatPath(first.path)}: ${first.message}${typed.findings.length > 1 ? ` (and ${typed.findings.length - 1} more)` : ""}; \`containers-nix validate\` shows every finding`);
  // Errors beyond types (the module's assertions, the rules) make a rebuild fail: said, not refused.
  const errors = validateContainers(loaded.containers, { host: loaded.host, inputFindings: loaded.findings }).findings.filter((f) => f.severity === "error").length;
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
  const fromConfig = [...host.containers].filter(([, c]) => c.fromConfig).map(([n]) => n);
  // On an evaluated host, the systems of the containers built from config are compared themselves.
  const systems = loaded.systems ?? null;
  const systemPaths = systems === null || fromConfig.length === 0 ? null : Object.fromEntries(fromConfig.map((n) => [n, systems[n] ?? null]));
  return { input: { source: label, host, configOf, systemPaths }, notes };
}
