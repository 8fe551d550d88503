# The generated module's template unit container@ (the unit imperative
# containers run) on the stub host next to what the boot harness runs for an
# imperative container: core.scripts for core.templateSettings, with the stub's
# store paths. Used by test/boot/module-scripts.test.ts.
{
  nixpkgs,
  module,
  dirsJson,
}:
let
  stub = import ../nix/stub-host.nix { inherit nixpkgs module; };
  core = import ../../nix/containers-core.nix;
  paths = stub.scriptPaths;
  unit =
    (stub.evalCase {
      containers = { };
      host.enableContainers = true;
    }).config.systemd.services."container@";
in
{
  module = {
    inherit (unit) preStart script postStart;
    inherit (unit.environment) root;
  };
  core = core.scripts paths core.templateSettings // {
    inherit
      ((core.unitFields {
        name = "%i";
        cfg = core.templateSettings;
        dirs = builtins.fromJSON dirsJson;
        escapeSystemdPath = x: x;
      }).environment
      )
      root;
  };
}
