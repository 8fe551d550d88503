# A host whose own configuration creates interfaces in every way the
# validator reads (test/validate/host-expr.test.ts), and two containers
# that use them.
{
  networking.bridges.br0.interfaces = [ "eth0" ];
  networking.interfaces.br0.ipv4.addresses = [
    {
      address = "10.10.0.1";
      prefixLength = 24;
    }
  ];
  networking.interfaces.br0.ipv6.addresses = [
    {
      address = "fd00:10::1";
      prefixLength = 64;
    }
  ];
  networking.interfaces.eth2.useDHCP = true;
  networking.interfaces.tap0.virtual = true;
  networking.macvlans.mv0.interface = "eth1";
  networking.vlans.vlan5 = {
    id = 5;
    interface = "eth1";
  };
  networking.bonds.bond0.interfaces = [
    "eth3"
    "eth4"
  ];
  networking.wireguard.interfaces.wg0.ips = [ "10.100.0.1/24" ];
  # Moved into another network namespace: not one of the host's.
  networking.wireguard.interfaces.wg1 = {
    ips = [ "10.101.0.1/24" ];
    interfaceNamespace = "vpn";
  };

  systemd.network.enable = true;
  systemd.network.netdevs."20-br1".netdevConfig = {
    Name = "br1";
    Kind = "bridge";
  };
  systemd.network.netdevs."20-vl7".netdevConfig = {
    Name = "vl7";
    Kind = "vlan";
  };
  systemd.network.networks."30-br1" = {
    matchConfig.Name = "br1";
    address = [ "10.20.0.1/24" ];
    addresses = [ { Address = "fd00:20::1/64"; } ];
  };
  systemd.network.networks."30-eth5" = {
    matchConfig.Name = "eth5";
    bridge = [ "br1" ];
    vlan = [ "vl7" ];
  };

  containers.web = {
    path = "/nix/var/nix/profiles/per-container/web";
    privateNetwork = true;
    hostBridge = "br0";
  };
  containers.mv = {
    path = "/nix/var/nix/profiles/per-container/mv";
    privateNetwork = true;
    macvlans = [ "eth1" ];
  };
}
