# The unit's scripts as the generated builtins-only core renders them, for
# test/scripts/: a case with a `cfg` is a declarative container (its options
# after core.applyImplied), one without is the template unit container@
# (core.templateSettings). Store paths arrive as plain strings.
{ casesFile }:
let
  core = import ../../nix/containers-core.nix;
  cases = builtins.fromJSON (builtins.readFile casesFile);
in
map (c: core.scripts c.paths (if c ? cfg then core.applyImplied c.cfg else core.templateSettings)) cases
