# A host whose networking.bridges fails to evaluate: br9's interfaces is a
# string where the option takes a list. The networkd netdev beside it is read
# well, but the network stays unknown.
{
  networking.bridges.br9.interfaces = "eth0";
  systemd.network.enable = true;
  systemd.network.netdevs."20-br1".netdevConfig = {
    Name = "br1";
    Kind = "bridge";
  };
  containers.web = {
    path = "/nix/var/nix/profiles/per-container/web";
    privateNetwork = true;
    hostBridge = "br1";
  };
}
