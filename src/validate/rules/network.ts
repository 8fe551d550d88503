/** Rules on a container's network settings and those of its extraVeths. */
import { confTable } from "../../options/conf.js";
import { parseAddress, type Family } from "../ip.js";
import { at, networkScopes, show, type ContainerRule, type Hit } from "./rule.js";

/** The address options and the family each takes. */
export const ADDRESS_OPTIONS: readonly (readonly ["hostAddress" | "hostAddress6" | "localAddress" | "localAddress6", Family])[] = [
  ["hostAddress", 4],
  ["hostAddress6", 6],
  ["localAddress", 4],
  ["localAddress6", 6],
];

export const addressSyntax: ContainerRule = {
  id: "address-syntax",
  severity: "error",
  summary: "Every address option holds an IPv4 (hostAddress, localAddress) or IPv6 (…6) address; only local addresses take a /prefix.",
  scope: "container",
  check: (s) => {
    const hits: Hit[] = [];
    for (const { prefix, net } of networkScopes(s)) {
      for (const [option, family] of ADDRESS_OPTIONS) {
        const text = net[option];
        if (text === null) continue;
        const path = at(s.name, ...prefix, option);
        const r = parseAddress(text, family);
        if (!r.ok) hits.push({ path, message: `${show(text)} is not an IPv${family} address: ${r.reason}.` });
        else if (option.startsWith("host") && r.value.prefix !== null)
          hits.push({
            path,
            message: `${show(text)} has a prefix length, but the host address is used as a route target and default gateway inside the container, which take a bare address. Remove /${r.value.prefix}.`,
          });
      }
    }
    return hits;
  },
};

export const hostBridgeWithHostAddress: ContainerRule = {
  id: "host-bridge-with-host-address",
  severity: "error",
  summary: "hostBridge and hostAddress/hostAddress6 exclude each other: with a bridge the host end has no address of its own.",
  scope: "container",
  check: (s) => {
    const hits: Hit[] = [];
    for (const { prefix, net, veth } of networkScopes(s)) {
      if (net.hostBridge === null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (const option of ["hostAddress", "hostAddress6"] as const) {
        if (net[option] === null) continue;
        hits.push({
          path: at(s.name, ...prefix, option),
          message: `set together with hostBridge ${show(net.hostBridge)}. The host end of the veth pair joins the bridge and gets no address; set either hostBridge or the host addresses, not both.`,
        });
      }
    }
    return hits;
  },
};

/** The options the conf file writes only inside the PRIVATE_NETWORK group: ignored without privateNetwork. */
const privateNetworkOptions: readonly string[] = confTable
  .filter((l) => l.when?.test === "isTrue" && l.when.option === "privateNetwork")
  .flatMap((l) => l.members ?? [])
  .flatMap((m) => m.when?.option ?? []);

export const networkWithoutPrivateNetwork: ContainerRule = {
  id: "network-without-private-network",
  severity: "warning",
  summary: "Network options (hostBridge, addresses, forwardPorts, localMacAddress) are ignored while privateNetwork is false.",
  scope: "container",
  check: (s) => {
    if (s.cfg.privateNetwork) return [];
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
  severity: "warning",
  summary: "Behind a hostBridge, a localAddress without /prefix becomes a /32 (or /128) and cannot reach the bridged network.",
  scope: "container",
  check: (s) => {
    const hits: Hit[] = [];
    for (const { prefix, net, veth } of networkScopes(s)) {
      if (net.hostBridge === null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (const [option, family] of [["localAddress", 4], ["localAddress6", 6]] as const) {
        const text = net[option];
        if (text === null) continue;
        const r = parseAddress(text, family);
        if (!r.ok || r.value.prefix !== null) continue;
        hits.push({
          path: at(s.name, ...prefix, option),
          message: `${show(text)} has no prefix length while hostBridge is set, so it becomes a /${family === 4 ? 32 : 128} with no route to the bridged network. Give the network's prefix, e.g. ${show(`${text}/${family === 4 ? 24 : 64}`)}.`,
        });
      }
    }
    return hits;
  },
};

export const forwardPortProtocol: ContainerRule = {
  id: "forward-port-protocol",
  severity: "error",
  summary: "forwardPorts' protocol is tcp or udp, the only ones systemd-nspawn's --port takes.",
  scope: "container",
  check: (s) =>
    networkScopes(s).flatMap(({ prefix, net }) =>
      net.forwardPorts
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => p.protocol !== "tcp" && p.protocol !== "udp")
        .map(({ p, i }) => ({
          path: at(s.name, ...prefix, "forwardPorts", i, "protocol"),
          message: `${show(p.protocol)} is not a protocol systemd-nspawn forwards; use "tcp" or "udp".`,
        })),
    ),
};
