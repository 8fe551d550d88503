# The containers-nix command as a Nix package, built by nixpkgs' buildNpmPackage.
# Its npm dependencies come from package-lock.json through importNpmLock (each
# one fetched from its lock entry's URL and checked against its integrity
# hash), so there is no dependency hash to keep in step with the lock file.
# What it installs is what `npm pack` ships (package.json's "files"): dist/src,
# the generated module and the reader in nix/, templates/, docs/ and types/,
# under lib/node_modules/containers-nix.
{
  lib,
  buildNpmPackage,
  importNpmLock,
  nodejs_20,
  nix,
}:
let
  manifest = lib.importJSON ./package.json;
  sources = map toString [
    ./package.json
    ./package-lock.json
    ./tsconfig.json
    ./src
    ./nix
    ./templates
    ./docs
    ./types
    ./test
    ./fixtures
  ];
in
buildNpmPackage {
  pname = manifest.name;
  inherit (manifest) version;

  # What the build and the checks read: not node_modules, dist or bench/.
  # builtins.path with a filter, not lib.fileset: that needs
  # builtins.readFileType (Nix 2.14 and later), and the tests evaluate this
  # file with Nix 2.8.
  src = builtins.path {
    name = "source";
    path = ./.;
    filter =
      path: type:
      builtins.any (
        kept: path == kept || lib.hasPrefix "${kept}/" path || (type == "directory" && lib.hasPrefix "${path}/" kept)
      ) sources;
  };

  nodejs = nodejs_20;
  npmDeps = importNpmLock { npmRoot = ./.; };
  npmConfigHook = importNpmLock.npmConfigHook;

  # The build hook has run `npm run build` (tsc); npm pack, which lists the
  # files to install, would otherwise run it again through `prepare`.
  npmPackFlags = [ "--ignore-scripts" ];

  # The validator reads Nix files with nix-instantiate and the imperative
  # commands run nix-env. The host's own come first on PATH (on NixOS, those of
  # the running system, matching its nix-daemon); this package's nix is the
  # fallback for a PATH without any (a minimal CI runner, a build sandbox).
  makeWrapperArgs = [
    "--suffix"
    "PATH"
    ":"
    (lib.makeBinPath [ nix ])
  ];

  meta = {
    inherit (manifest) description;
    license = lib.licenses.mit;
    mainProgram = "containers-nix";
    platforms = lib.platforms.linux;
  };
}
