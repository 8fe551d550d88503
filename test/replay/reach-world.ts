/**
 * Real pings for the reachability model: a host's containers, built in a
 * fresh `unshare --net --mount` with the same `ip` commands the replay runs
 * (the scripts' steps; nspawn's network setup done by hand as nspawn does it:
 * a namespace per container, the veth `ve-NAME`/`host0`, `vb-NAME` joined to
 * the bridge, the extra veths), then busybox ping, both ways, for every pair
 * the replay found. IPv6 duplicate address detection is off in the test's
 * namespaces so that addresses answer at once (the model does not model DAD).
 */
import { run } from "../boot/run.js";
import { parseNspawn } from "../../src/replay/nspawn-args.js";
import { vethHostName } from "../../src/replay/ifname.js";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Step } from "../../src/replay/step.js";

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const nsOf = (container: string) => `c-${container}`;

export interface PingJob {
  /** `host` or a container's name. */
  from: string;
  address: string;
  /** Where the echo request must arrive: `host` or a container's name. */
  target: string;
}

/**
 * Runs the host's steps for real and pings, one at a time; the answer for
 * each job: the reply came back, and the request was counted by the target
 * namespace's ICMP InEchos (so that an answer from another namespace with the
 * same address does not count).
 */
export function realPings(steps: ReadonlyMap<string, readonly Step[]>, host: HostNetwork, jobs: readonly PingJob[]): boolean[] {
  const lines = [
    "set -u",
    "mount --make-rprivate / && mount -t tmpfs tmpfs /run && mkdir -p /run/netns || exit 90",
    "sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0",
    "ip link set lo up",
  ];
  for (const [name, f] of Object.entries(host.interfaces)) {
    if (f.kind !== "bridge") continue;
    lines.push(`ip link add name ${q(name)} type bridge && ip link set dev ${q(name)} up`);
    for (const a of f.addresses ?? []) lines.push(`ip addr add ${q(a)} dev ${q(name)}`);
  }
  // Each unit as a function that stops at its first failing step; a stopped unit's namespace goes (and the veths with it).
  const names = [...steps.keys()].sort();
  names.forEach((name, n) => {
    const ns = nsOf(name);
    lines.push(`unit${n}() {`);
    for (const s of steps.get(name)!) {
      const prog = s.argv[0]!.slice(s.argv[0]!.lastIndexOf("/") + 1);
      const must = s.mayFail ? " 2>/dev/null" : " 2>/dev/null || return 1";
      if (prog === "ip") {
        const where = s.ns === "container" ? `-n ${q(ns)} ` : "";
        lines.push(`  ip ${where}${s.argv.slice(1).map(q).join(" ")}${must}`);
      } else if (prog === "systemd-nspawn") {
        const p = parseNspawn(s.argv);
        if (p.ok !== true) {
          lines.push("  return 1");
          continue;
        }
        const a = p.args;
        if (!a.privateNetwork) continue;
        lines.push(`  ip netns add ${q(ns)} && ip netns exec ${q(ns)} sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 && ip -n ${q(ns)} link set lo up || return 1`);
        if (a.networkVeth) {
          const v = vethHostName(a.machine ?? name, a.networkBridge !== null);
          lines.push(`  ip link add name ${q(v.name)} type veth peer name host0 netns ${q(ns)}${must}`);
          if (v.altname !== null) lines.push(`  ip link property add dev ${q(v.name)} altname ${q(v.altname)}${must}`);
          if (a.networkBridge !== null) lines.push(`  ip link set dev ${q(v.name)} up && ip link set dev ${q(v.name)} master ${q(a.networkBridge)}${must}`);
        }
        for (const [h, c] of a.vethExtra) lines.push(`  ip link add name ${q(h)} type veth peer name ${q(c)} netns ${q(ns)}${must}`);
      }
    }
    lines.push("  return 0", "}", `unit${n} || ip netns del ${q(ns)} 2>/dev/null`);
  });
  lines.push("sleep 0.3");
  lines.push(
    `echos() { local w=""; [ "$1" = host ] || w="ip netns exec c-$1"; if [ "$2" = 6 ]; then $w awk '$1 == "Icmp6InEchos" {print $2}' /proc/net/snmp6; else $w awk '$1 == "Icmp:" && $2 ~ /^[0-9]+$/ {print $10}' /proc/net/snmp; fi; }`,
  );
  jobs.forEach((j, i) => {
    const where = j.from === "host" ? "" : `ip netns exec ${q(nsOf(j.from))} `;
    const fam = j.address.includes(":") ? "6" : "4";
    const target = j.target === "host" ? "host" : q(j.target);
    lines.push(
      `b=$(echos ${target} ${fam}); if ${where}busybox ping -${fam} -c 1 -W 1 ${q(j.address)} >/dev/null 2>&1 && [ "$(echos ${target} ${fam})" != "$b" ]; then echo "ok ${i}"; else echo "no ${i}"; fi`,
    );
  });
  const r = run("unshare", ["--net", "--mount", "bash", "-c", lines.join("\n")], { timeoutMs: 60_000 });
  const out = new Map<number, boolean>();
  for (const m of r.stdout.matchAll(/^(ok|no) (\d+)$/gm)) out.set(Number(m[2]), m[1] === "ok");
  if (out.size !== jobs.length) throw new Error(`the ping driver answered ${out.size} of ${jobs.length} pings: ${r.stderr}`);
  return jobs.map((_, i) => out.get(i)!);
}

export function pingSkipReason(): string | null {
  if (process.getuid?.() !== 0) return "not root: the pings need network namespaces of their own";
  if (run("busybox", ["ping", "-h"]).stderr.includes("not found") || run("which", ["busybox"]).status !== 0) return "busybox (busybox-static) is missing";
  if (run("unshare", ["--net", "--mount", "true"]).status !== 0) return "unshare --net --mount fails here";
  return null;
}
