# lib.optionAttrSetToDocList over the options the generated module declares
# (boot.isContainer, boot.isNspawnContainer, boot.enableContainers and
# containers with every sub-option), plus the lib's release string.
# Used by test/docs/options-json.test.ts.
{ nixpkgs, module }:
let
  lib = import (nixpkgs + "/lib");
  evaluated = lib.evalModules {
    modules = [
      ./host-stubs.nix
      module
    ];
  };
  ours = {
    inherit (evaluated.options) containers;
    boot = {
      inherit (evaluated.options.boot) isContainer isNspawnContainer enableContainers;
    };
  };
in
{
  options = lib.optionAttrSetToDocList ours;
  release = lib.trivial.release;
}
