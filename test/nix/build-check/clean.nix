# Nothing to report.
{
  containers.cache = {
    autoStart = true;
    privateNetwork = true;
    hostAddress = "10.0.2.1";
    localAddress = "10.0.2.2";
    config = { };
  };
}
