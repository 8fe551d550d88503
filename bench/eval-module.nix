# For bench/run.ts: the same container definitions the validator reads,
# evaluated through the generated module with nixpkgs' lib on the test host
# stubs, forcing what a rebuild would: conf files, units, hosts lines,
# assertions and warnings. Returns the number of failed assertions.
{
  nixpkgs,
  containersFile,
}:
let
  stub = import ../test/nix/stub-host.nix {
    inherit nixpkgs;
    module = ../nix/containers.nix;
  };
  outputs = stub.outputs (stub.evalCase (builtins.fromJSON (builtins.readFile containersFile))).config;
in
builtins.deepSeq outputs (builtins.length outputs.failed)
