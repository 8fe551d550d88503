/**
 * `check` covers every artifact: with one option description changed in a
 * copy of the option set, check against the files generated from the real
 * set fails, naming each stale file with a diff of the change.
 */
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { artifacts } from "../../src/artifacts.js";
import { check } from "../../src/commands/check.js";
import { generate } from "../../src/commands/generate.js";
import { optionSet, type OptionDecl, type OptionSet } from "../../src/options/index.js";

/** Runs `body` with stdout captured; returns its result and what it printed. */
function captured<T>(body: () => T): [T, string] {
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return [body(), out];
  } finally {
    process.stdout.write = write;
  }
}

const OLD = "Whether the container starts when the host boots.";
const NEW = "Whether the container starts at boot (changed in a copy).";

/** A deep copy of the option set with containers.<name>.autoStart's description replaced. */
function changedSet(): OptionSet {
  const copy = structuredClone(optionSet) as { containers: { type: { elem: { options: Record<string, OptionDecl> } } } };
  const options = copy.containers.type.elem.options;
  assert.is(options.autoStart!.description, OLD, "the description this test changes");
  options.autoStart = { ...options.autoStart!, description: NEW };
  return copy as unknown as OptionSet;
}

test("check passes on freshly generated files and fails, naming every stale file, after a description changes", () => {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    captured(() => generate(["--out", dir.name]));
    const [fresh, freshOut] = captured(() => check(["--out", dir.name]));
    assert.is(fresh, 0, freshOut);

    const [status, out] = captured(() => check(["--out", dir.name], changedSet()));
    assert.is(status, 1, out);
    const stale = [...out.matchAll(/^(\S+): stale$/gm)].map((m) => m[1]);
    // Every artifact that shows descriptions (other artifacts, such as typings, may join them).
    for (const file of ["nix/containers.nix", "docs/options.md", "docs/options.json", "docs/containers.schema.json"]) assert.ok(stale.includes(file), `${file} is named stale`);
    assert.ok(artifacts.some((a) => a.path === "nix/containers-core.nix") && !stale.includes("nix/containers-core.nix"), "the core file does not carry descriptions");
    assert.match(out, `--- docs/options.md (on disk)`);
    assert.match(out, `\n-${OLD}\n`);
    assert.match(out, `\n+${NEW}\n`);
    assert.match(out, `-    "description": "${OLD}",`);
    assert.match(out, `+    "description": "${NEW}",`);
    assert.match(out, `${stale.length} generated file(s) out of date`);
  } finally {
    dir.removeCallback();
  }
});

test.run();
