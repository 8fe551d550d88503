/**
 * Quick proofs of what the consumer table (src/validate/consumers.ts) says,
 * against the real programs on this machine: iproute2 inside a network
 * namespace of the test's own (`unshare --net`, never the machine's
 * interfaces), and systemd-nspawn's argument parsing (with a root directory
 * that does not exist, so nspawn stops right after parsing: "Failed to
 * resolve path"). Each case names the rule it backs. Booting containers is
 * the boot harness's (issue #8). Skipped, with the reason, without root or
 * without the programs.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { run } from "../boot/run.js";

const has = (cmd: string, args: string[]) => run(cmd, args).status === 0;
const isRoot = process.getuid?.() === 0;
const canNetns = isRoot && has("unshare", ["--net", "true"]) && has("ip", ["-V"]);
const hasNspawn = isRoot && has("systemd-nspawn", ["--version"]);

/** The namespace's own veth pair, ve-t (host side) and host0 (container side), both up. */
const SETUP = [
  ["link", "add", "ve-t", "type", "veth", "peer", "name", "host0"],
  ["link", "set", "ve-t", "up"],
  ["link", "set", "host0", "up"],
];

/**
 * Runs ip commands (argument lists, none with whitespace) after SETUP in a
 * fresh network namespace, as one `ip OPTIONS -batch` (options such as -6
 * hold for every command of a batch), which stops at the first
 * failing command and names its line. `failedAt` is that command's index in
 * `commands` (negative: SETUP failed), null when all passed, or undefined
 * when ip named no line (an argument it cannot parse ends the whole batch).
 */
function inNetns(commands: readonly (readonly string[])[], options: readonly string[] = []) {
  const r = run("unshare", ["--net", "ip", ...options, "-batch", "-"], { input: [...SETUP, ...commands].map((c) => c.join(" ")).join("\n") + "\n" });
  const line = /Command failed -:(\d+)/.exec(r.stderr);
  return { ...r, failedAt: r.status === 0 ? null : line ? Number(line[1]) - 1 - SETUP.length : undefined };
}

const NO_ROOT = "/nonexistent-containers-nix-proof";
/** systemd-nspawn with the given flags on a root that does not exist: parsing passed when it complains about the root. */
function nspawnParses(flags: string[]): { parsed: boolean; stderr: string } {
  const r = run("systemd-nspawn", [...flags, "-D", NO_ROOT, "true"], { timeoutMs: 10_000 });
  return { parsed: r.stderr.includes(`Failed to resolve path ${NO_ROOT}`), stderr: r.stderr.trim() };
}

/** A command line of the table as its argument list (the table writes no argument with a space). */
const w = (line: string) => line.split(" ");
/** Each case: ip commands (with ip's options for all of them), whether they all pass, what ip says when one fails, and what they print. */
const ipCases: [string, { commands: string[]; options?: string[]; ok: boolean; stderr?: RegExp; stdout?: RegExp }][] = [
  ["address-syntax: plain ip takes IPv6 (hostAddress/localAddress)", { commands: ["addr add fd00::2 dev host0", "route add fd00::1 dev host0", "route add default via fd00::1"], ok: true }],
  ["address-syntax: ip -6 refuses IPv4 (the …6 options)", { commands: ["addr add 10.0.0.2 dev host0"], options: ["-6"], ok: false, stderr: /inet6 prefix is expected/ }],
  ["address-syntax: leading zeros are octal", { commands: ["addr add 010.0.0.1 dev host0", "addr show dev host0"], options: ["-4", "-o"], ok: true, stdout: /inet 8\.0\.0\.1\/32/ }],
  ["address-syntax: a gateway takes no prefix", { commands: ["addr add 10.0.0.2/24 dev host0", "route add default via 10.0.0.1/24"], ok: false, stderr: /valid address is expected/ }],
  ["address-syntax: extra ip words break the host route", { commands: ["route add 10.1.0.2/24 noprefixroute dev ve-t"], ok: false, stderr: /"noprefixroute" is a garbage/ }],
  ["local-address-host-route: IPv4 host bits refused", { commands: ["route add 10.0.0.2/24 dev ve-t"], ok: false, stderr: /Invalid prefix for given prefix length/ }],
  ["local-address-host-route: a /32 and IPv6 host bits are fine", { commands: ["route add 10.0.0.2/32 dev ve-t", "route add fd00::2/64 dev ve-t"], ok: true }],
  [
    "duplicate-host-route: the same prefix to two veths",
    { commands: ["link add ve-u type veth peer name p1", "link set ve-u up", "route add fd00::2/64 dev ve-t", "route add fd00::3/64 dev ve-u"], ok: false, stderr: /File exists/ },
  ],
  ["mac-address: multicast refused", { commands: ["link set dev host0 address 01:00:5e:00:00:01"], ok: false, stderr: /Cannot assign requested address/ }],
  ["mac-address: all zeros refused", { commands: ["link set dev host0 address 00:00:00:00:00:00"], ok: false, stderr: /Cannot assign requested address/ }],
  ["mac-address: a locally administered unicast address is fine", { commands: ["link set dev host0 address 02:00:00:00:00:01"], ok: true }],
  ["interface-name: 16 bytes are too long", { commands: ["link add abcdefghijklmnop type dummy"], ok: false, stderr: /Attribute failed policy validation/ }],
];

const nspawnCases: [string, { flags: string[]; parsed: boolean; stderr?: RegExp }][] = [
  ["path-syntax: bind options after the destination", { flags: ["--bind=/tmp:/x:rbind,idmap"], parsed: true }],
  ["path-syntax: a relative destination", { flags: ["--bind=/tmp:x"], parsed: false, stderr: /Failed to parse --bind/ }],
  ["path-syntax: `/data:idmap` alone reads idmap as the destination", { flags: ["--bind=/data:idmap"], parsed: false, stderr: /Failed to parse --bind/ }],
  ["path-syntax: a relative tmpfs path", { flags: ["--tmpfs=var"], parsed: false, stderr: /Failed to parse --tmpfs/ }],
  ["forward-port-protocol: upper case", { flags: ["--private-network", "--port=TCP:80:80"], parsed: false }],
  ["forward-port-number: port 0", { flags: ["--private-network", "--port=tcp:0:80"], parsed: false }],
  ["capability-name: an unknown capability", { flags: ["--capability=CAP_BOGUS"], parsed: false, stderr: /Failed to parse capability/ }],
  ["capability-name: any case, and all", { flags: ["--capability=cap_net_raw,all"], parsed: true }],
  ["private-users-range: 65535 is no UID", { flags: ["--private-users=65535"], parsed: false }],
  ["private-users-range: no room for the range", { flags: ["--private-users=4294901760"], parsed: false }],
  ["private-users-range: the last base that fits", { flags: ["--private-users=4294901759"], parsed: true }],
  ["network-namespace-conflict: with an extra veth", { flags: ["--network-namespace-path=/proc/self/ns/net", "--network-veth-extra=vx0"], parsed: false, stderr: /cannot be combined/ }],
  ["interface-name: an invalid bridge name", { flags: ["--network-bridge=br/0"], parsed: false, stderr: /not valid/ }],
];

if (!canNetns) test.skip(`ip proofs (skipped: ${isRoot ? "no unshare or ip" : "not root"})`);
else
  for (const [name, { commands, options, ok, stderr, stdout }] of ipCases)
    test(`ip: ${name}`, () => {
      const r = inNetns(commands.map(w), options);
      assert.ok(r.failedAt === null || r.failedAt === undefined || r.failedAt >= 0, `setting up the namespace failed: ${r.stderr}`);
      assert.is(r.status === 0, ok, `exit ${r.status}: ${r.stderr}`);
      if (!ok && r.failedAt !== undefined) assert.is(r.failedAt, commands.length - 1, `the last command should be the one that fails: ${r.stderr}`);
      if (stderr !== undefined) assert.match(r.stderr, stderr);
      if (stdout !== undefined) assert.match(r.stdout, stdout);
    });

if (!hasNspawn) test.skip(`systemd-nspawn proofs (skipped: ${isRoot ? "no systemd-nspawn" : "not root"})`);
else
  for (const [name, { flags, parsed, stderr }] of nspawnCases)
    test(`systemd-nspawn: ${name}`, () => {
      const r = nspawnParses(flags);
      assert.is(r.parsed, parsed, r.stderr);
      if (stderr !== undefined) assert.match(r.stderr, stderr);
    });

test.run();
