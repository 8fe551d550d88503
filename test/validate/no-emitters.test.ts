/**
 * `containers-nix validate` never loads the emitters or their dependencies
 * (ts-morph, nunjucks), nor zod (it runs the plain type checker,
 * src/validate/typecheck/): the CLI runs under a module resolve hook that
 * records every module it loads, for a JSON and for a Nix input.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";

const HOOKS = `
import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(log, r.url + "\\n");
  return r;
}`;
const REGISTER = `
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { log: process.env.CONTAINERS_NIX_LOAD_LOG } });`;

/** Every module URL the CLI resolves for `validate <file>`. */
function loadedBy(file: string): string[] {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const log = path.join(dir.name, "loaded.txt");
    writeFileSync(log, "");
    const r = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, path.join(root, "dist/src/cli.js"), "validate", file], {
      encoding: "utf8",
      env: { ...process.env, CONTAINERS_NIX_LOAD_LOG: log },
    });
    assert.ok(r.status === 0 || r.status === 1, `validate failed: ${r.stderr}`);
    return readFileSync(log, "utf8").split("\n").filter((l) => l !== "");
  } finally {
    dir.removeCallback();
  }
}

const FORBIDDEN = [/\/node_modules\/zod\//, /\/dist\/src\/validate\/schema\.js$/, /\/node_modules\/ts-morph\//, /\/node_modules\/@ts-morph\//, /\/node_modules\/nunjucks\//, /\/dist\/src\/emit\//, /\/dist\/src\/artifacts\.js$/, /\/dist\/src\/nix\//];

const inputs: [string, { given: string; nix: boolean }][] = [
  ["JSON input", { given: path.join(root, "fixtures/real-world-host/input.json"), nix: false }],
  ["Nix input", { given: path.join(root, "test/validate/cases/module.nix"), nix: true }],
];

for (const [name, { given, nix }] of inputs) {
  if (nix && !hasNixInstantiate) {
    test.skip(name);
    continue;
  }
  test(`${name}: no emitter, ts-morph, nunjucks or zod is loaded`, () => {
    const loaded = loadedBy(given);
    assert.ok(loaded.some((u) => u.endsWith("/dist/src/validate/typecheck/build.js")), "the hook should see the type checker being loaded");
    assert.ok(loaded.some((u) => u.endsWith("/dist/src/commands/validate.js")), "the hook should see the validate command");
    assert.equal(loaded.filter((u) => FORBIDDEN.some((re) => re.test(u))), []);
  });
}

test.run();
