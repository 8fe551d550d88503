/**
 * The configuration.nix that create and update write, evaluated as a NixOS
 * module by the real module system (lib.evalModules of a nixpkgs lib): on a
 * NixOS that declares boot.isNspawnContainer (25.11 and newer) it sets that,
 * on an older one it sets boot.isContainer instead of naming an option that
 * does not exist there; the user's own `boot.…` and `imports` lines still
 * merge with it. The options are declared by small stand-ins with the types
 * and defaults NixOS gives them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { configurationNix } from "../../src/commands/imperative/system.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import tmp from "../support/tmp.js";

/** The options the configurations below touch; with `nspawn`, NixOS 25.11's boot.isNspawnContainer, which boot.isContainer defaults to. */
const declarations = (nspawn: boolean) => `{ lib, config, ... }: {
  options.boot = {
    isContainer = lib.mkOption { type = lib.types.bool; default = ${nspawn ? "config.boot.isNspawnContainer" : "false"}; };
    kernel.sysctl = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = { }; };
  } // lib.optionalAttrs ${nspawn} {
    isNspawnContainer = lib.mkOption { type = lib.types.bool; default = false; };
  };
  options.networking = {
    hostName = lib.mkOption { type = lib.types.str; default = "nixos"; };
    useDHCP = lib.mkOption { type = lib.types.bool; default = true; };
  };
  options.services.nginx.enable = lib.mkOption { type = lib.types.bool; default = false; };
}`;

const cases: [string, { extra: string; extraFile?: string; want: Record<string, unknown> }][] = [
  ["a plain --config", { extra: "services.nginx.enable = true;", want: { nginx: true } }],
  ["a --config with boot lines of its own", { extra: 'boot.kernel.sysctl."net.ipv4.ip_forward" = 1;', want: { sysctl: { "net.ipv4.ip_forward": 1 } } }],
  ["a --config-file (imports)", { extra: "imports = [ (/. + \"@FILE@\") ];", extraFile: "{ ... }: { services.nginx.enable = true; }", want: { nginx: true } }],
];

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of cases) for (const nixos of ["25.11", "25.05"]) test.skip(`configuration.nix on NixOS ${nixos}: ${name}`);
} else {
  for (const [name, c] of cases)
    for (const nspawn of [true, false])
      test(`configuration.nix on NixOS ${nspawn ? "25.11" : "25.05"}: ${name}`, () => {
        const dir = tmp.dirSync({ unsafeCleanup: true });
        try {
          const file = path.join(dir.name, "extra.nix");
          if (c.extraFile !== undefined) writeFileSync(file, c.extraFile);
          const etc = path.join(dir.name, "etc/nixos");
          mkdirSync(etc, { recursive: true });
          writeFileSync(path.join(etc, "configuration.nix"), configurationNix("web", c.extra.replace("@FILE@", file)));
          writeFileSync(path.join(dir.name, "declarations.nix"), declarations(nspawn));
          const got = evalJson([
            "-E",
            `let
              lib = import ${JSON.stringify(path.join(nixpkgs, "lib"))};
              config = (lib.evalModules { modules = [ ./declarations.nix ./etc/nixos/configuration.nix ]; }).config;
            in {
              isContainer = config.boot.isContainer;
              isNspawnContainer = config.boot.isNspawnContainer or null;
              hostName = config.networking.hostName;
              nginx = config.services.nginx.enable;
              sysctl = config.boot.kernel.sysctl;
            }`.replaceAll("./", `${dir.name}/`),
          ]);
          assert.equal(got, {
            isContainer: true,
            isNspawnContainer: nspawn ? true : null,
            hostName: "web",
            nginx: false,
            sysctl: {},
            ...c.want,
          });
        } finally {
          dir.removeCallback();
        }
      });
}

test.run();
