# Whether the generated module accepts each case's containers as typed: every
# option of every container is forced (except config, nixpkgs and pkgs, which
# need a real nixpkgs or stop evaluation on purpose) and evaluation errors are
# caught. Used by test/validate/schema.test.ts.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": <containers> }
  casesFile,
}:
let
  stub = import ./stub-host.nix { inherit nixpkgs module; };
  inherit (stub) lib;
  accepts =
    containers:
    let
      evaluated = stub.evalHost [ { inherit containers; } ];
      forced = lib.mapAttrs (
        _: c:
        builtins.deepSeq (removeAttrs c [
          "config"
          "nixpkgs"
          "pkgs"
        ]) true
      ) evaluated.config.containers;
    in
    (builtins.tryEval (builtins.deepSeq forced true)).success;
in
stub.eachCase casesFile accepts
