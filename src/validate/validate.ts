/**
 * The validator: the type layer (typecheck/, the checks of schema.ts without zod) on every container, then every
 * semantic rule (rules/) on the containers that passed it, each finding with
 * the position of its definition when the input told us.
 */
import { hostFacts } from "../model/checks.js";
import type { Json } from "../model/resolve.js";
import type { HostFacts } from "../options/checks.js";
import { compareFindings, type Finding } from "./finding.js";
import { resolvePositions, type PositionSource } from "./positions.js";
import { rules as allRules, type Rule, type Subject } from "./rules/index.js";
import { checkContainersFast as checkContainers } from "./typecheck/index.js";

export interface ValidateOptions {
  /** Host facts; the rest default as in src/model/checks.ts hostFacts (kernel 6.12.0, stateVersion 25.11). */
  host?: Partial<Omit<HostFacts, "hasContainers">>;
  /** Positions rooted at the configuration's root. */
  positions?: PositionSource;
  rules?: readonly Rule[];
}

export interface Report {
  findings: Finding[];
  /** How many containers the input defines. */
  containers: number;
  host: HostFacts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function validateContainers(containers: unknown, opts: ValidateOptions = {}): Report {
  const defs = isObject(containers) ? containers : {};
  const host = hostFacts({ ...opts.host, containers: defs });
  const typed = checkContainers(containers);
  const findings: Finding[] = typed.findings.map((f) => ({ rule: f.rule, severity: "error", path: f.path, message: f.message }));

  const subjects: Subject[] = Object.entries(typed.resolved).map(([name, cfg]) => ({ name, cfg, given: defs[name] as { [k: string]: Json } }));
  const ctx = { host };
  for (const rule of opts.rules ?? allRules) {
    const hits = rule.scope === "container" ? subjects.flatMap((s) => rule.check(s, ctx)) : rule.check(subjects, ctx);
    for (const h of hits) findings.push({ rule: h.rule ?? rule.id, severity: h.severity ?? rule.severity, path: h.path, message: h.message });
  }
  if (opts.positions !== undefined && findings.length > 0) {
    const tree = resolvePositions(opts.positions, findings.map((f) => f.path));
    for (const f of findings) {
      const at = tree.lookup(f.path);
      if (at !== undefined) f.position = at;
    }
  }
  findings.sort(compareFindings);
  return { findings, containers: Object.keys(defs).length, host };
}
