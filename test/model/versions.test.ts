/**
 * compareVersions against the real builtins.compareVersions, on the versions
 * the code compares: stateVersions (22.05), kernels (5.8) and the NixOS
 * versions the boot.isNspawnContainer check reads (25.11pre-git).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { NSPAWN_SETTING_SINCE } from "../../src/commands/imperative/nspawn-ready.js";
import { compareVersions } from "../../src/model/versions.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";

/** [a, b, compareVersions a b] as Nix answers it. */
const PAIRS: [string, string, -1 | 0 | 1][] = [
  ["25.11", NSPAWN_SETTING_SINCE, 1],
  ["25.11pre-git", NSPAWN_SETTING_SINCE, 0],
  ["25.11pre123456.abcdef0", NSPAWN_SETTING_SINCE, 1],
  ["25.11.20251130.abcdef0", NSPAWN_SETTING_SINCE, 1],
  ["25.05.20250601.0123456", NSPAWN_SETTING_SINCE, -1],
  ["25.05pre-git", NSPAWN_SETTING_SINCE, -1],
  ["26.05pre900000.fedcba9", NSPAWN_SETTING_SINCE, 1],
  ["24.11", NSPAWN_SETTING_SINCE, -1],
  ["", NSPAWN_SETTING_SINCE, -1],
  ["22.05", "22.05", 0],
  ["21.11", "22.05", -1],
  ["22.11", "22.05", 1],
  ["5.8", "5.8", 0],
  ["5.10.0", "5.8", 1],
  ["5.4.0-150-generic", "5.8", -1],
  ["6.12.0", "5.8", 1],
  ["2.3a", "2.3.1", -1],
  ["1.0", "1.0.0", -1],
  ["1.0pre", "1.0", -1],
];

test("compareVersions gives the answers written down", () => {
  for (const [a, b, want] of PAIRS) assert.is(compareVersions(a, b), want, `${a} vs ${b}`);
});

if (hasNixInstantiate)
  test("compareVersions equals builtins.compareVersions on every pair, both ways", () => {
    const list = PAIRS.flatMap(([a, b]) => [[a, b], [b, a]]);
    const expr = `map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) (builtins.fromJSON ${JSON.stringify(JSON.stringify(list))})`;
    const real = evalJson(["-E", expr]) as number[];
    list.forEach(([a, b], i) => assert.is(compareVersions(a!, b!), real[i], `${a} vs ${b}`));
  });
else {
  console.log("skipped: nix-instantiate is missing (apt-get install -y nix-bin)");
  test.skip("compareVersions equals builtins.compareVersions on every pair, both ways");
}

test.run();
