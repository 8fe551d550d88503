/**
 * Random realistic hosts for `npm run fuzz:boot` (issue #17): a fast-check
 * arbitrary of plans (what each container is: routed, bridged, in a network
 * namespace ..., what the host has, which mistakes an admin made), and the
 * pure function that turns a plan into the JSON validate reads,
 * `{ containers, host }`, plus the start order the boot uses. The plan, not
 * the JSON, is what fast-check generates and shrinks: fewer containers, fewer
 * mistakes, plainer shapes, and the JSON built from the smaller plan stays
 * consistent (addresses from indices, the host given what the containers name).
 * Containers sit in four fixed slots (web, db, app, mail), each present or
 * not, so that shrinking can drop any one of them and the others keep their
 * names and addresses.
 *
 * Addresses (all private, and only ever inside the boot harness's namespaces):
 * container i routed: 10.20.i.1 / .2 and fd00:20:i::1 / ::2; its extra veth j
 * routed: 10.(40+j).i.1 / .2 and fd00:(40+j):i::1 / ::2; bridge k: 10.(100+k).0.1/24
 * and fd00:(100+k)::1/64, a container i on it .(10+i), its extra veth j .(50+4i+j).
 */
import fc from "fast-check";
import type { Json } from "../../src/model/resolve.js";
import type { HostInterface } from "../../src/model/host-network.js";
import { applyMistake, MISTAKE_KINDS, type MistakeKind } from "./mistakes.js";
import { harnessPaths } from "../boot/host-case.js";
import { NAMES } from "./slots.js";

type Def = { [k: string]: Json };

/** A host as validate reads it (`containers`, `host`), with the order the boot starts the containers in and the mistakes made. */
export interface FuzzHost {
  containers: Record<string, Def>;
  /** `paths`: the bind mount sources the boot harness makes (harnessPaths), the host's paths as validate reads them. */
  host: { interfaces: Record<string, HostInterface>; networkNamespaces: string[]; paths: string[] };
  /** Container names in the order the boot starts them (systemd starts them in parallel: any order can happen). */
  order: string[];
  /** The mistakes mixed in, by kind (empty for a host meant to be right). */
  mistakes: MistakeKind[];
}

export type NetPlan =
  | { kind: "host" }
  | { kind: "private" }
  | { kind: "routed"; v4: boolean; v6: boolean; prefix4: "" | "/32"; prefix6: "" | "/128" | "/64" }
  | { kind: "bridged"; bridge: number; v4: boolean; v6: boolean; gateway: boolean }
  | { kind: "namespace"; ns: number };

export interface VethPlan {
  bridge: number | null;
  v4: boolean;
  v6: boolean;
}

export interface ContainerPlan {
  net: NetPlan;
  extraVeths: VethPlan[];
  macvlans: number[];
  interfaces: number;
  forwards: { udp: boolean; containerPort: boolean }[];
  binds: boolean[];
  tmpfs: boolean;
  privateUsers: "no" | "pick" | "base";
  mac: boolean;
  /** Sort key of the start order. */
  order: number;
}

export interface HostPlan {
  /** Per bridge br0..br2: its IPv4 and IPv6 addresses, when it has them. */
  bridges: { v4: boolean; v6: boolean }[];
  /** A bridge no container uses, an address on eth0, a macvlan of the host's own on eth0, a namespace no container joins. */
  spareBridge: boolean;
  eth0Address: boolean;
  hostMacvlan: boolean;
  spareNamespace: boolean;
}

export interface MistakePlan {
  kind: MistakeKind;
  a: number;
  b: number;
}

export interface Plan {
  host: HostPlan;
  /** One per slot of NAMES, null for a slot left empty; at least one is there. */
  containers: (ContainerPlan | null)[];
  mistakes: MistakePlan[];
}

export { NAMES };
/** Physical interfaces the host may have besides eth0 (macvlan parents). */
export const PARENTS = ["eth0", "eth1"] as const;

const bridgeArb = fc.integer({ min: 0, max: 2 });
const v4v6 = fc.constantFrom({ v4: true, v6: false }, { v4: false, v6: true }, { v4: true, v6: true });

/** True about once in `n + 1` draws. */
const rarely = (n: number) => fc.oneof({ weight: n, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const netArb: fc.Arbitrary<NetPlan> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ f: v4v6, prefix4: fc.constantFrom("" as const, "/32" as const), prefix6: fc.constantFrom("" as const, "/128" as const, "/64" as const) })
      .map(({ f, ...r }) => ({ kind: "routed" as const, ...f, ...r })),
  },
  { weight: 4, arbitrary: fc.record({ f: v4v6, bridge: bridgeArb, gateway: fc.boolean() }).map(({ f, ...r }) => ({ kind: "bridged" as const, ...f, ...r })) },
  { weight: 1, arbitrary: fc.constant({ kind: "host" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "private" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("namespace" as const), ns: fc.integer({ min: 0, max: 1 }) }) },
);

const vethArb: fc.Arbitrary<VethPlan> = fc.record({ bridge: fc.option(bridgeArb, { freq: 2 }), v4: fc.boolean(), v6: fc.boolean() });
const some = <T>(arb: fc.Arbitrary<T>, max: number, emptyWeight: number) =>
  fc.oneof({ weight: emptyWeight, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary: fc.array(arb, { minLength: 1, maxLength: max }) });

export const containerPlanArb: fc.Arbitrary<ContainerPlan> = fc.record({
  net: netArb,
  extraVeths: some(vethArb, 2, 4),
  macvlans: some(fc.integer({ min: 0, max: PARENTS.length - 1 }), 2, 8),
  interfaces: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
  forwards: some(fc.record({ udp: fc.boolean(), containerPort: fc.boolean() }), 2, 2),
  binds: some(fc.boolean(), 2, 2),
  tmpfs: rarely(4),
  privateUsers: fc.constantFrom("no" as const, "no" as const, "no" as const, "pick" as const, "base" as const),
  mac: rarely(6),
  order: fc.integer({ min: 0, max: 99 }),
});

export const hostPlanArb: fc.Arbitrary<HostPlan> = fc.record({
  bridges: fc.tuple(v4v6Bridge(), v4v6Bridge(), v4v6Bridge()),
  spareBridge: fc.boolean(),
  eth0Address: fc.boolean(),
  hostMacvlan: fc.boolean(),
  spareNamespace: fc.boolean(),
});

/** A bridge's addressing: IPv4, IPv6, both, or none (a bridge that only carries the LAN). */
function v4v6Bridge(): fc.Arbitrary<{ v4: boolean; v6: boolean }> {
  return fc.constantFrom({ v4: true, v6: false }, { v4: true, v6: true }, { v4: false, v6: true }, { v4: false, v6: false });
}

export const mistakePlanArb: fc.Arbitrary<MistakePlan> = fc.record({
  kind: fc.constantFrom(...MISTAKE_KINDS),
  a: fc.nat(11),
  b: fc.nat(11),
});

/** About half the hosts carry one to three mistakes. */
export const planArb: fc.Arbitrary<Plan> = fc.record({
  host: hostPlanArb,
  containers: fc.tuple(...NAMES.map(() => fc.option(containerPlanArb, { nil: null, freq: 2 }))).filter((cs) => cs.some((c) => c !== null)),
  mistakes: fc.oneof(fc.constant([] as MistakePlan[]), fc.array(mistakePlanArb, { minLength: 1, maxLength: 3 })),
});

// ---------------------------------------------------------------- building

export const bridgeName = (k: number) => `br${k}`;
export const bridge4 = (k: number, host: number) => `10.${100 + k}.0.${host}`;
export const bridge6 = (k: number, host: number) => `fd00:${100 + k}::${host.toString(16)}`;
export const namespacePath = (k: number) => `/run/netns/ns${k}`;
/** The container's moved interfaces: veth ends of the harness's host, unique per container. */
export const movedName = (i: number, j: number) => `en${i}p${j}`;

function network(i: number, c: ContainerPlan, host: HostPlan, d: Def, used: { bridges: Set<number>; namespaces: Set<number>; parents: Set<string>; moved: string[] }): void {
  const net = c.net;
  switch (net.kind) {
    case "host":
      return;
    case "namespace":
      d.networkNamespace = namespacePath(net.ns);
      used.namespaces.add(net.ns);
      return;
    case "private":
      d.privateNetwork = true;
      break;
    case "routed":
      d.privateNetwork = true;
      if (net.v4) Object.assign(d, { hostAddress: `10.20.${i}.1`, localAddress: `10.20.${i}.2${net.prefix4}` });
      if (net.v6) Object.assign(d, { hostAddress6: `fd00:20:${i}::1`, localAddress6: `fd00:20:${i}::2${net.prefix6}` });
      break;
    case "bridged":
      d.privateNetwork = true;
      d.hostBridge = bridgeName(net.bridge);
      used.bridges.add(net.bridge);
      if (net.v4) d.localAddress = `${bridge4(net.bridge, 10 + i)}/24`;
      if (net.v6) d.localAddress6 = `${bridge6(net.bridge, 10 + i)}/64`;
      if (net.gateway && net.v4) d.hostAddress = bridge4(net.bridge, 1);
      if (net.gateway && net.v6) d.hostAddress6 = bridge6(net.bridge, 1);
      break;
    default:
      return ((x: never) => x)(net);
  }
  const name = NAMES[i]!;
  if (c.extraVeths.length > 0) {
    const veths: Def = {};
    c.extraVeths.forEach((v, j) => {
      const veth: Def = {};
      const v4 = v.v4 || !v.v6;
      if (v.bridge !== null) {
        veth.hostBridge = bridgeName(v.bridge);
        used.bridges.add(v.bridge);
        if (v4) veth.localAddress = `${bridge4(v.bridge, 50 + 4 * i + j)}/24`;
        if (v.v6) veth.localAddress6 = `${bridge6(v.bridge, 50 + 4 * i + j)}/64`;
      } else {
        if (v4) Object.assign(veth, { hostAddress: `10.${40 + j}.${i}.1`, localAddress: `10.${40 + j}.${i}.2` });
        if (v.v6) Object.assign(veth, { hostAddress6: `fd00:${40 + j}:${i}::1`, localAddress6: `fd00:${40 + j}:${i}::2` });
      }
      veths[`${name}x${j}`] = veth;
    });
    d.extraVeths = veths;
  }
  const macvlans = [...new Set(c.macvlans.map((p) => PARENTS[p]!))];
  if (macvlans.length > 0) {
    d.macvlans = macvlans;
    for (const p of macvlans) used.parents.add(p);
  }
  if (c.interfaces > 0) {
    const moved = Array.from({ length: c.interfaces }, (_, j) => movedName(i, j));
    d.interfaces = moved;
    used.moved.push(...moved);
  }
  // Forwards only where the host reaches the container: a routed pair, or the bridge's address in the container's family.
  const reached = net.kind === "routed" || (net.kind === "bridged" && ((net.v4 && host.bridges[net.bridge]!.v4) || (net.v6 && host.bridges[net.bridge]!.v6)));
  if (reached && c.forwards.length > 0)
    d.forwardPorts = c.forwards.map((f, j) => ({
      protocol: f.udp ? "udp" : "tcp",
      hostPort: 8000 + 10 * i + j,
      ...(f.containerPort ? { containerPort: (f.udp ? 50 : 80) + j } : {}),
    }));
  if (c.mac && net.kind !== "private") d.localMacAddress = `02:00:00:00:0${i}:01`;
}

/** The host and its containers from a plan, mistakes applied. Pure: the same plan gives the same JSON. */
export function buildHost(plan: Plan): FuzzHost {
  const used = { bridges: new Set<number>(), namespaces: new Set<number>(), parents: new Set<string>(), moved: [] as string[] };
  const containers: Record<string, Def> = {};
  plan.containers.forEach((c, i) => {
    if (c === null) return;
    const name = NAMES[i]!;
    // The harness boots its own system in its place; validate wants a system (path or flake).
    const d: Def = { path: `/nix/store/${String(i).repeat(32)}-nixos-system-${name}` };
    network(i, c, plan.host, d, used);
    if (c.binds.length > 0)
      d.bindMounts = Object.fromEntries(c.binds.map((ro, j) => [`/srv/d${j}`, { hostPath: `/srv/${name}-${j}`, isReadOnly: ro }]));
    if (c.tmpfs) d.tmpfs = ["/scratch"];
    if (c.privateUsers === "pick") d.privateUsers = "pick";
    if (c.privateUsers === "base") d.privateUsers = 65536 * (20 + i);
    containers[name] = d;
  });
  const interfaces: Record<string, HostInterface> = {};
  interfaces.eth0 = plan.host.eth0Address ? { kind: "physical", addresses: ["192.168.50.10/24"] } : { kind: "physical" };
  if (used.parents.has("eth1")) interfaces.eth1 = { kind: "physical" };
  for (const m of used.moved) interfaces[m] = { kind: "physical" };
  if (plan.host.hostMacvlan) interfaces.mv0 = { kind: "macvlan", parent: "eth0" };
  const bridges = [...used.bridges].sort();
  for (const k of bridges) {
    const b = plan.host.bridges[k]!;
    const addresses = [...(b.v4 ? [`${bridge4(k, 1)}/24`] : []), ...(b.v6 ? [`${bridge6(k, 1)}/64`] : [])];
    interfaces[bridgeName(k)] = addresses.length > 0 ? { kind: "bridge", addresses } : { kind: "bridge" };
  }
  if (plan.host.spareBridge) interfaces.brs = { kind: "bridge" };
  const namespaces = [...used.namespaces].sort();
  if (plan.host.spareNamespace && !namespaces.includes(1)) namespaces.push(1);
  const order = plan.containers
    .flatMap((c, i) => (c === null ? [] : [{ name: NAMES[i]!, key: c.order, i }]))
    .sort((x, y) => x.key - y.key || x.i - y.i)
    .map((x) => x.name);
  const host: FuzzHost = { containers, host: { interfaces, networkNamespaces: namespaces.map(namespacePath), paths: [] }, order, mistakes: [] };
  for (const m of plan.mistakes) if (applyMistake(host, m.kind, m.a, m.b)) host.mistakes.push(m.kind);
  host.host.paths = harnessPaths(host.containers);
  return host;
}

/** The arbitrary of hosts itself (for properties that want the JSON). */
export const hostArb: fc.Arbitrary<FuzzHost> = planArb.map(buildHost);

/** The first `count` hosts of a seed, as `npm run fuzz:boot` and the boot suite's sample see them. */
export function sampleHosts(seed: number, count: number): FuzzHost[] {
  return fc.sample(planArb, { seed, numRuns: count }).map(buildHost);
}

/** What validate reads: the host without the boot's start order and the mistake labels. */
export const inputOf = (h: Pick<FuzzHost, "containers" | "host">) => ({ containers: h.containers, host: h.host });
