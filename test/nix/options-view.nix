# Every option the module declares (submodule options included, with `<name>`
# and `*` in their paths), with a type signature built from type names, and
# plain defaults and examples as JSON. Used by test/full-eval.test.ts.
{ nixpkgs, module }:
let
  lib = import (nixpkgs + "/lib");
  evaluated = lib.evalModules {
    modules = [
      ./host-stubs.nix
      module
    ];
  };
  nestedOrder = [
    "elemType"
    "left"
    "right"
  ];
  signature =
    t:
    let
      nested = builtins.filter (n: t.nestedTypes ? ${n}) nestedOrder;
    in
    t.name + lib.optionalString (nested != [ ]) "(${lib.concatMapStringsSep "," (n: signature t.nestedTypes.${n}) nested})";
  asJson =
    v:
    let
      r = builtins.tryEval (builtins.toJSON v);
    in
    if r.success then builtins.fromJSON r.value else "<not JSON>";
  shown = v: if v ? _type && v._type == "literalExpression" then { literalExpression = v.text; } else asJson v;
  describe = o: {
    loc = o.loc;
    type = signature o.type;
    default = if o ? default then shown o.default else "<none>";
    defaultText = if o ? defaultText then shown o.defaultText else "<none>";
    example = if o ? example then shown o.example else "<none>";
    visible = o.visible or true;
    internal = o.internal or false;
    readOnly = o.readOnly or false;
  };
  walk =
    opts:
    lib.concatLists (
      lib.mapAttrsToList (
        name: o:
        if name == "_module" then
          [ ]
        else if lib.isOption o then
          [ (describe o) ] ++ walk (o.type.getSubOptions o.loc)
        else if builtins.isAttrs o then
          walk o
        else
          [ ]
      ) opts
    );
  ours = builtins.filter (o: builtins.elem (builtins.head o.loc) [ "containers" "boot" ]) (walk {
    inherit (evaluated.options) containers;
    boot = { inherit (evaluated.options.boot) isContainer isNspawnContainer enableContainers; };
  });
in
{
  options = ours;
  release = lib.trivial.release;
}
