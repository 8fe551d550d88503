# Stand-ins for the host options that create or configure network interfaces,
# with NixOS's option names and value shapes (networking.* from
# nixos/modules/tasks/network-interfaces.nix, networking.wireguard and
# systemd.network from their modules), declared as loosely as the tests
# allow: no service is generated from them. nix/host-network.nix reads them
# from an evaluated host; host-stubs.nix imports this file, so that every stub
# host has them, as a NixOS host does.
{ lib, config, ... }:
let
  inherit (lib) mkOption types;
  named = options: mkOption {
    type = types.attrsOf (types.submodule { inherit options; });
    default = { };
  };
  str = mkOption { type = types.str; };
  strs = mkOption {
    type = types.listOf types.str;
    default = [ ];
  };
  nullStr = mkOption {
    type = types.nullOr types.str;
    default = null;
  };
  address = family: {
    address = str;
    prefixLength = mkOption { type = types.ints.between 0 (if family == 4 then 32 else 128); };
  };
  addresses = family: mkOption {
    type = types.listOf (types.submodule { options = address family; });
    default = [ ];
  };
  # A unit section: keys as systemd names them, each a string, number, bool or list of those.
  section = mkOption {
    type = types.attrsOf types.anything;
    default = { };
  };
  unit = extra: named ({ enable = mkOption { type = types.bool; default = true; }; } // extra);
in
{
  options = {
    networking.bridges = named { interfaces = mkOption { type = types.listOf types.str; }; };
    networking.bonds = named { interfaces = strs; };
    networking.macvlans = named {
      interface = str;
      mode = nullStr;
    };
    networking.vlans = named {
      id = mkOption { type = types.int; };
      interface = str;
    };
    networking.interfaces = named {
      ipv4.addresses = addresses 4;
      ipv6.addresses = addresses 6;
      useDHCP = mkOption {
        type = types.nullOr types.bool;
        default = null;
      };
      virtual = mkOption {
        type = types.bool;
        default = false;
      };
      virtualType = mkOption {
        type = types.enum [ "tun" "tap" ];
        default = "tap";
      };
    };
    networking.wireguard.enable = mkOption {
      type = types.bool;
      default = config.networking.wireguard.interfaces != { };
    };
    networking.wireguard.interfaces = named {
      ips = strs;
      interfaceNamespace = nullStr;
      socketNamespace = nullStr;
    };
    systemd.network.enable = mkOption {
      type = types.bool;
      default = false;
    };
    systemd.network.netdevs = unit {
      netdevConfig = section;
      peerConfig = section;
    };
    systemd.network.networks = unit {
      matchConfig = section;
      networkConfig = section;
      address = strs;
      addresses = mkOption {
        type = types.listOf (types.attrsOf types.anything);
        default = [ ];
      };
      bridge = strs;
      bond = strs;
      vlan = strs;
      macvlan = strs;
    };
  };
}
