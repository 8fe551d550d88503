# For test/validate/upstream.test.ts: whether the generated module, evaluated
# with nixpkgs' lib on the stub host, accepts each case. A case is rejected when
# evaluating the host's outputs throws (type errors, the module's errors) or
# when an assertion fails; warnings do not reject.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": { containers = ...; host = { ... }; } }
  casesFile,
  # Evaluate only this case (when the whole batch hits an error tryEval cannot catch).
  only ? null,
}:
let
  lib = import (nixpkgs + "/lib");
  all = builtins.fromJSON (builtins.readFile casesFile);
  cases = if only == null then all else { ${only} = all.${only}; };
  verdict =
    case:
    let
      host = case.host or { };
      cfg =
        (lib.evalModules {
          modules = [
            ../nix/host-stubs.nix
            module
            {
              containers = case.containers;
              system.stateVersion = host.stateVersion or "25.11";
              boot.kernelPackages.kernel.version = host.kernelVersion or "6.12.0";
              virtualisation.containers.enable = host.virtualisationContainers or false;
            }
            (lib.optionalAttrs (host ? enableContainers) { boot.enableContainers = host.enableContainers; })
          ];
        }).config;
      failed = map (a: a.message) (builtins.filter (a: !a.assertion) cfg.assertions);
      outputs = {
        inherit failed;
        inherit (cfg) warnings;
        etc = lib.mapAttrs (_: f: f.text) cfg.environment.etc;
        services = cfg.systemd.services;
        hosts = cfg.networking.extraHosts;
      };
      r = builtins.tryEval (builtins.deepSeq outputs outputs.failed);
    in
    if r.success then
      {
        evaluated = true;
        failedAssertions = r.value;
      }
    else
      {
        evaluated = false;
        failedAssertions = [ ];
      };
in
builtins.mapAttrs (_: verdict) cases
