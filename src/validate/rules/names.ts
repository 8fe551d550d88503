/** Container names and network interface names. */
import { kernelHasAltnames } from "../../options/checks.js";
import { CONF_UNSAFE_CHARS } from "../../options/conf.js";
import { at, networkScopes, show, type ContainerRule, type Hit, NO_HITS } from "./rule.js";

/** IFNAMSIZ (16) less the terminating NUL. */
export const MAX_IFNAME_BYTES = 15;

/**
 * Why the kernel refuses `name` as an interface name (dev_valid_name): empty,
 * `.` or `..`, or containing `/`, `:` or whitespace. Null when it is fine;
 * the length is checked apart, since newer kernels give long names an altname.
 */
export function ifnameProblem(name: string, skip: (c: string) => boolean = () => false): string | null {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `${show(name)} is not a valid interface name`;
  const bad = [...name].find((c) => (c === "/" || c === ":" || /\s/.test(c)) && !skip(c));
  return bad === undefined ? null : `it contains ${show(bad)}, which interface names cannot contain`;
}

/** Characters another rule reports first: conf-injection's in names written to the conf file, and start-script-split's in INTERFACES and MACVLANS. */
const confChar = (c: string) => CONF_UNSAFE_CHARS.includes(c);
const splitChar = (c: string) => confChar(c) || c === " " || c === "\t";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

export const interfaceName: ContainerRule = {
  id: "interface-name",
  triggers: ["extraVeths", "hostBridge", "interfaces", "macvlans"],
  judgesValues: true,
  severity: "error",
  summary:
    "Interface names are valid kernel names of at most 15 bytes: extraVeths names, hostBridge, moved interfaces always, `mv-<iface>` for macvlans on kernels up to 5.8 (`ve-<name>` is container-name-length).",
  consumer: "kernel-ifname",
  scope: "container",
  check: (s, ctx) => {
    let hits: Hit[] | undefined;
    for (const veth of Object.keys(s.cfg.extraVeths)) {
      const problem = ifnameProblem(veth) ?? (bytes(veth) > MAX_IFNAME_BYTES ? `it is ${bytes(veth)} bytes long` : null);
      if (problem !== null)
        (hits ??= []).push({
          path: at(s.name, "extraVeths", veth),
          message: `${show(veth)} cannot be the name of the host end of a veth pair: ${problem}, and interface names have at most ${MAX_IFNAME_BYTES} bytes of letters, digits and punctuation other than '/' and ':'.`,
        });
    }
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const { prefix, net, veth } = scopes[k]!;
      const bridge = net.hostBridge;
      if (bridge === null || (veth === null && !s.cfg.privateNetwork)) continue;
      const problem = ifnameProblem(bridge, veth === null ? confChar : () => false) ?? (bytes(bridge) > MAX_IFNAME_BYTES ? `it is ${bytes(bridge)} bytes long, over the kernel's ${MAX_IFNAME_BYTES}` : null);
      if (problem !== null) (hits ??= []).push({ path: at(s.name, ...prefix, "hostBridge"), message: `${show(bridge)} cannot be the name of a host bridge: ${problem}.` });
    }
    s.cfg.interfaces.forEach((iface, i) => {
      const problem = ifnameProblem(iface, splitChar) ?? (bytes(iface) > MAX_IFNAME_BYTES ? `it is ${bytes(iface)} bytes long, over the kernel's ${MAX_IFNAME_BYTES}` : null);
      if (problem !== null) (hits ??= []).push({ path: at(s.name, "interfaces", i), message: `${show(iface)} cannot be a host interface: ${problem}.` });
    });
    s.cfg.macvlans.forEach((iface, i) => {
      const problem = ifnameProblem(iface, splitChar);
      const generated = `mv-${iface}`;
      if (problem !== null) (hits ??= []).push({ path: at(s.name, "macvlans", i), message: `${show(iface)} cannot be a host interface: ${problem}.` });
      else if (bytes(generated) > MAX_IFNAME_BYTES && !kernelHasAltnames(ctx.host.kernelVersion))
        (hits ??= []).push({
          path: at(s.name, "macvlans", i),
          message: `the macvlan interface ${show(generated)} is ${bytes(generated)} bytes long, over the ${MAX_IFNAME_BYTES} that kernels up to 5.8 allow (this host: ${ctx.host.kernelVersion}). Use an interface with a name of at most ${MAX_IFNAME_BYTES - 3} bytes, or a newer kernel.`,
        });
    });
    return hits ?? NO_HITS;
  },
};

/** A label with none of the problems below: letters, digits and inner hyphens, at most 63 (ASCII, so bytes). */
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** RFC 1123 host-name label: 1-63 letters, digits and hyphens, not starting or ending with a hyphen. */
export function labelProblem(name: string): string | null {
  if (LABEL.test(name)) return null; // the common case, without looking at each character
  if (name.length === 0) return "it is empty";
  if (bytes(name) > 63) return `it is ${bytes(name)} bytes long, over the 63 a label may have`;
  const bad = [...name].find((c) => !/[A-Za-z0-9-]/.test(c));
  if (bad !== undefined) return `it contains ${show(bad)}; a label has only letters, digits and hyphens`;
  if (name.startsWith("-") || name.endsWith("-")) return "it starts or ends with a hyphen";
  return null;
}

export const containerNameLabel: ContainerRule = {
  id: "container-name-label",
  judgesValues: true,
  severity: "error",
  summary: "A container name is a valid host-name label (it becomes the container's host name and machine name).",
  consumer: "machine-name",
  scope: "container",
  check: (s) => {
    // An underscore is the module's own check (container-name-underscore); report everything else.
    const problem = labelProblem(s.name.replaceAll("_", "a"));
    return problem === null
      ? NO_HITS
      : [{ path: at(s.name), message: `the name ${show(s.name)} is not a valid host-name label: ${problem}. The name becomes the container's host name and machine name.` }];
  },
};
