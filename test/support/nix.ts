/** Running nix-instantiate from tests: argument arrays, never a shell string. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export interface NixResult {
  status: number | null;
  stdout: string;
  stderr: string;
  command: string;
}

export function nixInstantiate(args: readonly string[], timeoutMs = 120_000): NixResult {
  const r = spawnSync("nix-instantiate", args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  const command = ["nix-instantiate", ...args].map((a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, command };
}

/** Evaluates a Nix expression to JSON; throws with the command to reproduce on failure. */
export function evalJson(args: readonly string[]): unknown {
  const r = nixInstantiate(["--eval", "--strict", "--json", ...args]);
  if (r.status !== 0) throw new Error(`evaluation failed; reproduce with:\n  ${r.command}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const hasNixInstantiate = spawnSync("nix-instantiate", ["--version"]).status === 0;

/**
 * A nixpkgs checkout with lib/: `--nixpkgs PATH` on the test command line,
 * else $NIXPKGS, else `<nixpkgs>` from NIX_PATH. Null when none is found.
 */
export function findNixpkgs(): string | null {
  const flag = process.argv.indexOf("--nixpkgs");
  const candidates = [flag !== -1 ? process.argv[flag + 1] : undefined, process.env.NIXPKGS];
  for (const c of candidates) if (c && existsSync(path.join(c, "lib", "default.nix"))) return path.resolve(c);
  if (hasNixInstantiate) {
    const r = spawnSync("nix-instantiate", ["--find-file", "nixpkgs"], { encoding: "utf8" });
    const p = r.stdout.trim();
    if (r.status === 0 && p && existsSync(path.join(p, "lib", "default.nix"))) return p;
  }
  return null;
}

let noNixpkgsReported = false;

/** Says once per test run that the tests needing a nixpkgs lib are skipped. */
export function reportNoNixpkgs(): void {
  if (noNixpkgsReported) return;
  noNixpkgsReported = true;
  console.log("skipped: no nixpkgs lib (set NIXPKGS=/path/to/nixpkgs, or pass --nixpkgs PATH)");
}
