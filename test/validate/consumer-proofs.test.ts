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
import { spawnSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8" }).status === 0;
const isRoot = process.getuid?.() === 0;
const canNetns = isRoot && has("unshare", ["--net", "true"]) && has("ip", ["-V"]);
const hasNspawn = isRoot && has("systemd-nspawn", ["--version"]);

/** Runs a bash script in a fresh network namespace with a veth pair ve-t (host side) / host0 (container side), both up. */
function inNetns(script: string) {
  const setup = "ip link add ve-t type veth peer name host0 && ip link set ve-t up && ip link set host0 up";
  return spawnSync("unshare", ["--net", "bash", "-c", `${setup} || exit 99\n${script}`], { encoding: "utf8" });
}

const NO_ROOT = "/nonexistent-containers-nix-proof";
/** systemd-nspawn with the given flags on a root that does not exist: parsing passed when it complains about the root. */
function nspawnParses(flags: string[]): { parsed: boolean; stderr: string } {
  const r = spawnSync("systemd-nspawn", [...flags, "-D", NO_ROOT, "true"], { encoding: "utf8", timeout: 10_000 });
  return { parsed: r.stderr.includes(`Failed to resolve path ${NO_ROOT}`), stderr: r.stderr.trim() };
}

const ipCases: [string, { script: string; ok: boolean; stderr?: RegExp }][] = [
  ["address-syntax: plain ip takes IPv6 (hostAddress/localAddress)", { script: "ip addr add fd00::2 dev host0 && ip route add fd00::1 dev host0 && ip route add default via fd00::1", ok: true }],
  ["address-syntax: ip -6 refuses IPv4 (the …6 options)", { script: "ip -6 addr add 10.0.0.2 dev host0", ok: false, stderr: /inet6 prefix is expected/ }],
  ["address-syntax: leading zeros are octal", { script: "ip addr add 010.0.0.1 dev host0 && ip -4 addr show dev host0 | grep -q 'inet 8.0.0.1/32'", ok: true }],
  ["address-syntax: a gateway takes no prefix", { script: "ip addr add 10.0.0.2/24 dev host0 && ip route add default via 10.0.0.1/24", ok: false, stderr: /valid address is expected/ }],
  ["address-syntax: extra ip words break the host route", { script: "ip route add 10.1.0.2/24 noprefixroute dev ve-t", ok: false }],
  ["local-address-host-route: IPv4 host bits refused", { script: "ip route add 10.0.0.2/24 dev ve-t", ok: false, stderr: /Invalid prefix for given prefix length/ }],
  ["local-address-host-route: a /32 and IPv6 host bits are fine", { script: "ip route add 10.0.0.2/32 dev ve-t && ip -6 route add fd00::2/64 dev ve-t", ok: true }],
  [
    "duplicate-host-route: the same prefix to two veths",
    { script: "ip link add ve-u type veth peer name p1 && ip link set ve-u up && ip -6 route add fd00::2/64 dev ve-t && ip -6 route add fd00::3/64 dev ve-u", ok: false, stderr: /File exists/ },
  ],
  ["mac-address: multicast refused", { script: "ip link set dev host0 address 01:00:5e:00:00:01", ok: false, stderr: /Cannot assign requested address/ }],
  ["mac-address: all zeros refused", { script: "ip link set dev host0 address 00:00:00:00:00:00", ok: false, stderr: /Cannot assign requested address/ }],
  ["mac-address: a locally administered unicast address is fine", { script: "ip link set dev host0 address 02:00:00:00:00:01", ok: true }],
  ["interface-name: 16 bytes are too long", { script: "ip link add abcdefghijklmnop type dummy", ok: false }],
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
  for (const [name, { script, ok, stderr }] of ipCases)
    test(`ip: ${name}`, () => {
      const r = inNetns(script);
      assert.ok(r.status !== 99, `setting up the namespace failed: ${r.stderr}`);
      assert.is(r.status === 0, ok, `exit ${r.status}: ${r.stderr}`);
      if (stderr !== undefined) assert.match(r.stderr, stderr);
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
