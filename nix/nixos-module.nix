# Hand-written (not generated): the NixOS module this repository offers as a
# whole. It puts the generated containers module in the place of nixpkgs' own
# and adds the options of containers-nix itself (nix/containers-nix.nix).
# The flake's nixosModules.default and default.nix's nixosModule import it and
# give containers-nix.package its default.
{
  disabledModules = [ "virtualisation/nixos-containers.nix" ];
  imports = [
    ./containers.nix
    ./containers-nix.nix
  ];
}
