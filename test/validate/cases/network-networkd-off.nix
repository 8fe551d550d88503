# Netdevs declared while systemd-networkd is off: nothing creates them.
{
  systemd.network.netdevs."20-br1".netdevConfig = {
    Name = "br1";
    Kind = "bridge";
  };
  networking.macvlans.mv0.interface = "eth1";
}
