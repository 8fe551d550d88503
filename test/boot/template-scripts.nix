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
  store = "/nix/store/00000000000000000000000000000000";
  # What the stub host (test/nix/host-stubs.nix) gives the module.
  paths = {
    runtimeShell = "/bin/sh";
    systemdNspawn = "${store}-systemd/bin/systemd-nspawn";
    nixosContainer = "${store}-nixos-container/bin/nixos-container";
    isX86_64 = true;
    containerInitPath = "${store}-container-init";
  };
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
