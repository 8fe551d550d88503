/** Settings systemd and systemd-nspawn parse at run time: devices, capabilities, timeouts, user namespaces. */
import { isCapability, suggestCapability } from "../capabilities.js";
import { parseTimeSpan } from "../timespan.js";
import { at, show, type ContainerRule, type Hit } from "./rule.js";

export const deviceModifier: ContainerRule = {
  id: "device-modifier",
  severity: "error",
  summary: "allowedDevices' modifier is made of r, w and m only, as DeviceAllow= takes it.",
  scope: "container",
  check: (s) =>
    s.cfg.allowedDevices.flatMap((d, i) => {
      const bad = [...new Set([...d.modifier].filter((c) => c !== "r" && c !== "w" && c !== "m"))];
      if (bad.length === 0) return [];
      return [
        {
          path: at(s.name, "allowedDevices", i, "modifier"),
          message: `${show(d.modifier)} contains ${bad.map((c) => show(c)).join(", ")}; the modifier is any combination of r (read), w (write) and m (mknod).`,
        },
      ];
    }),
};

export const capabilityName: ContainerRule = {
  id: "capability-name",
  severity: "error",
  summary: "additionalCapabilities holds Linux capability names (CAP_…), or `all`.",
  scope: "container",
  check: (s) =>
    s.cfg.additionalCapabilities.flatMap((cap, i) => {
      if (isCapability(cap)) return [];
      const guess = suggestCapability(cap);
      return [
        {
          path: at(s.name, "additionalCapabilities", i),
          message: `${show(cap)} is not a Linux capability${guess === undefined ? "; see capabilities(7) for the names" : `; did you mean ${show(guess)}?`}.`,
        },
      ];
    }),
};

export const timeoutStartSec: ContainerRule = {
  id: "timeout-start-sec",
  severity: "error",
  summary: "timeoutStartSec is a time span systemd can parse (systemd.time(7)): `infinity`, or numbers with units such as `90s`, `2h 30min`.",
  scope: "container",
  check: (s) => {
    const r = parseTimeSpan(s.cfg.timeoutStartSec);
    if (r.ok) return [];
    return [
      {
        path: at(s.name, "timeoutStartSec"),
        message: `${show(s.cfg.timeoutStartSec)} is not a time span systemd can parse (${r.reason}). Write e.g. "90", "90s", "5min", "2h 30min" or "infinity".`,
      },
    ];
  },
};

export const privateUsersWritableBind: ContainerRule = {
  id: "private-users-writable-bind",
  severity: "warning",
  summary: "privateUsers `pick` or a number other than 0 with a writable bind mount: host files show up owned by nobody inside.",
  scope: "container",
  check: (s) => {
    const pu = s.cfg.privateUsers;
    if (pu === "no" || pu === "identity" || pu === 0) return [];
    return Object.entries(s.cfg.bindMounts)
      .filter(([, m]) => !m.isReadOnly)
      .map(([key]) => ({
        path: at(s.name, "bindMounts", key, "isReadOnly"),
        message: `a writable bind mount in a container with privateUsers = ${typeof pu === "number" ? pu : show(pu)}: its UIDs are shifted, so the host's files show up owned by nobody and writes may fail. Make the mount read-only, chown the host directory to the container's UID range, or use privateUsers = "identity".`,
      }));
  },
};

export const tunGivenByHand: ContainerRule = {
  id: "tun-given-by-hand",
  severity: "warning",
  summary: "enableTun already grants CAP_NET_ADMIN and /dev/net/tun; giving them by hand as well is redundant.",
  scope: "container",
  check: (s) => {
    if (!s.cfg.enableTun) return [];
    const hits: Hit[] = [];
    s.cfg.additionalCapabilities.forEach((cap, i) => {
      if (cap.toUpperCase() === "CAP_NET_ADMIN")
        hits.push({ path: at(s.name, "additionalCapabilities", i), message: "CAP_NET_ADMIN is already granted by enableTun = true; remove it here." });
    });
    s.cfg.allowedDevices.forEach((d, i) => {
      if (d.node === "/dev/net/tun")
        hits.push({ path: at(s.name, "allowedDevices", i), message: "/dev/net/tun is already allowed by enableTun = true; remove this entry." });
    });
    return hits;
  },
};
