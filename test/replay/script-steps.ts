/**
 * Step lists written by hand from the scripts' text (templates/core.nix.njk:
 * preStartScript, startScript, containerInitText, postStartScript), for the
 * replay's tests until the scripts give their own steps (issue #17, part S):
 * the same programs with the same arguments in the same order, unquoted
 * values split at whitespace as bash splits them, each with the options it
 * carries.
 */
import type { ConsumerId } from "../../src/validate/consumers.js";
import type { Path } from "../../src/validate/finding.js";
import type { Phase, Step } from "../../src/replay/step.js";

export interface Net {
  hostAddress?: string;
  localAddress?: string;
  hostAddress6?: string;
  localAddress6?: string;
  hostBridge?: string;
}

export interface Def extends Net {
  privateNetwork?: boolean;
  localMacAddress?: string;
  forwardPorts?: { protocol?: string; hostPort: number; containerPort?: number }[];
  interfaces?: string[];
  macvlans?: string[];
  extraVeths?: Record<string, Net>;
  networkNamespace?: string;
  privateUsers?: string | number;
  bindMounts?: Record<string, { hostPath?: string; isReadOnly?: boolean }>;
  tmpfs?: string[];
  additionalCapabilities?: string[];
  extraFlags?: string[];
  ephemeral?: boolean;
}

export const NSPAWN = "/nix/store/00000000000000000000000000000000-systemd/bin/systemd-nspawn";
const IP = "ip";
const words = (s: string) => s.split(/[ \t\n]+/).filter((w) => w !== "");
const sorted = (o: Record<string, unknown> | undefined) => Object.keys(o ?? {}).sort();

/** The steps of one container's unit, as its scripts run them. */
export function stepsFor(name: string, d: Def): Step[] {
  const steps: Step[] = [];
  const at = (...p: (string | number)[]): Path => ["containers", name, ...p];
  const push = (phase: Phase, argv: string[], consumer: ConsumerId, origin: Path[] = [], mayFail = false) =>
    steps.push({ container: name, phase, ns: phase === "init" ? "container" : "host", argv, mayFail, origin, consumer, line: argv.join(" ") });
  const pn = d.privateNetwork === true;
  const conf = (k: keyof Net) => (pn ? d[k] : undefined);
  const anyAddress = [conf("hostAddress"), conf("localAddress"), conf("hostAddress6"), conf("localAddress6")].some((v) => v !== undefined && v !== "");
  const veths = sorted(d.extraVeths);

  // preStart
  push("preStart", ["machinectl", "terminate", name], "nspawn-run", [], true);
  if (anyAddress) {
    push("preStart", [IP, "link", "del", "dev", `ve-${name}`], "kernel-ifname", [], true);
    push("preStart", [IP, "link", "del", "dev", `vb-${name}`], "kernel-ifname", [], true);
  }
  for (const v of veths) push("preStart", [IP, "link", "del", "dev", v], "kernel-ifname", [at("extraVeths", v)], true);

  // start: the nspawn command line.
  const users = String(d.privateUsers ?? "no");
  const idmap = users === "pick" || (/^[0-9]+$/.test(users) && Number(users) > 0) ? ":idmap" : "";
  const extra: string[] = [];
  const origin: Path[] = [];
  if (pn) extra.push("--private-network");
  extra.push(`--private-users=${users}`);
  if (anyAddress || (pn && d.localMacAddress !== undefined)) extra.push("--network-veth");
  if (pn) for (const p of d.forwardPorts ?? []) extra.push(`--port=${p.protocol ?? "tcp"}:${p.hostPort}:${p.containerPort ?? p.hostPort}`);
  if (pn && d.hostBridge !== undefined) extra.push(`--network-bridge=${d.hostBridge}`);
  if (d.networkNamespace !== undefined) extra.push(`--network-namespace-path=${d.networkNamespace}`);
  for (const v of veths) extra.push(`--network-veth-extra=${v}`);
  for (const i of words((d.interfaces ?? []).join(" "))) extra.push(`--network-interface=${i}`);
  for (const m of words((d.macvlans ?? []).join(" "))) extra.push(`--network-macvlan=${m}`);
  const binds = sorted(d.bindMounts)
    .map((mp) => {
      const b = d.bindMounts![mp]!;
      return `${b.isReadOnly === false ? "--bind=" : "--bind-ro="}${b.hostPath === undefined ? mp : `${b.hostPath}:${mp}`}`;
    })
    .join(" ");
  const extraNspawn = words(`${binds} ${(d.extraFlags ?? []).join(" ")}`);
  const env = (k: string, v: string | undefined) => ["--setenv", `${k}=${v ?? ""}`];
  const argv = [
    NSPAWN, "--keep-unit", "-M", name, "-D", `/var/lib/nixos-containers/${name}`, ...extra, "--notify-ready=yes", "--kill-signal=SIGRTMIN+3",
    `--bind-ro=/nix/store:/nix/store${idmap}`, `--bind-ro=/nix/var/nix/db:/nix/var/nix/db${idmap}`, `--bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket${idmap}`,
    `--bind=/nix/var/nix/profiles/per-container/${name}:/nix/var/nix/profiles${idmap}`, `--bind=/nix/var/nix/gcroots/per-container/${name}:/nix/var/nix/gcroots${idmap}`,
    ...(d.ephemeral ? [] : ["--link-journal=try-guest"]),
    ...env("PRIVATE_NETWORK", pn ? "1" : ""), ...env("PRIVATE_USERS", users), ...env("HOST_BRIDGE", conf("hostBridge")), ...env("HOST_ADDRESS", conf("hostAddress")),
    ...env("LOCAL_ADDRESS", conf("localAddress")), ...env("HOST_ADDRESS6", conf("hostAddress6")), ...env("LOCAL_ADDRESS6", conf("localAddress6")),
    ...env("LOCAL_MAC_ADDRESS", pn ? d.localMacAddress : undefined), ...env("HOST_PORT", ""), ...env("PATH", "/run/current-system/sw/bin"),
    ...(d.ephemeral ? ["--ephemeral"] : []),
    ...((d.additionalCapabilities ?? []).length > 0 ? [`--capability=${d.additionalCapabilities!.join(",")}`] : []),
    ...(d.tmpfs ?? []).map((t) => `--tmpfs=${t}`),
    ...extraNspawn,
    "/nix/store/00000000000000000000000000000000-container-init", "/nix/var/nix/profiles/system/init",
  ];
  for (const o of ["privateNetwork", "hostBridge", "forwardPorts", "networkNamespace", "interfaces", "macvlans", "extraVeths", "privateUsers", "bindMounts", "extraFlags"] as const)
    if (d[o] !== undefined) origin.push(at(o));
  push("start", argv, "nspawn-flags", origin);

  // init, inside the container
  if (pn && (anyAddress || d.hostBridge !== undefined || d.localMacAddress !== undefined)) {
    push("init", [IP, "link", "set", "host0", "name", "eth0"], "kernel-ifname");
    if (d.localMacAddress !== undefined) push("init", [IP, "link", "set", "dev", "eth0", "address", d.localMacAddress], "ip-link-address", [at("localMacAddress")]);
    push("init", [IP, "link", "set", "dev", "eth0", "up"], "kernel-ifname");
    if (d.localAddress) push("init", [IP, "addr", "add", ...words(d.localAddress), "dev", "eth0"], "ip-addr-add", [at("localAddress")]);
    if (d.localAddress6) push("init", [IP, "-6", "addr", "add", ...words(d.localAddress6), "dev", "eth0"], "ip-addr-add", [at("localAddress6")]);
    if (d.hostAddress) {
      push("init", [IP, "route", "add", ...words(d.hostAddress), "dev", "eth0"], "ip-route-add", [at("hostAddress")]);
      push("init", [IP, "route", "add", "default", "via", ...words(d.hostAddress)], "ip-route-add", [at("hostAddress")]);
    }
    if (d.hostAddress6) {
      push("init", [IP, "-6", "route", "add", ...words(d.hostAddress6), "dev", "eth0"], "ip-route-add", [at("hostAddress6")]);
      push("init", [IP, "-6", "route", "add", "default", "via", ...words(d.hostAddress6)], "ip-route-add", [at("hostAddress6")]);
    }
  }
  for (const v of veths) {
    const n = d.extraVeths![v]!;
    push("init", [IP, "link", "set", "dev", v, "up"], "kernel-ifname", [at("extraVeths", v)]);
    if (n.localAddress) push("init", [IP, "addr", "add", n.localAddress, "dev", v], "ip-addr-add", [at("extraVeths", v, "localAddress")]);
    if (n.localAddress6) push("init", [IP, "-6", "addr", "add", n.localAddress6, "dev", v], "ip-addr-add", [at("extraVeths", v, "localAddress6")]);
    if (n.hostAddress) push("init", [IP, "route", "add", n.hostAddress, "dev", v], "ip-route-add", [at("extraVeths", v, "hostAddress")]);
    if (n.hostAddress6) push("init", [IP, "-6", "route", "add", n.hostAddress6, "dev", v], "ip-route-add", [at("extraVeths", v, "hostAddress6")]);
  }

  // postStart, on the host
  if (anyAddress && d.hostBridge === undefined) {
    const dev = `ve-${name}`;
    push("postStart", [IP, "link", "set", "dev", dev, "up"], "kernel-ifname");
    if (d.hostAddress) push("postStart", [IP, "addr", "add", d.hostAddress, "dev", dev], "ip-addr-add", [at("hostAddress")]);
    if (d.hostAddress6) push("postStart", [IP, "-6", "addr", "add", d.hostAddress6, "dev", dev], "ip-addr-add", [at("hostAddress6")]);
    if (d.localAddress) push("postStart", [IP, "route", "add", d.localAddress, "dev", dev], "ip-route-add", [at("localAddress")]);
    if (d.localAddress6) push("postStart", [IP, "-6", "route", "add", d.localAddress6, "dev", dev], "ip-route-add", [at("localAddress6")]);
  }
  for (const v of veths) {
    const n = d.extraVeths![v]!;
    if (n.hostBridge !== undefined) {
      push("postStart", [IP, "link", "set", "dev", v, "master", n.hostBridge, "up"], "ip-link-master", [at("extraVeths", v, "hostBridge")]);
      continue;
    }
    push("postStart", [IP, "link", "set", "dev", v, "up"], "kernel-ifname", [at("extraVeths", v)]);
    if (n.hostAddress) push("postStart", [IP, "addr", "add", n.hostAddress, "dev", v], "ip-addr-add", [at("extraVeths", v, "hostAddress")]);
    if (n.hostAddress6) push("postStart", [IP, "-6", "addr", "add", n.hostAddress6, "dev", v], "ip-addr-add", [at("extraVeths", v, "hostAddress6")]);
    if (n.localAddress) push("postStart", [IP, "route", "add", n.localAddress, "dev", v], "ip-route-add", [at("extraVeths", v, "localAddress")]);
    if (n.localAddress6) push("postStart", [IP, "-6", "route", "add", n.localAddress6, "dev", v], "ip-route-add", [at("extraVeths", v, "localAddress6")]);
  }
  return steps;
}

/** The steps of every container of a host. */
export const hostSteps = (defs: Record<string, Def>) => new Map(Object.entries(defs).map(([n, d]) => [n, stepsFor(n, d)]));
