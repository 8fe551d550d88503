/**
 * `types.strMatching` patterns in JSON Schema. Nix tests them with
 * `builtins.match`: a POSIX extended regular expression that must match the
 * whole string. A JSON Schema `pattern` is an ECMAScript regular expression
 * (ajv compiles it with the `u` flag) that may match anywhere. So the pattern
 * is anchored as `^(?:...)$`, and the places where the two dialects read the
 * same text differently are rewritten:
 * - `.` matches a newline in POSIX, not in ECMAScript: it becomes `[\s\S]`;
 * - inside brackets a backslash is an ordinary character in POSIX: it is escaped;
 * - POSIX classes such as `[:digit:]` are spelled out as ranges.
 * Constructs with no exact equivalent (collating elements `[. .]`,
 * equivalence classes `[= =]`) and patterns Nix itself refuses (an escape of
 * anything but `^.[$()|*+?{\`, such as `\-` or a back-reference `\1`) are
 * refused with an error rather than translated loosely.
 *
 * One difference remains: Nix matches bytes, ECMAScript code points, so on
 * text with non-ASCII characters a `.` or a negated bracket counts
 * differently (`..` matches "é" in Nix). Patterns built from ASCII brackets
 * and literals, as every pattern of this option set is, agree on all text.
 */

const POSIX_CLASSES: Record<string, string> = {
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

/** The characters Nix's regular expressions let you escape (all of them ECMAScript syntax characters). */
const ESCAPABLE = new Set([..."^.[$()|*+?{\\"]);

export class UnsupportedPattern extends Error {}

/** One bracket expression starting at `[`; returns its ECMAScript form and the index after it. */
function bracket(p: string, start: number): [string, number] {
  let i = start + 1;
  let out = "[";
  if (p[i] === "^") {
    out += "^";
    i++;
  }
  let first = true;
  while (i < p.length && (p[i] !== "]" || first)) {
    const c = p[i]!;
    if (c === "[" && (p[i + 1] === "." || p[i + 1] === "=")) throw new UnsupportedPattern(`collating element or equivalence class at ${i} in ${p}`);
    if (c === "[" && p[i + 1] === ":") {
      const end = p.indexOf(":]", i + 2);
      const name = end === -1 ? undefined : p.slice(i + 2, end);
      const chars = name === undefined ? undefined : POSIX_CLASSES[name];
      if (chars === undefined) throw new UnsupportedPattern(`unknown character class at ${i} in ${p}`);
      out += chars;
      i = end + 2;
    } else {
      // In ECMAScript's u mode `\`, `]` and `[` need escaping inside a class; `-` keeps its POSIX meaning.
      out += c === "\\" || c === "]" || c === "[" ? "\\" + c : c;
      i++;
    }
    first = false;
  }
  if (i >= p.length) throw new UnsupportedPattern(`unterminated bracket expression in ${p}`);
  return [out + "]", i + 1];
}

/** The ECMAScript pattern that accepts exactly the strings `builtins.match pattern` accepts. */
export function ereToEcmaScript(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "[") {
      const [cls, next] = bracket(pattern, i);
      out += cls;
      i = next;
    } else if (c === ".") {
      out += "[\\s\\S]";
      i++;
    } else if (c === "\\") {
      const e = pattern[i + 1];
      if (e === undefined) throw new UnsupportedPattern(`trailing backslash in ${pattern}`);
      if (!ESCAPABLE.has(e)) throw new UnsupportedPattern(`escape \\${e} in ${pattern}, which Nix does not accept`);
      out += "\\" + e;
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  const anchored = `^(?:${out})$`;
  try {
    new RegExp(anchored, "u");
  } catch (e) {
    throw new UnsupportedPattern(`${pattern} has no ECMAScript equivalent here: ${(e as Error).message}`);
  }
  return anchored;
}
