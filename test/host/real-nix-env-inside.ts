/**
 * Helper for test/host/real-nix-env.test.ts, run inside `unshare --mount`:
 * mounts a tmpfs on /nix (this namespace's own store, so the machine's is
 * never touched), adds three directories that look like NixOS systems with
 * the real nix-store, then runs the CLI (whose PATH finds the real nix-env)
 * step by step. Prints one JSON line: the systems' store paths and, after each
 * step, its status, output and the links of the container's profile directory.
 *
 * `node real-nix-env-inside.js WORKDIR PROFILE_DIR PREFIX -- STEP_JSON...`:
 * the systems are named PREFIXa, PREFIXb, PREFIXc; a step is the CLI's
 * arguments as a JSON array, with "$A", "$B", "$C" standing for the systems'
 * store paths.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../support/paths.js";

export interface StepResult {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
  /** The profile directory's symbolic links, name -> target. */
  links: Record<string, string>;
}

export interface InsideReport {
  systems: Record<"$A" | "$B" | "$C", string>;
  steps: StepResult[];
}

function die(message: string): never {
  process.stderr.write(`real-nix-env-inside: ${message}\n`);
  process.exit(99);
}

const [work = "", profileDir = "", prefix = "", dashes, ...stepTexts] = process.argv.slice(2);
if (work === "" || profileDir === "" || prefix === "" || dashes !== "--") die("usage: WORKDIR PROFILE_DIR PREFIX -- STEP_JSON...");

const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "mode=0755", "tmpfs", "/nix"], { encoding: "utf8" });
if (mount.status !== 0) die(`mount -t tmpfs tmpfs /nix failed: ${mount.stderr.trim()}`);
// Nothing below runs unless /nix is this namespace's tmpfs.
const nixMount = readFileSync("/proc/self/mountinfo", "utf8")
  .split("\n")
  .map((l) => l.split(" "))
  .filter((f) => f[4] === "/nix")
  .pop();
if (nixMount === undefined || nixMount[nixMount.indexOf("-") + 1] !== "tmpfs") die("/nix is not a tmpfs after mounting one");

/** A directory that looks like a NixOS system (init, system, nixos-version), added to the store by the real nix-store. */
function addSystem(label: string): string {
  const dir = path.join(work, `${prefix}${label}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "init"), `#!/bin/sh\necho "system ${label}"\n`);
  chmodSync(path.join(dir, "init"), 0o755);
  writeFileSync(path.join(dir, "system"), "x86_64-linux\n");
  writeFileSync(path.join(dir, "nixos-version"), `25.11.${label}\n`);
  const r = spawnSync("nix-store", ["--add", dir], { encoding: "utf8" });
  if (r.status !== 0) die(`nix-store --add ${dir} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

const systems = { $A: addSystem("a"), $B: addSystem("b"), $C: addSystem("c") };

function links(): Record<string, string> {
  if (!existsSync(profileDir)) return {};
  return Object.fromEntries(
    readdirSync(profileDir)
      .sort()
      .map((e) => [e, readlinkSync(path.join(profileDir, e))]),
  );
}

const steps: StepResult[] = stepTexts.map((text) => {
  const args = (JSON.parse(text) as string[]).map((a) => (a in systems ? systems[a as keyof typeof systems] : a));
  const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), ...args], { encoding: "utf8" });
  return { args, status: r.status, stdout: r.stdout, stderr: r.stderr, links: links() };
});

const report: InsideReport = { systems, steps };
process.stdout.write(`${JSON.stringify(report)}\n`);
