/**
 * What must work on a booted host, read from its JSON (`{ containers, host }`):
 * every configured address pair, pinged both ways, and every forwarded port,
 * answered through the host's address. This is the "reachable" of issue #17,
 * the property the validator's replay predicts:
 *
 * - a routed veth (the container's, or an extra veth without hostBridge):
 *   hostAddress ↔ localAddress, and hostAddress6 ↔ localAddress6, when both
 *   ends of the pair are set;
 * - a bridged veth (hostBridge): each address of the bridge (the host's
 *   `interfaces.<bridge>.addresses`) ↔ the veth's local address of the same
 *   family;
 * - a container in a network namespace: the namespace's peer on the host side
 *   (the harness gives each namespace one) ↔ its end inside;
 * - a forwarded port: the container's first pair's host address and the
 *   host port reach the container's port (containerPort, else hostPort), and
 *   the container named answers. A forward on a container with no pair has no
 *   address to be reached through, and fails.
 *
 * Half a pair (hostAddress6 without localAddress6, say) is not a pair: nothing
 * is configured to reach.
 */
import type { HostInterface } from "../../src/model/host-network.js";
import { resolveContainer } from "../../src/model/container.js";
import type { Json } from "../../src/model/resolve.js";

type Def = { [k: string]: Json };

/** A host's JSON as validate reads it, with the start order the boot uses (default: the containers' order). */
export interface HostFile {
  containers: Record<string, Def>;
  host?: { interfaces?: Record<string, HostInterface>; networkNamespaces?: string[] | null; stateVersion?: string };
  order?: string[];
}

export interface Pair {
  container: string;
  /** The options the pair comes from, in words (`hostAddress ↔ localAddress`, `extraVeths.webx0`, `br0 ↔ localAddress6`). */
  what: string;
  /** The end on the host side, and the end in the container, without prefixes. */
  host: string;
  local: string;
}

export interface Forward {
  container: string;
  protocol: "tcp" | "udp";
  hostPort: number;
  containerPort: number;
  /** The host address it is reached through, or null when the container has no pair. */
  through: string | null;
  /** What the container's probe answers on that port. */
  reply: string;
}

export interface Expected {
  pairs: Pair[];
  forwards: Forward[];
}

export const bare = (a: string) => a.split("/")[0]!;
const isV6 = (a: string) => a.includes(":");

/** The peer addresses the harness gives the k-th network namespace of the host: host side, inside. */
export const namespacePeer = (k: number) => ({ host: `10.250.${k}.1`, local: `10.250.${k}.2` });

interface VethEnds {
  hostBridge?: string | null;
  hostAddress?: string | null;
  localAddress?: string | null;
  hostAddress6?: string | null;
  localAddress6?: string | null;
}

function vethPairs(container: string, label: string, v: VethEnds, interfaces: Record<string, HostInterface>): Pair[] {
  const pairs: Pair[] = [];
  const at = label === "" ? "" : `${label}: `;
  if (v.hostBridge) {
    const bridge = interfaces[v.hostBridge];
    if (bridge?.kind !== "bridge") return [];
    for (const a of bridge.addresses ?? [])
      for (const [option, local] of [["localAddress", v.localAddress], ["localAddress6", v.localAddress6]] as const)
        if (local && isV6(a) === isV6(local)) pairs.push({ container, what: `${at}${v.hostBridge} ${a} ↔ ${option}`, host: bare(a), local: bare(local) });
    return pairs;
  }
  if (v.hostAddress && v.localAddress) pairs.push({ container, what: `${at}hostAddress ↔ localAddress`, host: bare(v.hostAddress), local: bare(v.localAddress) });
  if (v.hostAddress6 && v.localAddress6) pairs.push({ container, what: `${at}hostAddress6 ↔ localAddress6`, host: bare(v.hostAddress6), local: bare(v.localAddress6) });
  return pairs;
}

/** The pairs and forwards a host's JSON configures (see the file's comment). */
export function expectations(file: HostFile): Expected {
  const interfaces = file.host?.interfaces ?? {};
  const namespaces = file.host?.networkNamespaces ?? [];
  const pairs: Pair[] = [];
  const forwards: Forward[] = [];
  for (const [name, def] of Object.entries(file.containers)) {
    const cfg = resolveContainer(name, def);
    const own: Pair[] = [];
    if (cfg.networkNamespace) {
      const k = namespaces.indexOf(cfg.networkNamespace);
      if (k >= 0) own.push({ container: name, what: `networkNamespace ${cfg.networkNamespace}`, ...namespacePeer(k) });
    }
    own.push(...vethPairs(name, "", cfg, interfaces));
    for (const [veth, v] of Object.entries(cfg.extraVeths)) own.push(...vethPairs(name, `extraVeths.${veth}`, v, interfaces));
    pairs.push(...own);
    const through = own.find((p) => !p.what.startsWith("extraVeths.") && !p.what.startsWith("networkNamespace"))?.host ?? null;
    for (const f of cfg.forwardPorts) {
      const containerPort = f.containerPort ?? f.hostPort;
      forwards.push({ container: name, protocol: f.protocol === "udp" ? "udp" : "tcp", hostPort: f.hostPort, containerPort, through, reply: `${name} ${f.protocol} ${containerPort}` });
    }
  }
  return { pairs, forwards };
}
