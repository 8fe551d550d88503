# A containers module on the stub host of host-stubs.nix: the one place that
# knows how the test harnesses (and the benchmark) evaluate it and how a
# fixture-shaped case becomes module definitions.
{ nixpkgs, module }:
let
  lib = import (nixpkgs + "/lib");

  # A case's host facts (the "host" of fixtures/<case>/input.json) as
  # definitions; a fact the case leaves out keeps the stubs' default.
  hostModules = host: [
    (lib.optionalAttrs (host ? stateVersion) { system.stateVersion = host.stateVersion; })
    (lib.optionalAttrs (host ? kernelVersion) { boot.kernelPackages.kernel.version = host.kernelVersion; })
    (lib.optionalAttrs (host ? enableContainers) { boot.enableContainers = host.enableContainers; })
    (lib.optionalAttrs (host ? virtualisationContainers) {
      virtualisation.containers.enable = host.virtualisationContainers;
    })
    (lib.optionalAttrs (host ? networkmanager) { networking.networkmanager.enable = host.networkmanager; })
  ];

  evalHost =
    modules:
    lib.evalModules {
      modules = [
        ./host-stubs.nix
        module
      ] ++ modules;
    };
in
{
  inherit lib evalHost;

  # What `f` gives for each case of a JSON file { "<case>": ... }: the harnesses' answer.
  eachCase = casesFile: f: lib.mapAttrs (_: f) (builtins.fromJSON (builtins.readFile casesFile));

  # { containers; host ? { }; } evaluated on the stub host.
  evalCase = case: evalHost ([ { inherit (case) containers; } ] ++ hostModules (case.host or { }));

  # The store paths the stub host (host-stubs.nix) gives the module's
  # scripts, in the form core.scripts takes them.
  scriptPaths =
    let
      store = "/nix/store/00000000000000000000000000000000";
    in
    {
      runtimeShell = "/bin/sh";
      systemdNspawn = "${store}-systemd/bin/systemd-nspawn";
      nixosContainer = "${store}-nixos-container/bin/nixos-container";
      isX86_64 = true;
      containerInitPath = "${store}-container-init";
    };

  # What a rebuild forces of a host's configuration.
  outputs = cfg: {
    failed = map (a: a.message) (builtins.filter (a: !a.assertion) cfg.assertions);
    inherit (cfg) warnings;
    etc = lib.mapAttrs (_: f: f.text) cfg.environment.etc;
    services = cfg.systemd.services;
    hosts = cfg.networking.extraHosts;
  };

  # The options this project declares, out of all the evaluated options.
  ourOptions = options: {
    inherit (options) containers;
    boot = {
      inherit (options.boot) isContainer isNspawnContainer enableContainers;
    };
  };
}
