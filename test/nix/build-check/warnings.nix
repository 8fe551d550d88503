# A module function: hostAddress without privateNetwork (warning network-without-private-network).
{ lib, ... }:
{
  containers.db = lib.mkIf true {
    hostAddress = "10.0.1.1";
    config =
      { ... }:
      {
        services.postgresql.enable = true;
      };
  };
}
