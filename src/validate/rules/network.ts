/** Rules on a container's network settings and those of its extraVeths. */
import { confTable } from "../../options/conf.js";
import { canonicalText, hasHostBits, parseAddress, parseAnyAddress, type ParseResult } from "../ip.js";
import { at, networkScopes, NO_HITS, show, type ContainerOption, type ContainerRule, type Hit, type NetworkScope } from "./rule.js";

export type AddressOption = "hostAddress" | "hostAddress6" | "localAddress" | "localAddress6";

/**
 * The address options and how `ip` reads each: the …6 options go to `ip -6`,
 * which takes IPv6 only; hostAddress and localAddress go to plain `ip`, which
 * detects the family (nixpkgs' own tests put IPv6 addresses there).
 */
export const ADDRESS_OPTIONS: readonly { readonly option: AddressOption; readonly family: "any" | 6 }[] = [
  { option: "hostAddress", family: "any" },
  { option: "hostAddress6", family: 6 },
  { option: "localAddress", family: "any" },
  { option: "localAddress6", family: 6 },
];

/** An address option's value parsed as its consumer parses it. */
export const parseOption = (text: string, family: "any" | 6): ParseResult => (family === "any" ? parseAnyAddress(text) : parseAddress(text, 6));

/**
 * The address option at `index` of ADDRESS_OPTIONS in a network scope, parsed
 * as its consumer parses it (null when unset): once per scope, each option
 * when first asked for, since several rules here and in across.ts read the
 * same addresses. Only the option asked for is read (a rule's reads decide
 * whether its hits on a repaired container are kept, see validate.ts).
 */
export function parsedAddress(scope: NetworkScope, index: number): ParseResult | null {
  let r = scope.parsed[index];
  if (r === undefined) {
    const { option, family } = ADDRESS_OPTIONS[index]!;
    const text = scope.net[option];
    scope.parsed[index] = r = text === null ? null : parseOption(text, family);
  }
  return r;
}

/** Indexes into ADDRESS_OPTIONS. */
export const LOCAL4 = 2;
export const LOCAL6 = 3;
/** The local address options with their index into ADDRESS_OPTIONS. */
export const LOCAL_OPTIONS = [
  { option: "localAddress", index: LOCAL4 },
  { option: "localAddress6", index: LOCAL6 },
] as const;

export const addressSyntax: ContainerRule = {
  id: "address-syntax",
  triggers: ["hostAddress", "hostAddress6", "localAddress", "localAddress6", "extraVeths"],
  judgesValues: true,
  severity: "error",
  summary: "hostAddress and localAddress hold an IPv4 or IPv6 address, the …6 options an IPv6 address (`ip -6`); only local addresses take a /prefix.",
  consumer: "ip-addr-add",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const scope = scopes[k]!;
      const { prefix, net } = scope;
      for (let i = 0; i < ADDRESS_OPTIONS.length; i++) {
        const r = parsedAddress(scope, i);
        if (r === null) continue;
        if (r.ok && (r.value.prefix === null || i === LOCAL4 || i === LOCAL6)) continue; // the common case: nothing to build
        const { option, family } = ADDRESS_OPTIONS[i]!;
        const text = net[option]!;
        const path = at(s.name, ...prefix, option);
        if (!r.ok) (hits ??= []).push({ path, message: `${show(text)} is not an IPv${family === 6 || text.split("/")[0]!.includes(":") ? 6 : 4} address: ${r.reason}.` });
        else if (option.startsWith("host") && r.value.prefix !== null)
          (hits ??= []).push({
            path,
            message: `${show(text)} has a prefix length, but the host address is used as a route target and default gateway inside the container, which take a bare address. Remove /${r.value.prefix}.`,
          });
      }
    }
    return hits ?? NO_HITS;
  },
};

export const hostBridgeWithHostAddress: ContainerRule = {
  id: "host-bridge-with-host-address",
  triggers: ["hostBridge", "extraVeths"],
  severity: "warning",
  summary: "With hostBridge, hostAddress/hostAddress6 give the host end no address (the bridge has it); inside they only become a route and gateway.",
  consumer: "module-conf",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const { prefix, net, veth } = scopes[k]!;
      if (net.hostBridge === null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (const option of ["hostAddress", "hostAddress6"] as const) {
        if (net[option] === null) continue;
        (hits ??= []).push({
          path: at(s.name, ...prefix, option),
          message: `set together with hostBridge ${show(net.hostBridge)}. The host end of the veth pair joins the bridge and gets no address; inside the container the value only becomes a route${veth === null ? " and the default gateway" : ""}. Set either hostBridge or the host addresses, not both.`,
        });
      }
    }
    return hits ?? NO_HITS;
  },
};

/** The options the conf file writes only inside the PRIVATE_NETWORK group: ignored without privateNetwork. */
const privateNetworkOptions: readonly ContainerOption[] = confTable
  .filter((l) => l.when?.test === "isTrue" && l.when.option === "privateNetwork")
  .flatMap((l) => l.members ?? [])
  .flatMap((m) => m.when?.option ?? []);

export const networkWithoutPrivateNetwork: ContainerRule = {
  id: "network-without-private-network",
  triggers: privateNetworkOptions,
  severity: "warning",
  summary: "Network options (hostBridge, addresses, forwardPorts, localMacAddress) are ignored while privateNetwork is false.",
  consumer: "module-conf",
  scope: "container",
  check: (s) => {
    if (s.cfg.privateNetwork) return NO_HITS;
    const cfg = s.cfg as unknown as Record<string, unknown>;
    return privateNetworkOptions
      .filter((o) => cfg[o] !== null && !(Array.isArray(cfg[o]) && (cfg[o] as unknown[]).length === 0))
      .map((o) => ({
        path: at(s.name, o),
        message: "has no effect because privateNetwork is false: the container shares the host's network. Set privateNetwork = true, or remove it.",
      }));
  },
};

export const localAddressWithoutPrefix: ContainerRule = {
  id: "local-address-without-prefix",
  triggers: ["hostBridge", "extraVeths"],
  severity: "warning",
  summary: "Behind a hostBridge, a localAddress without /prefix becomes a /32 (or /128) and cannot reach the bridged network.",
  consumer: "ip-addr-add",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const scope = scopes[k]!;
      const { prefix, net, veth } = scope;
      if (net.hostBridge === null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (let j = 0; j < LOCAL_OPTIONS.length; j++) {
        const { option, index } = LOCAL_OPTIONS[j]!;
        const r = parsedAddress(scope, index);
        if (r === null || !r.ok || r.value.prefix !== null) continue;
        const text = net[option]!;
        const family = r.value.family;
        (hits ??= []).push({
          path: at(s.name, ...prefix, option),
          message: `${show(text)} has no prefix length while hostBridge is set, so it becomes a /${family === 4 ? 32 : 128} with no route to the bridged network. Give the network's prefix, e.g. ${show(`${text}/${family === 4 ? 24 : 64}`)}.`,
        });
      }
    }
    return hits ?? NO_HITS;
  },
};

export const forwardPortProtocol: ContainerRule = {
  id: "forward-port-protocol",
  triggers: ["forwardPorts"],
  judgesValues: true,
  severity: "error",
  summary: "forwardPorts' protocol is tcp or udp, the only ones systemd-nspawn's --port takes.",
  consumer: "nspawn-port",
  scope: "container",
  // Only the container's own ports reach --port, and only with privateNetwork (other rules report the rest as ignored).
  check: (s) => {
    let hits: Hit[] | undefined;
    if (!s.cfg.privateNetwork) return hits ?? NO_HITS;
    const ports = s.cfg.forwardPorts;
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]!;
      if (p.protocol === "tcp" || p.protocol === "udp") continue;
      (hits ??= []).push({ path: at(s.name, "forwardPorts", i, "protocol"), message: `${show(p.protocol)} is not a protocol systemd-nspawn forwards; use "tcp" or "udp".` });
    }
    return hits ?? NO_HITS;
  },
};

export const localAddressHostRoute: ContainerRule = {
  id: "local-address-host-route",
  replayed: true,
  triggers: ["localAddress", "extraVeths"],
  severity: "error",
  summary: "Without a hostBridge, an IPv4 localAddress with a prefix must have no host bits (`10.0.0.2/24` fails): the host routes it with `ip route add`, which the kernel refuses.",
  consumer: "ip-route-add",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const scope = scopes[k]!;
      const { prefix, net, veth } = scope;
      if (net.hostBridge !== null || (veth === null && !s.cfg.privateNetwork) || net.localAddress === null) continue;
      const r = parsedAddress(scope, LOCAL4)!;
      if (!r.ok || r.value.family !== 4 || !hasHostBits(r.value)) continue;
      (hits ??= []).push({
        path: at(s.name, ...prefix, "localAddress"),
        message: `${show(net.localAddress)} has a prefix length, so the host's \`ip route add ${net.localAddress} dev …\` fails ("Invalid prefix for given prefix length") and the container does not start. Without hostBridge write the bare address ${show(canonicalText(r.value))}, or use a hostBridge.`,
      });
    }
    return hits ?? NO_HITS;
  },
};

/** The port fields of a forwardPorts entry. */
const PORT_FIELDS = ["hostPort", "containerPort"] as const;

export const forwardPortNumber: ContainerRule = {
  id: "forward-port-number",
  triggers: ["forwardPorts"],
  judgesValues: true,
  severity: "error",
  summary: "forwardPorts' hostPort and containerPort are 1–65535: systemd-nspawn's --port refuses port 0.",
  consumer: "nspawn-port",
  scope: "container",
  check: (s) => {
    if (!s.cfg.privateNetwork) return NO_HITS;
    const ports = s.cfg.forwardPorts;
    let hits: Hit[] | undefined;
    for (let i = 0; i < ports.length; i++)
      for (let j = 0; j < PORT_FIELDS.length; j++) {
        const k = PORT_FIELDS[j]!;
        if (ports[i]![k] === 0)
          (hits ??= []).push({ path: at(s.name, "forwardPorts", i, k), message: "is 0, which systemd-nspawn's --port refuses, so the container does not start. Use a port from 1 to 65535." });
      }
    return hits ?? NO_HITS;
  }
};

export const macAddress: ContainerRule = {
  id: "mac-address",
  triggers: ["localMacAddress"],
  judgesValues: true,
  severity: "error",
  summary: "localMacAddress is a unicast, non-zero address: the kernel refuses a multicast or all-zero one and the container's init fails.",
  consumer: "ip-link-address",
  scope: "container",
  check: (s) => {
    const mac = s.cfg.localMacAddress;
    if (mac === null || !s.cfg.privateNetwork) return NO_HITS;
    const bytes = mac.split(":").map((h) => parseInt(h, 16));
    const problem = (bytes[0]! & 1) === 1 ? "a multicast address (the lowest bit of the first byte is set)" : bytes.every((b) => b === 0) ? "all zeros" : null;
    if (problem === null) return NO_HITS;
    return [
      {
        path: at(s.name, "localMacAddress"),
        message: `${show(mac)} is ${problem}, which the kernel refuses for an interface: \`ip link set dev eth0 address\` fails and the container does not boot. Use a unicast address, e.g. one starting with 02: (locally administered).`,
      },
    ];
  },
};

export const extraVethIgnored: ContainerRule = {
  id: "extra-veth-ignored-option",
  triggers: ["extraVeths"],
  judgesValues: true,
  severity: "warning",
  summary: "extraVeths' forwardPorts and localMacAddress are never applied: only the container's own reach systemd-nspawn and the init script.",
  consumer: "module-conf",
  scope: "container",
  check: (s) =>
    Object.entries(s.cfg.extraVeths).flatMap(([veth, net]) => [
      ...(net.forwardPorts.length > 0
        ? [{ path: at(s.name, "extraVeths", veth, "forwardPorts"), message: "is ignored: ports are forwarded only by the container's own forwardPorts, to its first interface. Move the entries there." }]
        : []),
      ...(net.localMacAddress !== null
        ? [{ path: at(s.name, "extraVeths", veth, "localMacAddress"), message: "is ignored: only the container's own localMacAddress is set on its interface; this veth gets a random address. Set the address inside the container's configuration instead." }]
        : []),
    ]),
};

export const networkNamespaceConflict: ContainerRule = {
  id: "network-namespace-conflict",
  triggers: ["networkNamespace"],
  judgesValues: true,
  severity: "error",
  summary: "networkNamespace cannot be combined with macvlans or extraVeths either: systemd-nspawn refuses --network-namespace-path= beside other network options.",
  consumer: "nspawn-network-namespace",
  scope: "container",
  check: (s) => {
    if (s.cfg.networkNamespace === null) return NO_HITS;
    const clash = (option: string) => ({
      path: at(s.name, option),
      message: `cannot be used with networkNamespace: systemd-nspawn refuses --network-namespace-path= together with other network options, so the container does not start. Remove one of them.`,
    });
    return [...(s.cfg.macvlans.length > 0 ? [clash("macvlans")] : []), ...(Object.keys(s.cfg.extraVeths).length > 0 ? [clash("extraVeths")] : [])];
  },
};

export const impliedPrivateNetwork: ContainerRule = {
  id: "implied-private-network",
  triggers: ["interfaces", "macvlans"],
  severity: "warning",
  summary: "interfaces and macvlans give the container a network of its own even with privateNetwork = false (systemd-nspawn: they imply --private-network).",
  consumer: "nspawn-run",
  judgesValues: true,
  scope: "container",
  check: (s) =>
    s.cfg.privateNetwork || s.cfg.networkNamespace !== null
      ? NO_HITS
      : (["interfaces", "macvlans"] as const)
          .filter((o) => s.cfg[o].length > 0)
          .map((o) => ({
            path: at(s.name, o),
            message: `moves the container into a network namespace of its own although privateNetwork is false: systemd-nspawn's --network-${o === "interfaces" ? "interface" : "macvlan"} implies --private-network, so the container no longer shares the host's network. Set privateNetwork = true to say so.`,
          })),
};
