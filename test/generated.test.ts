/** The committed generated files are current, and every generated .nix file parses. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emitAll } from "../src/artifacts.js";
import { GENERATED_HEADER } from "../src/emit/template.js";
import { hasNixInstantiate, nixInstantiate } from "./support/nix.js";
import { root } from "./support/paths.js";

const generated = emitAll();

for (const [rel, content] of generated) {
  test(`${rel} is committed and current`, () => {
    const onDisk = readFileSync(path.join(root, rel), "utf8");
    assert.fixture(onDisk, content, `${rel} is stale: run \`npx containers-nix generate\` and review the diff`);
  });

  test(`${rel} starts with the generated-file header`, () => {
    assert.ok(content.startsWith(content.endsWith(".json") ? "" : GENERATED_HEADER), rel);
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
