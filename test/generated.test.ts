/** The committed generated files are current, and every generated .nix file parses. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emitAll } from "../src/artifacts.js";
import { GENERATED_NOTE } from "../src/docs/marker.js";
import { hasNixInstantiate, nixInstantiate } from "./support/nix.js";
import { root } from "./support/paths.js";

const generated = emitAll();

/** docs/options.json: every top-level key of nixosOptionsDoc's format is read as an option. */
const UNMARKABLE = new Set(["docs/options.json"]);

for (const [rel, content] of generated) {
  test(`${rel} is committed and current`, () => {
    const onDisk = readFileSync(path.join(root, rel), "utf8");
    assert.fixture(onDisk, content, `${rel} is stale: run \`npx containers-nix generate\` and review the diff`);
  });

  test(`${rel} says it is generated`, () => {
    if (UNMARKABLE.has(rel)) {
      // A format with no room for a note: .gitattributes marks it instead.
      const attributes = readFileSync(path.join(root, ".gitattributes"), "utf8");
      assert.match(attributes, new RegExp(`^${rel.replace(/\./g, "\\.")} .*linguist-generated`, "m"), `${rel} in .gitattributes`);
    } else assert.ok(content.split("\n").slice(0, 5).join("\n").includes(GENERATED_NOTE), `${rel}: the note in its first lines`);
  });

  if (rel.endsWith(".nix")) {
    test(`${rel} parses with nix-instantiate --parse`, () => {
      assert.ok(hasNixInstantiate, "nix-instantiate is missing: apt-get install -y nix-bin");
      const r = nixInstantiate(["--parse", path.join(root, rel)]);
      assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
    });
  }
}

test("generation is deterministic", () => {
  const again = emitAll();
  for (const [rel, content] of generated) assert.fixture(again.get(rel)!, content, rel);
});

test.run();
