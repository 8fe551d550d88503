/**
 * The validator's inputs: a JSON file, or Nix (a file, or --expr) read
 * through the Nix bridge. Both give the `containers` attribute set, the
 * positions of its definitions, and host facts the input itself states.
 *
 * JSON: `{ "containers": { … } }` (optionally with a `"host"` object, read by
 * host-object.ts: kernelVersion, stateVersion, enableContainers,
 * virtualisationContainers, the host's interfaces and network namespaces),
 * or the bare attribute set of containers. A top-level object is the wrapper
 * when its `containers` member is an object; so a bare set cannot hold a
 * container named `containers`. An evaluated host (Nix) gives its network as
 * host-nixos.ts reads it.
 *
 * A wrapper with a `positions` member holds definitions as the Nix reader
 * (nix/validate-input.nix) gives them, written to JSON by a NixOS evaluation
 * (nix/containers-nix.nix, for the build-time check): its values may hold the
 * reader's markers, and its positions, in the reader's node format, point into
 * the Nix files the definitions were written in; the JSON text's own
 * positions are then not used. Its `network` member is what the reader read of
 * the host's network options, made into the host's network as for Nix input.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Finding, Path } from "./finding.js";
import { readHostObject, type InputHost } from "./host-object.js";
import { networkFromNixos, type NixosNetworkFacts } from "./host-nixos.js";
import { InputError } from "./input-error.js";
import { JsonSyntaxError, locateJson, readJsonDocument, type JsonDocument } from "./json.js";
import { buildPositions, evaluateNix } from "./nix-bridge.js";
import { noPosition, rootedAt, type PosNode, type PositionSource } from "./positions.js";

export interface InputOptions {
  file: string | null;
  expr: string | null;
  attr: string | null;
  /** "auto": by the file's extension, .json or else Nix. */
  format: "auto" | "json" | "nix";
  nixpkgs: string | null;
  timeoutMs: number;
  /** For `plan`: also each container's system path when a Nix input is an evaluated host (LoadedInput.systems). */
  systems?: boolean;
}

export interface LoadedInput {
  containers: unknown;
  /** Rooted at the configuration's root. */
  positions: PositionSource;
  host: InputHost;
  /**
   * Findings about the input beyond its containers (a bad JSON `host`
   * object), with paths from the configuration's root; the validator reports
   * them with the rest (ValidateOptions.inputFindings).
   */
  findings: Finding[];
  /** Things the user should know about how the input was read (printed on stderr). */
  notes: string[];
  /**
   * Asked for with `systems`, from a Nix input: each container's system path
   * as the evaluated host gives it (null where it cannot be evaluated), or
   * null when the input is no evaluation. Absent for JSON.
   */
  systems?: Record<string, string | null> | null;
}

/**
 * The largest input file read. Container definitions of even a very large host
 * take a few MiB (10,000 containers: about 4 MiB of JSON); a bigger file is
 * almost surely the wrong file, and reading it would only take memory and time.
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function checkSize(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_INPUT_BYTES)
    throw new InputError(`${file} is ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_INPUT_BYTES / 1024 / 1024} MiB an input may have; is it the right file?`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value at `attr` (dot-separated) inside `value`, and the path segments that lead there. */
function select(value: unknown, attr: string | null): [unknown, string[]] {
  if (attr === null || attr === "") return [value, []];
  let v = value;
  const segments = attr.split(".");
  for (const name of segments) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, name)) throw new InputError(`--attr ${attr}: no attribute \`${name}\``);
    v = v[name];
  }
  return [v, segments];
}

export function loadJson(file: string, attr: string | null): LoadedInput {
  checkSize(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: JsonDocument;
  try {
    doc = readJsonDocument(text, file);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new InputError(`${file}:${e.line}:${e.column}: invalid JSON: ${e.message}`);
    throw e;
  }
  const [top, prefix] = select(doc.value, attr);
  if (!isObject(top)) throw new InputError(`${file}: expected an object of containers, or { "containers": { … } }`);
  const wrapped = isObject(top.containers);
  if (wrapped && top.positions !== undefined) {
    const where = `${file}: ${attr ? `${attr}.` : ""}positions`;
    const { host, findings } = readHostObject(top.host);
    // The host's network as the reader read it of the evaluation (`network`), as for --expr.
    const { network, notes } = networkFromNixos((top.network ?? null) as NixosNetworkFacts | null);
    if (network !== null && host.network === undefined) host.network = network;
    return { containers: fromMarkers(top.containers, null, 0), positions: buildPositions(top.positions, file, undefined, where), host, findings, notes };
  }
  // Where the configuration's root sits in the document: finding paths start with "containers".
  const positions = (paths: readonly Path[]): PosNode => {
    const inDocument = paths.map((p) => [...prefix, ...(wrapped ? p : p.slice(1))]);
    let node = locateJson(doc, file, inDocument);
    for (const seg of prefix) node = node.get(seg) ?? noPosition(file);
    return wrapped ? node : rootedAt(["containers"], node);
  };
  if (!wrapped) return { containers: top, positions, host: {}, findings: [], notes: [] };
  const { host, findings } = readHostObject(top.host);
  return { containers: top.containers, positions, host, findings, notes: [] };
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

export async function loadNix(opts: InputOptions): Promise<LoadedInput> {
  if (opts.file !== null) checkSize(opts.file);
  const r = await evaluateNix({ file: opts.file, expr: opts.expr, attr: opts.attr, nixpkgs: opts.nixpkgs, timeoutMs: opts.timeoutMs }, { systems: opts.systems === true });
  const { network, notes } = networkFromNixos(r.network);
  return {
    containers: fromMarkers(r.containers, null, 0),
    positions: r.positions,
    host: { ...(r.stateVersion !== null ? { stateVersion: r.stateVersion } : {}), ...(network !== null ? { network } : {}) },
    findings: [],
    notes: [...r.notes, ...notes],
    ...(r.systems !== undefined ? { systems: r.systems } : {}),
  };
}

export async function loadInput(opts: InputOptions): Promise<LoadedInput> {
  const isJson = opts.format === "json" || (opts.format === "auto" && opts.file !== null && path.extname(opts.file).toLowerCase() === ".json");
  if (isJson) {
    if (opts.file === null) throw new InputError("--expr is Nix; it cannot be read as JSON");
    return loadJson(opts.file, opts.attr);
  }
  return loadNix(opts);
}
