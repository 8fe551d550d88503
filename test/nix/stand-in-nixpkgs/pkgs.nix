# A stand-in for nixpkgs' package set (legacyPackages.<system>) with what the
# flake uses. Each function checks that nixpkgs' own takes every argument it
# is given, checks what the real build would need of those arguments, and
# makes a real derivation that records them (its builder only fails: nothing
# is built here). Every name below is one nixpkgs has.
#
# The arguments each real function takes, as read in nixpkgs:
# - buildNpmPackage (pkgs/build-support/node/build-npm-package/default.nix):
#   its named arguments below, and any other attribute, which it hands on to
#   stdenv.mkDerivation; of those the flake uses mkDerivation's own
#   (pkgs/stdenv/generic/make-derivation.nix: pname, version, meta, passthru,
#   doCheck, nativeCheckInputs), the phases its setup.sh runs (checkPhase,
#   installPhase) and makeWrapperArgs, which the npm install hook
#   (build-npm-package/hooks/npm-install-hook.sh) gives to makeWrapper.
# - importNpmLock (pkgs/build-support/node/import-npm-lock/default.nix):
#   fetcherOpts, npmRoot, package, packageLock, packageSourceOverrides, pname,
#   version; the same set holds npmConfigHook.
# - mkShell (pkgs/build-support/mkshell/default.nix): name, packages,
#   inputsFrom, buildInputs, nativeBuildInputs, propagatedBuildInputs,
#   propagatedNativeBuildInputs, shellHook, and mkDerivation's attributes.
# - runCommand name env buildCommand and writeText name text
#   (pkgs/build-support/trivial-builders/default.nix).
# - callPackage fills a function's arguments from the package set.
{
  lib,
  system,
  path,
}:
let
  inherit (builtins)
    all
    attrNames
    concatStringsSep
    elem
    filter
    functionArgs
    intersectAttrs
    isAttrs
    isFunction
    isString
    length
    match
    pathExists
    readFile
    removeAttrs
    ;

  fail = who: message: throw "stand-in nixpkgs: ${who}: ${message}";

  checkArgs =
    who: accepted: given:
    let
      unknown = filter (n: !(elem n accepted)) (attrNames given);
    in
    if unknown == [ ] then given else fail who "nixpkgs' ${who} takes no argument ${concatStringsSep ", " unknown}";

  # A real derivation that records `env`; building it only fails.
  standIn =
    name: env:
    derivation (
      env
      // {
        inherit name system;
        builder = "/bin/sh";
        args = [
          "-c"
          "echo 'a stand-in of the flake test: evaluated, never built' >&2; exit 1"
        ];
      }
    );

  isDerivation = v: isAttrs v && v.type or null == "derivation";

  mkDerivationAttrs = [
    "pname"
    "version"
    "meta"
    "passthru"
    "doCheck"
    "nativeCheckInputs"
    "checkPhase"
    "installPhase"
  ];

  buildNpmPackageArgs = [
    "name"
    "src"
    "srcs"
    "sourceRoot"
    "prePatch"
    "patches"
    "postPatch"
    "patchFlags"
    "nativeBuildInputs"
    "buildInputs"
    "npmDepsHash"
    "forceGitDeps"
    "forceEmptyCache"
    "makeCacheWritable"
    "npmBuildScript"
    "npmFlags"
    "npmInstallFlags"
    "npmRebuildFlags"
    "npmBuildFlags"
    "npmPackFlags"
    "npmPruneFlags"
    "npmWorkspace"
    "nodejs"
    "npmDeps"
    "npmConfigHook"
    "npmBuildHook"
    "npmInstallHook"
  ];

  # What the build needs of the source: package.json and its lock, a build
  # script, every entry of "files" (what `npm pack` ships) either in the
  # source or made by the build (dist/), and each "bin" target among the files
  # shipped. It reads the source's store path, which `nix flake check` does
  # not write (its read-only evaluation only computes store paths), so it is
  # an attribute of its own, which the test reads with `nix eval`.
  sourceProblems =
    src: npmBuildScript:
    let
      manifest = builtins.fromJSON (readFile "${src}/package.json");
      built = f: match "dist(/.*)?" f != null;
      shipped = f: builtins.any (e: f == e || match "${e}/.*" f != null) manifest.files;
      bins = if isAttrs (manifest.bin or null) then builtins.attrValues manifest.bin else [ ];
    in
    filter (p: !pathExists "${src}/${p}") [
      "package.json"
      "package-lock.json"
    ]
    ++ filter (f: !(pathExists "${src}/${f}" || built f)) manifest.files
    ++ (if manifest.scripts ? ${npmBuildScript} then [ ] else [ "a \"${npmBuildScript}\" script" ])
    ++ map (b: "${b} among the shipped files") (filter (b: !(shipped b)) bins);

  buildNpmPackage =
    args:
    let
      a = checkArgs "buildNpmPackage" (buildNpmPackageArgs ++ mkDerivationAttrs ++ [ "makeWrapperArgs" ]) args;
      name = a.name or "${a.pname}-${a.version}";
      nodejs = a.nodejs or self.nodejs;
      npmDeps =
        if a ? npmDeps then
          a.npmDeps
        else if (a.npmDepsHash or "") != "" then
          standIn "${name}-npm-deps" { }
        else
          fail "buildNpmPackage" "neither npmDeps nor npmDepsHash is given: nixpkgs would fetch the dependencies with an empty hash";
      hook = a.npmConfigHook or null;
      recorded = removeAttrs a [
        "meta"
        "passthru"
      ];
    in
    if npmDeps.standInOf or null == "importNpmLock" && hook.standInOf or null != "importNpmLock.npmConfigHook" then
      fail "buildNpmPackage" "npmDeps comes from importNpmLock, so npmConfigHook must be importNpmLock.npmConfigHook"
    else
      standIn name (recorded // { inherit npmDeps nodejs; })
      // {
        inherit (a) pname version;
        passthru = a.passthru or { };
        standInSourceProblems = sourceProblems a.src (a.npmBuildScript or "build");
        meta = (a.meta or { }) // {
          platforms = a.meta.platforms or nodejs.meta.platforms;
        };
        # As mkDerivation's: a set, or a function of the previous arguments.
        overrideAttrs =
          f:
          let
            step = if isFunction f then f args else f;
          in
          buildNpmPackage (args // (if isFunction step then step args else step));
      };

  importNpmLockArgs = [
    "fetcherOpts"
    "npmRoot"
    "package"
    "packageLock"
    "packageSourceOverrides"
    "pname"
    "version"
  ];

  importNpmLock = {
    __functor =
      _: args:
      let
        a = checkArgs "importNpmLock" importNpmLockArgs args;
        package = a.package or (lib.importJSON (a.npmRoot + "/package.json"));
        packageLock = a.packageLock or (lib.importJSON (a.npmRoot + "/package-lock.json"));
        entries = removeAttrs packageLock.packages [ "" ];
        # The real one fetches each entry from its `resolved` URL with fetchurl,
        # its `integrity` as the hash; an entry without `resolved` is not
        # fetched at all, and npm cannot install it offline.
        fetchable =
          n:
          let
            e = entries.${n};
          in
          a ? packageSourceOverrides && a.packageSourceOverrides ? ${n}
          || e ? resolved && (match "https?://.*" e.resolved == null || e ? integrity);
        unfetchable = filter (n: !(fetchable n)) (attrNames entries);
        pname = a.pname or package.name or "unknown";
        version = a.version or package.version or "0.0.0";
      in
      if unfetchable != [ ] then
        fail "importNpmLock" "package-lock.json entries that nixpkgs' importNpmLock cannot fetch (no resolved URL, or no integrity hash): ${concatStringsSep ", " unfetchable}"
      else
        standIn "${pname}-${version}-sources" { entries = toString (length (attrNames entries)); }
        // {
          standInOf = "importNpmLock";
        };
    npmConfigHook = standIn "npm-config-hook" { } // {
      standInOf = "importNpmLock.npmConfigHook";
    };
  };

  mkShellArgs = [
    "name"
    "packages"
    "inputsFrom"
    "buildInputs"
    "nativeBuildInputs"
    "propagatedBuildInputs"
    "propagatedNativeBuildInputs"
    "shellHook"
  ];

  package =
    name: extra:
    standIn name { }
    // {
      meta.platforms = lib.platforms.linux;
    }
    // extra;

  self = {
    inherit
      lib
      path
      buildNpmPackage
      importNpmLock
      ;
    stdenv.hostPlatform.system = system;

    callPackage =
      fn: overrides:
      let
        f = if isFunction fn then fn else import fn;
        wanted = functionArgs f;
        missing = filter (n: !wanted.${n} && !(self ? ${n}) && !(overrides ? ${n})) (attrNames wanted);
      in
      if missing == [ ] then
        f (intersectAttrs wanted self // overrides)
      else
        fail "callPackage" "${toString fn} asks for ${concatStringsSep ", " missing}, which the stand-in lacks (add it after checking that nixpkgs has it)";

    runCommand =
      name: env: buildCommand:
      if !(isString name && isAttrs env && isString buildCommand) then
        fail "runCommand" "takes a name, a set of derivation attributes and a build command"
      else
        standIn name (env // { inherit buildCommand; });

    writeText =
      name: text:
      if isString name && isString text then standIn name { inherit text; } else fail "writeText" "takes a name and a text";

    mkShell =
      args:
      let
        a = checkArgs "mkShell" (mkShellArgs ++ mkDerivationAttrs) args;
      in
      if all isDerivation (a.packages or [ ]) then
        standIn (a.name or "nix-shell") (removeAttrs a [ "name" ])
      else
        fail "mkShell" "packages holds something that is not a derivation";

    nodejs = self.nodejs_20;
    nodejs_20 = package "nodejs-20.19.5" { python = package "python3-3.13" { }; };
    nix = package "nix-2.28.4" { };
    systemd = package "systemd-257" { };
    iproute2 = package "iproute2-6.14" { };
    shellcheck = package "shellcheck-0.10.0" { };
    pkgsStatic.busybox = package "busybox-static-1.36.1" { };
  };
in
self
