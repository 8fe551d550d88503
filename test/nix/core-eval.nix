# Evaluates the builtins-only core of the generated module on a batch of
# resolved container definitions (see test/core-eval.test.ts).
{ casesFile }:
let
  core = import ../../nix/containers-core.nix;
  cases = builtins.fromJSON (builtins.readFile casesFile);
  # Enough of utils.escapeSystemdPath for the interface names the tests use.
  escapeSystemdPath = builtins.replaceStrings [ "/" "-" ] [ "-" "\\x2d" ];
in
{
  containers = map (c: {
    conf = core.renderConf c.name c.cfg;
    unit = core.unitFields {
      inherit (c) name dirs;
      inherit escapeSystemdPath;
      cfg = core.applyImplied c.cfg;
    };
    checks = map (r: {
      inherit (r) id kind enabledOnly ok message;
    }) (core.containerChecks { inherit (c) name cfg defined host; });
  }) cases.containers;
  hosts = map (h: {
    lines = core.hostsLines h.containers;
    checks = map (r: {
      inherit (r) id kind ok message;
    }) (core.hostChecks h.host);
  }) cases.hosts;
}
