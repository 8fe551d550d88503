{
  description = "NixOS declarative containers: the module generated from one option set, and a validator that checks definitions before a rebuild";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.11";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forEachSystem = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forEachSystem (pkgs: {
        default = pkgs.callPackage ./package.nix { };
      });

      apps = forEachSystem (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.stdenv.hostPlatform.system}.default}/bin/containers-nix";
        };
      });

      overlays.default = final: prev: {
        containers-nix = final.callPackage ./package.nix { };
      };

      # imports = [ inputs.containers-nix.nixosModules.default ];
      nixosModules.default =
        { lib, pkgs, ... }:
        {
          imports = [ ./nix/nixos-module.nix ];
          containers-nix.package = lib.mkDefault (
            self.packages.${pkgs.stdenv.hostPlatform.system}.default or (pkgs.callPackage ./package.nix { })
          );
        };

      checks = forEachSystem (
        pkgs:
        let
          package = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        in
        {
          inherit package;
          # The module's evaluation tests (test/*-eval.test.ts) with this
          # nixpkgs' lib, on the package's build tree; nix-instantiate runs
          # with a store and state of its own under the build directory.
          module-eval = package.overrideAttrs {
            pname = "containers-nix-module-eval";
            doCheck = true;
            nativeCheckInputs = [ pkgs.nix ];
            checkPhase = ''
              runHook preCheck
              export HOME="$TMPDIR" NIXPKGS=${pkgs.path} NIX_BUILD_HOOK=
              export NIX_CONF_DIR="$TMPDIR/nix/etc" NIX_LOCALSTATE_DIR="$TMPDIR/nix/var"
              export NIX_LOG_DIR="$TMPDIR/nix/var/log/nix" NIX_STATE_DIR="$TMPDIR/nix/var/nix" NIX_STORE_DIR="$TMPDIR/nix/store"
              nix-store --init
              node dist/test/run.js -eval.test
              runHook postCheck
            '';
            installPhase = ''
              touch "$out"
            '';
          };
        }
      );

      devShells = forEachSystem (pkgs: {
        default = pkgs.mkShell {
          # What the tests run for real (README: Tests): nix-instantiate,
          # systemd-nspawn, ip, a static busybox (copied into the containers the
          # boot tests start) and shellcheck.
          packages = [
            pkgs.nodejs_20
            pkgs.nix
            pkgs.systemd
            pkgs.iproute2
            pkgs.pkgsStatic.busybox
            pkgs.shellcheck
          ];
        };
      });
    };
}
