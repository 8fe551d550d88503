/**
 * The boot harness's driver, run by harness.ts as PID 1 of private mount,
 * network and PID namespaces (`unshare --mount --net --pid --fork`): the
 * network namespace plays the host. It builds the fake /nix, sets up what the
 * job's host needs, then runs each container@ unit as systemd would: the conf
 * file read as an EnvironmentFile, preStart, the start script (which execs the
 * real systemd-nspawn), postStart once the container reported it is up, then
 * checks from both sides and stops nspawn with SIGTERM (KillSignal=TERM). When
 * it exits, the kernel ends every process of the PID namespace and drops the
 * namespaces with their mounts and interfaces.
 */
import type { ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseEnvironmentFile } from "../../src/model/env-file.js";
import type { Connect, ContainerJob, ContainerResult, HostJob, HostResult, Proc } from "./job.js";
import { must, run, start as startProgram, which } from "./run.js";
import { packages, shellApplication, storePath } from "./store.js";

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as HostJob;
const workDir = path.dirname(job.resultFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The start script binds this host directory to the container's /nix/var/nix/profiles. */
const profilesOf = (name: string) => `/nix/var/nix/profiles/per-container/${name}`;

function program(name: string): string {
  const p = which(name);
  if (p === null) throw new Error(`${name} not found on PATH`);
  return p;
}

/**
 * Host programs in the fake store. Small ones are copied; node (about 100 MB)
 * is bound unless the tree has to stay free of submounts: idmapped mounts
 * (privateUsers) and ephemeral copies do not take a tree with mounts inside.
 */
function putProgram(source: string, target: string, copy: boolean): void {
  mkdirSync(path.dirname(target), { recursive: true });
  if (copy) {
    copyFileSync(source, target);
    chmodSync(target, 0o755);
  } else {
    writeFileSync(target, "");
    must("mount", ["--bind", source, target]);
  }
}

function buildStore(isolated: boolean): void {
  must("mount", ["--make-rprivate", "/"]);
  for (const dir of ["/nix", "/run", "/var/lib"]) must("mount", ["-t", "tmpfs", "-o", "mode=0755", "tmpfs", dir]);
  // A sysfs of this network namespace, read-only: how nspawn (like anything of systemd's) tells that
  // no udev is around, as on this host, instead of waiting for udev to have seen an interface.
  // The host's cgroup tree is moved back on top of it.
  mkdirSync("/run/host-cgroup");
  must("mount", ["--rbind", "/sys/fs/cgroup", "/run/host-cgroup"]);
  must("mount", ["-t", "sysfs", "-o", "ro,nosuid,nodev,noexec", "sysfs", "/sys"]);
  must("mount", ["--move", "/run/host-cgroup", "/sys/fs/cgroup"]);
  mkdirSync("/nix/store", { recursive: true });
  mkdirSync("/nix/var/nix/db", { recursive: true });
  mkdirSync("/nix/var/nix/daemon-socket", { recursive: true });
  putProgram(program("bash"), `${packages.bash}/bin/bash`, true);
  putProgram(program("ip"), `${packages.iproute2}/bin/ip`, true);
  putProgram(program("systemd-nspawn"), `${packages.systemd}/bin/systemd-nspawn`, true);
  putProgram(program("busybox"), `${packages.busybox}/bin/busybox`, true);
  putProgram(process.execPath, `${packages.nodejs}/bin/node`, isolated);
  const machinectl = which("machinectl");
  if (machinectl) putProgram(machinectl, `${packages.systemd}/bin/machinectl`, true);
  // coreutils & co. are the host's /usr/bin (Debian is usr-merged); nix has nothing a boot needs.
  for (const p of [packages.coreutils, packages.findutils, packages.gnugrep, packages.gnused]) {
    mkdirSync(p);
    symlinkSync("/usr/bin", `${p}/bin`);
  }
  mkdirSync(`${packages.nix}/bin`, { recursive: true });
}

/** The shared libraries a program loads (ldd), as absolute paths. */
function libraries(program: string): string[] {
  return [...run("ldd", [program]).stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
}

/**
 * The container's tree: the host's /usr bound read-only, or, for an isolated
 * tree, copies of the libraries the store's programs load (no mounts inside).
 */
function buildRoot(root: string, isolated: boolean): void {
  mkdirSync(`${root}/usr`, { recursive: true });
  for (const l of ["bin", "sbin", "lib", "lib64"]) if (existsSync(`/${l}`)) symlinkSync(`usr/${l}`, `${root}/${l}`);
  if (!isolated) {
    must("mount", ["--bind", "/usr", `${root}/usr`]);
    must("mount", ["-o", "remount,bind,ro", `${root}/usr`]);
    return;
  }
  for (const dir of ["bin", "sbin", "lib", "lib64"]) if (existsSync(`/usr/${dir}`)) mkdirSync(`${root}/usr/${dir}`, { recursive: true });
  const libs = new Set([program("bash"), program("ip"), process.execPath].flatMap(libraries));
  for (const lib of libs) {
    mkdirSync(path.dirname(`${root}${lib}`), { recursive: true });
    copyFileSync(lib, `${root}${lib}`);
  }
}

function buildSystem(c: ContainerJob): void {
  mkdirSync(c.systemPath, { recursive: true });
  writeFileSync(c.containerInitPath, c.containerInit, { mode: 0o755 });
  copyFileSync(job.probeScript, `${c.systemPath}/probe.mjs`);
  writeFileSync(`${c.systemPath}/probe.json`, JSON.stringify({ ...c.probe, busybox: `${packages.busybox}/bin/busybox` }));
  writeFileSync(`${c.systemPath}/system`, process.arch === "x64" ? "x86_64-linux\n" : `${process.arch}-linux\n`);
  // Sourced by container-init, whose trap turns SIGRTMIN+3 into `exit 0`.
  writeFileSync(
    `${c.systemPath}/init`,
    [
      `${packages.nodejs}/bin/node ${c.systemPath}/probe.mjs ${c.systemPath}/probe.json &`,
      "while true; do wait -n || sleep 0.1; done",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}

/** A unit script, written as NixOS writes it (see shellApplication). */
function unitScript(name: string, text: string): string {
  const file = `${storePath(30, `unit-script-${name}`)}/bin/${name}`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, shellApplication(text), { mode: 0o755 });
  return file;
}

/** A unit script run to its end; with the job's trace, bash prints each command it runs (SHELLOPTS=xtrace). */
function runScript(file: string, env: Record<string, string>): Proc {
  const r = run(file, [], { env: job.trace ? { ...env, SHELLOPTS: "xtrace" } : env, timeoutMs: 30_000 });
  return { status: r.status, signal: r.signal, output: r.stdout + r.stderr };
}

async function waitFor(file: string, child: ChildProcess | null, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (existsSync(file)) return true;
    if (child && child.exitCode !== null) return false;
    await sleep(10);
  }
  return false;
}

function tcpReply(c: Connect): Promise<string | null> {
  return new Promise((resolve) => {
    let data = "";
    const s = net.connect({ host: c.address, port: c.port, timeout: 3000 });
    s.on("data", (d) => (data += d.toString()));
    s.on("end", () => resolve(data.trim()));
    s.on("timeout", () => (s.destroy(), resolve(null)));
    s.on("error", () => resolve(null));
  });
}

function udpReply(c: Connect): Promise<string | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(c.address.includes(":") ? "udp6" : "udp4");
    let tries = 0;
    const send = () => s.send("hello", c.port, c.address);
    const timer = setInterval(() => (++tries > 10 ? (clearInterval(timer), s.close(), resolve(null)) : send()), 200);
    s.on("message", (m) => (clearInterval(timer), s.close(), resolve(m.toString().trim())));
    s.on("error", () => (clearInterval(timer), s.close(), resolve(null)));
    send();
  });
}

/** One ping, answered or not; the pings of a job run side by side, so that those that get no answer wait together. */
const ping = (a: string) =>
  new Promise<boolean>((resolve) => {
    const p = startProgram(`${packages.busybox}/bin/busybox`, ["ping", a.includes(":") ? "-6" : "-4", "-c", "1", "-W", "2", a], { stdio: "ignore" });
    p.on("error", () => resolve(false));
    p.on("exit", (code) => resolve(code === 0));
  });
const show = () => job.show.map((argv) => run("ip", argv).stdout);

interface Running {
  job: ContainerJob;
  result: ContainerResult;
  child: ChildProcess | null;
  log: string;
  env: Record<string, string>;
}

async function start(c: ContainerJob): Promise<Running> {
  buildSystem(c);
  for (const [link, target] of Object.entries(c.profile)) {
    mkdirSync(profilesOf(c.name), { recursive: true, mode: 0o755 });
    symlinkSync(target, `${profilesOf(c.name)}/${link}`);
  }
  // Environment= first; the conf file, the unit's EnvironmentFile=, overrides it.
  const env = { ...c.environment, ...parseEnvironmentFile(c.conf) };
  buildRoot(env.root!, c.isolated);
  // A flake container's first start builds its system (`nixos-container update`, which needs Nix and the
  // flake's inputs) unless its profile exists; the harness stands in for that build, as after a first start.
  if (env.FLAKE) {
    mkdirSync(profilesOf(c.name), { recursive: true });
    symlinkSync(c.systemPath, `${profilesOf(c.name)}/system`);
  }
  const result: ContainerResult = {
    name: c.name,
    preStart: runScript(unitScript(`container_${c.name}-pre-start`, c.preStart), env),
    postStart: null,
    report: null,
    exit: { status: null, signal: null, output: "" },
    stopMs: 0,
    rootKeptWrite: false,
  };
  const log = path.join(workDir, `${c.name}.log`);
  if (result.preStart.status !== 0) return { job: c, result, child: null, log, env };
  const fd = openSync(log, "w");
  const child = startProgram(unitScript(`container_${c.name}-start`, c.script), [], { env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (await waitFor(`${profilesOf(c.name)}/boot-ready.json`, child, 20_000)) {
    result.postStart = runScript(unitScript(`container_${c.name}-post-start`, c.postStart), env);
  }
  return { job: c, result, child, log, env };
}

async function stop(r: Running): Promise<void> {
  const child = r.child;
  if (child === null) return;
  const t = Date.now();
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((res) => child.once("exit", res));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  r.result.stopMs = Date.now() - t;
  r.result.exit = { status: child.exitCode, signal: child.signalCode, output: existsSync(r.log) ? readFileSync(r.log, "utf8") : "" };
}

const readJson = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);

async function main(): Promise<HostResult> {
  const t0 = Date.now();
  const out: HostResult = { error: null, containers: [], ping: {}, tcp: {}, udp: {}, shownUp: [], shownDown: [], hostRead: {}, ms: 0 };
  const running: Running[] = [];
  try {
    buildStore(job.containers.some((c) => c.isolated));
    must("ip", ["link", "set", "lo", "up"]);
    for (const dir of job.tmpfs) must("mount", ["-t", "tmpfs", "-o", "mode=0755", "tmpfs", dir]);
    for (const argv of job.setup) must("ip", argv);
    for (const [file, text] of Object.entries(job.files)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    for (const c of job.containers) running.push(await start(c));
    // Host-side IPv6 addresses answer only once duplicate address detection is over.
    for (let i = 0; i < 250 && run("ip", ["-6", "-o", "addr", "show", "tentative", "scope", "global"]).stdout.trim() !== ""; i++) await sleep(20);
    for (const r of running) if (r.result.postStart) writeFileSync(`${profilesOf(r.job.name)}/boot-go`, "");
    const answered = await Promise.all(job.ping.map(ping));
    job.ping.forEach((a, i) => (out.ping[a] = answered[i]!));
    const [tcp, udp] = await Promise.all([Promise.all(job.tcp.map(tcpReply)), Promise.all(job.udp.map(udpReply))]);
    job.tcp.forEach((c, i) => (out.tcp[`${c.address} ${c.port}`] = tcp[i]!));
    job.udp.forEach((c, i) => (out.udp[`${c.address} ${c.port}`] = udp[i]!));
    for (const r of running) {
      if (r.result.postStart) await waitFor(`${profilesOf(r.job.name)}/boot-done.json`, r.child, 20_000);
      const ready = readJson(`${profilesOf(r.job.name)}/boot-ready.json`);
      if (ready) r.result.report = { ready, done: readJson(`${profilesOf(r.job.name)}/boot-done.json`) };
    }
    out.shownUp = show();
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
  } finally {
    for (const r of running) await stop(r);
    for (const r of running) r.result.rootKeptWrite = existsSync(`${r.env.root}/boot-mark`);
    out.containers = running.map((r) => r.result);
    for (const f of job.hostRead) out.hostRead[f] = existsSync(f) ? readFileSync(f, "utf8") : null;
    try {
      out.shownDown = show();
    } catch {
      // reported through shownUp's absence
    }
  }
  out.ms = Date.now() - t0;
  return out;
}

writeFileSync(job.resultFile, JSON.stringify(await main(), null, 1));
chmodSync(job.resultFile, 0o644);
process.exit(0);
