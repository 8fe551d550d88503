/**
 * The flake as Nix evaluates it: `nix flake show` and `nix flake check
 * --no-build` on a copy of the project (a `path:` flake), with the nixpkgs
 * input overridden by the stand-in of test/nix/stand-in-nixpkgs, whose
 * buildNpmPackage, importNpmLock, mkShell, ... refuse arguments nixpkgs' own
 * do not take and check what the real build needs of them. Each command runs
 * in a private mount namespace with a tmpfs on /nix, which holds the store it
 * writes (the sources, the .drv files); nothing is built.
 *
 * With the stand-in's small lib (mini-lib.nix) this runs anywhere with nix,
 * root and unshare, CI included. With a nixpkgs lib found, the flake is
 * evaluated with that lib as well, must give the same derivations, its
 * nixosModules.default is evaluated, and the module-eval check's command is
 * run outside Nix on this tree.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findNixpkgs, reportNoNixpkgs } from "./support/nix.js";
import { root } from "./support/paths.js";
import tmp from "./support/tmp.js";

const SYSTEMS = ["aarch64-linux", "x86_64-linux"];
const FEATURES = ["--extra-experimental-features", "nix-command", "--extra-experimental-features", "flakes"];
const standInSource = path.join(root, "test/nix/stand-in-nixpkgs");

function unsupported(): string | null {
  if (spawnSync("nix", [...FEATURES, "--version"]).status !== 0) return "no nix command (apt-get install -y nix-bin)";
  if (process.getuid?.() !== 0) return "not root: each command's store is a tmpfs on /nix in a private mount namespace";
  if (spawnSync("unshare", ["--mount", "--propagation", "private", "true"]).status !== 0) return "cannot make a private mount namespace (unshare --mount)";
  return null;
}

const why = unsupported();
/** Nix 2.13 and later show and check only the running system unless asked for all (2.8, Debian 12's, has no flag and does all). */
const allSystems = (command: "show" | "check") =>
  why === null && spawnSync("nix", [...FEATURES, "flake", command, "--help"], { encoding: "utf8" }).stdout.includes("--all-systems") ? ["--all-systems"] : [];
const nixpkgs = why === null ? findNixpkgs() : null;
const work = tmp.dirSync({ unsafeCleanup: true }).name;

/**
 * One nix command in a namespace of its own, with an empty store on a tmpfs
 * at /nix, and a home of its own (nix's cache there names store paths that
 * another namespace's store had).
 */
function nix(args: string[]) {
  const home = tmp.dirSync({ unsafeCleanup: true, tmpdir: work }).name;
  const r = spawnSync(
    "unshare",
    ["--mount", "--propagation", "private", "sh", "-c", 'mount -t tmpfs -o mode=0755 tmpfs /nix && exec "$@"', "sh", "nix", ...FEATURES, ...args],
    { encoding: "utf8", env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, ".cache") }, timeout: 300_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, command: ["nix", ...args].join(" ") };
}

/** The project as a `path:` flake: the tree without node_modules, dist and git's files; `change` edits the copy. */
function projectCopy(change?: (dir: string) => void): string {
  const dir = tmp.dirSync({ unsafeCleanup: true, tmpdir: work }).name;
  const skip = new Set(["node_modules", "dist", ".git", ".actual"].map((n) => path.join(root, n)));
  cpSync(root, dir, { recursive: true, filter: (src) => !skip.has(src) });
  change?.(dir);
  return dir;
}

/** The stand-in nixpkgs with the small lib, or with the nixpkgs lib tree at `libFrom`. */
function standIn(libFrom: string | null): string {
  const dir = tmp.dirSync({ unsafeCleanup: true, tmpdir: work }).name;
  for (const f of ["flake.nix", "pkgs.nix"]) cpSync(path.join(standInSource, f), path.join(dir, f));
  if (libFrom === null) {
    mkdirSync(path.join(dir, "lib"));
    cpSync(path.join(standInSource, "mini-lib.nix"), path.join(dir, "lib/default.nix"));
  } else cpSync(path.join(libFrom, "lib"), path.join(dir, "lib"), { recursive: true });
  return dir;
}

const override = (np: string) => ["--override-input", "nixpkgs", `path:${np}`];

function flakeEval(project: string, np: string, attr: string, apply?: string, impure = false) {
  const r = nix(["eval", "--json", ...(impure ? ["--impure"] : []), ...override(np), `path:${project}#${attr}`, ...(apply ? ["--apply", apply] : [])]);
  assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const drvPaths = "builtins.mapAttrs (system: builtins.mapAttrs (name: d: d.drvPath))";

/** What the same flake gives under one lib: the derivations and the module-eval check's command. */
function outputs(project: string, np: string) {
  const checks = flakeEval(project, np, "checks", drvPaths) as Record<string, Record<string, string>>;
  return {
    packages: flakeEval(project, np, "packages", drvPaths),
    devShells: flakeEval(project, np, "devShells", drvPaths),
    apps: flakeEval(project, np, "apps"),
    packageChecks: Object.fromEntries(Object.entries(checks).map(([s, c]) => [s, c.package])),
    checkPhase: flakeEval(project, np, "checks.x86_64-linux.module-eval.checkPhase") as string,
  };
}

/** The check's command with the stand-in's store path of nixpkgs written as NIXPKGS=…. */
const withoutNixpkgsPath = (phase: string) => phase.replace(/NIXPKGS=\S+/, "NIXPKGS=…");

if (why !== null) {
  console.log(`skipped: the flake tests: ${why}`);
  test.skip("flake show: every output, for x86_64-linux and aarch64-linux");
} else {
  const project = projectCopy();
  const mini = standIn(null);
  let miniOutputs: ReturnType<typeof outputs> | undefined;

  test("flake show: every output, for x86_64-linux and aarch64-linux", () => {
    const r = nix(["flake", "show", "--json", ...allSystems("show"), ...override(mini), `path:${project}`]);
    assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
    const shown = JSON.parse(r.stdout);
    const each = (v: unknown) => Object.fromEntries(SYSTEMS.map((s) => [s, v]));
    assert.equal(shown.packages, each({ default: { description: JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).description, name: "containers-nix-0.1.0", type: "derivation" } }));
    assert.equal(shown.apps, each({ default: { type: "app" } }));
    assert.equal(
      Object.fromEntries(Object.entries(shown.checks as Record<string, Record<string, { name: string }>>).map(([s, c]) => [s, Object.fromEntries(Object.entries(c).map(([n, d]) => [n, d.name]))])),
      each({ "module-eval": "containers-nix-module-eval-0.1.0", package: "containers-nix-0.1.0" }),
    );
    assert.equal(shown.devShells, each({ default: { name: "nix-shell", type: "derivation" } }));
    assert.equal(shown.nixosModules, { default: { type: "nixos-module" } });
    assert.equal(shown.overlays, { default: { type: "nixpkgs-overlay" } });
  });

  test("flake check --no-build: passes against the stand-in nixpkgs", () => {
    const r = nix(["flake", "check", "--no-build", ...allSystems("check"), ...override(mini), `path:${project}`]);
    assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
  });

  test("apps.default runs the package's containers-nix", () => {
    miniOutputs ??= outputs(project, mini);
    for (const s of SYSTEMS) {
      const out = flakeEval(project, mini, `packages.${s}.default.outPath`) as string;
      assert.equal(miniOutputs.apps[s], { default: { type: "app", program: `${out}/bin/containers-nix` } });
    }
  });

  test("the overlay and default.nix give the flake's package", () => {
    miniOutputs ??= outputs(project, mini);
    const want = miniOutputs.packages["x86_64-linux"].default;
    const pkgs = `import ${mini}/pkgs.nix { lib = import ${mini}/lib; system = "x86_64-linux"; path = ${mini}; }`;
    assert.is(flakeEval(project, mini, "overlays.default", `o: let pkgs = ${pkgs}; in (o pkgs pkgs).containers-nix.drvPath`, true), want);
    for (const attr of ["package", "(overlay pkgs pkgs).containers-nix"]) {
      const r = nix(["eval", "--json", "--impure", "--expr", `let pkgs = ${pkgs}; in with import ${project}/default.nix { inherit pkgs; }; ${attr}.drvPath`]);
      assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
      assert.is(JSON.parse(r.stdout), want, `default.nix: ${attr}`);
    }
  });

  // Each mistake the stand-in must catch, made in a copy of the project.
  const edit = (file: string, from: string | RegExp, to: string) => (dir: string) => {
    const text = readFileSync(path.join(dir, file), "utf8");
    const changed = text.replace(from, to);
    if (changed === text) throw new Error(`${file}: nothing to change`);
    writeFileSync(path.join(dir, file), changed);
  };
  const mistakes: [string, (dir: string) => void, RegExp][] = [
    ["an argument buildNpmPackage does not take", edit("package.nix", "nodejs = nodejs_20;", "nodejs = nodejs_20;\n  npmDepsHahs = \"\";"), /buildNpmPackage takes no argument npmDepsHahs/],
    ["importNpmLock's dependencies with the default npmConfigHook", edit("package.nix", /\n\s*npmConfigHook = importNpmLock\.npmConfigHook;/, ""), /npmConfigHook must be importNpmLock\.npmConfigHook/],
    ["a lock file without resolved URLs", edit("package-lock.json", /\n\s*"resolved": "[^"]*",/g, ""), /entries that nixpkgs' importNpmLock cannot fetch .*node_modules\/zod/],
    ["an argument the package set lacks", edit("package.nix", "  nix,\n}:", "  nix,\n  nodePackages_latest,\n}:"), /asks for nodePackages_latest/],
  ];
  for (const [name, change, message] of mistakes) {
    test(`flake check --no-build fails on ${name}`, () => {
      const r = nix(["flake", "check", "--no-build", ...allSystems("check"), ...override(mini), `path:${projectCopy(change)}`]);
      assert.is.not(r.status, 0, `${r.command} should fail`);
      assert.match(r.stderr, message);
    });
  }

  test("the package's source holds what the build and npm pack need", () => {
    assert.equal(flakeEval(project, mini, "packages.x86_64-linux.default.standInSourceProblems"), []);
    const without = projectCopy(edit("package.nix", /\n\s*\.\/templates/, ""));
    assert.equal(flakeEval(without, mini, "packages.x86_64-linux.default.standInSourceProblems"), ["templates"]);
  });

  if (nixpkgs === null) {
    reportNoNixpkgs();
    test.skip("with a nixpkgs lib: flake show and flake check --no-build pass");
    test.skip("with a nixpkgs lib: the same derivations as with the stand-in's small lib");
    test.skip("with a nixpkgs lib: nixosModules.default gets the flake's package");
    test.skip("with a nixpkgs lib: the module-eval check's command runs the module's evaluation tests");
  } else {
    const real = standIn(nixpkgs);

    test("with a nixpkgs lib: flake show and flake check --no-build pass", () => {
      for (const args of [["flake", "show", ...allSystems("show")], ["flake", "check", "--no-build", ...allSystems("check")]]) {
        const r = nix([...args, ...override(real), `path:${project}`]);
        assert.is(r.status, 0, `${r.command}\n${r.stderr}`);
      }
    });

    test("with a nixpkgs lib: the same derivations as with the stand-in's small lib", () => {
      miniOutputs ??= outputs(project, mini);
      const got = outputs(project, real);
      assert.equal(got.packages, miniOutputs.packages);
      assert.equal(got.devShells, miniOutputs.devShells);
      assert.equal(got.apps, miniOutputs.apps);
      assert.equal(got.packageChecks, miniOutputs.packageChecks);
      // module-eval differs only by the store path of the nixpkgs it evaluates with.
      assert.is(withoutNixpkgsPath(got.checkPhase), withoutNixpkgsPath(miniOutputs.checkPhase));
    });

    test("with a nixpkgs lib: nixosModules.default gets the flake's package", () => {
      const packageOf = `m: let lib = import ${real}/lib; in (lib.evalModules { specialArgs.modulesPath = ${root}/test/nix/modules-path; modules = [ ${root}/test/nix/host-stubs.nix m ]; }).config.containers-nix.package.drvPath`;
      assert.is(flakeEval(project, real, "nixosModules.default", packageOf, true), flakeEval(project, real, "packages.x86_64-linux.default.drvPath"));
    });

    test("with a nixpkgs lib: the module-eval check's command runs the module's evaluation tests", () => {
      miniOutputs ??= outputs(project, mini);
      const phase = miniOutputs.checkPhase.replace(/NIXPKGS=\S+/, `NIXPKGS=${nixpkgs}`);
      const build = tmp.dirSync({ unsafeCleanup: true, tmpdir: work }).name;
      // As stdenv runs a phase: bash with errexit, in the build tree (here this one, built), runHook a no-op.
      const r = spawnSync("bash", ["-e", "-o", "pipefail", "-c", `runHook() { :; }\n${phase}`], {
        encoding: "utf8",
        cwd: root,
        env: { PATH: process.env.PATH, TMPDIR: build },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 600_000,
      });
      assert.is(r.status, 0, r.stdout.slice(-3000) + r.stderr);
      const summary = /^(\d+) passed, 0 failed, 0 skipped$/m.exec(r.stdout);
      assert.ok(summary !== null && Number(summary[1]) > 0, `no summary line with every test passed and none skipped:\n${r.stdout.slice(-2000)}`);
    });
  }
}

test.run();
