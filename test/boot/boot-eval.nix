# What the boot harness runs for each container, rendered by the generated
# builtins-only core with a bare nix-instantiate (no nixpkgs): the conf file,
# the unit fields, the unit's preStart, script and postStart and the container
# init script. Store paths arrive as plain strings (see test/boot/store.ts).
# A case with a `conf` is an imperative container: its conf file as written,
# and the template unit container@, whose settings are core.templateSettings.
{ casesFile }:
let
  core = import ../../nix/containers-core.nix;
  cases = builtins.fromJSON (builtins.readFile casesFile);
  # Enough of utils.escapeSystemdPath for the interface names the shapes use.
  escapeSystemdPath = builtins.replaceStrings [ "/" "-" ] [ "-" "\\x2d" ];
in
map (
  c:
  let
    imperative = c ? conf;
    cfg = if imperative then core.templateSettings else core.applyImplied c.cfg;
  in
  {
    inherit (c) name;
    conf = if imperative then c.conf else core.renderConf c.name c.cfg;
    unit = core.unitFields {
      inherit (c) name dirs;
      inherit escapeSystemdPath cfg;
    };
    scripts = core.scripts c.paths cfg;
  }
) cases
