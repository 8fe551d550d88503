/**
 * The `ip` model against the real iproute2 and kernel (differential testing):
 * fast-check draws command sequences in the units' shapes (ip-gen.ts); each
 * runs in the model and in a fresh pair of network namespaces of the test's
 * own (ip-world.ts), and every command's exit status and message, then the
 * links, addresses and main routing tables of both namespaces must agree.
 * A sequence is compared up to its first command the model answers "not
 * modelled" (the state after it is unknown). A disagreement is shrunk to a
 * smallest sequence; each one found is kept in ip-regressions.ts, whose
 * cases run here first (against the real programs too) and against their
 * recorded outcomes always (ip-model.test.ts).
 *
 * REPLAY_IP_RUNS (default 40) and REPLAY_IP_SEED set the run count and seed.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { sequence, type Cmd } from "./ip-gen.js";
import { regressions } from "./ip-regressions.js";
import { modelWorld, realSkipReason, realWorld, type WorldView } from "./ip-world.js";

const skip = realSkipReason();
const RUNS = Number(process.env.REPLAY_IP_RUNS ?? 40);
const SEED = Number(process.env.REPLAY_IP_SEED ?? 17);

/** The first difference between the two views, in words, or null. */
function difference(cmds: readonly Cmd[], real: WorldView, model: WorldView): string | null {
  for (let i = 0; i < cmds.length; i++) {
    const r = JSON.stringify(real.ran[i]);
    const m = JSON.stringify(model.ran[i]);
    if (r !== m) return `ip ${cmds[i]!.join(" ")}\n  real:  ${r}\n  model: ${m}`;
  }
  for (const ns of ["main", "peer"] as const)
    for (const t of ["links", "addrs", "routes"] as const) {
      const r = real[ns][t].map((x) => JSON.stringify(x));
      const m = model[ns][t].map((x) => JSON.stringify(x));
      const onlyReal = r.filter((x) => !m.includes(x));
      const onlyModel = m.filter((x) => !r.includes(x));
      if (onlyReal.length > 0 || onlyModel.length > 0) return `${ns} ${t}\n  real only:  ${onlyReal.join("\n              ")}\n  model only: ${onlyModel.join("\n              ")}`;
    }
  return null;
}

const stats = { sequences: 0, commands: 0, refused: 0, cut: 0 };

/** Runs both sides up to the first command the model does not model; null when they agree. */
function compare(cmds: readonly Cmd[]): string | null {
  const whole = modelWorld(cmds);
  const cut = whole.ran.findIndex((r) => "notModelled" in r);
  const used = cut === -1 ? cmds : cmds.slice(0, cut);
  const model = cut === -1 ? whole : modelWorld(used);
  const real = realWorld(used);
  stats.sequences++;
  stats.commands += used.length;
  stats.refused += real.ran.filter((r) => "status" in r && r.status !== 0).length;
  if (cut !== -1) stats.cut++;
  return difference(used, real, model);
}

if (skip !== null) {
  console.log(`skipped: ip differential tests: ${skip}`);
  test.skip("ip model: the kept regressions against the real ip");
  test.skip("ip model: random sequences against the real ip");
} else {
  test("ip model: the kept regressions against the real ip", () => {
    for (const [name, { given }] of regressions) {
      const d = compare(given);
      assert.is(d, null, `${name}: ${d}`);
    }
  });

  test("ip model: random sequences against the real ip", () => {
    const before = { ...stats };
    const r = fc.check(
      fc.property(sequence(10), (cmds) => compare(cmds) === null),
      { numRuns: RUNS, seed: SEED },
    );
    if (r.failed) {
      const cmds = r.counterexample![0];
      assert.unreachable(
        `model and real ip differ (seed ${SEED}, path ${r.counterexamplePath}), shrunk to:\n${cmds.map((c) => `  ip ${c.join(" ")}`).join("\n")}\nfirst difference: ${compare(cmds)}`,
      );
    }
    console.log(
      `ip differential: ${stats.sequences - before.sequences} sequences, ${stats.commands - before.commands} commands compared (${stats.refused - before.refused} refused by the real ip), ${stats.cut - before.cut} sequences cut at a command the model does not model`,
    );
  });
}

test.run();
