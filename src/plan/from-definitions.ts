/**
 * A side of a plan from container definitions (what `validate` reads): each
 * container's unit and conf file as the generated module would write them,
 * from the unit model and the conf table. A container's system path is known
 * when `path` (or `flake`) gives it; one built from `config` is stood for by
 * a token, which the caller makes equal or different on the two sides.
 */
import { dirsFor } from "../model/dirs.js";
import { hostFacts } from "../model/checks.js";
import { renderConf } from "../model/conf.js";
import type { ResolvedContainer } from "../model/container.js";
import type { Json } from "../model/resolve.js";
import { activationStrategies, applyImplied, unitOf, unitScripts, type TriggerSource } from "../options/unit.js";
import { serviceLines, storePath, unitInfoOf, type Line } from "./nixos-unit.js";
import type { ContainerView } from "./side.js";
import { confEntries } from "../host/conf-file.js";

export interface DefinedContainer {
  cfg: ResolvedContainer;
  /** Given as `config` (the module builds the system): its system path is not known here. */
  fromConfig: boolean;
}

export interface DefinedHost {
  containers: ReadonlyMap<string, DefinedContainer>;
  stateVersion: string;
  enableContainers: boolean;
}

export function definedHost(resolved: Record<string, ResolvedContainer>, given: Record<string, unknown>, host: { stateVersion?: string; enableContainers?: boolean }): DefinedHost {
  const facts = hostFacts({ ...host, containers: given });
  const containers = new Map<string, DefinedContainer>();
  for (const [name, cfg] of Object.entries(resolved)) {
    const def = given[name] as { [k: string]: unknown } | undefined;
    containers.set(name, { cfg, fromConfig: def?.config !== undefined && def.path === undefined && def.flake === undefined });
  }
  return { containers, stateVersion: facts.stateVersion, enableContainers: facts.enableContainers };
}

const pick = (cfg: object, keys: readonly string[]): Json => Object.fromEntries(keys.map((k) => [k, (cfg as Record<string, Json>)[k] ?? null]));

/** The unit lines, the targets that want the unit, and the conf file of one container whose system path is `systemPath`. */
export function definedService(name: string, c: DefinedContainer, stateVersion: string, systemPath: string): { lines: Line[]; wantedBy: string[]; confText: string } {
  const cfg: ResolvedContainer = { ...c.cfg, path: systemPath };
  const dirs = dirsFor(stateVersion);
  const unit = unitOf({ name, cfg, dirs }) as {
    unitConfig: { [k: string]: Json };
    serviceConfig: { [k: string]: Json };
    environment: { [k: string]: Json };
    wantedBy?: string[];
    wants?: string[];
    after?: string[];
    restartIfChanged: boolean;
  };
  const confText = renderConf(name, cfg);
  // A Record over every trigger source: a new one in the unit model fails to compile until it is computed here.
  const source: Record<TriggerSource, () => string> = {
    systemPath: () => systemPath,
    confFile: () => storePath(`${name}.conf`, confText),
    confExceptSystemPath: () => storePath(`${name}.conf`, renderConf(name, { ...cfg, path: "" })),
  };
  const strategy = activationStrategies[cfg.activation];
  const triggers = (list: readonly TriggerSource[]) => (cfg.autoStart && list.length > 0 ? list.map((s) => source[s]()).join(" ") : null);
  const implied = applyImplied(cfg);
  const lines = serviceLines(`container@${name}`, {
    unitConfig: unit.unitConfig,
    serviceConfig: unit.serviceConfig,
    environment: unit.environment,
    wants: unit.wants ?? [],
    after: unit.after ?? [],
    wantedBy: unit.wantedBy ?? [],
    restartIfChanged: unit.restartIfChanged,
    restartTriggers: triggers(strategy.restartTriggers),
    reloadTriggers: triggers(strategy.reloadTriggers),
    scripts: Object.fromEntries(unitScripts.map((s) => [s.key, JSON.stringify(pick(implied, s.reads))])),
  });
  return { lines, wantedBy: unit.wantedBy ?? [], confText };
}

/** The view of one container whose system path is `systemPath`. */
export function definedView(name: string, c: DefinedContainer, stateVersion: string, systemPath: string): ContainerView {
  const s = definedService(name, c, stateVersion, systemPath);
  return { unit: { info: unitInfoOf(s.lines), wantedBy: s.wantedBy }, conf: confEntries(s.confText) };
}
