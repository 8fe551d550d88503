/**
 * Reading container definitions from Nix: nix/validate-input.nix evaluated by
 * `nix-instantiate --eval --strict --json`, spawned with an argument array
 * (no shell), with a time limit. Whatever goes wrong becomes one InputError
 * line: a missing nix-instantiate, a timeout, or Nix's own error with its
 * position.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NixosNetworkFacts } from "./host-nixos.js";
import { InputError } from "./input-error.js";
import { noPosition, type PosNode } from "./positions.js";
import { runProcess } from "../io/run-process.js";

/** The most output read from nix-instantiate: far more than any host's containers need. */
export const MAX_NIX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** nix/validate-input.nix, from dist/src/validate/. */
export const HELPER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../nix/validate-input.nix");

export interface NixSource {
  /** A .nix file, or null with `expr`. */
  file: string | null;
  expr: string | null;
  attr: string | null;
  /** A nixpkgs tree for `lib` and `<nixpkgs>`; null: NIX_PATH decides. */
  nixpkgs: string | null;
  timeoutMs: number;
}

export interface NixInput {
  containers: unknown;
  /** Position tree rooted at the configuration's root (its child "containers" holds the containers). */
  positions: PosNode;
  notes: string[];
  stateVersion: string | null;
  /** What nix/host-network.nix read of an evaluated host's network options; null when the input is no evaluation. */
  network: NixosNetworkFacts | null;
  /** When asked for (`plan`): each container's system path on an evaluated host (null where it cannot be evaluated); null for no evaluation. */
  systems?: Record<string, string | null> | null;
}

/** What stands for the user's --expr text in positions and messages. */
export const EXPR_FILE = "(expr)";

/**
 * A position node as nix/validate-input.nix writes it: `a` is `[line, column, file?]`
 * (the file left out where it is the parent's), `k` the children by name or index.
 */
export interface PosJson {
  a?: [number, number, string?];
  k?: Record<string, PosJson> | PosJson[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `a` of a position node when it has the shape above, else null. */
function placeOf(a: unknown): [number, number, string?] | null {
  if (!Array.isArray(a) || a.length < 2 || a.length > 3) return null;
  const [line, column, file] = a;
  if (!Number.isInteger(line) || !Number.isInteger(column) || (a.length === 3 && typeof file !== "string")) return null;
  return a as [number, number, string?];
}

/**
 * The position tree of the containers' definitions (rooted at the
 * configuration's root, whose child "containers" holds them) from the
 * reader's nodes; `file` for the nodes that name none. A node of another
 * shape is an InputError naming where it is (`where` starts the name).
 */
export function buildPositions(json: unknown, file: string, fixFile: (f: string) => string = (f) => f, where = "positions"): PosNode {
  const root = noPosition(file);
  const containers = root.child("containers", file, 0, 0);
  const bad = (at: string) => new InputError(`${at}: expected a position node { "a": [line, column, file?], "k": { … } or [ … ] }`);
  const fill = (node: PosNode, kids: unknown, parentFile: string, at: string) => {
    if (kids === undefined) return;
    if (!Array.isArray(kids) && !isPlainObject(kids)) throw bad(at);
    const entries: [string | number, unknown][] = Array.isArray(kids) ? kids.map((k, i) => [i, k]) : Object.entries(kids);
    for (const [key, p] of entries) {
      const here = `${at}.${key}`;
      if (!isPlainObject(p)) throw bad(here);
      const a = p.a === undefined ? undefined : placeOf(p.a);
      if (a === null) throw bad(here);
      const f = a?.[2] !== undefined ? fixFile(a[2]) : parentFile;
      fill(node.child(key, f, a?.[0] ?? 0, a?.[1] ?? 0), p.k, f, here);
    }
  };
  if (!isPlainObject(json)) throw bad(where);
  fill(containers, json, file, where);
  return root;
}

/** Nix's error output as one line: `file:line:col: message`. */
export function condenseNixError(stderr: string, fixFile: (f: string) => string): string {
  const lines = stderr.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  const start = lines.findIndex((l) => l.startsWith("error:"));
  if (start === -1) return stderr.trim().split("\n")[0] || "nix-instantiate failed without saying why";
  const text: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.trim() !== ""; i++) text.push(lines[i]!.trim());
  let message = text.join(" ").replace(/^error:\s*/, "").replace(/^containers-nix:\s*/, "");
  const at = lines.map((l) => /^\s*at (.+):(\d+):(\d+):(.*)$/.exec(l)).find((m) => m !== null);
  if (at) {
    const extra = at[4]!.trim();
    if (extra !== "") message += ` (${extra})`;
    return `${fixFile(at[1]!)}:${at[2]}:${at[3]}: ${message}`;
  }
  return message.replace(/\s*\(use '--show-trace'.*\)$/, "");
}

/** Nix names the --arg text itself as the file of positions inside it: those become EXPR_FILE. */
const fileFixer = (src: NixSource) => (f: string) => (src.expr !== null && (f === src.expr || f === "«string»" || f === "(string)") ? EXPR_FILE : f);

/**
 * nix/validate-input.nix evaluated on the input (`file`, `root` and `attr`,
 * plus `extra` arguments) with nix-instantiate under the input's limits; its
 * output, or an InputError that says what went wrong in one line.
 */
async function runHelper(src: NixSource, extra: readonly string[]): Promise<string> {
  const args = ["--eval", "--strict", "--json", HELPER, ...extra];
  if (src.nixpkgs !== null) args.push("-I", `nixpkgs=${src.nixpkgs}`, "--argstr", "nixpkgs", src.nixpkgs);
  if (src.file !== null) args.push("--argstr", "file", path.resolve(src.file));
  if (src.expr !== null) args.push("--arg", "root", src.expr);
  if (src.attr !== null) args.push("--argstr", "attr", src.attr);
  const fixFile = fileFixer(src);

  const r = await runProcess("nix-instantiate", args, { limits: { timeoutMs: src.timeoutMs, maxOutputBytes: MAX_NIX_OUTPUT_BYTES } });
  switch (r.kind) {
    case "missing":
      throw new InputError("nix-instantiate was not found; a Nix input needs it: apt-get install -y nix-bin (or install Nix)");
    case "timeout":
      throw new InputError(`nix-instantiate did not finish within ${src.timeoutMs / 1000} s and was stopped; raise the limit with --timeout SECONDS`);
    case "too-much-output":
      throw new InputError(`nix-instantiate printed more than ${MAX_NIX_OUTPUT_BYTES / 1024 / 1024} MiB and was stopped; is the input's containers attribute really a set of containers?`);
    case "signalled":
      throw new InputError(`nix-instantiate crashed (${r.signal})${r.stderr.trim() ? `: ${condenseNixError(r.stderr, fixFile)}` : ""}`);
    case "failed":
      throw new InputError(`nix-instantiate could not run: ${r.message}`);
    case "exited":
      if (r.status !== 0) throw new InputError(condenseNixError(r.stderr, fixFile));
  }
  return r.stdout;
}

export async function evaluateNix(src: NixSource, opts: { systems?: boolean } = {}): Promise<NixInput> {
  const stdout = await runHelper(src, opts.systems === true ? ["--arg", "systems", "true"] : []);
  const fixFile = fileFixer(src);
  let out: {
    containers: { v: unknown; p: Record<string, PosJson> };
    notes: string[];
    stateVersion: string | null;
    network: NixosNetworkFacts | null;
    systems?: Record<string, string | null> | null;
  };
  try {
    out = JSON.parse(stdout);
  } catch (e) {
    throw new InputError(`nix-instantiate printed something that is not JSON: ${(e as Error).message}`);
  }
  const file = src.file !== null ? path.resolve(src.file) : EXPR_FILE;
  return {
    containers: out.containers.v,
    positions: buildPositions(out.containers.p, file, fixFile),
    notes: out.notes,
    stateVersion: out.stateVersion,
    network: out.network,
    ...(out.systems !== undefined ? { systems: out.systems } : {}),
  };
}
