# Part of a host configuration: one container, defined in two modules (see host-b.nix).
{ lib, ... }:
{
  containers.web = {
    privateNetwork = true;
    hostAddress = "10.0.0.1";
    localAddress = "10.0.0.300";
  };
  containers.db = lib.mkIf true {
    path = "/nix/var/nix/profiles/per-container/db";
    timeoutStartSec = "1 fortnight";
  };
}
