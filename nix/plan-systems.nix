# Hand-written (not generated): for `containers-nix plan` on an evaluated host
# (lib.evalModules, `import <nixpkgs/nixos> { … }`, a flake's
# nixosConfigurations.<host>), the system path of every container built from
# `config`, as the host's evaluation computes it, so that two evaluations can
# be compared by their systems rather than by the text of their configs.
#
# Selects like nix/validate-input.nix (`attr` into the value of `file` or
# `root`, a function called with its defaults first). Result: null when the
# value is no evaluation; else { <name> = "<store path>" or null; } for the
# containers named, null where the path could not be evaluated.
{
  file ? null,
  root ? null,
  attr ? "",
  # A JSON list of container names.
  names,
}:
let
  inherit (builtins)
    filter
    foldl'
    isAttrs
    isFunction
    isString
    listToAttrs
    map
    split
    tryEval
    ;
  input = if file != null then import file else root;
  start = if attr != "" && isFunction input then input { } else input;
  selected = if attr == "" then input else foldl' (v: n: v.${n}) start (filter isString (split "\\." attr));
  isEvaluation =
    v: isAttrs v && v ? options && isAttrs v.options && v.options ? containers && v ? config && v.config ? containers;
  pathOf =
    c:
    let
      r = tryEval (toString c.path);
    in
    if r.success then r.value else null;
in
if !(isEvaluation selected) then
  null
else
  listToAttrs (
    map (n: {
      name = n;
      value = if selected.config.containers ? ${n} then pathOf selected.config.containers.${n} else null;
    }) (builtins.fromJSON names)
  )
