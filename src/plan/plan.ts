/**
 * `containers-nix plan OLD NEW`, the pure part: every container's verdict,
 * from two built systems or from two sets of definitions. Definitions are
 * first made into what a switch would see (from-definitions.ts), so both
 * kinds of input reach their verdicts through the same steps (verdict.ts).
 */
import { compareAttrNames } from "../model/nix-values.js";
import { compareConfigs, stable, type ConfigSource, type Sameness } from "./config-compare.js";
import { definedView, type DefinedContainer, type DefinedHost } from "./from-definitions.js";
import type { Side } from "./side.js";
import { planEntry, type PlanEntry, type Reason } from "./verdict.js";

export interface Plan {
  kind: "definitions" | "system";
  old: string;
  new: string;
  entries: PlanEntry[];
  /** Things to know about how the inputs were read. */
  notes: string[];
}

const names = (a: Iterable<string>, b: Iterable<string>) => [...new Set([...a, ...b])].sort(compareAttrNames);

export function planSystems(old: Side, next: Side): Plan {
  const entries = names(old.containers.keys(), next.containers.keys()).map((n) => planEntry(n, old.containers.get(n) ?? null, next.containers.get(n) ?? null));
  return { kind: "system", old: old.source, new: next.source, entries, notes: [] };
}

export interface DefinitionsInput {
  source: string;
  host: DefinedHost;
  /** The container's `config` as given, with its position, for comparing configs. */
  configOf: (name: string) => ConfigSource;
  /** From an evaluated host: the system path of each container built from `config` (null: not evaluated). */
  systemPaths?: Readonly<Record<string, string | null>> | null;
}

/** Stands for the system the module builds from a container's `config`. */
const builtFrom = (name: string, side: "old" | "new") => `/nix/store/«system built from containers.${name}.config, ${side}»`;

function systemPaths(name: string, o: DefinedContainer, n: DefinedContainer, sameness: Sameness): { old: string; news: string[] } {
  const old = o.fromConfig ? builtFrom(name, "old") : o.cfg.path;
  if (!n.fromConfig) return { old, news: [n.cfg.path] };
  if (!o.fromConfig) return { old, news: [builtFrom(name, "new")] };
  switch (sameness) {
    case "same":
      return { old, news: [old] };
    case "different":
      return { old, news: [builtFrom(name, "new")] };
    case "unknown":
      return { old, news: [old, builtFrom(name, "new")] };
  }
}

/** A system path that came from `config` is named as such. */
function viaConfig(e: PlanEntry, n: DefinedContainer): PlanEntry {
  if (!n.fromConfig) return e;
  return { ...e, reasons: e.reasons.map((r) => (r.via === "system-path" ? { ...r, options: ["config"], message: "its system changed (config; SYSTEM_PATH in the conf file)" } : r)) };
}

/** The options whose values differ between the two definitions. */
function changedOptions(o: DefinedContainer, n: DefinedContainer): Set<string> {
  const a = o.cfg as unknown as Record<string, unknown>;
  const b = n.cfg as unknown as Record<string, unknown>;
  return new Set([...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => stable(a[k]) !== stable(b[k])));
}

function containerPlan(name: string, old: DefinitionsInput, next: DefinitionsInput): PlanEntry {
  const o = old.host.enableContainers ? old.host.containers.get(name) : undefined;
  const n = next.host.enableContainers ? next.host.containers.get(name) : undefined;
  const view = (c: DefinedContainer, host: DefinedHost, side: "old" | "new") => definedView(name, c, host.stateVersion, c.fromConfig ? builtFrom(name, side) : c.cfg.path);
  if (o === undefined || n === undefined)
    return planEntry(name, o === undefined ? null : view(o, old.host, "old"), n === undefined ? null : view(n, next.host, "new"));
  const oldSystem = old.systemPaths?.[name] ?? null;
  const newSystem = next.systemPaths?.[name] ?? null;
  const evaluated = o.fromConfig && n.fromConfig && oldSystem !== null && newSystem !== null;
  const cmp = o.fromConfig && n.fromConfig && !evaluated ? compareConfigs(old.configOf(name), next.configOf(name)) : null;
  const paths = evaluated ? { old: oldSystem, news: [newSystem] } : systemPaths(name, o, n, cmp?.sameness ?? "different");
  const oldView = definedView(name, o, old.host.stateVersion, paths.old);
  const changed = changedOptions(o, n);
  const outcomes = paths.news.map((p) => viaConfig(planEntry(name, oldView, definedView(name, n, next.host.stateVersion, p), changed), n));
  if (outcomes.length === 1) return outcomes[0]!;
  // Undecided: [as if the system stayed the same, as if it changed].
  const [same, differs] = outcomes as [PlanEntry, PlanEntry];
  const note: Reason = { via: "config", keys: [], options: ["config"], message: cmp!.message };
  if (same.verdict === differs.verdict) return same;
  return { ...differs, verdict: differs.verdict === "restart" ? "may-restart" : differs.verdict, reasons: [note, ...differs.reasons.filter((r) => r.via !== "system-path")] };
}

export function planDefinitions(old: DefinitionsInput, next: DefinitionsInput): Plan {
  const entries = names(old.host.containers.keys(), next.host.containers.keys()).map((n) => containerPlan(n, old, next));
  return { kind: "definitions", old: old.source, new: next.source, entries, notes: [] };
}
