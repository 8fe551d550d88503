/**
 * The steps the validator leaves out (HostReplayer.ignored, declaredSteps'
 * leaveOut) change nothing the replay judges. On fuzz:boot's hosts of one
 * seed, with their host facts and paths, with the facts but no paths, and
 * without facts, the replay of every container's whole steps and the replay
 * of its steps without the ignored programs' give the same outcome for every
 * step both have, the same starts, pairs, forwarded ports and clashes.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer, type ResolvedContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Json } from "../../src/model/resolve.js";
import { HostReplayer, replayHost, type HostReplay } from "../../src/replay/replay.js";
import type { Step } from "../../src/replay/step.js";
import { declaredSteps, UNIT_PATH } from "../../src/scripts/steps.js";
import { sampleHosts } from "../fuzz/hosts.js";

const SEED = 1;
const COUNT = Number(process.env.REPLAY_IGNORED_COUNT ?? 150);
const dirs = dirsFor("25.11");

/** Each container's steps (those a mistake leaves without a resolved definition have none, as for the validator). */
function stepsOf(containers: Record<string, unknown>, leaveOut: ReadonlySet<string> | null): Map<string, Step[]> {
  const out = new Map<string, Step[]>();
  for (const [name, definition] of Object.entries(containers)) {
    let cfg: ResolvedContainer;
    try {
      cfg = resolveContainer(name, definition as { [k: string]: Json });
    } catch {
      continue;
    }
    out.set(name, declaredSteps(name, cfg, dirs, UNIT_PATH, leaveOut));
  }
  return out;
}

/** What the replay judged, without the steps of the ignored programs (whose outcomes are all "outside the model"). */
const judged = (r: HostReplay, ignored: ReadonlySet<string>) =>
  JSON.stringify({
    containers: r.containers.map((c) => ({
      name: c.name,
      started: c.started,
      steps: c.steps.filter((s) => !ignored.has(s.step.argv[0]!)).map((s) => [s.step.argv, s.outcome, s.clashWith, s.about ?? null]),
    })),
    pairs: r.pairs,
    forwards: r.forwards,
    clashes: r.clashes,
    userOverlaps: r.userOverlaps,
  });

test(`the ignored programs' steps change nothing the replay judges (the first ${COUNT} fuzz:boot hosts of seed ${SEED}, three ways each)`, () => {
  let left = 0;
  for (const [index, host] of sampleHosts(SEED, COUNT).entries()) {
    const variants: [string, HostNetwork | null, readonly string[] | null][] = [
      ["with its facts and paths", host.host, host.host.paths],
      ["with its facts, no paths", host.host, null],
      ["without facts", null, null],
    ];
    for (const [how, network, paths] of variants) {
      const ignored = new HostReplayer(network, { paths }).ignored;
      const whole = stepsOf(host.containers, null);
      const part = stepsOf(host.containers, ignored);
      for (const [name, list] of whole) left += list.length - part.get(name)!.length;
      const a = judged(replayHost(whole, network, { paths }), ignored);
      const b = judged(replayHost(part, network, { paths }), ignored);
      assert.ok(a === b, `host ${index} of seed ${SEED} ${how}: the replay differs without the ignored programs' steps`);
    }
  }
  assert.ok(left > COUNT, "steps are left out");
});

test.run();
