/**
 * The validator's inputs: a JSON file, or Nix (a file, or --expr) read
 * through the Nix bridge. Both give the `containers` attribute set, the
 * positions of its definitions, and host facts the input itself states.
 *
 * JSON: `{ "containers": { … } }` (optionally with `"host": { kernelVersion,
 * stateVersion, enableContainers, virtualisationContainers }`, the shape of
 * fixtures/<case>/input.json), or the bare attribute set of containers. A
 * top-level object is the wrapper when its `containers` member is an object;
 * so a bare set cannot hold a container named `containers`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { HostFacts } from "../options/checks.js";
import { InputError } from "./input-error.js";
import { JsonSyntaxError, parseJsonWithPositions } from "./json.js";
import { evaluateNix } from "./nix-bridge.js";
import { PosNode, rootedAt } from "./positions.js";

export interface InputOptions {
  file: string | null;
  expr: string | null;
  attr: string | null;
  /** "auto": by the file's extension, .json or else Nix. */
  format: "auto" | "json" | "nix";
  nixpkgs: string | null;
  timeoutMs: number;
}

export interface LoadedInput {
  containers: unknown;
  /** Rooted at the configuration's root. */
  positions: PosNode;
  host: Partial<Pick<HostFacts, "kernelVersion" | "stateVersion" | "enableContainers" | "virtualisationContainers">>;
  /** Things the user should know about how the input was read (printed on stderr). */
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function hostFromJson(v: unknown): LoadedInput["host"] {
  if (!isObject(v)) return {};
  const host: LoadedInput["host"] = {};
  if (typeof v.kernelVersion === "string") host.kernelVersion = v.kernelVersion;
  if (typeof v.stateVersion === "string") host.stateVersion = v.stateVersion;
  if (typeof v.enableContainers === "boolean") host.enableContainers = v.enableContainers;
  if (typeof v.virtualisationContainers === "boolean") host.virtualisationContainers = v.virtualisationContainers;
  return host;
}

function select(value: unknown, positions: PosNode, attr: string | null): [unknown, PosNode] {
  if (attr === null || attr === "") return [value, positions];
  let v = value;
  let p: PosNode = positions;
  for (const name of attr.split(".")) {
    if (!isObject(v) || !(name in v)) throw new InputError(`--attr ${attr}: no attribute \`${name}\``);
    v = v[name];
    p = p.get(name) ?? new PosNode(p.at);
  }
  return [v, p];
}

export function loadJson(file: string, attr: string | null): LoadedInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed;
  try {
    parsed = parseJsonWithPositions(text, file);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new InputError(`${file}:${e.line}:${e.column}: invalid JSON: ${e.message}`);
    throw e;
  }
  const [top, node] = select(parsed.value, parsed.positions, attr);
  if (!isObject(top)) throw new InputError(`${file}: expected an object of containers, or { "containers": { … } }`);
  if (isObject(top.containers)) return { containers: top.containers, positions: node, host: hostFromJson(top.host), notes: [] };
  return { containers: top, positions: rootedAt(["containers"], node), host: {}, notes: [] };
}

/**
 * Markers from the Nix bridge made into what the type layer understands:
 * a function becomes a JS function (reported as "a function" where a value is
 * expected), a derivation given as `path` becomes a store path placeholder,
 * and a `nixpkgs` that could not be read without evaluating `pkgs` is left out.
 */
function fromMarkers(v: unknown, key: string | number | null, depth: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => fromMarkers(x, i, depth + 1));
  if (!isObject(v)) return v;
  const kind = v.__containersNix;
  if (typeof kind === "string" && Object.keys(v).length === 1) {
    if (kind === "function") return () => undefined;
    if (kind === "derivation" && depth === 2 && (key === "path" || key === "nixpkgs")) return "/nix/store/00000000000000000000000000000000-derivation";
    return v;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (depth === 1 && k === "nixpkgs" && isObject(x) && x.__containersNix === "value") continue;
    out[k] = fromMarkers(x, k, depth + 1);
  }
  return out;
}

export function loadNix(opts: InputOptions): LoadedInput {
  const r = evaluateNix({ file: opts.file, expr: opts.expr, attr: opts.attr, nixpkgs: opts.nixpkgs, timeoutMs: opts.timeoutMs });
  return {
    containers: fromMarkers(r.containers, null, 0),
    positions: r.positions,
    host: r.stateVersion !== null ? { stateVersion: r.stateVersion } : {},
    notes: r.notes,
  };
}

export function loadInput(opts: InputOptions): LoadedInput {
  const isJson = opts.format === "json" || (opts.format === "auto" && opts.file !== null && path.extname(opts.file).toLowerCase() === ".json");
  if (isJson) {
    if (opts.file === null) throw new InputError("--expr is Nix; it cannot be read as JSON");
    return loadJson(opts.file, opts.attr);
  }
  return loadNix(opts);
}
