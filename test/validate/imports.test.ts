/**
 * The schema must stay light: nothing reachable from the compiled
 * src/validate/schema.js imports ts-morph or nunjucks (the emitters' dependencies).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root } from "../support/paths.js";

/** Every bare package name reachable through static and dynamic imports, by the file that imports it. */
function packagesReachable(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.set(spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"), path.relative(root, file));
    }
  };
  visit(entry);
  return packages;
}

test("schema.js does not reach ts-morph or nunjucks", () => {
  const packages = packagesReachable(path.join(root, "dist/src/validate/schema.js"));
  assert.ok(packages.has("zod"), "the walk should find zod");
  for (const heavy of ["ts-morph", "nunjucks"]) assert.not.ok(packages.has(heavy), `${heavy} is imported by ${packages.get(heavy)}`);
});

test.run();
