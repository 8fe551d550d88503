/** What the TS side says a fixture produces: the same shape eval-host.nix extracts from the module. */
import { hostFacts, hostReport } from "../../src/model/checks.js";
import { hostsLines, renderConf } from "../../src/model/conf.js";
import { resolveContainer, type ResolvedContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import { unitOf } from "../../src/options/unit.js";
import type { Json } from "../../src/model/resolve.js";
import type { FixtureInput } from "./fixtures.js";

export interface Expected {
  conf: Record<string, string>;
  units: Record<string, { [k: string]: Json }>;
  hosts: string;
  failedAssertions: string[];
  warnings: string[];
  error: string | null;
}

export function expectedFor(input: FixtureInput): Expected {
  const host = hostFacts({ ...input.host, containers: input.containers });
  const dirs = dirsFor(host.stateVersion);
  const containers: Record<string, ResolvedContainer> = Object.fromEntries(
    Object.entries(input.containers).map(([name, c]) => [name, resolveContainer(name, c)]),
  );
  const defined = Object.fromEntries(Object.entries(input.containers).map(([n, c]) => [n, { pkgs: "pkgs" in c, config: "config" in c }]));
  const report = hostReport(containers, host, defined);
  const names = Object.keys(containers);
  return {
    conf: host.enableContainers ? Object.fromEntries(names.map((n) => [`${dirs.confDirName}/${n}.conf`, renderConf(n, containers[n]!)])) : {},
    units: host.enableContainers ? Object.fromEntries(names.map((n) => [`container@${n}`, unitOf({ name: n, cfg: containers[n]!, dirs })])) : {},
    hosts: host.enableContainers ? hostsLines(containers) : "",
    ...report,
  };
}
