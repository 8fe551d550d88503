/**
 * `types.strMatching` patterns in JavaScript. Nix tests them with
 * `builtins.match`: a POSIX extended regular expression (libstdc++'s
 * std::regex, extended mode) that must match the whole string, byte by byte.
 * One parser translates such a pattern for two consumers:
 *
 * - "bytes" (the validator): subject and pattern are compared as UTF-8 bytes,
 *   one JS char per byte (see `bytes`), so `.` matches one byte of `é`, as in
 *   Nix: the verdicts are Nix's own.
 * - "unicode" (the JSON Schema, which editors compile with the `u` flag): the
 *   same pattern over code points. It agrees with Nix on every subject for
 *   patterns built from ASCII literals and brackets, as every pattern of this
 *   option set is; with `.` or a negated bracket, non-ASCII text can differ.
 *
 * In both, the match is anchored (`^(?:…)$`), `.` also matches a newline,
 * a backslash inside brackets is an ordinary character, `]` first in brackets
 * is literal, and `[:class:]` names the C locale's classes. Whether a whole
 * string matches does not depend on POSIX's leftmost-longest rule, so JS's
 * backtracking gives the same answer. What Nix refuses (escaping anything but
 * `^.[$()|*+?{\`, back-references, a repeat with nothing to repeat,
 * unbalanced parentheses, bad intervals) and what has no exact equivalent
 * (collating elements, equivalence classes) throws EreError.
 */

export class EreError extends Error {}

export type EreMode = "bytes" | "unicode";

/** A string as the sequence of its UTF-8 bytes, one char (U+0000–U+00FF) per byte. */
export const bytes = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

const CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\v\\f\\r",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
};

/** The characters Nix's regular expressions let you escape outside brackets. */
const ESCAPABLE = new Set([..."^.[$()|*+?{\\"]);

/** One character as a JS regex atom: escaped where JS (in the `u` mode too) gives it a meaning. */
function literal(ch: string, inClass: boolean): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0xff)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code > 0xff) return `\\u{${code.toString(16)}}`;
  return (inClass ? "\\]^-[" : "\\^$.*+?()[]{}|/").includes(ch) ? `\\${ch}` : ch;
}

/** A bracket expression whose body starts at `start` (after `[`): its JS class and the index after `]`. */
function bracket(p: readonly string[], start: number, fail: (msg: string) => never): [string, number] {
  let i = start;
  let out = "";
  let negate = false;
  if (p[i] === "^") {
    negate = true;
    i++;
  }
  for (let first = true; ; first = false) {
    const ch = p[i];
    if (ch === undefined) fail("unterminated bracket expression");
    if (ch === "]" && !first) return [`[${negate ? "^" : ""}${out}]`, i + 1];
    let lo: string;
    if (ch === "[" && (p[i + 1] === ":" || p[i + 1] === "=" || p[i + 1] === ".")) {
      const kind = p[i + 1]!;
      let end = i + 2;
      while (end < p.length && !(p[end] === kind && p[end + 1] === "]")) end++;
      if (end >= p.length) fail(`unterminated [${kind} in bracket expression`);
      const name = p.slice(i + 2, end).join("");
      i = end + 2;
      if (kind !== ":") fail(`collating element or equivalence class [${kind}${name}${kind}] has no exact translation`);
      const cls = CLASSES[name];
      if (cls === undefined) fail(`unknown character class [:${name}:]`);
      out += cls;
      continue;
    }
    lo = ch;
    i++;
    if (p[i] === "-" && p[i + 1] !== undefined && p[i + 1] !== "]") {
      const hi = p[i + 1]!;
      if (hi === "[") fail("a range ending in a bracketed element is not supported");
      if (hi.codePointAt(0)! < lo.codePointAt(0)!) fail(`invalid range ${lo}-${hi}`);
      out += `${literal(lo, true)}-${literal(hi, true)}`;
      i += 2;
    } else out += literal(lo, true);
  }
}

/** The body of the translation (not anchored), over the pattern's characters. */
function translate(p: readonly string[], fail: (msg: string) => never): string {
  let out = "";
  let depth = 0;
  let repeatable = false; // whether the previous token can take a repeat
  for (let i = 0; i < p.length; ) {
    const ch = p[i]!;
    switch (ch) {
      case "\\": {
        const next = p[i + 1];
        if (next === undefined) fail("trailing backslash");
        if (!ESCAPABLE.has(next)) fail(`Nix does not accept the escape \\${next}`);
        out += literal(next, false);
        i += 2;
        repeatable = true;
        break;
      }
      case "[": {
        const [cls, end] = bracket(p, i + 1, fail);
        out += cls;
        i = end;
        repeatable = true;
        break;
      }
      case ".":
        out += "[\\s\\S]";
        i++;
        repeatable = true;
        break;
      case "(":
        if (p[i + 1] === ")") fail("empty group ()");
        out += "(";
        depth++;
        i++;
        repeatable = false;
        break;
      case ")":
        if (depth === 0) fail("unmatched )");
        out += ")";
        depth--;
        i++;
        repeatable = true;
        break;
      case "|":
      case "^":
      case "$":
        out += ch;
        i++;
        repeatable = false;
        break;
      case "*":
      case "+":
      case "?":
        if (!repeatable) fail(`${ch} has nothing to repeat`);
        out += ch;
        i++;
        repeatable = false;
        break;
      case "{": {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24).join(""));
        if (m === null) fail("invalid interval: expected {m}, {m,} or {m,n}");
        if (!repeatable) fail(`${m[0]} has nothing to repeat`);
        if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) fail(`invalid interval ${m[0]}`);
        out += m[0];
        i += m[0].length;
        repeatable = false;
        break;
      }
      default:
        out += literal(ch, false);
        i++;
        repeatable = true;
    }
  }
  if (depth !== 0) fail("unmatched (");
  return out;
}

/** The anchored JS pattern source for `builtins.match pattern`, in the given mode. */
export function ereSource(pattern: string, mode: EreMode): string {
  const fail = (msg: string): never => {
    throw new EreError(`cannot translate the POSIX regular expression ${JSON.stringify(pattern)}: ${msg}`);
  };
  const chars = mode === "bytes" ? [...bytes(pattern)] : Array.from(pattern);
  const source = `^(?:${translate(chars, fail)})$`;
  try {
    new RegExp(source, mode === "unicode" ? "u" : "");
  } catch (e) {
    fail((e as Error).message);
  }
  return source;
}

/** A RegExp that tests `bytes(s)` for a whole-string match of the POSIX ERE `pattern`. */
export const ereToRegExp = (pattern: string): RegExp => new RegExp(ereSource(pattern, "bytes"));

/** `builtins.match pattern s != null`, given the RegExp from ereToRegExp. */
export const ereMatches = (re: RegExp, s: string): boolean => re.test(bytes(s));

/** The pattern for a JSON Schema `pattern` keyword (ECMAScript, compiled with `u`). */
export const ereToEcmaScript = (pattern: string): string => ereSource(pattern, "unicode");
