/**
 * Reachability (src/replay/reach.ts) against real pings: hosts of one to
 * three containers (reach-gen.ts) are replayed, and for every configured
 * pair the model's verdict, both ways, must be what busybox ping finds in
 * namespaces built with the same steps (reach-world.ts). Pairs the model
 * answers "unknown" are not compared (counted). Fixed hosts pin what was
 * found; REPLAY_REACH_RUNS (default 8) and REPLAY_REACH_SEED set the random
 * part.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { HostNetwork } from "../../src/model/host-network.js";
import { replayHost, type PairResult } from "../../src/replay/replay.js";
import { BRIDGE_HOST, hostDefs } from "./reach-gen.js";
import { pingSkipReason, realPings, type PingJob } from "./reach-world.js";
import { hostSteps, type Def } from "./script-steps.js";

const skip = pingSkipReason();
const RUNS = Number(process.env.REPLAY_REACH_RUNS ?? 8);
const SEED = Number(process.env.REPLAY_REACH_SEED ?? 17);

/** Fixed hosts with the model's verdicts, pair by pair: [to the container, to the host]. */
const fixed: [string, { defs: Record<string, Def>; want: [string, boolean, boolean][] }][] = [
  [
    "found: two bridged containers with one address: the host's answers go to whichever ARP named last (a race both ways)",
    {
      defs: { db: { privateNetwork: true, hostBridge: "br0", localAddress: "10.10.0.2/24" }, web: { privateNetwork: true, hostBridge: "br0", localAddress: "10.10.0.2/24" } },
      want: [["db 10.10.0.2", false, false], ["web 10.10.0.2", false, false]],
    },
  ],
  [
    "routed IPv4, IPv6 and dual stack; a long name reached through its altname",
    {
      defs: {
        web: { privateNetwork: true, hostAddress: "10.231.0.1", localAddress: "10.231.0.2", hostAddress6: "fd00::1", localAddress6: "fd00::2/64" },
        "a-very-long-container-name": { privateNetwork: true, hostAddress: "10.231.1.1", localAddress: "10.231.1.2/32" },
      },
      want: [["a-very-long-container-name 10.231.1.2", true, true], ["web 10.231.0.2", true, true], ["web fd00::2", true, true]],
    },
  ],
  [
    "the same local address twice: the second container does not start",
    {
      defs: { db: { privateNetwork: true, hostAddress: "10.231.0.1", localAddress: "10.231.0.2" }, web: { privateNetwork: true, hostAddress: "10.231.1.1", localAddress: "10.231.0.2" } },
      want: [["db 10.231.0.2", true, true], ["web 10.231.0.2", false, false]],
    },
  ],
  [
    "the host address of one container is the local address of another: the host answers for it, to either",
    {
      defs: { db: { privateNetwork: true, hostAddress: "10.231.0.1", localAddress: "10.231.0.2" }, web: { privateNetwork: true, hostAddress: "10.231.0.2", localAddress: "10.231.1.2" } },
      want: [["db 10.231.0.2", false, false], ["web 10.231.1.2", true, true]],
    },
  ],
  [
    "bridged: the container's address against the bridge's",
    { defs: { web: { privateNetwork: true, hostBridge: "br0", localAddress: "10.10.0.2/24", localAddress6: "fd10::2/64" } }, want: [["web 10.10.0.2", true, true], ["web fd10::2", true, true]] },
  ],
];

function verdicts(defs: Record<string, Def>, host: HostNetwork): { pairs: PairResult[]; jobs: PingJob[] } {
  const r = replayHost(hostSteps(defs), host);
  const jobs = r.pairs.flatMap((p) => [
    { from: "host", address: p.pair.local.address, target: p.pair.container },
    { from: p.pair.container, address: p.pair.host.address, target: "host" },
  ]);
  return { pairs: r.pairs, jobs };
}

for (const [name, { defs, want }] of fixed)
  test(`reach (model): ${name}`, () => {
    const { pairs } = verdicts(defs, BRIDGE_HOST);
    assert.equal(
      pairs.map((p) => [`${p.pair.container} ${p.pair.local.address}`, p.toContainer.ok === true, p.toHost.ok === true]),
      want,
    );
  });

const stats = { hosts: 0, pairs: 0, unknown: 0, reachable: 0, races: 0 };

/** The first pair where the model and the real pings disagree, in words, or null. */
function compare(defs: Record<string, Def>): string | null {
  const { pairs, jobs } = verdicts(defs, BRIDGE_HOST);
  if (jobs.length === 0) return null;
  const real = realPings(hostSteps(defs), BRIDGE_HOST, jobs);
  stats.hosts++;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    for (const [k, r] of [[0, p.toContainer], [1, p.toHost]] as const) {
      stats.pairs++;
      if (r.ok === "unknown") {
        stats.unknown++;
        continue;
      }
      // Two namespaces answering for one address: which gets the packet is a race, as the model says.
      if (r.ok === false && r.race === true) {
        stats.races++;
        continue;
      }
      const got = real[2 * i + k]!;
      if (got) stats.reachable++;
      if (got !== (r.ok === true))
        return `${p.pair.container}: ping ${k === 0 ? `from the host to ${p.pair.local.address}` : `from the container to ${p.pair.host.address}`}: real ${got ? "reaches" : "fails"}, model ${JSON.stringify(r)}`;
    }
  }
  return null;
}

if (skip !== null) {
  console.log(`skipped: reachability against real pings: ${skip}`);
  test.skip("reach: the fixed hosts against real pings");
  test.skip("reach: random hosts against real pings");
} else {
  test("reach: the fixed hosts against real pings", () => {
    for (const [name, { defs }] of fixed) assert.is(compare(defs), null, name);
  });
  test("reach: random hosts against real pings", () => {
    const before = { ...stats };
    const r = fc.check(
      fc.property(hostDefs, (defs) => compare(defs) === null),
      { numRuns: RUNS, seed: SEED },
    );
    if (r.failed) assert.unreachable(`model and real pings differ (seed ${SEED}), shrunk to ${JSON.stringify(r.counterexample![0])}: ${compare(r.counterexample![0])}`);
    console.log(
      `reach differential: ${stats.hosts - before.hosts} hosts, ${stats.pairs - before.pairs - (stats.unknown - before.unknown) - (stats.races - before.races)} pings compared (${stats.reachable - before.reachable} reached); not compared: ${stats.unknown - before.unknown} the model calls unknown, ${stats.races - before.races} races between two namespaces with one address`,
    );
  });
}

test.run();
