/**
 * The JSON input's `host` object: facts about the host the containers run
 * on, as the validator takes them. Each fact the object gives is checked for
 * its shape; a bad one is a finding at its path (`host.interfaces.br0.kind`,
 * rule `host-facts`) that names what is accepted, never a crash and never
 * dropped without a word. The host's network (`interfaces`, with
 * `networkNamespaces`) is known only when `interfaces` is given and has no
 * error: a half-read network would make the containers' checks against it
 * report what is only a mistake in the facts.
 *
 * ```json
 * "host": {
 *   "kernelVersion": "6.12.0", "stateVersion": "25.11",
 *   "enableContainers": true, "virtualisationContainers": false,
 *   "interfaces": {
 *     "br0":  { "kind": "bridge", "addresses": ["10.10.0.1/24", "fd00:10::1/64"] },
 *     "eth1": { "kind": "physical" },
 *     "mv0":  { "kind": "macvlan", "parent": "eth1" }
 *   },
 *   "networkNamespaces": ["/run/netns/vpn"],
 *   "paths": ["/srv/www", "/var/lib/shared"]
 * }
 * ```
 */
import type { HostInterface, HostInterfaceKind, HostNetwork } from "../model/host-network.js";
import type { HostFacts } from "../options/checks.js";
import type { Finding, Path } from "./finding.js";
import { parseAnyAddress } from "./ip.js";
import { ifnameProblem, MAX_IFNAME_BYTES } from "./rules/names.js";

/** The host facts an input may state; what it leaves out is defaulted by hostFacts (src/model/checks.ts). */
export type InputHost = Partial<Pick<HostFacts, "kernelVersion" | "stateVersion" | "enableContainers" | "virtualisationContainers" | "network" | "paths">>;

/** The rule id of findings about the host object. */
export const HOST_FACTS_RULE = "host-facts";

const KINDS: Record<HostInterfaceKind, string> = {
  bridge: "a Linux bridge (a hostBridge must be one)",
  physical: "a hardware interface",
  vlan: "a VLAN interface on its parent",
  macvlan: "a macvlan interface on its parent",
  veth: "one end of a veth pair",
  dummy: "a dummy interface",
  bond: "a bonding interface",
  wireguard: "a WireGuard interface",
  tun: "a tun or tap interface",
  other: "any other kind: ipvlan, vxlan, a tunnel, an Open vSwitch bridge, …",
};

/** The kinds a host interface may have, each with a line that says what it is (for the docs and the JSON Schema). */
export const HOST_INTERFACE_KINDS: readonly { kind: HostInterfaceKind; meaning: string }[] = Object.entries(KINDS).map(([kind, meaning]) => ({ kind: kind as HostInterfaceKind, meaning }));

/** Kinds whose interface sits on a parent interface. */
export const KINDS_WITH_PARENT: readonly HostInterfaceKind[] = ["vlan", "macvlan", "other"];

/** The members of the host object and of an interface in it, in the order the docs list them. */
export const HOST_FIELDS = ["kernelVersion", "stateVersion", "enableContainers", "virtualisationContainers", "interfaces", "networkNamespaces", "paths"] as const;
export const INTERFACE_FIELDS = ["kind", "parent", "addresses"] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const quoted = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");

/** A JSON value as a message shows it: short, with its type. */
function shown(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

class Reader {
  readonly findings: Finding[] = [];
  /** Errors in the network's facts: then the network stays unknown. */
  networkErrors = 0;

  error(path: Path, message: string, network = false): void {
    this.findings.push({ rule: HOST_FACTS_RULE, severity: "error", path, message });
    if (network) this.networkErrors++;
  }

  warning(path: Path, message: string): void {
    this.findings.push({ rule: HOST_FACTS_RULE, severity: "warning", path, message });
  }
}

const SCALARS = {
  kernelVersion: { type: "string", example: '"6.12.0"' },
  stateVersion: { type: "string", example: '"25.11"' },
  enableContainers: { type: "boolean", example: "true" },
  virtualisationContainers: { type: "boolean", example: "false" },
} as const;

/**
 * The host facts of the JSON input's `host` member (`value`), and the
 * findings about it; paths start at `host`. An absent member (undefined) is
 * no facts and no finding.
 */
export function readHostObject(value: unknown): { host: InputHost; findings: Finding[] } {
  const r = new Reader();
  const host: InputHost = {};
  if (value === undefined) return { host, findings: r.findings };
  if (!isObject(value)) {
    r.error(["host"], `expected an object of host facts (${HOST_FIELDS.join(", ")}), got ${shown(value)}`);
    return { host, findings: r.findings };
  }
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === "interfaces" || key === "networkNamespaces") continue;
    if (key === "paths") {
      const paths = readPaths(v, r);
      if (paths !== null) host.paths = paths;
      continue;
    }
    if (own(SCALARS, key)) {
      const want = SCALARS[key as keyof typeof SCALARS];
      if (typeof v !== want.type) r.error(["host", key], `expected a ${want.type} such as ${want.example}, got ${shown(v)}`);
      else (host as Record<string, unknown>)[key] = v;
      continue;
    }
    r.warning(["host", key], `is not a host fact containers-nix reads, and is ignored; the facts are ${HOST_FIELDS.join(", ")}`);
  }
  const interfaces = own(value, "interfaces") ? readInterfaces(value.interfaces, r) : undefined;
  const namespaces = own(value, "networkNamespaces") ? readNamespaces(value.networkNamespaces, r) : null;
  if (interfaces === undefined) {
    if (own(value, "networkNamespaces"))
      r.warning(["host", "networkNamespaces"], "is not used without host.interfaces: the host's network is known only when its interfaces are given (all of them)");
  } else if (r.networkErrors === 0) host.network = { interfaces, networkNamespaces: namespaces };
  return { host, findings: r.findings };
}

function readInterfaces(v: unknown, r: Reader): HostNetwork["interfaces"] {
  const out: HostNetwork["interfaces"] = {};
  if (!isObject(v)) {
    r.error(["host", "interfaces"], `expected an object of the host's interfaces by name, such as { "br0": { "kind": "bridge" } }, got ${shown(v)}`, true);
    return out;
  }
  for (const name of Object.keys(v)) {
    const at: Path = ["host", "interfaces", name];
    const problem = ifnameProblem(name) ?? (Buffer.byteLength(name, "utf8") > MAX_IFNAME_BYTES ? `it is longer than ${MAX_IFNAME_BYTES} bytes` : null);
    if (problem !== null) r.error(at, `is not a name an interface can have: ${problem}`, true);
    const entry = readInterface(v[name], at, v, r);
    if (entry !== null) out[name] = entry;
  }
  return out;
}

const kindList = quoted(Object.keys(KINDS));

function readInterface(v: unknown, at: Path, all: Record<string, unknown>, r: Reader): HostInterface | null {
  if (!isObject(v)) {
    r.error(at, `expected an object such as { "kind": "bridge" }, got ${shown(v)}`, true);
    return null;
  }
  for (const key of Object.keys(v))
    if (!(INTERFACE_FIELDS as readonly string[]).includes(key)) r.error([...at, key], `is not a field of a host interface; its fields are ${INTERFACE_FIELDS.join(", ")}`, true);
  if (!own(v, "kind")) {
    r.error(at, `has no kind; give one of ${kindList}`, true);
    return null;
  }
  if (typeof v.kind !== "string" || !own(KINDS, v.kind)) {
    r.error([...at, "kind"], `${shown(v.kind)} is not a kind of interface; expected one of ${kindList}`, true);
    return null;
  }
  const entry: HostInterface = { kind: v.kind as HostInterfaceKind };
  if (own(v, "parent")) {
    const name = at[at.length - 1];
    if (!KINDS_WITH_PARENT.includes(entry.kind)) r.error([...at, "parent"], `a ${entry.kind} interface has no parent; only ${KINDS_WITH_PARENT.join(", ")} interfaces sit on one`, true);
    else if (typeof v.parent !== "string") r.error([...at, "parent"], `expected the name of another of host.interfaces, got ${shown(v.parent)}`, true);
    else if (v.parent === name) r.error([...at, "parent"], "is the interface itself; give the interface it sits on", true);
    else if (!own(all, v.parent)) r.error([...at, "parent"], `${shown(v.parent)} is not among host.interfaces; list the parent there too`, true);
    else entry.parent = v.parent;
  }
  if (own(v, "addresses")) {
    const addresses = readAddresses(v.addresses, [...at, "addresses"], r);
    if (addresses.length > 0) entry.addresses = addresses;
  }
  return entry;
}

function readAddresses(v: unknown, at: Path, r: Reader): string[] {
  if (!Array.isArray(v)) {
    r.error(at, `expected a list of addresses with their prefix lengths, such as ["10.10.0.1/24", "fd00::1/64"], got ${shown(v)}`, true);
    return [];
  }
  const out: string[] = [];
  v.forEach((a, i) => {
    if (typeof a !== "string") return r.error([...at, i], `expected an address with its prefix length, such as "10.10.0.1/24", got ${shown(a)}`, true);
    const parsed = parseAnyAddress(a);
    if (!parsed.ok) return r.error([...at, i], `${shown(a)} is not an IPv4 or IPv6 address with a prefix length: ${parsed.reason}`, true);
    if (parsed.value.prefix === null) return r.error([...at, i], `${shown(a)} has no prefix length; write it as the host has it, such as "${a}/${parsed.value.family === 4 ? 24 : 64}"`, true);
    out.push(a);
  });
  return out;
}

/**
 * `paths`: what exists on the host among the sources of the containers' bind
 * mounts (a path stands for its parent directories too); null: not known.
 * A list with a bad element is not used: a source missing from a half-read
 * list would be reported missing.
 */
function readPaths(v: unknown, r: Reader): string[] | null {
  const at: Path = ["host", "paths"];
  if (v === null) return null;
  if (!Array.isArray(v)) {
    r.error(at, `expected a list of the host paths that exist, such as ["/srv/www", "/var/lib/shared"], or null when they are not known; got ${shown(v)}`);
    return null;
  }
  const out: string[] = [];
  let bad = false;
  v.forEach((p, i) => {
    if (typeof p === "string" && p.startsWith("/")) return out.push(p);
    bad = true;
    r.error([...at, i], `expected an absolute path such as "/srv/www", got ${shown(p)}`);
  });
  return bad ? null : out;
}

function readNamespaces(v: unknown, r: Reader): string[] | null {
  const at: Path = ["host", "networkNamespaces"];
  if (v === null) return null;
  if (!Array.isArray(v)) {
    r.error(at, `expected a list of the paths of the host's network namespaces, such as ["/run/netns/vpn"], or null when they are not known; got ${shown(v)}`, true);
    return null;
  }
  const out: string[] = [];
  v.forEach((p, i) => {
    if (typeof p !== "string" || !p.startsWith("/")) return r.error([...at, i], `expected an absolute path such as "/run/netns/vpn", got ${shown(p)}`, true);
    out.push(p);
  });
  return out;
}
