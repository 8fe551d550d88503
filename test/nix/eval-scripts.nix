# The script texts of each container@ unit (preStart, script, postStart), for
# test/plan/reads.test.ts: the containers of a case evaluated through the
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
  evalCase =
    case:
    lib.mapAttrs (_: u: { inherit (u) preStart script postStart; }) (
      lib.filterAttrs (n: _: n != "container@") (stub.evalCase case).config.systemd.services
    );
in
stub.eachCase casesFile evalCase
