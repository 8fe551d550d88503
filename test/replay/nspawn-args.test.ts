/**
 * The model of systemd-nspawn's argument parsing against recorded verdicts of
 * the real nspawn 252 (nspawn-cases.ts), always; and against the real program
 * itself where root and nspawn 252 are at hand (nspawn-real.ts: private
 * namespaces, a root directory that does not exist).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseNspawn, type UdevView } from "../../src/replay/nspawn-args.js";
import { nspawnCases } from "./nspawn-cases.js";
import { NO_ROOT, nspawnSkipReason, realNspawn } from "./nspawn-real.js";

const skip = nspawnSkipReason();

const modelVerdict = (args: readonly string[], udev?: UdevView) => {
  const r = parseNspawn(["systemd-nspawn", "-D", NO_ROOT, ...args], udev === undefined ? {} : { udev });
  return r.ok === true ? null : r.ok === false ? r.message : `not modelled: ${r.reason}`;
};

for (const [name, { args, want }] of nspawnCases) test(`nspawn args (model): ${name}`, () => assert.is(modelVerdict(args), want));

/** With udev on the host (a rw sysfs), nspawn checks interfaces while parsing; `setup` makes d0 (never seen by a udev, so not initialized). */
const udevCases: [string, { args: string[]; want: string | null }][] = [
  ["a missing interface, with udev", { args: ["--network-interface=eth9"], want: "Failed to get device eth9: No such device" }],
  ["an interface udev has not seen", { args: ["--network-macvlan=d0"], want: "Network interface d0 is not initialized yet." }],
  ["a parse error before the interface wins", { args: ["--port=0", "--network-interface=eth9"], want: "Failed to parse host port 0: Invalid argument" }],
];
const udevOf: UdevView = (n) => (n === "d0" || n === "d1" ? "uninitialized" : "missing");
for (const [name, { args, want }] of udevCases) test(`nspawn args (model, udev): ${name}`, () => assert.is(modelVerdict(args, udevOf), want));

if (skip !== null) {
  console.log(`skipped: nspawn args against the real systemd-nspawn: ${skip}`);
  test.skip("nspawn args: the recorded verdicts are the real nspawn's");
} else
  test("nspawn args: the recorded verdicts are the real nspawn's", () => {
    for (const [name, { args, want }] of nspawnCases) {
      const r = realNspawn(args);
      assert.is(r.accepted ? null : r.message, want, name);
    }
    for (const [name, { args, want }] of udevCases) {
      const r = realNspawn(args, ["link add name d0 type veth peer name d1"], "rw");
      assert.is(r.accepted ? null : r.message, want, name);
    }
    const without = realNspawn(["--network-interface=eth9"]);
    assert.ok(without.accepted, "without udev (a read-only sysfs) nspawn does not look at interfaces while parsing");
  });

test.run();
