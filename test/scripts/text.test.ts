/**
 * The scripts' text: the generated core's Nix (src/nix/scripts.ts) and the
 * TypeScript renderer (src/scripts/text.ts) write the same bytes, for every
 * case of cases.ts and a few values that need escaping.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer } from "../../src/model/container.js";
import { renderConf } from "../../src/model/conf.js";
import { scripts } from "../../src/scripts/index.js";
import { declaredSettings, templateSettings } from "../../src/scripts/settings.js";
import { scriptText, type ScriptPaths } from "../../src/scripts/text.js";
import { hasNixInstantiate } from "../support/nix.js";
import { renderScripts, scriptCases, type ScriptCase } from "./cases.js";

const pathsFor = (name: string, isX86_64: boolean): ScriptPaths => ({
  runtimeShell: "/nix/store/00000000000000000000000000000001-bash-5/bin/bash",
  systemdNspawn: "/nix/store/00000000000000000000000000000003-systemd/bin/systemd-nspawn",
  nixosContainer: "/nix/store/00000000000000000000000000000009-nixos-container/bin/nixos-container",
  isX86_64,
  containerInitPath: `/nix/store/00000000000000000000000000000020-container-init-${name}`,
});

const odd = (source: string, input: Parameters<typeof resolveContainer>[1]): ScriptCase => {
  const cfg = resolveContainer("odd", { path: "/nix/store/x", ...input });
  return { source, name: "odd", cfg, conf: renderConf("odd", cfg), paths: pathsFor("odd", true) };
};

const cases = [
  ...scriptCases(pathsFor, 300),
  odd("escapes in extraVeths names and bridges, capabilities and tmpfs", {
    extraVeths: { 'v"$`\\x': { hostBridge: 'b "$(x)"', localAddress: "10.0.0.2" }, "w'1": { hostAddress: "10.0.0.1 noprefixroute" } },
    additionalCapabilities: ["CAP_$X", 'CAP_"'],
    tmpfs: ["/a b:mode=0755", "/`x`"],
  }),
];

if (!hasNixInstantiate) {
  console.log("skipped: scripts' text: nix-instantiate is missing (apt-get install -y nix-bin)");
  test.skip("scripts' text: Nix equals TypeScript");
} else
  test(`scripts' text: Nix equals TypeScript on ${cases.length} cases`, () => {
    const rendered = renderScripts(cases);
    cases.forEach((c, i) => {
      const settings = c.cfg === null ? templateSettings() : declaredSettings(c.cfg);
      for (const s of scripts) assert.fixture(scriptText(s, settings, c.paths), rendered[i]![s.name], `${c.source}: containers.${c.name}: ${s.name}`);
    });
  });

test.run();
