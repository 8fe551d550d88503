/**
 * The random hosts of `npm run fuzz:boot` (hosts.ts, mistakes.ts): the same
 * seed gives the same hosts; a few hundred of them cover every network shape,
 * mount and user-namespace option and every mistake; about half carry
 * mistakes; each host's JSON is read back by validate's input reader as
 * written, and the boot harness can make each host (host-case.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Json } from "../../src/model/resolve.js";
import { loadJson } from "../../src/validate/input.js";
import { validateContainers } from "../../src/validate/validate.js";
import { hostBootCase } from "../boot/host-case.js";
import tmp from "../support/tmp.js";
import { buildHost, sampleHosts, type FuzzHost, type Plan } from "./hosts.js";
import { applyMistake, MISTAKE_KINDS, MISTAKES } from "./mistakes.js";

type Def = { [k: string]: Json };
const SAMPLE = sampleHosts(5, 400);

const str = (v: Json | undefined) => (typeof v === "string" ? v : "");
const routed = (d: Def) => d.privateNetwork === true && !d.hostBridge && !d.networkNamespace;
const veths = (d: Def) => Object.values((d.extraVeths ?? {}) as Record<string, Def>);
const forwards = (d: Def) => (d.forwardPorts ?? []) as Def[];
const binds = (d: Def) => Object.values((d.bindMounts ?? {}) as Record<string, Def>);
const bridgeOf = (h: FuzzHost, d: Def) => h.host.interfaces[str(d.hostBridge)];

/** Each shape the fuzzing must reach, as a test on one container (and its host). */
const SHAPES: [string, (d: Def, h: FuzzHost) => boolean][] = [
  ["routed IPv4 without prefix", (d) => routed(d) && !!d.hostAddress && !!d.localAddress && !str(d.localAddress).includes("/")],
  ["routed IPv4 with /32", (d) => routed(d) && str(d.localAddress).endsWith("/32")],
  ["routed IPv6 without prefix", (d) => routed(d) && !!d.hostAddress6 && !!d.localAddress6 && !str(d.localAddress6).includes("/")],
  ["routed IPv6 with /128", (d) => routed(d) && str(d.localAddress6).endsWith("/128")],
  ["routed IPv6 with /64", (d) => routed(d) && str(d.localAddress6).endsWith("/64")],
  ["routed dual stack", (d) => routed(d) && !!d.hostAddress && !!d.localAddress && !!d.hostAddress6 && !!d.localAddress6],
  ["bridged, the bridge with addresses", (d, h) => !!d.localAddress && (bridgeOf(h, d)?.addresses ?? []).length > 0],
  ["bridged, the bridge without addresses", (d, h) => bridgeOf(h, d)?.kind === "bridge" && (bridgeOf(h, d)?.addresses ?? []).length === 0],
  ["bridged with the bridge's address as hostAddress", (d, h) => !!d.hostAddress && (bridgeOf(h, d)?.addresses ?? []).includes(`${str(d.hostAddress)}/24`)],
  ["bridged dual stack", (d) => !!d.hostBridge && !!d.localAddress && !!d.localAddress6],
  ["extra veth routed", (d) => veths(d).some((v) => !v.hostBridge && !!v.hostAddress)],
  ["extra veth routed IPv6", (d) => veths(d).some((v) => !v.hostBridge && !!v.hostAddress6)],
  ["extra veth bridged", (d) => veths(d).some((v) => !!v.hostBridge)],
  ["macvlans", (d) => ((d.macvlans ?? []) as Json[]).length > 0],
  ["two macvlans", (d) => ((d.macvlans ?? []) as Json[]).length > 1],
  ["interfaces moved in", (d) => ((d.interfaces ?? []) as Json[]).length > 0],
  ["networkNamespace", (d) => !!d.networkNamespace && d.privateNetwork === undefined],
  ["no private network", (d) => !d.privateNetwork && !d.networkNamespace],
  ["private network without addresses", (d) => d.privateNetwork === true && !d.hostBridge && !d.hostAddress && !d.localAddress && !d.hostAddress6 && !d.localAddress6],
  ["forwardPorts tcp with containerPort", (d) => forwards(d).some((f) => f.protocol === "tcp" && f.containerPort !== undefined)],
  ["forwardPorts tcp without containerPort", (d) => forwards(d).some((f) => f.protocol === "tcp" && f.containerPort === undefined)],
  ["forwardPorts udp with containerPort", (d) => forwards(d).some((f) => f.protocol === "udp" && f.containerPort !== undefined)],
  ["forwardPorts udp without containerPort", (d) => forwards(d).some((f) => f.protocol === "udp" && f.containerPort === undefined)],
  ["forwardPorts on a bridged container", (d) => !!d.hostBridge && forwards(d).length > 0],
  ["bind mount read-only", (d) => binds(d).some((b) => b.isReadOnly === true)],
  ["bind mount writable", (d) => binds(d).some((b) => b.isReadOnly === false)],
  ["tmpfs", (d) => ((d.tmpfs ?? []) as Json[]).length > 0],
  ["privateUsers pick", (d) => d.privateUsers === "pick"],
  ["privateUsers base UID", (d) => typeof d.privateUsers === "number"],
  ["localMacAddress", (d) => !!d.localMacAddress],
];

/** Each fact of the host's side the fuzzing must reach. */
const HOST_SHAPES: [string, (h: FuzzHost) => boolean][] = [
  ["one container", (h) => Object.keys(h.containers).length === 1],
  ["four containers", (h) => Object.keys(h.containers).length === 4],
  ["a bridge with IPv4 and IPv6 addresses", (h) => Object.values(h.host.interfaces).some((i) => i.kind === "bridge" && (i.addresses ?? []).length === 2)],
  ["a bridge no container uses", (h) => "brs" in h.host.interfaces],
  ["a physical interface with an address", (h) => (h.host.interfaces.eth0?.addresses ?? []).length > 0],
  ["a second physical interface (macvlan parent)", (h) => h.host.interfaces.eth1?.kind === "physical"],
  ["a macvlan of the host's own", (h) => h.host.interfaces.mv0?.kind === "macvlan"],
  ["two network namespaces", (h) => h.host.networkNamespaces.length === 2],
  ["two containers in one network namespace", (h) => new Set(Object.values(h.containers).map((d) => d.networkNamespace).filter(Boolean)).size < Object.values(h.containers).filter((d) => d.networkNamespace).length],
  ["two containers on one bridge", (h) => {
    const on = Object.values(h.containers).map((d) => d.hostBridge).filter(Boolean);
    return new Set(on).size < on.length;
  }],
  ["a start order other than the containers' order", (h) => h.order.join() !== Object.keys(h.containers).join()],
];

test("fuzz hosts: the same seed gives the same hosts, another seed others", () => {
  assert.equal(sampleHosts(5, 60), SAMPLE.slice(0, 60));
  assert.not.equal(sampleHosts(6, 60), SAMPLE.slice(0, 60));
});

for (const [name, has] of SHAPES)
  test(`fuzz hosts: 400 hosts cover ${name}`, () => {
    assert.ok(SAMPLE.some((h) => Object.values(h.containers).some((d) => has(d, h))), `no container is ${name}`);
  });

for (const [name, has] of HOST_SHAPES)
  test(`fuzz hosts: 400 hosts cover ${name}`, () => {
    assert.ok(SAMPLE.some(has), `no host has ${name}`);
  });

test("fuzz hosts: about half the hosts carry mistakes", () => {
  const share = SAMPLE.filter((h) => h.mistakes.length > 0).length / SAMPLE.length;
  assert.ok(share > 0.35 && share < 0.65, `share of hosts with mistakes: ${share}`);
});

test("fuzz hosts: 400 hosts carry every mistake", () => {
  const made = new Set(SAMPLE.flatMap((h) => h.mistakes));
  assert.equal(MISTAKE_KINDS.filter((k) => !made.has(k)), []);
});

test("fuzz hosts: every mistake has its words", () => {
  assert.equal(MISTAKES.map((m) => m.kind), [...MISTAKE_KINDS]);
  for (const m of MISTAKES) assert.ok(m.what.length > 10, m.kind);
});

// A right host of two containers, to make each mistake in.
const base: Plan = {
  host: { bridges: [{ v4: true, v6: true }, { v4: true, v6: false }, { v4: false, v6: false }], spareBridge: false, eth0Address: false, hostMacvlan: false, spareNamespace: false },
  containers: [0, 1, null, null].map((order) => order === null ? null : ({
    net: { kind: "routed", v4: true, v6: true, prefix4: "", prefix6: "" },
    extraVeths: [],
    macvlans: [],
    interfaces: 0,
    forwards: [],
    binds: [],
    tmpfs: false,
    privateUsers: "no",
    mac: false,
    order,
  })),
  mistakes: [],
};

for (const kind of MISTAKE_KINDS)
  test(`fuzz hosts: the mistake ${kind} changes a right host, and only when it says so`, () => {
    const right = buildHost(base);
    const wrong = structuredClone(right);
    assert.ok(applyMistake(wrong, kind, 0, 1), "made on two containers");
    assert.not.equal(wrong, right);
    const one = buildHost({ ...base, containers: [base.containers[0]!, null, null, null] });
    const before = JSON.stringify(one);
    if (!applyMistake(one, kind, 0, 0)) assert.is(JSON.stringify(one), before, "a mistake not made leaves the host as it was");
  });

/**
 * A container that joins a network namespace of the host's with privateUsers: the generator makes it as right,
 * but nspawn refuses it (found by fuzz:boot, fixture missed-failure-1-63). The generator is left as it is, since
 * fuzz:boot's log of real boots is keyed by seed and index; such a host counts as one with a mistake.
 */
const joinsWithUsers = (h: FuzzHost) => Object.values(h.containers).some((d) => d.networkNamespace && d.privateUsers !== undefined && d.privateUsers !== "no");

test("fuzz hosts: the hosts without mistakes are right: validate finds no error, and every name the containers give is the host's", () => {
  for (const h of SAMPLE.filter((x) => x.mistakes.length === 0)) {
    const errors = validateContainers(h.containers, { host: { network: h.host, paths: h.host.paths } }).findings.filter((f) => f.severity === "error");
    if (joinsWithUsers(h)) {
      assert.ok(errors.length > 0 && errors.every((e) => e.rule === "start-refused" && e.path.at(-1) === "networkNamespace"), JSON.stringify(h));
      continue;
    }
    assert.equal(errors, [], JSON.stringify(h));
    for (const d of Object.values(h.containers)) {
      for (const n of [d.hostBridge, ...veths(d).map((v) => v.hostBridge), ...((d.interfaces ?? []) as Json[]), ...((d.macvlans ?? []) as Json[])])
        if (typeof n === "string") assert.ok(n in h.host.interfaces, `${n} of ${JSON.stringify(d)} is not in ${JSON.stringify(h.host)}`);
      if (d.networkNamespace) assert.ok(h.host.networkNamespaces.includes(str(d.networkNamespace)));
    }
    assert.equal([...h.order].sort(), Object.keys(h.containers).sort());
  }
});

test("fuzz hosts: validate's input reader reads every host's JSON as written", () => {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    SAMPLE.forEach((h, i) => {
      const file = path.join(dir.name, `${i}.json`);
      writeFileSync(file, JSON.stringify({ containers: h.containers, host: h.host }));
      const loaded = loadJson(file, null);
      assert.equal(loaded.containers, h.containers);
    });
  } finally {
    dir.removeCallback();
  }
});

test("fuzz hosts: the boot harness can make every host", () => {
  for (const h of SAMPLE) {
    const made = hostBootCase(h);
    assert.ok(!("skip" in made), `${"skip" in made ? made.skip : ""}: ${JSON.stringify(h)}`);
  }
});

test.run();
