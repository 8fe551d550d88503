# A host made of one module, as an old NixOS or a test evaluation might be:
# it declares containers and none of the options that create interfaces.
{ lib, ... }:
{
  options.containers = lib.mkOption {
    type = lib.types.attrsOf lib.types.anything;
    default = { };
  };
  config.containers = {
    web = {
      path = "/nix/var/nix/profiles/per-container/web";
      privateNetwork = true;
      hostBridge = "br0";
    };
    vpn = {
      path = "/nix/var/nix/profiles/per-container/vpn";
      networkNamespace = "/run/netns/vpn";
    };
  };
}
