# Hand-written (not generated): reads container definitions for
# `containers-nix validate` and returns them as JSON-ready data, with the
# position of every attribute, for `nix-instantiate --eval --strict --json`.
#
# Nothing that would start a NixOS evaluation is forced: a container's
# `config` module, `pkgs`, the values of `specialArgs`, functions and
# derivations become markers `{ __containersNix = "<kind>"; }`.
#
# Result: { containers = { v = <values>; p = <positions>; }; notes = [ <string> ]; stateVersion = <string or null>;
# network = <what host-network.nix reads of an evaluated host, or null>; } (and `systems`, when asked for).
# A position node is { a = [ line column file? ]; k = <nodes by name or index>; },
# with the file left out where it is the parent's (when a single set of definitions
# was read), and either field left out when empty.
{
  # A .nix file: a containers attribute set, a set with `containers`, a NixOS
  # module (function or set), or anything `attr` leads into.
  file ? null,
  # With --expr: the value of the user's expression.
  root ? null,
  # With --attr: a dot-separated attribute path into the value.
  attr ? "",
  # A nixpkgs tree, for the `lib` a module function asks for.
  nixpkgs ? "",
  # For `containers-nix plan`: also each container's system path as an evaluated host gives it.
  systems ? false,
}:
let
  inherit (builtins)
    attrNames
    concatLists
    elem
    filter
    foldl'
    functionArgs
    isAttrs
    isFunction
    isList
    isPath
    isString
    listToAttrs
    map
    mapAttrs
    split
    tryEval
    typeOf
    unsafeGetAttrPos
    ;

  marker = kind: { __containersNix = kind; };

  libFound =
    if nixpkgs != "" then
      import (nixpkgs + "/lib")
    else
      let
        fromPath = tryEval (import <nixpkgs/lib>);
      in
      if fromPath.success then
        fromPath.value
      else
        throw "containers-nix: this module uses `lib`, and no nixpkgs was found; pass --nixpkgs PATH or set NIXPKGS";

  unknownArg =
    name:
    throw "containers-nix: the definitions read the module argument `${name}`, which a file is not evaluated with; validate the evaluated host instead (--expr with --attr)";

  moduleArgs = {
    lib = libFound;
    config = unknownArg "config";
    options = unknownArg "options";
    pkgs = unknownArg "pkgs";
    utils = unknownArg "utils";
    modulesPath = unknownArg "modulesPath";
  };

  callModule = f: f (mapAttrs (n: _: moduleArgs.${n} or (unknownArg n)) (functionArgs f));

  # Module-system properties: mkIf, mkOverride/mkDefault/mkForce, mkOrder, mkMerge.
  # Returns { keep; value; }; mkIf false is dropped, priorities are not compared.
  unwrap =
    v:
    if !(isAttrs v && v ? _type) then
      {
        keep = true;
        value = v;
      }
    else if v._type == "if" then
      (if v.condition then unwrap v.content else { keep = false; })
    else if v._type == "override" || v._type == "order" then
      unwrap v.content
    else if v._type == "merge" then
      {
        keep = true;
        value = mergeAll (map (u: u.value) (filter (u: u.keep) (map unwrap v.contents)));
      }
    else
      {
        keep = true;
        value = v;
      };

  # Definitions of one option from several places: sets merge by name, lists
  # concatenate, and otherwise the later definition wins.
  mergeTwo =
    a: b:
    if isAttrs a && isAttrs b && !(a ? _type) && !(b ? _type) then
      a
      // mapAttrs (
        n: bv:
        if a ? ${n} then
          let
            ua = unwrap a.${n};
            ub = unwrap bv;
          in
          if !ua.keep then bv else if !ub.keep then a.${n} else mergeTwo ua.value ub.value
        else
          bv
      ) b
    else if isList a && isList b then
      a ++ b
    else
      b;
  mergeAll = foldl' mergeTwo { };

  # [ line column file? ] from unsafeGetAttrPos's answer, or null.
  posAt =
    parentFile: p:
    if p == null then
      null
    else if compress && p.file == parentFile then
      [
        p.line
        p.column
      ]
    else
      [
        p.line
        p.column
        p.file
      ];
  posOf = parentFile: set: name: posAt parentFile (unsafeGetAttrPos name set);

  node =
    a: k:
    (if a == null then { } else { inherit a; }) // (if k == null || k == { } || k == [ ] then { } else { inherit k; });

  # Walks a value: { v = JSON-ready value; p = position node's children (or null); }
  walk =
    file: v:
    let
      t = typeOf v;
    in
    if t == "lambda" || t == "primop" || t == "primop-app" then
      {
        v = marker "function";
        p = null;
      }
    else if isPath v then
      {
        v = toString v;
        p = null;
      }
    else if isList v then
      let
        items = map (walk file) v;
      in
      {
        v = map (w: w.v) items;
        p = map (w: node null w.p) items;
      }
    else if isAttrs v then
      if v.type or null == "derivation" then
        {
          v = marker "derivation";
          p = null;
        }
      else if v ? outPath then
        {
          v = toString v.outPath;
          p = null;
        }
      else
        walkAttrs file v (_: walk)
    else
      {
        inherit v;
        p = null;
      };

  # Walks the attributes of `set`; `how name` chooses the walker for each.
  walkAttrs = walkAttrsLazy (_: false);

  # `lazy name`: the value is handed to `how` without looking at it at all.
  walkAttrsLazy =
    lazy: file: set: how:
    let
      entries = map (
        n:
        let
          u =
            if lazy n then
              {
                keep = true;
                value = set.${n};
              }
            else
              unwrap set.${n};
          p = unsafeGetAttrPos n set;
          f = if p == null then file else p.file;
        in
        {
          name = n;
          inherit u;
          a = posAt file p;
          w = if u.keep then how n f u.value else null;
        }
      ) (attrNames set);
      kept = filter (e: e.u.keep) entries;
    in
    {
      v = listToAttrs (
        map (e: {
          inherit (e) name;
          value = e.w.v;
        }) kept
      );
      p = listToAttrs (
        map (e: {
          inherit (e) name;
          value = node e.a e.w.p;
        }) kept
      );
    };

  opaque = kind: {
    v = marker kind;
    p = null;
  };

  lazyOptions = [
    "config"
    "pkgs"
    "nixpkgs"
    "specialArgs"
  ];

  # One container: `config` and `pkgs` are never looked into, nor are specialArgs' values.
  # Every option shows up in an evaluated container, even the removed `pkgs`; no one writes all of these.
  looksEvaluated = c: c ? pkgs && c ? specialArgs && c ? nixpkgs && c ? restartIfChanged && c ? timeoutStartSec;

  walkContainer =
    file: c:
    if isAttrs c && looksEvaluated c then
      throw "containers-nix: this is an evaluated configuration (config.containers); point --attr at the evaluation itself, whose options.containers keeps the definitions as written"
    else if !(isAttrs c) then
      walk file c
    else
      walkAttrsLazy (n: elem n lazyOptions) file c (
        n: f: v:
        if n == "config" then
          opaque "module"
        else if n == "pkgs" then
          opaque "value"
        else if n == "specialArgs" && (tryEval (isAttrs v)).value then
          {
            v = mapAttrs (_: _: marker "value") v;
            p = mapAttrs (name: _: node (posOf f v name) null) v;
          }
        else if n == "nixpkgs" then
          # Often `pkgs.path`, which a file cannot give: left out then.
          let
            r = tryEval (if isPath v || isString v then toString v else if v ? outPath then toString v.outPath else null);
          in
          if r.success && r.value != null then
            {
              v = r.value;
              p = null;
            }
          else
            opaque "value"
        else
          walk f v
      );

  walkContainers = file: set: walkAttrs file set (_: walkContainer);

  # Walked definitions from several places, merged like mergeTwo; a position is the first one found.
  mergeWalked = a: b: {
    v = mergeTwo a.v b.v;
    p = mergeKids a.p b.p;
  };
  mergeKids =
    x: y:
    if isAttrs x && isAttrs y then
      x // mapAttrs (n: yn: if x ? ${n} then mergeNode x.${n} yn else yn) y
    else if isList x && isList y then
      x ++ y
    else if y == null then
      x
    else
      y;
  mergeNode = x: y: node (x.a or y.a or null) (mergeKids (x.k or null) (y.k or null));

  splitAttr = s: filter isString (split "\\." s);

  input = if file != null then import file else root;

  selected =
    if attr == "" then
      input
    else
      foldl' (
        v: n:
        if !(isAttrs v) then
          throw "containers-nix: --attr ${attr}: `${n}` is looked up in a ${typeOf v}, not an attribute set"
        else if !(v ? ${n}) then
          throw "containers-nix: --attr ${attr}: no attribute `${n}`"
        else
          v.${n}
      ) (if isFunction input then input { } else input) (splitAttr attr);

  # The module's own view, when the value is an evaluation (lib.evalModules, <nixpkgs/nixos>).
  fromEvaluation =
    ev:
    let
      defs = ev.options.containers.definitionsWithLocations;
    in
    {
      sets = map (d: d.value) defs;
      notes = [ ];
      stateVersion = null;
      # An evaluation given without its config (the build-time check passes its own) has no network to read.
      network = if ev ? config then import ./host-network.nix ev else null;
    };

  # A NixOS module's own definitions: `containers`, or `config.containers`.
  fromModule =
    m:
    let
      u = unwrap m;
      body = if u.keep then u.value else { };
      cfg = if body ? config then unwrap body.config else { keep = false; };
      parts = filter (x: x.keep) [
        (if body ? containers then unwrap body.containers else { keep = false; })
        (if cfg.keep && cfg.value ? containers then unwrap cfg.value.containers else { keep = false; })
      ];
      sv =
        let
          r = tryEval (
            if cfg.keep && cfg.value ? system then cfg.value.system.stateVersion or null else body.system.stateVersion or null
          );
        in
        if r.success && isString r.value then r.value else null;
    in
    {
      sets = map (x: x.value) parts;
      notes =
        if body ? imports && body.imports != [ ] then
          [ "imports are not followed; validate each imported file, or the evaluated host with --expr" ]
        else
          [ ];
      stateVersion = sv;
      # A module is not the whole host: the interfaces other modules create are unknown.
      network = null;
    };

  isEvaluation = v: isAttrs v && v ? options && isAttrs v.options && v.options ? containers && v.options.containers ? definitionsWithLocations;

  found =
    if isFunction selected then
      fromModule (callModule selected)
    else if isEvaluation selected then
      fromEvaluation selected
    else if isAttrs selected && (selected ? containers || (selected ? config && isAttrs selected.config && selected.config ? containers)) then
      fromModule selected
    else if isAttrs selected then
      {
        sets = [ selected ];
        notes = [ ];
        stateVersion = null;
        network = null;
      }
    else
      throw "containers-nix: expected an attribute set of containers or a NixOS module, found a ${typeOf selected}";

  topFile = if file != null then toString file else "";

  # Positions leave out a file that is their parent's; not when definitions from several files are merged.
  compress = builtins.length found.sets <= 1;
in
{
  containers = foldl' mergeWalked {
    v = { };
    p = { };
  } (map (walkContainers topFile) found.sets);
  inherit (found) notes stateVersion network;
}
// (
  if !systems then
    { }
  else
    {
      # null when the value is no evaluation; else { <name> = "<store path>" or null where it cannot be evaluated; }.
      # Only this evaluates a container's `config` (into its system).
      systems =
        if isEvaluation selected then
          mapAttrs (
            _: c:
            let
              r = tryEval (toString c.path);
            in
            if r.success then r.value else null
          ) selected.config.containers
        else
          null;
    }
)
