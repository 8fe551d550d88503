# lib.optionAttrSetToDocList over the options the generated module declares
# (boot.isContainer, boot.isNspawnContainer, boot.enableContainers and
# containers with every sub-option), plus the lib's release string.
# Used by test/docs/options-json.test.ts.
{ nixpkgs, module }:
let
  stub = import ./stub-host.nix { inherit nixpkgs module; };
  inherit (stub) lib;
  ours = stub.ourOptions (stub.evalHost [ ]).options;
in
{
  options = lib.optionAttrSetToDocList ours;
  release = lib.trivial.release;
}
