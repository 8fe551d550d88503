# Stand-ins for the host options and packages that the containers module reads
# and writes, so it can be evaluated with nothing but nixpkgs' lib.
{ lib, ... }:
let
  inherit (lib) mkOption types;
  fakePackage = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
    meta.mainProgram = name;
  };
  loose = mkOption {
    type = types.attrsOf types.anything;
    default = { };
  };
in
{
  imports = [ ./host-network-stubs.nix ];

  options = {
    system.stateVersion = mkOption {
      type = types.str;
      default = "25.11";
    };
    boot.kernelPackages = mkOption {
      type = types.attrsOf types.anything;
      default.kernel.version = "6.12.0";
    };
    boot.kernelModules = mkOption {
      type = types.listOf types.str;
      default = [ ];
    };
    virtualisation.containers.enable = mkOption {
      type = types.bool;
      default = false;
    };
    networking.networkmanager.enable = mkOption {
      type = types.bool;
      default = false;
    };
    networking.extraHosts = mkOption {
      type = types.lines;
      default = "";
    };
    networking.dhcpcd.denyInterfaces = mkOption {
      type = types.listOf types.str;
      default = [ ];
    };
    services.udev.extraRules = mkOption {
      type = types.lines;
      default = "";
    };
    environment.systemPackages = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    environment.etc = mkOption {
      type = types.attrsOf (
        types.submodule (
          { name, config, ... }:
          {
            options.text = mkOption { type = types.lines; };
            options.source = mkOption {
              type = types.str;
              default = "/nix/store/00000000000000000000000000000000-etc-" + builtins.hashString "sha256" config.text;
            };
          }
        )
      );
      default = { };
    };
    systemd.services = loose;
    systemd.targets = loose;
    systemd.package = mkOption { default = fakePackage "systemd"; };
    nix.package = mkOption { default = fakePackage "nix"; };
    system.checks = mkOption {
      type = types.listOf types.package;
      default = [ ];
    };
    warnings = mkOption {
      type = types.listOf types.str;
      default = [ ];
    };
    assertions = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    meta = loose;
  };

  config._module.args = {
    pkgs = {
      path = "/nix/store/00000000000000000000000000000000-nixpkgs";
      nixos-container = fakePackage "nixos-container" // {
        override = args: fakePackage "nixos-container";
      };
      writeScript = name: text: "/nix/store/00000000000000000000000000000000-${name}";
      runtimeShell = "/bin/sh";
      iproute2 = fakePackage "iproute2";
      # These two give back what they were given, for the tests to read.
      writeText = name: text: fakePackage name // { inherit text; };
      runCommand =
        name: env: buildCommand:
        fakePackage name // { inherit env buildCommand; };
      stdenv.hostPlatform.system = "x86_64-linux";
    };
    utils.escapeSystemdPath =
      s:
      lib.replaceStrings
        [ "/" "-" " " ]
        [ "-" "\\x2d" "\\x20" ]
        (lib.removePrefix "/" s);
  };
}
