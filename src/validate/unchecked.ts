/**
 * What could not be checked for want of host facts. Some options name things
 * of the host: hostBridge and extraVeths' hostBridge (a bridge of the host),
 * interfaces (moved from the host), macvlans (on a parent of the host),
 * networkNamespace (a namespace of the host). When the input does not say
 * what the host has (its network is null, or with a known network its
 * namespaces are), nothing is guessed: the run gives one note (not a
 * finding) that counts the containers with such options and names the first
 * few, and says how to give the facts. The JSON output carries it as data.
 * Likewise the sources of bind mounts, without host.paths (a second note,
 * the JSON output's `uncheckedPaths`).
 */
import type { ResolvedContainer } from "../model/container.js";
import type { HostNetwork } from "../model/host-network.js";
import { formatPath, type Path } from "./finding.js";

/** The containers named in the note, at most. */
export const UNCHECKED_EXAMPLES = 3;

export interface Unchecked {
  /** The host fact the input did not give. */
  missing: "host.interfaces" | "host.networkNamespaces" | "host.paths";
  /** How many containers have options that needed it. */
  containers: number;
  /** The first few of those containers (in name order), each with the paths of its options that needed it. */
  examples: { name: string; paths: string[] }[];
}

/** The container options that can name something of the host. */
export const HOST_FACT_OPTIONS = ["hostBridge", "extraVeths", "interfaces", "macvlans", "networkNamespace"] as const;

/** The paths of a container's options that name its host's network namespace, and (with `interfaces`) its interfaces. */
function hostFactPaths(name: string, cfg: ResolvedContainer, interfaces: boolean): Path[] {
  const paths: Path[] = [];
  const at = (...rest: string[]) => paths.push(["containers", name, ...rest]);
  if (interfaces) {
    // hostBridge has effect only with a private network (the conf file writes it only then); extra veths always.
    if (cfg.privateNetwork && cfg.hostBridge != null) at("hostBridge");
    for (const [veth, v] of Object.entries(cfg.extraVeths)) if (v.hostBridge != null) at("extraVeths", veth, "hostBridge");
    if (cfg.interfaces.length > 0) at("interfaces");
    if (cfg.macvlans.length > 0) at("macvlans");
  }
  if (cfg.networkNamespace != null) at("networkNamespace");
  return paths;
}

/** The paths of a container's bind mounts whose source is a host path (not one in the container's tree, `+/…`). */
function sourcePaths(name: string, cfg: ResolvedContainer): Path[] {
  const paths: Path[] = [];
  for (const [at, b] of Object.entries(cfg.bindMounts)) {
    const source = b.hostPath ?? b.mountPoint;
    if (source.startsWith("/")) paths.push(["containers", name, "bindMounts", at, ...(b.hostPath !== null ? ["hostPath"] : [])]);
  }
  return paths;
}

/** Collects, container by container, what the host facts the input lacks would have been needed for. */
export class UncheckedCollector {
  private count = 0;
  private readonly examples: Unchecked["examples"] = [];

  private constructor(private readonly missing: Unchecked["missing"]) {}

  /** A collector for a host with this network, or null when nothing is missing. */
  static forNetwork(network: HostNetwork | null): UncheckedCollector | null {
    if (network === null) return new UncheckedCollector("host.interfaces");
    return network.networkNamespaces === null ? new UncheckedCollector("host.networkNamespaces") : null;
  }

  /** A collector for a host with these known paths, or null when they are known. */
  static forPaths(paths: readonly string[] | null): UncheckedCollector | null {
    return paths === null ? new UncheckedCollector("host.paths") : null;
  }

  /** Counts a container when it has options that needed the missing facts; whether it did. */
  add(name: string, cfg: ResolvedContainer): boolean {
    const paths = this.missing === "host.paths" ? sourcePaths(name, cfg) : hostFactPaths(name, cfg, this.missing === "host.interfaces");
    if (paths.length === 0) return false;
    this.count++;
    if (this.examples.length < UNCHECKED_EXAMPLES) this.examples.push({ name, paths: paths.map(formatPath) });
    return true;
  }

  result(): Unchecked | null {
    return this.count === 0 ? null : { missing: this.missing, containers: this.count, examples: this.examples };
  }
}

const DOCS = "see docs/validate.md, Host facts";

/** The one note of a run: what was not checked, and how to give the facts. */
export function uncheckedNote(u: Unchecked): string {
  // Each path without its `containers.<name>.` (formatPath writes that part the same in a longer path).
  const named = u.examples.map((e) => `${e.name} (${e.paths.map((p) => p.slice(formatPath(["containers", e.name]).length + 1)).join(", ")})`);
  const more = u.containers - u.examples.length;
  const list = named.join(", ") + (more > 0 ? ` and ${more} more` : "");
  const of = `the options of ${u.containers} container${u.containers === 1 ? "" : "s"}`;
  if (u.missing === "host.paths")
    return (
      `the host's paths are not known, so the bind mount sources of ${u.containers} container${u.containers === 1 ? "" : "s"} were not checked (systemd-nspawn refuses to start with a source that does not exist): ${list}. ` +
      `To check them, list the host paths that exist as host.paths in a JSON input; ${DOCS}`
    );
  if (u.missing === "host.interfaces")
    return (
      `the host's network is not known, so ${of} that name its interfaces or network namespaces were not checked against it: ${list}. ` +
      `To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); ${DOCS}`
    );
  return (
    `the host's network namespaces are not known, so ${of} that name one were not checked against them: ${list}. ` +
    `To check them, give them as host.networkNamespaces in a JSON input (an evaluated host's configuration does not declare them); ${DOCS}`
  );
}
