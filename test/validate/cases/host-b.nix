# The rest of containers.web (see host-a.nix).
{
  containers.web.path = "/nix/var/nix/profiles/per-container/web";
  containers.web.forwardPorts = [ { hostPort = 8080; containerPort = 80; } ];
}
