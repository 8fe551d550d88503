# Host configurations the way a flake's outputs hold them, for --attr.
{ nixpkgs ? <nixpkgs> }:
let
  lib = import (nixpkgs + "/lib");
in
{
  nixosConfigurations.host = lib.evalModules {
    modules = [
      ../../nix/host-stubs.nix
      ../../../nix/containers.nix
      ./host-a.nix
      ./host-b.nix
    ];
  };
}
