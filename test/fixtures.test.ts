/**
 * Golden outputs of the TypeScript renderers for every fixture: conf files,
 * /etc/hosts lines, unit fields and checks. The same outputs are compared with
 * the Nix side in core-eval.test.ts (bare nix) and full-eval.test.ts (nixpkgs lib).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import { fixtures } from "./support/fixtures.js";
import { expectedFor } from "./support/expected.js";
import { assertGolden, assertNoOrphans } from "./support/golden.js";
import { root } from "./support/paths.js";

const json = (header: string, value: unknown) => JSON.stringify({ golden: header, ...(value as object) }, null, 2) + "\n";

for (const fixture of fixtures()) {
  test(`fixture ${fixture.name}`, () => {
    const rel = path.relative(root, fixture.dir);
    const origin = `${rel}/input.json`;
    const expected = expectedFor(fixture.input);
    const produced = new Set<string>(["input.json"]);
    const golden = (file: string, content: string) => {
      produced.add(file);
      assertGolden(`${rel}/${file}`, content);
    };
    for (const [etcPath, text] of Object.entries(expected.conf))
      golden(`${path.basename(etcPath)}`, `# golden: /etc/${etcPath} for ${origin}\n${text}`);
    golden("hosts", `# golden: networking.extraHosts for ${origin}\n${expected.hosts}`);
    golden("units.json", json(`unit fields of systemd.services for ${origin}`, { units: expected.units }));
    golden(
      "checks.json",
      json(`failed assertions, warnings and evaluation error for ${origin}`, {
        failedAssertions: expected.failedAssertions,
        warnings: expected.warnings,
        error: expected.error,
      }),
    );
    assertNoOrphans(rel, readdirSync(fixture.dir), produced);
  });
}

test.run();
