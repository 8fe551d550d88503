# Hand-written (not generated): the options of containers-nix itself on a NixOS
# host: which package, the CLI on the system path, and a check of the host's
# container definitions by `containers-nix validate` as part of the system's
# build.
#
# The check reads the definitions as written, with their files and positions,
# through nix/validate-input.nix (the reader of `validate --expr`), writes them
# to a JSON file by evaluation alone (builtins.toJSON: nothing is built to
# evaluate it), and gives that file to the validator in a derivation that
# `system.checks` makes the system's build depend on.
{
  config,
  options,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption types;
  cfg = config.containers-nix;

  read = import ./validate-input.nix { root = { inherit options config; }; };

  # The format of a JSON input with `positions` (src/validate/input.ts).
  definitions = pkgs.writeText "containers-nix-definitions.json" (
    # The definitions' strings may name store paths (a container's `path`):
    # the check reads them as text, and need not wait for them to be built.
    builtins.unsafeDiscardStringContext (
      builtins.toJSON {
        containers = read.containers.v;
        positions = read.containers.p;
        # What the reader read of the host's network options, as `validate --expr` has it.
        inherit (read) network;
        host = {
          kernelVersion = config.boot.kernelPackages.kernel.version;
          inherit (config.system) stateVersion;
          inherit (config.boot) enableContainers;
          virtualisationContainers = config.virtualisation.containers.enable;
        };
      }
    )
  );

  failing = if cfg.strict then "one error or warning" else "one error";

  check = pkgs.runCommand "containers-nix-validate" { inherit definitions; } ''
    ${lib.getExe cfg.package} validate ${lib.optionalString cfg.strict "--strict "}"$definitions" || {
      status=$?
      echo "containers-nix: the container definitions have at least ${failing} (above), so the system is not built and nothing is switched; fix it, or set containers-nix.validateOnBuild = false (exit status $status)" >&2
      exit "$status"
    }
    touch "$out"
  '';
in
{
  options.containers-nix = {
    package = mkOption {
      type = types.package;
      default = pkgs.containers-nix;
      defaultText = lib.literalExpression "pkgs.containers-nix";
      description = ''
        The containers-nix package that the check and the system path use.
        The flake's module and default.nix's module set it to their own build;
        otherwise it is the one that overlays.default adds to pkgs.
      '';
    };

    installCli = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Whether to put the `containers-nix` command on the system path, next to
        `nixos-container`: `validate` and `plan` before a switch, and the
        commands that create, update and destroy imperative containers.
      '';
    };

    validateOnBuild = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Whether building the system runs `containers-nix validate` on this
        host's container definitions: a finding of severity error fails the
        build (so `nixos-rebuild` stops before it switches anything), with one
        line per finding naming the file and line of the definition. Warnings
        are printed in the build log and let the build go on, unless
        [](#opt-containers-nix.strict) is set.
      '';
    };

    strict = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Whether warnings of the build-time check fail the build too, as
        `containers-nix validate --strict` does.
      '';
    };
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.installCli { environment.systemPackages = [ cfg.package ]; })
    (lib.mkIf cfg.validateOnBuild { system.checks = [ check ]; })
  ];
}
