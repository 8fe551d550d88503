/**
 * The type layer of the validator: a zod schema built at run time from the
 * option set (src/options), never written by hand beside it.
 *
 * CONTRACT (what the semantic rules and the `validate` command rely on)
 *
 *   checkContainers(containers: unknown): TypeCheckResult
 *
 * - `containers` is the value of the `containers` option: an attribute set of
 *   container definitions, as JSON-shaped data (unwrap `{ "containers": … }`
 *   before calling). Values of `config` (a NixOS module) and `specialArgs` are
 *   accepted without being looked at.
 * - `findings`: every type problem at once, in a stable order (containers by
 *   name, then in option order). Each has
 *     rule:    "type"                   a value of the wrong type or out of range
 *              "unknown-option"         a name that is no option there (with "did you mean …")
 *              "missing-option"         an option without default left out; for a
 *                                       container: none of path, flake, config
 *              "conflicting-definition" path given together with config, or with flake
 *                                       (the module defines path itself then)
 *     path:    from the root, e.g. ["containers", "web", "forwardPorts", 0, "hostPort"]
 *              (formatPath turns it into containers.web.forwardPorts[0].hostPort)
 *     message: says what was expected, what was given and what to do, without
 *              the path: `expected a port number 0–65535, got "80"; write it without quotes`.
 *   All of them are errors: Nix's evaluation fails on each.
 * - `resolved`: every container WITHOUT findings, with defaults applied as the
 *   module applies them (mountPoint from the attribute name, path from flake).
 *   `nixpkgs` (its default is a Nix expression) is present only when given;
 *   `config`, `pkgs` and `specialArgs` are carried as given.
 * - `defined`: per container, whether `pkgs` and `config` were given: the
 *   `defined` input of the checks in src/options/checks.ts. The removed option
 *   `pkgs` is accepted here and reported by the `removed-pkgs` check.
 *
 * Nothing under src/validate/ loads ts-morph or nunjucks.
 */
import type { z } from "zod";
import type { ResolvedContainer } from "../model/container.js";
import { formatPath as formatFindingPath } from "./finding.js";
import { checkEachContainer, containersType } from "./typecheck/index.js";
import { schemaFor } from "./zod/build.js";

export type TypeRule = "type" | "unknown-option" | "missing-option" | "conflicting-definition";
export type FindingPath = (string | number)[];

export interface TypeFinding {
  rule: TypeRule;
  path: FindingPath;
  message: string;
}

export interface TypeCheckResult {
  findings: TypeFinding[];
  resolved: Record<string, ResolvedContainer>;
  defined: Record<string, { pkgs: boolean; config: boolean }>;
}

let cached: z.ZodTypeAny | undefined;

/**
 * The zod schema of one container definition. Parse with
 * `{ path: ["containers", name] }`: the name is the last element of the path,
 * and issue paths start at the root.
 */
export function containerSchema(): z.ZodTypeAny {
  cached ??= schemaFor(containersType().elem, "containers.<name>", true);
  return cached;
}

const RULES: ReadonlySet<string> = new Set<TypeRule>(["type", "unknown-option", "missing-option", "conflicting-definition"]);

function toFinding(issue: z.ZodIssue): TypeFinding {
  const rule = issue.code === "custom" ? (issue.params?.rule as string | undefined) : undefined;
  return { rule: rule !== undefined && RULES.has(rule) ? (rule as TypeRule) : "type", path: issue.path, message: issue.message };
}

export function checkContainers(containers: unknown): TypeCheckResult {
  const schema = containerSchema();
  return checkEachContainer(containers, (value, name, out) => {
    const r = schema.safeParse(value, { path: ["containers", name] });
    if (r.success) return r.data;
    out.push(...r.error.issues.map(toFinding));
    return undefined;
  });
}

/** `["containers", "web", "forwardPorts", 0, "hostPort"]` → `containers.web.forwardPorts[0].hostPort`; odd names quoted. */
export const formatPath = (path: FindingPath): string => formatFindingPath(path);
