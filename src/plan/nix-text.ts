/**
 * The source text of one attribute's value in a Nix file, found from the
 * position of its name (Nix's unsafeGetAttrPos): from after the `=` up to the
 * `;` that ends the binding. Strings, comments, brackets, `let … in`, `with …;`
 * and `assert …;` are skipped over, so a `;` inside them does not end it.
 * Paths written in the text (`./web.nix`) are listed, so their contents can be
 * compared too. Returns null when the text cannot be delimited.
 */
export interface BindingText {
  text: string;
  /** Relative path literals in the text, as written. */
  paths: string[];
}

/** Index of the first character of 1-based `line`, `column` in `src`. */
function offsetOf(src: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.indexOf("\n", at);
    if (nl === -1) return -1;
    at = nl + 1;
  }
  return at + column - 1;
}

/** Skips a string starting at `i` (`"` or `''`); returns the index after it. */
function skipString(src: string, i: number): number {
  const indented = src.startsWith("''", i);
  let j = i + (indented ? 2 : 1);
  while (j < src.length) {
    if (indented) {
      if (src.startsWith("'''", j) || src.startsWith("''$", j) || src.startsWith("''\\", j)) j += 3;
      else if (src.startsWith("''", j)) return j + 2;
      else if (src.startsWith("${", j)) j = skipExpr(src, j + 2, "}");
      else j++;
    } else {
      if (src[j] === "\\") j += 2;
      else if (src[j] === '"') return j + 1;
      else if (src.startsWith("${", j)) j = skipExpr(src, j + 2, "}");
      else j++;
    }
  }
  return -1;
}

const KEYWORD = /^[A-Za-z_][A-Za-z0-9_'-]*/;
const PATH = /^\.{1,2}\/[A-Za-z0-9._+\-/]+/;

/** Scans an expression from `i` until `end` at depth 0; returns the index after `end`, or -1. */
function skipExpr(src: string, i: number, end: string, paths?: string[]): number {
  let pending = 0; // `let`, `with` and `assert` whose closing `in` / `;` is still to come
  while (i < src.length) {
    const c = src[i]!;
    if (c === "#") {
      const nl = src.indexOf("\n", i);
      i = nl === -1 ? src.length : nl + 1;
    } else if (src.startsWith("/*", i)) {
      const close = src.indexOf("*/", i + 2);
      if (close === -1) return -1;
      i = close + 2;
    } else if (c === '"' || src.startsWith("''", i)) {
      i = skipString(src, i);
      if (i === -1) return -1;
    } else if (c === "(" || c === "[" || c === "{") {
      i = skipExpr(src, i + 1, c === "(" ? ")" : c === "[" ? "]" : "}", paths);
      if (i === -1) return -1;
    } else if (c === end && (end !== ";" || pending === 0)) {
      return i + 1;
    } else if (c === ";" && end === ";") {
      pending--;
      i++;
    } else if (c === ")" || c === "]" || c === "}") {
      return -1;
    } else if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_'-]/.test(src[i - 1] ?? " ")) {
      const word = KEYWORD.exec(src.slice(i))![0];
      i += word.length;
      if (word === "with" || word === "assert") pending++;
      else if (word === "let") {
        // bindings `name = value;` until the keyword `in`
        for (;;) {
          i += /^(\s|#[^\n]*\n)*/.exec(src.slice(i))![0].length;
          if (/^in\b/.test(src.slice(i))) {
            i += 2;
            break;
          }
          i = skipExpr(src, i, ";", paths);
          if (i === -1) return -1;
        }
      }
    } else if (c === "." && paths !== undefined && !/[A-Za-z0-9_'-]/.test(src[i - 1] ?? " ")) {
      const p = PATH.exec(src.slice(i));
      if (p !== null) {
        paths.push(p[0]);
        i += p[0].length;
      } else i++;
    } else i++;
  }
  return -1;
}

/** The value text of the binding whose name starts at `line`:`column`. */
export function bindingText(src: string, line: number, column: number): BindingText | null {
  const start = offsetOf(src, line, column);
  if (start < 0 || start >= src.length) return null;
  const eq = src.indexOf("=", start);
  if (eq === -1) return null;
  const paths: string[] = [];
  const end = skipExpr(src, eq + 1, ";", paths);
  if (end === -1) return null;
  return { text: src.slice(eq + 1, end - 1).trim(), paths };
}
