# A NixOS module with container definitions, as in a host's configuration.nix.
{ config, ... }:
{
  containers.web = {
    autoStart = true;
    privateNetwork = true;
    hostAddress = "10.231.136.1";
    localAddress = "10.231.136.2";
    forwardPorts = [ { hostPort = 8080; containerPort = 80; } ];
    config = { pkgs, ... }: { services.nginx.enable = true; };
  };
  containers.db = {
    path = "/nix/var/nix/profiles/per-container/db";
    bindMounts."/var/lib/postgresql" = { hostPath = "/tank/pg"; isReadOnly = false; };
  };
}
