/** Settings systemd and systemd-nspawn parse at run time: devices, capabilities, timeouts, user namespaces. */
import { isCapability, suggestCapability } from "../capabilities.js";
import { parseTimeSpan } from "../timespan.js";
import { at, show, type ContainerRule, type Hit, NO_HITS } from "./rule.js";

export const deviceModifier: ContainerRule = {
  id: "device-modifier",
  triggers: ["allowedDevices"],
  judgesValues: true,
  severity: "warning",
  summary: "allowedDevices' modifier is made of r, w and m only; systemd logs any other DeviceAllow= entry and ignores it.",
  consumer: "unit-device-allow",
  scope: "container",
  check: (s) =>
    s.cfg.allowedDevices.flatMap((d, i) => {
      const bad = [...new Set([...d.modifier].filter((c) => c !== "r" && c !== "w" && c !== "m"))];
      if (bad.length === 0) return NO_HITS;
      return [
        {
          path: at(s.name, "allowedDevices", i, "modifier"),
          message: `${show(d.modifier)} contains ${bad.map((c) => show(c)).join(", ")}, so systemd ignores this DeviceAllow= entry and the container gets no access to ${show(d.node)}; the modifier is any combination of r (read), w (write) and m (mknod).`,
        },
      ];
    }),
};

export const capabilityName: ContainerRule = {
  id: "capability-name",
  triggers: ["additionalCapabilities"],
  judgesValues: true,
  severity: "error",
  summary: "additionalCapabilities holds Linux capability names (CAP_…), or `all`.",
  consumer: "nspawn-capability",
  scope: "container",
  check: (s) => {
    const caps = s.cfg.additionalCapabilities;
    let hits: Hit[] | undefined;
    for (let i = 0; i < caps.length; i++) {
      // The entries are joined with ',' for --capability=, so one entry may itself list several.
      const entry = caps[i]!;
      const cap = entry.includes(",") ? entry.split(",").find((c) => !isCapability(c)) : isCapability(entry) ? undefined : entry;
      if (cap === undefined) continue;
      const guess = suggestCapability(cap);
      (hits ??= []).push({
        path: at(s.name, "additionalCapabilities", i),
        message: `${show(cap)} is not a Linux capability${guess === undefined ? "; see capabilities(7) for the names" : `; did you mean ${show(guess)}?`}.`,
      });
    }
    return hits ?? NO_HITS;
  }
};

export const timeoutStartSec: ContainerRule = {
  id: "timeout-start-sec",
  triggers: ["timeoutStartSec"],
  judgesValues: true,
  severity: "warning",
  summary: "timeoutStartSec is a time span systemd can parse (systemd.time(7)): `infinity`, or numbers with units such as `90s`, `2h 30min`; systemd ignores anything else.",
  consumer: "unit-timeout",
  scope: "container",
  check: (s) => {
    const r = parseTimeSpan(s.cfg.timeoutStartSec);
    if (r.ok) return NO_HITS;
    return [
      {
        path: at(s.name, "timeoutStartSec"),
        message: `${show(s.cfg.timeoutStartSec)} is not a time span systemd can parse (${r.reason}), so systemd ignores it and the default timeout applies. Write e.g. "90", "90s", "5min", "2h 30min" or "infinity".`,
      },
    ];
  },
};

export const privateUsersWritableBind: ContainerRule = {
  id: "private-users-writable-bind",
  triggers: ["privateUsers"],
  severity: "warning",
  summary: "privateUsers `pick` or a number other than 0 with a writable bind mount that is not idmapped: host files show up owned by nobody inside.",
  consumer: "nspawn-private-users",
  scope: "container",
  check: (s) => {
    const pu = s.cfg.privateUsers;
    if (pu === "no" || pu === "identity" || pu === 0) return NO_HITS;
    // An idmapped mount (`/data:idmap`, with a hostPath) shows the host's owners inside: nothing to warn about.
    const idmapped = (m: { mountPoint: string; hostPath: string | null }) =>
      m.hostPath !== null && m.mountPoint.includes(":") && m.mountPoint.slice(m.mountPoint.indexOf(":") + 1).split(",").some((o) => o.endsWith("idmap") && o !== "noidmap");
    return Object.entries(s.cfg.bindMounts)
      .filter(([, m]) => !m.isReadOnly && !idmapped(m))
      .map(([key]) => ({
        path: at(s.name, "bindMounts", key, "isReadOnly"),
        message: `a writable bind mount in a container with privateUsers = ${typeof pu === "number" ? pu : show(pu)}: its UIDs are shifted, so the host's files show up owned by nobody and writes may fail. Make the mount read-only, idmap it (mountPoint "<path>:idmap" with a hostPath), chown the host directory to the container's UID range, or use privateUsers = "identity".`,
      }));
  },
};

export const tunGivenByHand: ContainerRule = {
  id: "tun-given-by-hand",
  triggers: ["additionalCapabilities", "allowedDevices"],
  judgesValues: true,
  severity: "warning",
  summary: "enableTun already grants CAP_NET_ADMIN and /dev/net/tun; giving them by hand as well is redundant.",
  consumer: "unit-device-allow",
  scope: "container",
  check: (s) => {
    if (!s.cfg.enableTun) return NO_HITS;
    let hits: Hit[] | undefined;
    s.cfg.additionalCapabilities.forEach((cap, i) => {
      if (cap.toUpperCase() === "CAP_NET_ADMIN")
        (hits ??= []).push({ path: at(s.name, "additionalCapabilities", i), message: "CAP_NET_ADMIN is already granted by enableTun = true; remove it here." });
    });
    s.cfg.allowedDevices.forEach((d, i) => {
      if (d.node === "/dev/net/tun")
        (hits ??= []).push({ path: at(s.name, "allowedDevices", i), message: "/dev/net/tun is already allowed by enableTun = true; remove this entry." });
    });
    return hits ?? NO_HITS;
  },
};

/** DeviceAllow= takes a path under /dev, or a device group as `char-NAME` / `block-NAME`. */
export function deviceNodeProblem(node: string): string | null {
  if (/\s/.test(node)) return "it contains whitespace, and systemd reads the text after it as the access rights";
  if (/^(char|block)-./.test(node)) return null;
  if (!node.startsWith("/dev/")) return "it is neither a path under /dev/ nor a device group (char-NAME, block-NAME)";
  return null;
}

export const deviceNode: ContainerRule = {
  id: "device-node",
  triggers: ["allowedDevices"],
  judgesValues: true,
  severity: "warning",
  summary: "allowedDevices' node is a path under /dev/ or `char-NAME`/`block-NAME` without whitespace; systemd logs any other DeviceAllow= entry and ignores it.",
  consumer: "unit-device-allow",
  scope: "container",
  check: (s) =>
    s.cfg.allowedDevices.flatMap((d, i) => {
      const problem = deviceNodeProblem(d.node);
      return problem === null
        ? []
        : [{ path: at(s.name, "allowedDevices", i, "node"), message: `${show(d.node)} is not a device DeviceAllow= takes: ${problem}. systemd ignores the entry, so the container gets no access. Write e.g. "/dev/fuse" or "char-drm".` }];
    }),
};

/** The size of the UID range systemd-nspawn gives a container with --private-users=UID. */
export const USERNS_RANGE = 65536;

export const privateUsersRange: ContainerRule = {
  id: "private-users-range",
  triggers: ["privateUsers"],
  judgesValues: true,
  severity: "error",
  summary: "A numeric privateUsers is a valid UID (not 65535) with room for its 65536 UIDs below 2^32, as systemd-nspawn's --private-users requires.",
  consumer: "nspawn-private-users",
  scope: "container",
  check: (s) => {
    const pu = s.cfg.privateUsers;
    if (typeof pu !== "number") return NO_HITS;
    const problem =
      pu === 65535 || pu === 4294967295
        ? `${pu} is not a valid UID (it stands for "no user")`
        : pu + USERNS_RANGE > 2 ** 32 - 1
          ? `${pu} leaves no room for the ${USERNS_RANGE} UIDs of the container's range below 2^32`
          : null;
    return problem === null
      ? []
      : [{ path: at(s.name, "privateUsers"), message: `${problem}, so systemd-nspawn refuses --private-users=${pu} and the container does not start. Use a multiple of 65536 such as 65536 or 131072, or "pick".` }];
  },
};

export const restartWithoutAutoStart: ContainerRule = {
  id: "restart-if-changed-without-auto-start",
  triggers: ["restartIfChanged"],
  severity: "warning",
  summary: "restartIfChanged = true is honoured only with autoStart: a container that does not start at boot is never restarted on a switch.",
  consumer: "module-conf",
  scope: "container",
  check: (s) =>
    s.given.restartIfChanged === true && !s.cfg.autoStart
      ? [{ path: at(s.name, "restartIfChanged"), message: "has no effect without autoStart = true: switching the configuration restarts only containers that start at boot. Set autoStart = true, or remove it." }]
      : [],
};
