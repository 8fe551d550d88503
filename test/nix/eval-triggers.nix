# The restart and reload settings of each container@ unit, for
# test/activation-eval.test.ts: the containers of a case evaluated through the
# generated module on the stub host.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": { containers = ...; } }
  casesFile,
}:
let
  stub = import ./stub-host.nix { inherit nixpkgs module; };
  inherit (stub) lib;
  view = unit: {
    restartTriggers = unit.restartTriggers or null;
    reloadTriggers = unit.reloadTriggers or null;
    inherit (unit) restartIfChanged;
  };
  evalCase =
    case:
    let
      cfg = (stub.evalCase case).config;
    in
    {
      units = lib.mapAttrs (_: view) (lib.filterAttrs (n: _: n != "container@") cfg.systemd.services);
      etc = lib.mapAttrs (_: f: f.source) cfg.environment.etc;
    };
in
stub.eachCase casesFile evalCase
