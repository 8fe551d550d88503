/**
 * One world for the `ip` differential tests, twice: the real one (a fresh
 * `unshare --net --mount` with a tmpfs on /run, its loopback up, and a named
 * namespace `peer` made there with `ip netns add`, so that veth pairs can
 * span two namespaces; nothing of the machine's is touched) and the model's.
 * Both run the same `ip` command lines and give the same normalized view:
 * each command's exit status and message, then the links, addresses and
 * main routing tables of both namespaces.
 */
import { run } from "../boot/run.js";
import { carrier } from "../../src/replay/kernel.js";
import { runIp } from "../../src/replay/ip.js";
import { ntop } from "../../src/replay/inet.js";
import * as k from "../../src/replay/kernel.js";
import { newNetns, type Link, type Netns, type Route } from "../../src/replay/state.js";

export interface Ran {
  status: number;
  message: string;
}

export interface LinkView {
  name: string;
  kind: string;
  up: boolean;
  lowerUp: boolean;
  master: string | null;
  altnames: string[];
}
export interface AddrView {
  dev: string;
  local: string;
  prefixlen: number;
  scope: string;
  secondary: boolean;
}
export interface RouteView {
  dst: string;
  dev: string;
  gateway: string | null;
  protocol: string;
  metric: number;
  prefsrc: string | null;
  scope: string | null;
  linkdown: boolean;
}
export interface NsView {
  links: LinkView[];
  addrs: AddrView[];
  routes: RouteView[];
}
export interface WorldView {
  ran: (Ran | { notModelled: string })[];
  main: NsView;
  peer: NsView;
}

const byJson = <T>(xs: T[]) => xs.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);

/** IPv6 link-local addresses carry an identifier from the MAC, which differs on each run: one spelling for all. */
const local = (a: string) => (/^fe80:/.test(a) ? "fe80::LL" : a);

// The real side.

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function script(commands: readonly (readonly string[])[]): string {
  const lines = [
    "set -u",
    "mount --make-rprivate / && mount -t tmpfs tmpfs /run || exit 90",
    "ip link set lo up && ip netns add peer && ip -n peer link set lo up || exit 91",
    "rec() { printf '%s\\0' \"$@\"; }",
  ];
  for (const c of commands) lines.push(`err=$(ip ${c.map(q).join(" ")} 2>&1 >/dev/null); rec "$?" "$err"`);
  // Carrier changes reach bridges through the kernel's linkwatch worker, a moment later: dump until two dumps 50 ms apart agree.
  const dump = ["", "-n peer "].map((ns) => `"$(ip ${ns}-j -d link show)" "$(ip ${ns}-j addr show)" "$(ip ${ns}-j route show table main)" "$(ip ${ns}-j -6 route show table main)"`).join(" ");
  lines.push(`snap() { printf '%s\\0' ${dump}; }`);
  // IPv6 makes a link's link-local address once linkwatch has seen its carrier, up to a second later: wait for them (at most 1.2 s).
  lines.push(
    'waitll() { for i in $(seq 1 24); do missing=0; for ns in "" "-n peer"; do for d in $(ip $ns -o link show up | awk -F": " \'/LOWER_UP/ {print $2}\' | cut -d@ -f1); do [ "$d" = lo ] && continue; ip $ns -6 -o addr show dev "$d" scope link | grep -q fe80 || missing=1; done; done; [ $missing = 0 ] && return; sleep 0.05; done; }; waitll',
  );
  lines.push('prev=$(snap | base64 -w0); for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.05; now=$(snap | base64 -w0); [ "$now" = "$prev" ] && break; prev=$now; done');
  lines.push('printf %s "$now" | base64 -d');
  return lines.join("\n") + "\n";
}

type J = Record<string, unknown>;

function realNs(links: J[], addrs: J[], r4: J[], r6: J[]): NsView {
  return {
    links: byJson(
      links.map((l) => ({
        name: String(l.ifname),
        kind: String((l.linkinfo as J | undefined)?.info_kind ?? (l.link_type === "loopback" ? "loopback" : "?")),
        up: (l.flags as string[]).includes("UP"),
        lowerUp: (l.flags as string[]).includes("LOWER_UP"),
        master: (l.master as string | undefined) ?? null,
        altnames: ((l.altnames as string[] | undefined) ?? []).slice().sort(),
      })),
    ),
    addrs: byJson(
      addrs.flatMap((l) =>
        (l.addr_info as J[]).map((a) => ({ dev: String(l.ifname), local: local(String(a.local)), prefixlen: Number(a.prefixlen), scope: String(a.scope), secondary: a.secondary === true })),
      ),
    ),
    routes: byJson(
      [...r4.map((r) => [r, 4] as const), ...r6.map((r) => [r, 6] as const)].map(([r, f]) => ({
        dst: String(r.dst),
        dev: String(r.dev),
        gateway: (r.gateway as string | undefined) ?? null,
        protocol: (r.protocol as string | undefined) ?? "boot",
        metric: Number(r.metric ?? 0),
        prefsrc: (r.prefsrc as string | undefined) ?? null,
        scope: f === 4 ? ((r.scope as string | undefined) ?? "global") : null,
        linkdown: ((r.flags as string[] | undefined) ?? []).includes("linkdown"),
      })),
    ),
  };
}

/** Runs the command lines (each an `ip` argument list, without `ip`) in a fresh namespace pair. */
export function realWorld(commands: readonly (readonly string[])[]): WorldView {
  const r = run("unshare", ["--net", "--mount", "bash", "-c", script(commands)], { timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`the real world's driver failed (${r.status}): ${r.stderr}`);
  const parts = r.stdout.split("\0");
  const ran: Ran[] = commands.map((_, i) => ({ status: Number(parts[2 * i]), message: parts[2 * i + 1]!.trim() }));
  const at = 2 * commands.length;
  const ns = (o: number) => realNs(...([0, 1, 2, 3].map((i) => JSON.parse(parts[at + o + i]!) as J[]) as [J[], J[], J[], J[]]));
  return { ran, main: ns(0), peer: ns(4) };
}

// The model's side.

function routeView(r: Route): RouteView {
  const dst = r.plen === 0 ? "default" : r.plen === (r.family === 4 ? 32 : 128) ? ntop(r.dst) : `${ntop(r.dst)}/${r.plen}`;
  return {
    dst,
    dev: r.dev.name,
    gateway: r.gateway === null ? null : ntop(r.gateway),
    protocol: r.proto,
    metric: r.metric,
    prefsrc: r.prefsrc === null ? null : ntop(r.prefsrc),
    scope: r.family === 4 ? (r.scope === 253 ? "link" : r.scope === 254 ? "host" : "global") : null,
    linkdown: !carrier(r.dev),
  };
}

const SCOPES: Record<number, string> = { 0: "global", 253: "link", 254: "host" };

export function modelNs(ns: Netns): NsView {
  const links = ns.links;
  return {
    links: byJson(links.map((l: Link) => ({ name: l.name, kind: l.kind, up: l.up, lowerUp: carrier(l), master: l.master?.name ?? null, altnames: l.altnames.slice().sort() }))),
    addrs: byJson(
      links.flatMap((l) => l.addrs.map((a) => ({ dev: l.name, local: local(ntop(a.inet)), prefixlen: a.plen, scope: SCOPES[a.scope] ?? String(a.scope), secondary: a.secondary }))),
    ),
    routes: byJson([...ns.v4.all(), ...ns.v6.all()].map(routeView)),
  };
}

/** A fresh model world: the main namespace and `peer`, both with their loopback up. */
export function modelPair(): { main: Netns; peer: Netns } {
  const main = newNetns("main", true);
  const peer = newNetns("peer", true);
  for (const ns of [main, peer]) {
    const lo = k.createLink(ns, "lo", "loopback", "(test)") as Link;
    k.setUp(lo);
  }
  return { main, peer };
}

export function modelWorld(commands: readonly (readonly string[])[]): WorldView {
  const { main, peer } = modelPair();
  const named = (n: string) => (n === "peer" ? peer : undefined);
  const ran = commands.map((c) => {
    const o = runIp(["ip", ...c], { ns: main, named, owner: "(test)" });
    return o.kind === "ok" ? { status: 0, message: "" } : o.kind === "refused" ? { status: o.status, message: o.message.trim() } : { notModelled: o.reason };
  });
  return { ran, main: modelNs(main), peer: modelNs(peer) };
}

/** Whether this machine can run the real side: root, unshare and ip. */
export function realSkipReason(): string | null {
  if (process.getuid?.() !== 0) return "not root: the real ip needs a network namespace of its own (CAP_SYS_ADMIN, CAP_NET_ADMIN)";
  if (run("ip", ["-V"]).status !== 0) return "ip (iproute2) is missing";
  if (run("unshare", ["--net", "--mount", "true"]).status !== 0) return "unshare --net --mount fails here";
  return null;
}
