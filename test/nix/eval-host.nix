# Evaluates a containers module on a stub host with nixpkgs' lib and returns
# what it produced: conf files, unit fields (and the whole template unit, so
# that it is evaluated too), hosts lines, failed assertions and warnings.
# Used by test/full-eval.test.ts.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": { containers = ...; host = { stateVersion, kernelVersion, ... }; } }
  casesFile,
}:
let
  stub = import ./stub-host.nix { inherit nixpkgs module; };
  inherit (stub) lib;
  evalCase =
    case:
    let
      evaluated = stub.evalCase case;
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
stub.eachCase casesFile evalCase
