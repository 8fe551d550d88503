/**
 * The scripts' bash source, laid out once: fixed text with holes where the
 * module renders something at Nix time (a value, words under a condition or
 * per element, a spliced text). The Nix emitter (src/nix/scripts.ts) writes
 * each hole as a Nix expression, the TypeScript renderer (text.ts) fills it
 * from the container's settings; the layout itself is written only here.
 */
import { unknownNode, type Arg, type Command, type Cond, type NixText, type NixValue, type Part, type Stmt, type Test, type Word } from "./dsl.js";

export type NixArg = Extract<Arg, { kind: "nixIf" | "nixFor" }>;

/** What the module renders into the text. */
export type Hole =
  /** A value: inside double quotes it is escaped (`\ " $` and backticks), else written as it is. */
  | { readonly kind: "value"; readonly value: NixValue; readonly quoted: boolean }
  /** Arguments the module writes under a condition or once per element, separated by spaces. */
  | { readonly kind: "args"; readonly arg: NixArg }
  /** Text spliced in on a line of its own. */
  | { readonly kind: "text"; readonly text: NixText };

export type Piece = string | Hole;

const FORMS = { bare: (n: string) => `$${n}`, braced: (n: string) => `\${${n}}`, orEmpty: (n: string) => `\${${n}-}` };

function partSource(p: Part): Piece[] {
  switch (p.kind) {
    case "text":
      return [p.text];
    case "var":
      return [FORMS[p.form](p.name)];
    case "orDefault":
      return [`\${${p.name}:-`, ...p.fallback.flatMap(partSource), "}"];
    case "array":
      return [`\${${p.name}[@]}`];
    case "positional":
      return [`$${p.index}`];
    case "nix":
      return [{ kind: "value", value: p.value, quoted: p.quoted }];
    default:
      return unknownNode(p);
  }
}

/** A word: double quotes opened and closed where its parts change from unquoted to quoted. */
export function wordSource(word: Word): Piece[] {
  const out: Piece[] = [];
  let open = false;
  for (const p of word.parts) {
    if (p.quoted !== open) out.push('"');
    open = p.quoted;
    out.push(...partSource(p));
  }
  if (open) out.push('"');
  return out;
}

function joined<T>(lists: readonly T[][], separator: T): T[] {
  return lists.flatMap((l, i) => (i === 0 ? l : [separator, ...l]));
}

/** Words separated by spaces. */
export const wordsSource = (words: readonly Word[]): Piece[] => joined(words.map(wordSource), " ");

function argSource(a: Arg): Piece[] {
  switch (a.kind) {
    case "word":
      return wordSource(a);
    case "nixIf":
    case "nixFor":
      return [{ kind: "args", arg: a }];
    case "break":
      throw new Error("scripts: a line break outside the arguments of a command or builtin");
    default:
      return unknownNode(a);
  }
}

/** Arguments after a command's first word: each after a space, or after a break (` \`, a new line two spaces further in). */
function argsSource(args: readonly Arg[], indent: string): Piece[] {
  const out: Piece[] = [];
  let afterBreak = false;
  for (const a of args) {
    if (a.kind === "break") out.push(` \\\n${indent}  `);
    else out.push(...(afterBreak ? [] : [" "]), ...argSource(a));
    afterBreak = a.kind === "break";
  }
  return out;
}

function commandSource(c: Command, indent: string): Piece[] {
  const program: Piece = c.program.kind === "onPath" ? c.program.name : { kind: "value", value: { kind: "path", param: c.program.param }, quoted: false };
  return [c.exec ? "exec " : "", program, ...argsSource(c.args, indent), c.redirect === null ? "" : ` ${c.redirect}`, c.mayFail ? " || true" : ""];
}

/**
 * A command on one line, as a step quotes it: each argument a list of
 * pieces (breaks left out), the program by name, `exec` and the tail apart.
 */
export function commandWords(c: Command): { head: string; args: Piece[][]; tail: string } {
  return {
    head: (c.exec ? "exec " : "") + c.program.name,
    args: c.args.filter((a) => a.kind !== "break").map(argSource),
    tail: (c.redirect === null ? "" : ` ${c.redirect}`) + (c.mayFail ? " || true" : ""),
  };
}

function testSource(t: Test): Piece[] {
  switch (t.kind) {
    case "nonEmpty":
      return ["-n ", ...wordSource(t.word)];
    case "empty":
      return ["-z ", ...wordSource(t.word)];
    case "equals":
      return [...wordSource(t.word), ` = ${t.value}`];
    case "matches":
      return [...wordSource(t.word), ` =~ ${t.ere}`];
    case "absent":
      return ["! -e ", ...wordSource(t.word)];
    case "notSymlink":
      return ["! -h ", ...wordSource(t.word)];
    case "fileSays":
      return ['"$(< ', ...wordSource(t.word), `)" = ${t.value}`];
    default:
      return unknownNode(t);
  }
}

function condSource(c: Cond): Piece[] {
  switch (c.kind) {
    case "test":
      return ["[[ ", ...joined(c.tests.map(testSource), " && "), " ]]"];
    case "greater":
      return [`(( ${c.name} > ${c.value} ))`];
    case "and":
      return joined(c.conds.map(condSource), " && ");
    case "or":
      return joined(c.conds.map(condSource), " || ");
    case "group":
      return ["{ ", ...condSource(c.cond), "; }"];
    default:
      return unknownNode(c);
  }
}

/** A statement's lines at `indent`, each ending with a newline. */
export function stmtSource(s: Stmt, indent: string): Piece[] {
  switch (s.kind) {
    case "command":
      return [indent, ...commandSource(s, indent), "\n"];
    case "builtin":
      return [indent, s.name, ...argsSource(s.args, indent), "\n"];
    case "assign":
      return [indent, `${s.name}=`, ...wordSource(s.value), "\n"];
    case "append":
      return [indent, `${s.array}+=(`, ...joined(s.args.map(argSource), " "), ")\n"];
    case "readSplit":
      return [indent, `IFS=${s.separator} read -r -a ${s.array} <<< `, ...wordSource(s.from), "\n"];
    case "if":
      return [indent, "if ", ...condSource(s.cond), "; then\n", ...blockSource(s.then, indent + "  "), indent, "fi\n"];
    case "for":
      return [indent, `for ${s.name} in`, ...argsSource(s.args, indent), "; do\n", ...blockSource(s.body, indent + "  "), indent, "done\n"];
    case "comment":
      return [`${indent}# ${s.text}\n`];
    case "blank":
      return ["\n"];
    case "shebang":
      return [indent, "#! ", { kind: "value", value: { kind: "path", param: s.shell }, quoted: false }, ` ${s.flags}\n`];
    case "nix":
      return [indent, { kind: "text", text: s.text }, "\n"];
    default:
      return unknownNode(s);
  }
}

export const blockSource = (stmts: readonly Stmt[], indent: string): Piece[] => stmts.flatMap((s) => stmtSource(s, indent));

/** An inline statement: its line without indentation or newline. */
export function inlineSource(s: Stmt): Piece[] {
  const pieces = stmtSource(s, "");
  const body = pieces.slice(0, -1);
  if (pieces[pieces.length - 1] !== "\n" || body.some((p) => typeof p === "string" && p.includes("\n"))) throw new Error("scripts: an inline statement must be one line");
  return body;
}
