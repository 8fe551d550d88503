/**
 * docs/options.json against nixpkgs itself: `lib.optionAttrSetToDocList` over
 * the generated module (test/nix/options-doc.nix) must give, for every
 * option, the entry we generate. Two things differ by design and are mapped
 * before comparing: Nix's absolute path of the module becomes
 * nix/containers.nix, and our `${lib.trivial.release}` (kept unevaluated in
 * the containers example) becomes the release of the lib used. Needs a
 * nixpkgs lib: without one the comparison is reported as skipped.
 */
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DECLARATION } from "../../src/docs/doc-list.js";
import { emitOptionsJson, optionsJson } from "../../src/docs/options-json.js";
import { optionSet } from "../../src/options/index.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";

type Entry = { [field: string]: unknown };
const ours = JSON.parse(emitOptionsJson()) as Record<string, Entry>;

test("one entry per documented option, keyed by name in Nix's order, hidden options left out", () => {
  const names = Object.keys(ours);
  assert.equal(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  assert.ok(names.includes("containers.<name>.bindMounts.<name>.hostPath"));
  assert.ok(names.includes("containers.<name>.forwardPorts.*.hostPort"));
  assert.not.ok(names.includes("containers.<name>.pkgs"), "pkgs is hidden");
});

test("entries have nixosOptionsDoc's fields", () => {
  for (const [name, e] of Object.entries(ours)) {
    for (const field of ["declarations", "description", "loc", "readOnly", "type"]) assert.ok(field in e, `${name}: ${field}`);
    assert.equal(e.declarations, [DECLARATION], name);
    for (const field of ["default", "example"])
      if (field in e) assert.is((e[field] as Entry)._type, "literalExpression", `${name}: ${field}`);
  }
});

test("the emitted text is the in-memory document", () => {
  assert.equal(ours, JSON.parse(JSON.stringify(optionsJson(optionSet))));
});

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const RELEASE = "${lib.trivial.release}";

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("options.json equals lib.optionAttrSetToDocList of the generated module");
} else {
  test("options.json equals lib.optionAttrSetToDocList of the generated module", () => {
    const module = path.join(root, "nix/containers.nix");
    const got = evalJson([path.join(root, "test/nix/options-doc.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", module]) as {
      options: Entry[];
      release: string;
    };
    // Left out as nixosOptionsDoc leaves them out: hidden options, and the internal
    // _module.* options that lib/modules.nix gives every submodule.
    const documented = got.options.filter((o) => o.visible === true && !(o.loc as string[]).includes("_module"));
    const fromNix = new Map(
      documented.map((o) => {
        const { name, ...rest } = o;
        const declarations = (rest.declarations as string[]).map((d) => (d === module ? DECLARATION : d));
        return [name as string, { ...rest, declarations }];
      }),
    );
    const withRelease = (e: Entry): Entry => JSON.parse(JSON.stringify(e).split(RELEASE).join(got.release)) as Entry;
    assert.equal([...fromNix.keys()].sort(), Object.keys(ours).sort(), "option names");
    for (const [name, entry] of Object.entries(ours)) assert.equal(withRelease(entry), fromNix.get(name), name);
  });
}

test.run();
