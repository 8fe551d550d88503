/**
 * Clashes between containers. Each clash is reported once, at the later of
 * the two definitions (containers in attribute-name order), naming the first.
 */
import { compareAttrNames } from "../../model/nix-values.js";
import { formatPath, type Path } from "../finding.js";
import { addressKey, canonicalText, hasHostBits, networkKey, type ParsedAddress } from "../ip.js";
import { LOCAL_OPTIONS, parsedAddress } from "./network.js";
import { at, networkScopes, show, type HostRule, type Hit, type Subject } from "./rule.js";

/** The subjects in attribute-name order; sorted once per subjects array, shared by every rule here. */
const sorted = new WeakMap<readonly Subject[], readonly Subject[]>();
function inOrder(subjects: readonly Subject[]): readonly Subject[] {
  let out = sorted.get(subjects);
  if (out === undefined) sorted.set(subjects, (out = [...subjects].sort((a, b) => compareAttrNames(a.name, b.name))));
  return out;
}

/** Reports every occurrence of a key after its first; `W` says where one is, and paths and descriptions are built from it only for a clash. */
class Clashes<W> {
  private readonly first = new Map<string, W>();
  readonly hits: Hit[] = [];
  constructor(
    private readonly message: (describe: string, first: Path) => string,
    private readonly pathOf: (w: W) => Path,
    private readonly describe: (w: W) => string,
  ) {}

  add(key: string, where: W): void {
    const seen = this.first.get(key);
    if (seen === undefined) this.first.set(key, where);
    else this.hits.push({ path: this.pathOf(where), message: this.message(this.describe(where), this.pathOf(seen)) });
  }
}

export const duplicateHostPort: HostRule = {
  id: "duplicate-host-port",
  severity: "error",
  summary: "A host port is forwarded once per protocol, across all containers with privateNetwork.",
  consumer: "nspawn-port",
  scope: "host",
  check: (subjects) => {
    const found = new Clashes<{ name: string; i: number; p: { protocol: string; hostPort: number } }>(
      (d, first) => `the host's ${d} is already forwarded by ${formatPath(first)}; only one container can receive it. Pick another hostPort.`,
      (w) => at(w.name, "forwardPorts", w.i, "hostPort"),
      (w) => `${w.p.protocol} port ${w.p.hostPort}`,
    );
    for (const s of inOrder(subjects)) {
      if (!s.cfg.privateNetwork) continue;
      const ports = s.cfg.forwardPorts;
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i]!;
        found.add(`${p.protocol}/${p.hostPort}`, { name: s.name, i, p });
      }
    }
    return found.hits;
  },
};


export const duplicateLocalAddress: HostRule = {
  id: "duplicate-local-address",
  severity: "error",
  summary: "No two containers (or extraVeths) have the same local address (localAddress or localAddress6), compared without prefix length.",
  consumer: "ip-route-add",
  scope: "host",
  check: (subjects) => {
    const found = new Clashes<{ name: string; prefix: readonly (string | number)[]; option: string; a: ParsedAddress }>(
      (d, first) => `the address ${d} is already used by ${formatPath(first)}; two interfaces with one address break routing to both. Give each its own address.`,
      (w) => at(w.name, ...w.prefix, w.option),
      (w) => show(canonicalText(w.a)),
    );
    for (const s of inOrder(subjects))
      for (const scope of networkScopes(s)) {
        const { prefix } = scope;
        for (const [option, index] of LOCAL_OPTIONS) {
          const r = parsedAddress(scope, index);
          if (r !== null && r.ok) found.add(addressKey(r.value), { name: s.name, prefix, option, a: r.value });
        }
      }
    return found.hits;
  },
};

export const duplicateExtraVeth: HostRule = {
  id: "duplicate-extra-veth",
  severity: "error",
  summary: "An extraVeths name is used by one container only, and is not the `ve-<name>`/`vb-<name>` interface of another container.",
  consumer: "kernel-ifname",
  scope: "host",
  check: (subjects) => {
    // Most hosts have no extraVeths at all: nothing can clash.
    if (!subjects.some((s) => hasKeys(s.cfg.extraVeths))) return [];
    const sorted = inOrder(subjects);
    // The host-side interfaces nspawn creates for privateNetwork come first: they exist whatever the order.
    const own = new Map<string, Path>();
    for (const s of sorted) if (s.cfg.privateNetwork) own.set(`${s.cfg.hostBridge === null ? "ve" : "vb"}-${s.name}`, at(s.name, "privateNetwork"));
    const hits: Hit[] = [];
    const first = new Map<string, Path>();
    for (const s of sorted)
      for (const veth of Object.keys(s.cfg.extraVeths)) {
        const path = at(s.name, "extraVeths", veth);
        const generated = own.get(veth);
        const seen = first.get(veth);
        if (generated !== undefined)
          hits.push({ path, message: `${show(veth)} is the host-side interface systemd-nspawn creates for ${formatPath(generated.slice(0, 2))} (privateNetwork). Rename the extra veth.` });
        else if (seen !== undefined)
          hits.push({ path, message: `${show(veth)} is already an extra veth of ${formatPath(seen.slice(0, 2))}; a host interface name can exist only once. Rename one of them.` });
        else first.set(veth, path);
      }
    return hits;
  },
};

export const duplicateInterface: HostRule = {
  id: "duplicate-interface",
  judgesValues: true,
  severity: "error",
  summary: "A host interface is moved into one container only (interfaces): once moved it is gone from the host, and the next container cannot start.",
  consumer: "kernel-ifname",
  scope: "host",
  check: (subjects) => {
    const found = new Clashes<{ name: string; i: number; iface: string }>(
      (d, first) => `the host interface ${d} is already moved into a container by ${formatPath(first)}; an interface can live in one network namespace only. Give each container its own interface (or macvlans on a shared one).`,
      (w) => at(w.name, "interfaces", w.i),
      (w) => show(w.iface),
    );
    for (const s of inOrder(subjects)) {
      const ifaces = s.cfg.interfaces;
      for (let i = 0; i < ifaces.length; i++) found.add(ifaces[i]!, { name: s.name, i, iface: ifaces[i]! });
    }
    return found.hits;
  },
};

const hasKeys = (o: object) => {
  for (const _ in o) return true;
  return false;
};

export const duplicateHostRoute: HostRule = {
  id: "duplicate-host-route",
  severity: "error",
  summary:
    "Without a hostBridge, the host routes each local address with its prefix to the container's veth; two veths routing the same prefix fail (\"File exists\"), e.g. `fd00::2/64` and `fd00::3/64`.",
  consumer: "ip-route-add",
  scope: "host",
  check: (subjects) => {
    const first = new Map<string, { name: string; prefix: readonly (string | number)[]; option: string; address: string }>();
    const hits: Hit[] = [];
    for (const s of inOrder(subjects))
      for (const scope of networkScopes(s)) {
        const { prefix, net, veth } = scope;
        if (net.hostBridge !== null || (veth === null && !s.cfg.privateNetwork)) continue;
        for (const [option, index] of LOCAL_OPTIONS) {
          const r = parsedAddress(scope, index);
          if (r === null) continue;
          const text = net[option]!;
          // Bare addresses are host routes (duplicate-local-address); an IPv4 prefix with host bits fails anyway (local-address-host-route).
          if (!r.ok || r.value.prefix === null || (r.value.family === 4 && hasHostBits(r.value))) continue;
          const key = networkKey(r.value);
          const address = addressKey(r.value);
          const seen = first.get(key);
          if (seen === undefined) first.set(key, { name: s.name, prefix, option, address });
          else if (seen.address !== address)
            hits.push({
              path: at(s.name, ...prefix, option),
              message: `${show(text)} makes the host route the same network as ${formatPath(at(seen.name, ...seen.prefix, seen.option))} already does, to another veth; the second \`ip route add\` fails ("File exists") and the container does not start. Give the networks different prefixes, write the bare address, or put both behind a hostBridge.`,
            });
      }
      }
    return hits;
  },
};
