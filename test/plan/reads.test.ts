/**
 * The `reads` of the unit model (src/options/unit.ts), which `plan` uses to
 * name the options behind a changed unit key, checked against what really
 * changes the unit: no option outside a field's `reads` changes that field
 * (TypeScript, seeded random definitions), and changing one option changes
 * exactly the scripts that list it (the generated module, evaluated with a
 * nixpkgs lib).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer, type ResolvedContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import type { Json } from "../../src/model/resolve.js";
import { containerOptions } from "../../src/options/container.js";
import { unitFields, unitOf, unitScripts } from "../../src/options/unit.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";
import { Gen, prng, randomContainer } from "../support/random.js";

const at = (v: Json | undefined, p: readonly string[]): Json | undefined => p.reduce<Json | undefined>((x, k) => (x as { [k: string]: Json } | undefined)?.[k], v);
const options = Object.keys(containerOptions);

for (const f of unitFields)
  test(`unit field ${f.path.join(".")}: only ${f.reads.join(", ") || "host facts"} change it`, () => {
    const SEED = 20261201;
    const g = new Gen(prng(SEED));
    const dirs = dirsFor("25.11");
    for (let i = 0; i < 200; i++) {
      const a = resolveContainer("web", randomContainer(g)) as unknown as Record<string, Json>;
      const b = resolveContainer("web", randomContainer(g)) as unknown as Record<string, Json>;
      const mixed: Record<string, Json> = { ...a };
      for (const o of options) if (!f.reads.includes(o) && o in b) mixed[o] = b[o]!;
      const field = (c: Record<string, Json>) => at(unitOf({ name: "web", cfg: c as unknown as ResolvedContainer, dirs }) as Json, f.path);
      assert.equal(field(mixed), field(a), `random pair #${i} (seed ${SEED}): an option outside reads changed the field`);
    }
  });

const P = "/nix/store/11111111111111111111111111111111-nixos-system-web";
const base: { [k: string]: Json } = { path: P, autoStart: true, privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" };

/** One other value per option; null: the option cannot be changed on the stub host, with why. */
const perturbations: Record<string, Json | { skip: string }> = {
  config: { skip: "building a system from config needs all of nixpkgs" },
  path: "/nix/store/22222222222222222222222222222222-nixos-system-web",
  additionalCapabilities: ["CAP_SYS_ADMIN"],
  nixpkgs: { skip: "only the container's own evaluation reads it" },
  specialArgs: { skip: "only the container's own evaluation reads it" },
  ephemeral: true,
  enableTun: true,
  copyResolvConf: false,
  privateNetwork: false,
  networkNamespace: "/run/netns/other",
  privateUsers: "pick",
  interfaces: ["eth1"],
  macvlans: ["eth2"],
  extraVeths: { "ve-extra": { hostAddress: "10.1.0.1", localAddress: "10.1.0.2" } },
  autoStart: false,
  restartIfChanged: false,
  activation: "reload",
  timeoutStartSec: "5min",
  bindMounts: { "/srv": { hostPath: "/data/srv" } },
  allowedDevices: [{ node: "/dev/kvm", modifier: "rw" }],
  tmpfs: ["/var/tmp"],
  extraFlags: ["--volatile=state"],
  flake: { skip: "a flake container's path is its profile; the scripts do not see the flake" },
  pkgs: { skip: "removed" },
  hostBridge: "br0",
  forwardPorts: [{ hostPort: 8080 }],
  hostAddress: "10.0.0.9",
  hostAddress6: "fc00::1",
  localAddress: "10.0.0.8",
  localAddress6: "fc00::2",
  localMacAddress: "02:00:00:00:00:01",
};

test("every container option has a perturbation (or says why not)", () => {
  assert.equal(Object.keys(perturbations).sort(), [...options].sort());
});

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const changed = Object.entries(perturbations).filter((e): e is [string, Json] => !(typeof e[1] === "object" && e[1] !== null && "skip" in e[1]));

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("scripts: changing one option changes exactly the scripts whose reads list it");
} else {
  test("scripts: changing one option changes exactly the scripts whose reads list it", () => {
    const dir = tmp.dirSync({ unsafeCleanup: true });
    try {
      const casesFile = path.join(dir.name, "cases.json");
      const cases = { base: { containers: { web: base } }, ...Object.fromEntries(changed.map(([o, v]) => [o, { containers: { web: { ...base, [o]: v } } }])) };
      writeFileSync(casesFile, JSON.stringify(cases));
      const args = [path.join(root, "test/nix/eval-scripts.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", path.join(root, "nix/containers.nix")];
      const got = evalJson([...args, "--arg", "casesFile", casesFile]) as Record<string, { "container@web": Record<string, string> }>;
      const before = got.base!["container@web"];
      for (const [o] of changed)
        for (const s of unitScripts) {
          const differs = got[o]!["container@web"][s.attr] !== before[s.attr];
          assert.is(differs, s.reads.includes(o), `${o}: ${s.attr} ${differs ? "changed" : "did not change"}, but its reads ${s.reads.includes(o) ? "list" : "do not list"} it`);
        }
    } finally {
      dir.removeCallback();
    }
  });
}

test.run();
