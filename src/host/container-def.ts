/**
 * An imperative container's definition: built from the command line over the
 * conf file it already has, checked by the validator together with every other
 * container of the host, and rendered by the module's own renderer.
 */
import { renderConf } from "../model/conf.js";
import { resolveContainer } from "../model/container.js";
import type { Json } from "../model/resolve.js";
import { formatPath, type Finding } from "../validate/finding.js";
import { validateContainers } from "../validate/validate.js";
import type { ConfRecord, Definition } from "./conf-file.js";
import { Refusal } from "./errors.js";

/**
 * What an imperative container runs: its own system profile, at the path the
 * profile has inside the container (the unit binds the container's profile
 * directory there). nixos-container leaves SYSTEM_PATH out, which the unit
 * reads the same way; the module's renderer writes the line.
 */
export const IMPERATIVE_SYSTEM_PATH = "/nix/var/nix/profiles/system";

/** nixos-container gives every container a private network; so do we unless told otherwise. */
export const IMPERATIVE_DEFAULTS: Definition = { privateNetwork: true };

/** A conf file's settings as a definition the validator accepts: one that runs something. */
export function runnable(def: Definition): Definition {
  return def.path === undefined && def.flake === undefined ? { ...def, path: IMPERATIVE_SYSTEM_PATH } : def;
}

/**
 * The host facts an imperative command checks with. The host's network is
 * not among them: nothing here reads the running machine's interfaces and no
 * host file is given, so it stays unknown (null) and nothing is checked
 * against it; the validator's note on that is for `validate` only.
 */
export interface HostFactsIn {
  kernelVersion: string;
  stateVersion: string;
}

const key = (f: Finding) => `${f.rule}|${formatPath(f.path)}|${f.message}`;

/**
 * What the validator finds on the host with `name` defined as `def` that it
 * does not find without it: the definition's own errors and warnings, and every
 * clash it makes with another container (declarative or imperative).
 */
export function newFindings(confs: readonly ConfRecord[], name: string, def: Definition, facts: HostFactsIn): Finding[] {
  const others: { [n: string]: Json } = {};
  for (const c of confs) if (c.name !== name) others[c.name] = runnable(c.definition);
  // Only these facts: a caller may pass its whole Host, whose `paths` are its directories, not host.paths.
  const host = { kernelVersion: facts.kernelVersion, stateVersion: facts.stateVersion, enableContainers: true };
  const before = new Set(validateContainers(others, { host }).findings.map(key));
  return validateContainers({ ...others, [name]: def }, { host }).findings.filter((f) => !before.has(key(f)));
}

export const showFinding = (f: Finding) => `${f.severity}[${f.rule}] ${formatPath(f.path)}: ${f.message}`;

/** Prints the new findings on stderr, one line each, and refuses (nothing changed) when one is an error. */
export function mustPass(confs: readonly ConfRecord[], name: string, def: Definition, facts: HostFactsIn, verb: "created" | "updated"): void {
  const findings = newFindings(confs, name, def, facts);
  for (const f of findings) process.stderr.write(`containers-nix: ${showFinding(f)}\n`);
  const errors = findings.filter((f) => f.severity === "error").length;
  if (errors > 0) throw new Refusal(`container ${name} was not ${verb}: ${errors === 1 ? "the error above" : `the ${errors} errors above`}`);
}

/** The conf file text, by the module's renderer. */
export const confText = (name: string, def: Definition) => renderConf(name, resolveContainer(name, def));
