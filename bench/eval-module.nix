# For bench/run.ts: the same container definitions the validator reads,
# evaluated through the generated module with nixpkgs' lib on the test host
# stubs, forcing what a rebuild would: conf files, units, hosts lines,
# assertions and warnings. Returns the number of failed assertions.
{
  nixpkgs,
  containersFile,
}:
let
  lib = import (nixpkgs + "/lib");
  cfg =
    (lib.evalModules {
      modules = [
        ../test/nix/host-stubs.nix
        ../nix/containers.nix
        { containers = (builtins.fromJSON (builtins.readFile containersFile)).containers; }
      ];
    }).config;
  outputs = {
    failed = builtins.filter (a: !a.assertion) cfg.assertions;
    inherit (cfg) warnings;
    etc = lib.mapAttrs (_: f: f.text) cfg.environment.etc;
    services = cfg.systemd.services;
    hosts = cfg.networking.extraHosts;
  };
in
builtins.deepSeq outputs (builtins.length outputs.failed)
