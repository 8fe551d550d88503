# For test/validate/upstream.test.ts: whether the generated module, evaluated
# with nixpkgs' lib on the stub host, accepts each case. A case is rejected when
# evaluating the host's outputs throws (type errors, the module's errors) or
# when an assertion fails; warnings do not reject.
{
  nixpkgs,
  module,
  # JSON file: { "<case>": { containers = ...; host = { ... }; } }
  casesFile,
  # Evaluate only this case (when the whole batch hits an error tryEval cannot catch).
  only ? null,
}:
let
  stub = import ../nix/stub-host.nix { inherit nixpkgs module; };
  all = builtins.fromJSON (builtins.readFile casesFile);
  cases = if only == null then all else { ${only} = all.${only}; };
  verdict =
    case:
    let
      outputs = stub.outputs (stub.evalCase case).config;
      r = builtins.tryEval (builtins.deepSeq outputs outputs.failed);
    in
    if r.success then
      {
        evaluated = true;
        failedAssertions = r.value;
      }
    else
      {
        evaluated = false;
        failedAssertions = [ ];
      };
in
builtins.mapAttrs (_: verdict) cases
