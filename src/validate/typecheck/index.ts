/**
 * The type layer `containers-nix validate` runs: checkContainers of
 * ../schema.ts (same contract, same findings, same resolved values) through
 * the plain checker of build.ts, which loads no zod. The zod schema stays the
 * library's public type layer.
 */
import type { ResolvedContainer } from "../../model/container.js";
import { sortAttrNames } from "../../model/nix-values.js";
import { isOption } from "../../options/dsl.js";
import { optionSet } from "../../options/index.js";
import type { TypeCheckResult, TypeFinding } from "../schema.js";
import { isAttrs } from "../zod/check.js";
import { typeMessage } from "../zod/message.js";
import { checkerFor, type Checker } from "./build.js";

/** The `containers` option's declaration: attrsOf (submodule Container). */
export function containersType() {
  const decl = optionSet.containers;
  if (decl === undefined || !isOption(decl) || decl.type.kind !== "attrsOf" || decl.type.elem.kind !== "submodule")
    throw new Error("containers: expected the option set to declare containers as an attrsOf submodule");
  return decl.type;
}

let cached: Checker | undefined;

/** The checker of one container definition, called with the path `["containers", name]`. */
export function containerChecker(): Checker {
  cached ??= checkerFor(containersType().elem, "containers.<name>", true);
  return cached;
}

/**
 * The type check of a `containers` value, the same for both type layers:
 * each container in attribute-name order through `one`, which pushes its
 * findings to `out` and returns the resolved value (kept when it pushed none).
 */
export function checkEachContainer(containers: unknown, one: (value: unknown, name: string, out: TypeFinding[]) => unknown): TypeCheckResult {
  const result: TypeCheckResult = { findings: [], resolved: {}, defined: {} };
  if (!isAttrs(containers)) {
    result.findings.push({ rule: "type", path: ["containers"], message: typeMessage(containersType(), containers) });
    return result;
  }
  const findings: TypeFinding[] = result.findings;
  for (const name of sortAttrNames(Object.keys(containers))) {
    const value = containers[name];
    if (isAttrs(value)) result.defined[name] = { pkgs: value.pkgs !== undefined, config: value.config !== undefined };
    const before = findings.length;
    const resolved = one(value, name, findings);
    if (findings.length === before) result.resolved[name] = resolved as ResolvedContainer;
  }
  return result;
}

export function checkContainersFast(containers: unknown): TypeCheckResult {
  const check = containerChecker();
  return checkEachContainer(containers, (value, name, out) => check(value, ["containers", name], out));
}
