# For Nix without flakes, from a checkout or a tarball of this repository:
#   nix-build -A package                       the containers-nix command
#   imports = [ (import /path/to/containers-nix { }).nixosModule ];
#   nixpkgs.overlays = [ (import /path/to/containers-nix { }).overlay ];
{
  pkgs ? import <nixpkgs> { },
}:
{
  package = pkgs.callPackage ./package.nix { };

  overlay = final: prev: {
    containers-nix = final.callPackage ./package.nix { };
  };

  # The package is built with the host's own nixpkgs.
  nixosModule =
    { lib, pkgs, ... }:
    {
      imports = [ ./nix/nixos-module.nix ];
      containers-nix.package = lib.mkDefault (pkgs.callPackage ./package.nix { });
    };
}
