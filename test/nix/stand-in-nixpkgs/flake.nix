# A stand-in for the nixpkgs flake, for `nix flake show` and `nix flake check
# --no-build` of this project's flake where no nixpkgs exists
# (test/flake.test.ts copies this directory into a temporary one, with lib/
# either mini-lib.nix or a nixpkgs lib tree, and overrides the nixpkgs input
# with it). It has the two outputs the flake reads: lib and legacyPackages.
{
  outputs =
    { self }:
    {
      lib = import ./lib;
      legacyPackages = self.lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (
        system:
        import ./pkgs.nix {
          inherit (self) lib;
          inherit system;
          path = ./.;
        }
      );
    };
}
