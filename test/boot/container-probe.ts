/**
 * The "system" of a booted container: container-init sources `init`, which
 * runs this with node. It reports the network state, answers on its ports,
 * and once the host side is up (the harness writes `boot-go`) pings, writes and
 * reads what it was asked to, then waits to be stopped. It talks to the
 * harness through /nix/var/nix/profiles, the per-container profiles directory
 * the start script binds in writable. Standalone: node's own modules only.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import dgram from "node:dgram";
import net from "node:net";
import type { ProbeJob } from "./job.js";

/** The harness's ProbeJob (job.ts; a type only, so this file still loads nothing of the project), and where busybox is. */
type Job = ProbeJob & { busybox: string };

const channel = "/nix/var/nix/profiles";
const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Job;
const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 10_000 });
  return { status: r.status, output: (r.stdout ?? "") + (r.stderr ?? "") + (r.error ? r.error.message : "") };
};
const ip = (...args: string[]) => sh("ip", args).output;
const put = (file: string, value: unknown) => {
  writeFileSync(`${channel}/${file}.tmp`, JSON.stringify(value));
  renameSync(`${channel}/${file}.tmp`, `${channel}/${file}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A port it cannot take (a low port of the host's network namespace, from a user namespace: EACCES) is said on
// stderr, which nspawn passes on, and left unanswered; the probe goes on with the rest.
const cannotListen = (proto: string, port: number) => (e: Error) => process.stderr.write(`probe: cannot answer on ${proto} port ${port}: ${e.message}\n`);
for (const port of job.tcp)
  net
    .createServer((s) => s.end(`${job.name} tcp ${port}\n`))
    .on("error", cannotListen("tcp", port))
    .listen({ port, host: "::", ipv6Only: false });
for (const port of job.udp) {
  const sock = dgram.createSocket({ type: "udp6", ipv6Only: false });
  sock.on("error", cannotListen("udp", port));
  sock.on("message", (_m, from) => sock.send(`${job.name} udp ${port}\n`, from.port, from.address));
  sock.bind(port, "::");
}
await sleep(20);

const setup = job.setup.map((argv) => ({ argv, ...sh(argv[0]!, argv.slice(1)) }));
const status = readFileSync("/proc/self/status", "utf8");
put("boot-ready.json", {
  setup,
  addr: ip("-o", "addr"),
  route: ip("-o", "route"),
  route6: ip("-o", "-6", "route"),
  link: ip("-o", "link"),
  caps: /CapBnd:\s*(\w+)/.exec(status)?.[1] ?? "",
  uidMap: readFileSync("/proc/self/uid_map", "utf8"),
  mounts: readFileSync("/proc/self/mountinfo", "utf8"),
  env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(HOST|LOCAL|PRIVATE)_/.test(k))) as Record<string, string>,
});

while (!existsSync(`${channel}/boot-go`)) await sleep(10);
// Global IPv6 addresses answer once duplicate address detection is over, which needs the host's end up.
for (let i = 0; i < 250 && ip("-6", "-o", "addr", "show", "tentative", "scope", "global").trim() !== ""; i++) await sleep(20);

// Side by side, so that pings that get no answer wait together.
const answered = await Promise.all(
  job.ping.map(
    (a) =>
      new Promise<boolean>((resolve) => {
        const p = spawn(job.busybox, ["ping", a.includes(":") ? "-6" : "-4", "-c", "1", "-W", "2", a], { stdio: "ignore" });
        p.on("error", () => resolve(false));
        p.on("exit", (code) => resolve(code === 0));
      }),
  ),
);
const ping: Record<string, boolean> = Object.fromEntries(job.ping.map((a, i) => [a, answered[i]!]));
const write: Record<string, string> = {};
for (const p of job.write)
  try {
    writeFileSync(p, `written by ${job.name}\n`);
    write[p] = "ok";
  } catch (e) {
    write[p] = (e as NodeJS.ErrnoException).code ?? String(e);
  }
const read: Record<string, string | null> = {};
for (const p of job.read)
  try {
    read[p] = readFileSync(p, "utf8");
  } catch {
    read[p] = null;
  }
const commands = job.commands.map((argv) => ({ argv, ...sh(argv[0]!, argv.slice(1)) }));
put("boot-done.json", { ping, write, read, commands });
