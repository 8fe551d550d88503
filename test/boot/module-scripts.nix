# The generated module's container@ units on the stub host next to what the
# boot harness runs: the scripts core.scripts renders (with the stub's store
# paths) for the definitions as the TypeScript side resolves them. Used by
# test/boot/module-scripts.test.ts.
{
  nixpkgs,
  module,
  casesFile,
}:
let
  stub = import ../nix/stub-host.nix { inherit nixpkgs module; };
  core = import ../../nix/containers-core.nix;
  cases = builtins.fromJSON (builtins.readFile casesFile);
  paths = stub.scriptPaths;
in
map (
  c:
  let
    unit = (stub.evalCase { containers.${c.name} = c.given; }).config.systemd.services."container@${c.name}";
  in
  {
    module = {
      inherit (unit) preStart script postStart;
      inherit (unit.environment) root INSTANCE;
    };
    core = core.scripts paths (core.applyImplied c.cfg) // {
      root =
        (core.unitFields {
          inherit (c) name dirs;
          cfg = core.applyImplied c.cfg;
          escapeSystemdPath = x: x;
        }).environment.root;
    };
  }
) cases
