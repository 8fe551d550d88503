/**
 * The boot harness: a container definition in, the generated core's scripts
 * for it (bare nix-instantiate, no nixpkgs), and a driver (inside.ts) that runs
 * them with the real systemd-nspawn and iproute2 inside namespaces of its own.
 * See docs/boot-harness.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tmp from "../support/tmp.js";
import { hostFacts } from "../../src/model/checks.js";
import { resolveContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import type { Json } from "../../src/model/resolve.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";
import { root as projectRoot } from "../support/paths.js";
import { parseEnvironmentFile } from "../../src/model/env-file.js";
import type { ContainerJob, HostJob, HostResult, ProbeJob } from "./job.js";
import { run, runAsync, which, type Ran } from "./run.js";
import { scriptPaths, systemPath, unitPath } from "./store.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Every temporary tree of the harness starts with this, so that leftovers can be found. */
export const TMP_PREFIX = "cnix-boot-";

/**
 * The one change to the unit's command line, given the way a user would
 * (containers.<name>.extraFlags, which reaches nspawn through the conf file's
 * EXTRA_NSPAWN_FLAGS): without systemd as PID 1 there is no machined to
 * register the container with.
 */
export const HARNESS_FLAGS = ["--register=no"];

let support: string | null | undefined;

/** Null when this machine can boot containers here, else why not (the tests then report themselves skipped). */
export function bootSkipReason(): string | null {
  if (support !== undefined) return support;
  const missing = ["unshare", "systemd-nspawn", "ip", "busybox", "mount"].filter((p) => which(p) === null);
  if (process.getuid?.() !== 0) support = "not root: booting needs CAP_SYS_ADMIN and CAP_NET_ADMIN";
  else if (!hasNixInstantiate) support = "nix-instantiate is missing (apt-get install -y nix-bin)";
  else if (missing.length > 0) support = `missing ${missing.join(", ")} (apt-get install -y systemd-container iproute2 busybox-static util-linux)`;
  else if (!existsSync("/nix")) support = "no /nix directory to mount the harness's store on (nix-bin creates it)";
  else {
    const r = run("unshare", ["--mount", "--net", "--pid", "--fork", "--kill-child", "true"], { timeoutMs: 10_000 });
    support = r.status === 0 ? null : `unshare --mount --net --pid failed: ${r.stderr.trim()}`;
  }
  return support;
}

export interface BootContainer {
  /** The definition as a user writes it (JSON); `path` is replaced by the harness's fake system. */
  definition: { [k: string]: Json };
  probe?: Partial<Omit<ProbeJob, "name">>;
}

/**
 * An imperative container as a command left it on the host: booted by the
 * template unit container@ (the core's scripts for core.templateSettings, as
 * the module renders that unit), which reads everything from the conf file.
 */
export interface ImperativeContainer {
  /** The conf file's text, booted as it is (not rendered again). */
  conf: string;
  /** The per-container profile directory's symbolic links (name -> target), as nix-env left them. */
  profile: Record<string, string>;
  probe?: Partial<Omit<ProbeJob, "name">>;
}

export interface BootCase {
  containers: Record<string, BootContainer>;
  imperative?: Record<string, ImperativeContainer>;
  host?: { stateVersion?: string };
  setup?: string[][];
  files?: Record<string, string>;
  ping?: string[];
  tcp?: HostJob["tcp"];
  udp?: HostJob["udp"];
  show?: string[][];
  hostRead?: string[];
  /** Host directories covered with a tmpfs of the harness before anything else. */
  tmpfs?: string[];
  /** Run preStart and postStart with bash's xtrace, so that a failure shows the command that failed. */
  trace?: boolean;
}

export interface Rendered {
  name: string;
  conf: string;
  unit: { serviceConfig: { TimeoutStartSec: string; DeviceAllow: string[] }; environment: { root: string } };
  isolated: boolean;
  scripts: { preStart: string; script: string; postStart: string; containerInit: string };
}

/**
 * The definition with the harness's system as its path and the harness's flag
 * added. A flake stays (the conf file says FLAKE=, and the driver writes the
 * profile its first build would); its path is then unused.
 */
export function asBooted(name: string, definition: { [k: string]: Json }): { [k: string]: Json } {
  const { config: _config, ...rest } = definition;
  const extra = Array.isArray(definition.extraFlags) ? definition.extraFlags : [];
  return { ...rest, path: systemPath(name), extraFlags: [...extra, ...HARNESS_FLAGS] };
}

/**
 * `ip` commands (for BootCase.setup) that make the network namespace `ns` and
 * a veth pair into it: `hostEnd` (default `vn0`) in the harness's host
 * namespace with `hostCidr`, `insideEnd` (`vn1`) inside with `insideCidr`,
 * both up, and the namespace's loopback up.
 */
export function namespaceWithPeer(ns: string, hostCidr: string, insideCidr: string, hostEnd = "vn0", insideEnd = "vn1"): string[][] {
  return [
    ["netns", "add", ns],
    ["link", "add", hostEnd, "type", "veth", "peer", "name", insideEnd, "netns", ns],
    ["addr", "add", hostCidr, "dev", hostEnd],
    ["link", "set", hostEnd, "up"],
    ["-n", ns, "addr", "add", insideCidr, "dev", insideEnd],
    ["-n", ns, "link", "set", insideEnd, "up"],
    ["-n", ns, "link", "set", "lo", "up"],
  ];
}

/** Every container's conf file, unit fields and scripts, as the generated core renders them. */
export function renderCore(c: BootCase): Rendered[] {
  return renderCases([c])[0]!;
}

/** Whether nspawn gets a user namespace from PRIVATE_USERS (then the tree must hold no mounts). */
const isolatedByConf = (conf: string) => {
  const users = parseEnvironmentFile(conf).PRIVATE_USERS ?? "";
  return users === "pick" || (/^[0-9]+$/.test(users) && Number(users) > 0);
};

/** renderCore for many cases with one nix-instantiate. */
export function renderCases(list: readonly BootCase[]): Rendered[][] {
  const perCase = list.map((c) => {
    const dirs = dirsFor(hostFacts({ ...c.host, containers: c.containers }).stateVersion);
    return [
      ...Object.entries(c.containers).map(([name, b]) => ({ name, dirs, cfg: resolveContainer(name, asBooted(name, b.definition)), paths: scriptPaths(name) })),
      ...Object.entries(c.imperative ?? {}).map(([name, b]) => ({ name, dirs, conf: b.conf, paths: scriptPaths(name) })),
    ];
  });
  const cases = perCase.flat();
  const dir = tmp.dirSync({ prefix: TMP_PREFIX, unsafeCleanup: true });
  let rendered: Rendered[];
  try {
    const casesFile = path.join(dir.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify(cases));
    rendered = evalJson([path.join(projectRoot, "test/boot/boot-eval.nix"), "--argstr", "casesFile", casesFile]) as Rendered[];
  } finally {
    dir.removeCallback();
  }
  let at = 0;
  return perCase.map((k) =>
    k.map((one) => {
      const r = rendered[at++]!;
      if (!("cfg" in one)) return { ...r, isolated: isolatedByConf(one.conf) };
      const cfg = one.cfg;
      return { ...r, isolated: cfg.ephemeral || cfg.privateUsers === "pick" || (typeof cfg.privateUsers === "number" && cfg.privateUsers > 0) };
    }),
  );
}

/** What the driver needs to run each container of a case, from the case's rendering. */
function containerJobs(c: BootCase, rendered: readonly Rendered[]): ContainerJob[] {
  return rendered.map((r) => {
    const b = c.containers[r.name] ?? c.imperative![r.name]!;
    return {
      name: r.name,
      conf: r.conf,
      // The unit's Environment=: root from the core's unit fields, INSTANCE as the module sets it, PATH as NixOS builds it.
      environment: { root: r.unit.environment.root.replaceAll("%i", r.name), INSTANCE: r.name, PATH: unitPath() },
      preStart: r.scripts.preStart,
      script: r.scripts.script,
      postStart: r.scripts.postStart,
      containerInit: r.scripts.containerInit,
      containerInitPath: scriptPaths(r.name).containerInitPath,
      systemPath: systemPath(r.name),
      profile: "profile" in b ? b.profile : {},
      isolated: r.isolated,
      probe: { name: r.name, tcp: [], udp: [], ping: [], read: [], setup: [], commands: [], ...b.probe, write: ["/boot-mark", ...(b.probe?.write ?? [])] },
    };
  });
}

/** What the driver needs to run each container of a case. */
export function render(c: BootCase): ContainerJob[] {
  return containerJobs(c, renderCore(c));
}

/**
 * A rendered case's job for the driver, written in a temporary tree of the
 * harness, with the driver's command line: `unshare` for fresh namespaces.
 * --kill-child: if unshare dies (a timeout kills it), the driver, PID 1 of
 * the new PID namespace, dies with it, and so does everything in there.
 */
function driverJob(c: BootCase, containers: ContainerJob[], dir: string): { job: HostJob; args: string[] } {
  const job: HostJob = {
    setup: c.setup ?? [],
    files: c.files ?? {},
    containers,
    ping: c.ping ?? [],
    tcp: c.tcp ?? [],
    udp: c.udp ?? [],
    show: c.show ?? [["-o", "link"]],
    resultFile: path.join(dir, "result.json"),
    probeScript: path.join(here, "container-probe.js"),
    hostRead: c.hostRead ?? [],
    tmpfs: c.tmpfs ?? [],
    trace: c.trace ?? false,
  };
  const jobFile = path.join(dir, "job.json");
  writeFileSync(jobFile, JSON.stringify(job));
  return { job, args: ["--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", process.execPath, path.join(here, "inside.js"), jobFile] };
}

/** What the driver saw, or an error with its stderr when it wrote nothing (it broke, or was killed at the timeout). */
function driverResult(job: HostJob, r: Ran): HostResult {
  if (!existsSync(job.resultFile)) throw new Error(`the boot driver wrote no result (${r.status ?? r.signal}): ${r.stderr.trim()}\nreproduce: ${r.command}`);
  return JSON.parse(readFileSync(job.resultFile, "utf8")) as HostResult;
}

/** Boots a case: renders it, runs the driver in fresh namespaces, returns what it saw. */
export function boot(c: BootCase, timeoutMs = 120_000): HostResult {
  const containers = render(c);
  const dir = tmp.dirSync({ prefix: TMP_PREFIX, unsafeCleanup: true });
  try {
    const { job, args } = driverJob(c, containers, dir.name);
    return driverResult(job, run("unshare", args, { timeoutMs, killSignal: "SIGKILL" }));
  } finally {
    dir.removeCallback();
  }
}

/**
 * Boots many cases, `concurrency` at a time (each in namespaces of its own),
 * all rendered by one nix-instantiate; each case's result, or the error of a
 * driver that wrote none.
 */
export async function bootMany(cases: readonly BootCase[], concurrency: number, timeoutMs = 120_000): Promise<(HostResult | Error)[]> {
  const rendered = renderCases(cases);
  const out: (HostResult | Error)[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const dir = tmp.dirSync({ prefix: TMP_PREFIX, unsafeCleanup: true });
      try {
        const { job, args } = driverJob(cases[i]!, containerJobs(cases[i]!, rendered[i]!), dir.name);
        out[i] = driverResult(job, await runAsync("unshare", args, { timeoutMs, killSignal: "SIGKILL" }));
      } catch (e) {
        out[i] = e instanceof Error ? e : new Error(String(e));
      } finally {
        dir.removeCallback();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return out;
}

/** Every path of the harness's fake store starts with this. */
export const FAKE_STORE_MARK = "/nix/store/0000000000000000000000000000";

const cmdlineOf = (pid: string): string | null => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
};

/**
 * Whether `text` names a temporary tree of another test run that is still
 * running (tmp names its trees `<prefix>-<pid>-<random>`): another worktree's
 * boots on the same machine, not something this run left behind. Trees of
 * runs that are gone still count.
 */
function ofAnotherLiveRun(text: string): boolean {
  for (const m of text.matchAll(new RegExp(`${TMP_PREFIX}-(\\d+)-`, "g"))) if (Number(m[1]) !== process.pid && existsSync(`/proc/${m[1]}`)) return true;
  return false;
}

/** Whether the process or one of its ancestors belongs to another live run. */
function inAnotherLiveRun(pid: string): boolean {
  for (let p = pid, depth = 0; p !== "0" && depth < 64; depth++) {
    const cmd = cmdlineOf(p);
    if (cmd === null) return false;
    if (ofAnotherLiveRun(cmd)) return true;
    let status = "";
    try {
      status = readFileSync(`/proc/${p}/status`, "utf8");
    } catch {
      return false;
    }
    p = /^PPid:\s*(\d+)/m.exec(status)?.[1] ?? "0";
  }
  return false;
}

/**
 * What the harness could have left on the machine: temporary trees, processes
 * running from its fake store or its trees, mounts of either, network
 * namespaces and interfaces with the names its cases use. Trees and processes
 * of other test runs still running on the machine are not this run's.
 */
export function leftovers(interfaceNames: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const e of readdirSync(os.tmpdir())) if (e.startsWith(TMP_PREFIX) && !ofAnotherLiveRun(e)) found.push(`temporary tree ${path.join(os.tmpdir(), e)}`);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    const cmd = cmdlineOf(pid);
    if (cmd === null) continue;
    if ((cmd.includes(TMP_PREFIX) || cmd.includes(FAKE_STORE_MARK)) && !inAnotherLiveRun(pid)) found.push(`process ${pid}: ${cmd.trim()}`);
  }
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n"))
    if (line.includes(TMP_PREFIX) || line.includes(FAKE_STORE_MARK)) found.push(`mount ${line}`);
  if (existsSync("/run/netns")) for (const ns of readdirSync("/run/netns")) if (ns.startsWith("cnix")) found.push(`network namespace ${ns}`);
  const links = run("ip", ["-o", "link"]).stdout;
  for (const name of interfaceNames) if (new RegExp(`^\\d+: ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[:@]`, "m").test(links)) found.push(`interface ${name}`);
  return found;
}
