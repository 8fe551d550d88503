# Every option the module declares (submodule options included, with `<name>`
# and `*` in their paths), with a type signature built from type names, and
# plain defaults and examples as JSON. Used by test/full-eval.test.ts.
{ nixpkgs, module }:
let
  stub = import ./stub-host.nix { inherit nixpkgs module; };
  inherit (stub) lib;
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
  ours = walk (stub.ourOptions (stub.evalHost [ ]).options);
in
{
  options = ours;
  release = lib.trivial.release;
}
