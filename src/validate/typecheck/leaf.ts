/**
 * The leaf option types' checks in plain JavaScript: how many problems a
 * value has for `bool`, `str`, the integer ranges, `path`, `enum`,
 * `strMatching`, `unspecified` and `nixosConfig`, with the verdicts of
 * `lib.types` (and of the zod leaves in ../zod/leaf.ts, which a test holds
 * equal on every fixture and fuzz case).
 *
 * Problems are counted the way the zod layer reports them, so that both give
 * the same findings: a number that is neither whole nor in range
 * (`70000.5` for a port) has two, anything else that fails has one.
 */
import type { OptionType } from "../../options/dsl.js";
import { ereMatches, ereToRegExp } from "../../model/ere.js";

export type LeafKind = "bool" | "str" | "int" | "u32" | "port" | "path" | "enum" | "strMatching" | "unspecified" | "nixosConfig";
export type LeafType = Extract<OptionType, { kind: LeafKind }>;

const LEAF_KINDS: ReadonlySet<string> = new Set<LeafKind>(["bool", "str", "int", "u32", "port", "path", "enum", "strMatching", "unspecified", "nixosConfig"]);
export const isLeaf = (t: OptionType): t is LeafType => LEAF_KINDS.has(t.kind);

/**
 * A leaf's verdict on a value: `issues` problems (0: accepted). `partial`:
 * the value has the right JS type but fails a further check (range, prefix,
 * pattern); between two leaves of an `either`, the first such verdict is the
 * one reported, as zod's union does.
 */
export interface LeafVerdict {
  issues: number;
  partial: boolean;
}

const OK: LeafVerdict = { issues: 0, partial: false };
const WRONG_TYPE: LeafVerdict = { issues: 1, partial: false };
const ONE_CHECK: LeafVerdict = { issues: 1, partial: true };

/** `lib.types.ints.between lo hi`, over the integers a JS number holds exactly. */
function integer(v: unknown, lo: number, hi: number): LeafVerdict {
  if (typeof v !== "number" || Number.isNaN(v)) return WRONG_TYPE;
  const issues = (Number.isInteger(v) ? 0 : 1) + (v < lo ? 1 : 0) + (v > hi ? 1 : 0);
  return issues === 0 ? OK : { issues, partial: true };
}

const patterns = new Map<string, RegExp>();

/** `at` names the option, for errors about the option set itself (a pattern that cannot be translated). */
export function compilePattern(pattern: string, at: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = ereToRegExp(pattern);
    } catch (e) {
      throw new Error(`${at}: ${(e as Error).message}`);
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** The verdict function of a leaf type, made once per type. */
export function leafVerdictFor(t: LeafType, at = "(check)"): (v: unknown) => LeafVerdict {
  switch (t.kind) {
    case "bool":
      return (v) => (typeof v === "boolean" ? OK : WRONG_TYPE);
    case "str":
      return (v) => (typeof v === "string" ? OK : WRONG_TYPE);
    case "int":
      return (v) => integer(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case "u32":
      return (v) => integer(v, 0, 4294967295);
    case "port":
      return (v) => integer(v, 0, 65535);
    case "path":
      // `types.path` accepts any string whose first character is `/`.
      return (v) => (typeof v !== "string" ? WRONG_TYPE : v.startsWith("/") ? OK : ONE_CHECK);
    case "enum": {
      const values = new Set(t.values);
      return (v) => (typeof v === "string" && values.has(v) ? OK : WRONG_TYPE);
    }
    case "strMatching": {
      const re = compilePattern(t.pattern, at);
      return (v) => (typeof v !== "string" ? WRONG_TYPE : ereMatches(re, v) ? OK : ONE_CHECK);
    }
    case "unspecified":
    case "nixosConfig":
      // Accepted as they are: neither is evaluated by the validator.
      return () => OK;
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no check for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

const verdicts = new WeakMap<LeafType, (v: unknown) => LeafVerdict>();

export function leafVerdict(t: LeafType, v: unknown): LeafVerdict {
  let verdict = verdicts.get(t);
  if (verdict === undefined) verdicts.set(t, (verdict = leafVerdictFor(t)));
  return verdict(v);
}

export const leafAccepts = (t: LeafType, v: unknown): boolean => leafVerdict(t, v).issues === 0;
