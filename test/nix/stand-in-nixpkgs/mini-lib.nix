# The few functions of nixpkgs' lib that the flake's outputs call while
# `nix flake show` and `nix flake check --no-build` evaluate them, so that the
# flake test runs where no nixpkgs lib exists (CI). With a nixpkgs lib found,
# the test evaluates the flake with that lib too and requires the same
# derivations (drvPath for drvPath), so a difference between these and the
# real functions fails it. Each follows the real function's documented
# behaviour for the arguments the flake gives.
let
  inherit (builtins)
    concatStringsSep
    listToAttrs
    stringLength
    substring
    ;
  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;
in
{
  genAttrs =
    names: f:
    listToAttrs (
      map (name: {
        inherit name;
        value = f name;
      }) names
    );

  importJSON = path: builtins.fromJSON (builtins.readFile path);

  # The bin directories of packages, `:`-separated (the bin output where there is one).
  makeBinPath = packages: concatStringsSep ":" (map (p: "${p.bin or p}/bin") packages);

  inherit hasPrefix;

  licenses.mit = {
    spdxId = "MIT";
    shortName = "mit";
    fullName = "MIT License";
  };

  platforms.linux = [
    "x86_64-linux"
    "aarch64-linux"
  ];
}
