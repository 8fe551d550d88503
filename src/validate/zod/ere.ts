/**
 * `types.strMatching` patterns are POSIX extended regular expressions, which
 * `builtins.match` applies to the whole string (libstdc++'s std::regex in
 * extended mode, on the string's bytes). This module translates one into a
 * JavaScript RegExp with the same verdicts:
 *
 * - the match is anchored at both ends (`^(?:…)$`, no flags, so `$` is the end);
 * - pattern and subject are compared as UTF-8 bytes (each byte one JS char), so
 *   `.` matches one byte of `é`, as in Nix;
 * - `.` matches any byte, newline included;
 * - inside brackets a backslash is an ordinary character, `]` first is literal,
 *   and `[:class:]` names the C locale's classes;
 * - outside brackets `\c` is the character c (libstdc++ treats an escaped
 *   ordinary character as itself);
 * - whether a whole string matches does not depend on POSIX's leftmost-longest
 *   rule, so JS's backtracking gives the same answer.
 *
 * Constructs whose meaning is undefined or that libstdc++ rejects (a repeat
 * with nothing to repeat, an unbalanced parenthesis, a bad interval, multi-char
 * collating elements) throw EreError.
 */

export class EreError extends Error {}

/** A string as the sequence of its UTF-8 bytes, one char (U+0000–U+00FF) per byte. */
export const bytes = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

const CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "0-9a-zA-Z",
  upper: "A-Z",
  lower: "a-z",
  xdigit: "0-9A-Fa-f",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
};

/** One byte as a JS regex atom, escaped when it is special (in or out of a class). */
function literal(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code >= 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Parses a bracket expression starting after `[`; returns the JS class and the index after `]`. */
function bracket(p: string, start: number, fail: (msg: string) => never): [string, number] {
  let i = start;
  let out = "";
  let negate = false;
  if (p[i] === "^") {
    negate = true;
    i++;
  }
  let first = true;
  for (;;) {
    const ch = p[i];
    if (ch === undefined) fail("unterminated bracket expression");
    if (ch === "]" && !first) return [`[${negate ? "^" : ""}${out}]`, i + 1];
    first = false;
    let lo: string;
    if (ch === "[" && (p[i + 1] === ":" || p[i + 1] === "=" || p[i + 1] === ".")) {
      const kind = p[i + 1]!;
      const end = p.indexOf(`${kind}]`, i + 2);
      if (end === -1) fail(`unterminated [${kind} in bracket expression`);
      const name = p.slice(i + 2, end);
      i = end + 2;
      if (kind === ":") {
        const cls = CLASSES[name];
        if (cls === undefined) fail(`unknown character class [:${name}:]`);
        out += cls;
        continue;
      }
      if (name.length !== 1) fail(`collating element [${kind}${name}${kind}] is not supported`);
      lo = name;
    } else {
      lo = ch;
      i++;
    }
    if (p[i] === "-" && p[i + 1] !== undefined && p[i + 1] !== "]") {
      const hi = p[i + 1]!;
      if (hi === "[") fail("a range ending in a bracketed element is not supported");
      if (hi < lo) fail(`invalid range ${lo}-${hi}`);
      out += `${literal(lo)}-${literal(hi)}`;
      i += 2;
    } else {
      out += literal(lo);
    }
  }
}

/** The body of the translated regex (not anchored). `pattern` is in bytes form. */
function translate(p: string, fail: (msg: string) => never): string {
  let out = "";
  let depth = 0;
  // Whether the previous token can take a repeat (an atom or a closing group).
  let repeatable = false;
  for (let i = 0; i < p.length; ) {
    const ch = p[i]!;
    switch (ch) {
      case "\\": {
        const next = p[i + 1];
        if (next === undefined) fail("trailing backslash");
        out += literal(next);
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
        out += "(?:";
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
        out += "|";
        i++;
        repeatable = false;
        break;
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
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (m === null) fail("invalid interval: expected {m}, {m,} or {m,n}");
        if (!repeatable) fail(`${m[0]} has nothing to repeat`);
        if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) fail(`invalid interval ${m[0]}`);
        out += m[0];
        i += m[0].length;
        repeatable = false;
        break;
      }
      default:
        out += literal(ch);
        i++;
        repeatable = true;
    }
  }
  if (depth !== 0) fail("unmatched (");
  return out;
}

/** A RegExp that tests `bytes(s)` for a whole-string match of the POSIX ERE `pattern`. */
export function ereToRegExp(pattern: string): RegExp {
  const fail = (msg: string): never => {
    throw new EreError(`cannot translate the POSIX regular expression ${JSON.stringify(pattern)}: ${msg}`);
  };
  const body = translate(bytes(pattern), fail);
  try {
    return new RegExp(`^(?:${body})$`);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** `builtins.match pattern s != null`, given the RegExp from ereToRegExp. */
export const ereMatches = (re: RegExp, s: string): boolean => re.test(bytes(s));
