# Stands for nixpkgs' nixos/modules/virtualisation/nixos-containers.nix: it
# declares `containers` as well, so evaluating it beside the generated module
# fails unless disabledModules has taken it out.
{ lib, ... }:
{
  options.containers = lib.mkOption {
    type = lib.types.attrsOf lib.types.anything;
    default = { };
  };
}
