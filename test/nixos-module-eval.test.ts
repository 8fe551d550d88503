/**
 * The NixOS module a user imports (nix/nixos-module.nix) evaluated with
 * lib.evalModules on the stub host (test/nix/eval-build-check.nix), with
 * containers-nix.validateOnBuild on: the check derivation's command, run
 * outside Nix with the built CLI in place of the package and the JSON that the
 * evaluation wrote in place of its store file, prints the validator's findings
 * one per line with the definitions' file:line, and fails the build (no $out,
 * a non-zero status) on an error, or on a warning with containers-nix.strict.
 * Needs a nixpkgs lib: without one these tests are reported skipped.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { evalJson, findNixpkgs, hasNixInstantiate, nixInstantiate, reportNoNixpkgs } from "./support/nix.js";
import { root } from "./support/paths.js";
import tmp from "./support/tmp.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const driver = path.join(root, "test/nix/eval-build-check.nix");
const host = (name: string) => path.join(root, "test/nix/build-check", `${name}.nix`);
const dir = tmp.dirSync({ unsafeCleanup: true }).name;

/** The package as the check sees it: bin/containers-nix, here the built CLI. */
const packageDir = path.join(dir, "package");
mkdirSync(path.join(packageDir, "bin"), { recursive: true });
writeFileSync(path.join(packageDir, "bin/containers-nix"), `#!/bin/sh\nexec '${process.execPath}' '${path.join(root, "dist/src/cli.js")}' "$@"\n`);
chmodSync(path.join(packageDir, "bin/containers-nix"), 0o755);

interface Check {
  name: string;
  buildCommand: string;
  definitions: string;
}

const nixList = (files: string[]) => `[ ${files.join(" ")} ]`;

function driverArgs(hosts: string[], opts: { strict?: boolean; installCli?: boolean; module?: string } = {}): string[] {
  const args = [driver, "--arg", "nixpkgs", nixpkgs!, "--arg", "hosts", nixList(hosts.map(host)), "--argstr", "package", packageDir];
  if (opts.strict) args.push("--arg", "strict", "true");
  if (opts.installCli) args.push("--arg", "installCli", "true");
  if (opts.module) args.push("--arg", "module", opts.module);
  return args;
}

/** Runs a check's command as stdenv's builder does (bash, errexit, nounset, pipefail) in a directory of its own. */
function build(check: Check) {
  const work = tmp.dirSync({ unsafeCleanup: true }).name;
  const definitions = path.join(work, "containers-nix-definitions.json");
  writeFileSync(definitions, check.definitions);
  const out = path.join(work, "out");
  // stdin from /dev/null, as a builder has it (Debian's bash reads /etc/bash.bashrc when stdin is a socket, as Node's pipes are).
  const r = spawnSync("bash", ["-e", "-u", "-o", "pipefail", "-c", check.buildCommand], {
    encoding: "utf8",
    cwd: work,
    env: { PATH: process.env.PATH, definitions, out },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, built: existsSync(out) };
}

const finding = (name: string, line: number, column: number, rest: string) => `${host(name)}:${line}:${column}: ${rest}`;
const webError = finding("errors", 5, 5, 'error[address-syntax] containers.web.hostAddress: "10.0.0.300" is not an IPv4 address: "300" is not a number from 0 to 255.');
const dbWarning = finding(
  "warnings",
  5,
  5,
  "warning[network-without-private-network] containers.db.hostAddress: has no effect because privateNetwork is false: the container shares the host's network. Set privateNetwork = true, or remove it.",
);

const cases: [string, { hosts: string[]; strict?: boolean; status: number; lines: string[]; stderr?: RegExp }][] = [
  [
    "an error fails the build, the warning beside it is printed",
    { hosts: ["errors", "warnings"], status: 1, lines: [dbWarning, webError, "2 containers checked: 1 error, 1 warning"], stderr: /at least one error \(above\), so the system is not built/ },
  ],
  ["a warning alone is printed and the build goes on", { hosts: ["warnings"], status: 0, lines: [dbWarning, "1 container checked: 0 errors, 1 warning"] }],
  [
    "with strict, a warning fails the build",
    { hosts: ["warnings"], strict: true, status: 1, lines: [dbWarning, "1 container checked: 0 errors, 1 warning"], stderr: /at least one error or warning \(above\)/ },
  ],
  ["clean definitions build", { hosts: ["clean"], status: 0, lines: ["1 container checked: 0 errors, 0 warnings"] }],
];

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of cases) test.skip(`build-time check: ${name}`);
  test.skip("build-time check: the findings equal validate --expr on the same evaluation");
  test.skip("disabledModules takes upstream's module out (and without it the evaluation fails)");
  test.skip("installCli puts the package on the system path");
  test.skip("docs/nix.md lists every option of containers-nix with its type and default");
} else {
  for (const [name, c] of cases) {
    test(`build-time check: ${name}`, () => {
      const checks = evalJson([...driverArgs(c.hosts, { strict: c.strict }), "-A", "checks"]) as Check[];
      assert.equal(
        checks.map((k) => k.name),
        ["containers-nix-validate"],
      );
      const r = build(checks[0]!);
      assert.is(r.status, c.status, r.stderr);
      assert.is(r.built, c.status === 0, "$out exists exactly when the check passes");
      assert.equal(
        r.stdout.split("\n").filter((l) => l !== ""),
        c.lines,
      );
      if (c.stderr) assert.match(r.stderr, c.stderr);
      else assert.is(r.stderr, "");
    });
  }

  test("build-time check: the findings equal validate --expr on the same evaluation", () => {
    const [check] = evalJson([...driverArgs(["errors", "warnings"]), "-A", "checks"]) as Check[];
    const written = path.join(dir, "written.json");
    writeFileSync(written, check!.definitions);
    const cli = path.join(root, "dist/src/cli.js");
    const fromJson = spawnSync(process.execPath, [cli, "validate", "--format", "json", written], { encoding: "utf8" });
    const expr = `import ${driver} { nixpkgs = ${nixpkgs}; hosts = ${nixList(["errors", "warnings"].map(host))}; package = "${packageDir}"; }`;
    const fromExpr = spawnSync(process.execPath, [cli, "validate", "--format", "json", "--nixpkgs", nixpkgs, "--expr", expr, "--attr", "evaluation"], { encoding: "utf8" });
    assert.is(fromJson.status, 1, fromJson.stderr);
    assert.is(fromExpr.status, 1, fromExpr.stderr);
    const a = JSON.parse(fromJson.stdout);
    const b = JSON.parse(fromExpr.stdout);
    assert.equal(a.findings, b.findings);
    assert.equal(a.host, b.host);
    assert.equal(a.summary, b.summary);
  });

  test("disabledModules takes upstream's module out (and without it the evaluation fails)", () => {
    const ok = nixInstantiate(["--eval", "--strict", "--json", ...driverArgs(["clean"]), "-A", "checks"]);
    assert.is(ok.status, 0, ok.stderr);
    const without = `{ imports = [ ${path.join(root, "nix/containers.nix")} ${path.join(root, "nix/containers-nix.nix")} ]; }`;
    const r = nixInstantiate(["--eval", "--strict", "--json", ...driverArgs(["clean"], { module: without }), "-A", "checks"]);
    assert.is.not(r.status, 0, `${r.command} should fail`);
    assert.match(r.stderr, /The option `containers' in .* is already declared in/);
  });

  test("installCli puts the package on the system path", () => {
    assert.equal(evalJson([...driverArgs(["clean"]), "-A", "systemPackages"]), ["nixos-container"]);
    assert.equal((evalJson([...driverArgs(["clean"], { installCli: true }), "-A", "systemPackages"]) as string[]).sort(), ["containers-nix", "nixos-container"]);
  });

  test("docs/nix.md lists every option of containers-nix with its type and default", () => {
    const declared = evalJson([...driverArgs(["clean"]), "-A", "options"]) as Record<string, { type: string; default: string }>;
    const rows = [...readFileSync(path.join(root, "docs/nix.md"), "utf8").matchAll(/^\| `containers-nix\.(\w+)` \| ([^|]+?) \| `([^`]+)` \|/gm)];
    assert.equal(Object.fromEntries(rows.map((m) => [m[1], { type: m[2], default: m[3] }])), declared);
  });
}

test.run();
