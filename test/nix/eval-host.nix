# Evaluates a containers module on a stub host with nixpkgs' lib and returns
# what it produced: conf files, unit fields, hosts lines, checks, and the
# option declarations. Used by test/full-eval.test.ts.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": { containers = ...; host = { stateVersion, kernelVersion, ... }; } }
  casesFile,
}:
let
  lib = import (nixpkgs + "/lib");
  cases = builtins.fromJSON (builtins.readFile casesFile);
  evalCase =
    case:
    let
      host = case.host or { };
      evaluated = lib.evalModules {
        modules = [
          ./host-stubs.nix
          module
          {
            containers = case.containers;
            system.stateVersion = host.stateVersion or "25.11";
            boot.kernelPackages.kernel.version = host.kernelVersion or "6.12.0";
            virtualisation.containers.enable = host.virtualisationContainers or false;
            networking.networkmanager.enable = host.networkmanager or false;
          }
          (lib.optionalAttrs (host ? enableContainers) { boot.enableContainers = host.enableContainers; })
        ];
      };
      cfg = evaluated.config;
      services = cfg.systemd.services;
      unitView =
        unit:
        {
          serviceConfig = {
            inherit (unit.serviceConfig) TimeoutStartSec DeviceAllow RuntimeDirectory EnvironmentFile;
          };
          unitConfig = { inherit (unit.unitConfig) RequiresMountsFor; };
          environment = { inherit (unit.environment) root; };
          inherit (unit) restartIfChanged;
        }
        // lib.filterAttrs (n: _: builtins.elem n [ "wantedBy" "wants" "after" ]) unit;
      confs = lib.filterAttrs (n: _: lib.hasSuffix ".conf" n) cfg.environment.etc;
    in
    {
      conf = lib.mapAttrs (_: f: f.text) confs;
      units = lib.mapAttrs (_: unitView) (lib.filterAttrs (n: _: n != "container@") services);
      templateUnit = services."container@" or null;
      hosts = cfg.networking.extraHosts;
      failedAssertions = map (a: a.message) (builtins.filter (a: !a.assertion) cfg.assertions);
      warnings = cfg.warnings;
    };
in
lib.mapAttrs (_: evalCase) cases
