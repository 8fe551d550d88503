# An address that is no IPv4 address (error address-syntax).
{
  containers.web = {
    privateNetwork = true;
    hostAddress = "10.0.0.300";
    localAddress = "10.0.0.2";
    config = { };
  };
}
