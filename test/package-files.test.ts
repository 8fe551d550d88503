/**
 * What the package installs. The Nix package (package.nix) installs what
 * `npm pack --ignore-scripts` lists (nixpkgs' npm install hook copies those
 * files, with package.nix's npmPackFlags), so that list must hold the built
 * CLI, the generated module with the Nix files beside it, the templates, the
 * docs and the typings; and the packed tree, with the dependencies beside it,
 * must work on its own: its generated files current, validate reading JSON
 * and (with nix-instantiate) Nix through its own nix/validate-input.nix.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "./support/nix.js";
import { root } from "./support/paths.js";
import tmp from "./support/tmp.js";

/** package.nix's npmPackFlags: the build has already run tsc, `prepare` need not run it again. */
const PACK_FLAGS = ["--ignore-scripts"];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const npm = (args: string[], cwd = root) => spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

test("package.nix packs with the flags this test uses", () => {
  assert.match(readFileSync(path.join(root, "package.nix"), "utf8"), /npmPackFlags = \[ "--ignore-scripts" \];/);
});

test("npm pack lists the CLI, the module and its Nix files, templates, docs and typings", () => {
  const r = npm(["pack", "--dry-run", "--json", ...PACK_FLAGS]);
  assert.is(r.status, 0, r.stderr);
  const packed = new Set((JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const want = [
    "package.json",
    "README.md",
    ...Object.values(manifest.bin as Record<string, string>),
    ...filesUnder("nix"),
    ...filesUnder("templates"),
    ...filesUnder("docs"),
    ...filesUnder("types"),
    ...filesUnder("src")
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [`dist/${f.replace(/\.ts$/, ".js")}`, `dist/${f.replace(/\.ts$/, ".d.ts")}`]),
  ];
  assert.equal(
    want.filter((f) => !packed.has(f)),
    [],
    "files the package must install",
  );
  assert.equal(
    [...packed].filter((f) => /^(src|test|bench|fixtures|dist\/test|dist\/bench)\//.test(f)),
    [],
    "sources and tests stay out",
  );
});

test("the packed tree works on its own: generated files current, validate reads JSON and Nix", () => {
  const dir = tmp.dirSync({ unsafeCleanup: true }).name;
  const r = npm(["pack", "--json", ...PACK_FLAGS, "--pack-destination", dir]);
  assert.is(r.status, 0, r.stderr);
  const tarball = path.join(dir, (JSON.parse(r.stdout) as { filename: string }[])[0]!.filename);
  assert.is(spawnSync("tar", ["-xzf", tarball, "-C", dir]).status, 0);
  const installed = path.join(dir, "package");
  symlinkSync(path.join(root, "node_modules"), path.join(installed, "node_modules"));
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(installed, "dist/src/cli.js"), ...args], { cwd: dir, encoding: "utf8" });

  const check = cli(["check"]);
  assert.is(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /all generated files are up to date/);

  const definitions = path.join(dir, "containers.json");
  writeFileSync(definitions, JSON.stringify({ containers: { web: { path: "/nix/var/nix/profiles/per-container/web", privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" } } }));
  const json = cli(["validate", definitions]);
  assert.is(json.status, 0, json.stdout + json.stderr);
  assert.match(json.stdout, /1 container checked: 0 errors, 0 warnings/);

  if (hasNixInstantiate) {
    const nix = cli(["validate", "--format", "json", path.join(root, "test/nix/build-check/errors.nix")]);
    assert.is(nix.status, 1, nix.stderr);
    assert.equal(
      JSON.parse(nix.stdout).findings.map((f: { rule: string; line: number }) => [f.rule, f.line]),
      [["address-syntax", 5]],
    );
  } else console.log("skipped: validate of a Nix file from the packed tree: no nix-instantiate");
});

test.run();
