# The module a user imports (nix/nixos-module.nix) evaluated on the stub host
# with the build-time check on, beside a stand-in of upstream's containers
# module where NixOS has it (modulesPath). Gives the check derivations as the
# stubs recorded them, and the evaluation itself (for `validate --expr`).
{
  nixpkgs,
  # The host's own modules, defining containers.
  hosts,
  # Where the stand-in package's bin/containers-nix is.
  package,
  strict ? false,
  installCli ? false,
  # false: leave upstream's module out of the evaluation.
  withUpstream ? true,
  module ? ../../nix/nixos-module.nix,
}:
let
  lib = import (nixpkgs + "/lib");
  modulesPath = ./modules-path;
  evaluation = lib.evalModules {
    specialArgs = { inherit modulesPath; };
    modules =
      [
        ./host-stubs.nix
        module
        {
          containers-nix = {
            validateOnBuild = true;
            inherit strict installCli;
            package = {
              type = "derivation";
              name = "containers-nix";
              outPath = package;
              meta.mainProgram = "containers-nix";
            };
          };
        }
      ]
      ++ lib.optional withUpstream (modulesPath + "/virtualisation/nixos-containers.nix")
      ++ hosts;
  };
in
{
  inherit evaluation;
  checks = map (c: {
    inherit (c) name buildCommand;
    definitions = c.env.definitions.text;
  }) evaluation.config.system.checks;
  systemPackages = map (p: p.name) evaluation.config.environment.systemPackages;
  # The options of containers-nix itself: type and default as the docs show them.
  options = lib.mapAttrs (_: o: {
    type = o.type.description;
    default = o.defaultText.text or (builtins.toJSON o.default);
  }) evaluation.options.containers-nix;
}
