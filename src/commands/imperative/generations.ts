/**
 * A container's system profile generations, through nix-env's profile
 * operations: `generations NAME [--json]`, `rollback NAME`,
 * `switch-generation NAME N`, `delete-generations NAME WHICH...`. A change of
 * the current generation reloads the container when it runs, as update does.
 */
import { Refusal } from "../../host/errors.js";
import { nixEnvDeleteGenerations, nixEnvListGenerations, nixEnvRollback, nixEnvSwitchGeneration } from "../../host/programs.js";
import { UsageError } from "../common.js";
import { command, hostFrom, parseArgs, validName, type Parsed } from "./context.js";
import { mustBeImperative, mustExist, type Existing } from "./existing.js";
import { reloadIfRunning } from "./running.js";

export interface Generation {
  generation: number;
  date: string;
  current: boolean;
}

/** nix-env's `--list-generations` lines: `   3   2026-12-01 10:00:00   (current)`. */
export function parseGenerations(text: string): Generation[] {
  return text
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\S+ \S+)\s*(\(current\))?\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ generation: Number(m[1]), date: m[2]!, current: m[3] !== undefined }));
}

function target(p: Parsed, verb: string, extra: "none" | "one" | "some"): { c: Existing; rest: string[] } {
  const [name, ...rest] = p.positional;
  if (name === undefined) throw new UsageError(`${verb}: no container name given`);
  if (extra === "none" && rest.length > 0) throw new UsageError(`${verb}: unexpected argument ${rest[0]}`);
  if (extra === "one" && rest.length !== 1) throw new UsageError(`${verb}: give one generation number`);
  if (extra === "some" && rest.length === 0) throw new UsageError(`${verb}: say which generations: numbers, old, +N or Nd`);
  const c = mustExist(hostFrom(p), validName(name, verb));
  return { c, rest };
}

export const generations = command(async (args) => {
  const p = parseArgs(args, {}, "generations");
  const { c } = target(p, "generations", "none");
  const text = await nixEnvListGenerations(c.paths.systemProfile);
  process.stdout.write(p.switches.has("json") ? JSON.stringify(parseGenerations(text), null, 2) + "\n" : text);
  return 0;
});

export const rollback = command(async (args) => {
  const p = parseArgs(args, {}, "rollback");
  const { c } = target(p, "rollback", "none");
  mustBeImperative(c, "roll back");
  await nixEnvRollback(c.paths.systemProfile);
  await reloadIfRunning(c.paths.name);
  return 0;
});

export const switchGeneration = command(async (args) => {
  const p = parseArgs(args, {}, "switch-generation");
  const { c, rest } = target(p, "switch-generation", "one");
  if (!/^\d+$/.test(rest[0]!)) throw new UsageError(`switch-generation: ${JSON.stringify(rest[0])} is not a generation number`);
  mustBeImperative(c, "switch the generation of");
  const n = Number(rest[0]);
  if (!parseGenerations(await nixEnvListGenerations(c.paths.systemProfile)).some((g) => g.generation === n))
    throw new Refusal(`container ${c.paths.name} has no generation ${n}; see containers-nix generations ${c.paths.name}`);
  await nixEnvSwitchGeneration(c.paths.systemProfile, n);
  await reloadIfRunning(c.paths.name);
  return 0;
});

export const deleteGenerations = command(async (args) => {
  const p = parseArgs(args, {}, "delete-generations");
  const { c, rest } = target(p, "delete-generations", "some");
  for (const w of rest)
    if (!/^(old|\+\d+|\d+d|\d+)$/.test(w)) throw new UsageError(`delete-generations: ${JSON.stringify(w)} is not a generation: give numbers, old, +N (keep the current generation and the N-1 before it) or Nd (older than N days)`);
  mustBeImperative(c, "delete generations of");
  await nixEnvDeleteGenerations(c.paths.systemProfile, rest);
  return 0;
});
