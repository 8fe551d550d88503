/** Running the checks of src/options/checks.ts in TypeScript. */
import { containerChecks, hostChecks, renderMessage, type CheckKind, type ContainerCheckInput, type HostFacts } from "../options/checks.js";
import type { ResolvedContainer } from "./container.js";
import { DEFAULT_KERNEL_VERSION, DEFAULT_STATE_VERSION } from "./host-defaults.js";
import { sortedEntries } from "./nix-values.js";

export interface CheckResult {
  id: string;
  kind: CheckKind;
  enabledOnly: boolean;
  ok: boolean;
  message: string;
}

export function runContainerChecks(input: ContainerCheckInput): CheckResult[] {
  return containerChecks.map((c) => {
    const ok = c.holds(input);
    return { id: c.id, kind: c.kind, enabledOnly: c.enabledOnly ?? false, ok, message: renderMessage(c.message, input.name, c.detail?.ts(input)) };
  });
}

export function runHostChecks(host: HostFacts): CheckResult[] {
  return hostChecks.map((c) => ({ id: c.id, kind: c.kind, enabledOnly: false, ok: c.holds(host), message: renderMessage(c.message, "") }));
}

/** Host facts as the module reads them, with the defaults the tests and the validator assume. */
export function hostFacts(partial: Partial<HostFacts> & { containers: Record<string, unknown> }): HostFacts {
  // A caller that already knows (the validator, which lists the names anyway) says so: a host of 100,000 containers is not listed twice.
  const hasContainers = partial.hasContainers ?? Object.keys(partial.containers).length > 0;
  return {
    kernelVersion: partial.kernelVersion ?? DEFAULT_KERNEL_VERSION,
    stateVersion: partial.stateVersion ?? DEFAULT_STATE_VERSION,
    enableContainers: partial.enableContainers ?? hasContainers,
    virtualisationContainers: partial.virtualisationContainers ?? false,
    hasContainers,
    network: partial.network ?? null,
    paths: partial.paths ?? null,
  };
}

/** What the module reports for a whole host: failed assertions (messages), warnings, and the first evaluation error. */
export interface HostReport {
  failedAssertions: string[];
  warnings: string[];
  error: string | null;
}

export function hostReport(
  containers: Record<string, ResolvedContainer>,
  host: HostFacts,
  defined: Record<string, { pkgs: boolean; config: boolean }> = {},
): HostReport {
  const failedAssertions: string[] = [];
  let error: string | null = null;
  for (const [name, cfg] of sortedEntries(containers)) {
    const results = runContainerChecks({ name, cfg, host, defined: defined[name] ?? { pkgs: false, config: false } });
    for (const r of results) {
      if (r.ok || (r.enabledOnly && !host.enableContainers)) continue;
      if (r.kind === "assertion") failedAssertions.push(r.message);
      if (r.kind === "error") error ??= r.message;
    }
  }
  const warnings = runHostChecks(host)
    .filter((r) => r.kind === "warning" && !r.ok)
    .map((r) => r.message);
  return { failedAssertions, warnings, error };
}
