/**
 * Constructors for the script language (dsl.ts), short enough that a script
 * reads close to the bash it stands for. They check what the language takes
 * for granted: literal text means itself in its place (no quotes, `$`,
 * backslashes, blanks or pattern characters), names are shell names, and a
 * `$NAME` is not followed by a character that would lengthen the name.
 */
import type { ConsumerId } from "../validate/consumers.js";
import type {
  AddressOption,
  Arg,
  Command,
  Cond,
  NixCond,
  NixLoop,
  NixText,
  NixValue,
  Part,
  PathParam,
  Program,
  Stmt,
  Test,
  VarForm,
  VethField,
  Word,
} from "./dsl.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Unquoted text that bash takes as it is: no blanks, quotes, expansions, operators or pattern characters. */
const PLAIN = /^[A-Za-z0-9_.,:/@%+=^-]*$/;
/** Text that means itself inside double quotes. */
const PLAIN_QUOTED = /^[^"\\$`]*$/;

/** A plain word (a value compared with): it must mean itself unquoted. */
function plain(value: string): string {
  textPart(value, false);
  return value;
}

function name(n: string): string {
  if (!NAME.test(n)) throw new Error(`scripts: ${JSON.stringify(n)} is not a shell variable name`);
  return n;
}

// ---------------------------------------------------------------- Nix values and conditions

export const vethName: NixValue = { kind: "vethName" };
export const vethField = (field: VethField): NixValue => ({ kind: "vethField", field });
export const item: NixValue = { kind: "item" };
export const option = (o: AddressOption): NixValue => ({ kind: "option", option: o });
export const joined = (o: "additionalCapabilities", separator: string): NixValue => ({ kind: "joined", option: o, separator });
export const storePath = (param: PathParam): NixValue => ({ kind: "path", param });

export const notNull = (value: NixValue): NixCond => ({ kind: "notNull", value });
export const not = (cond: NixCond): NixCond => ({ kind: "not", cond });
export const extraVeths: NixLoop = { kind: "extraVeths" };

// ---------------------------------------------------------------- parts and words

const varPart = (form: VarForm) => (n: string): Part => ({ kind: "var", name: name(n), form, quoted: false });
/** `$NAME` */
export const ref = varPart("bare");
/** `${NAME}` */
export const braced = varPart("braced");
/** `${NAME-}` */
export const orEmpty = varPart("orEmpty");
/** `${NAME:-FALLBACK}` */
export const orDefault = (n: string, ...fallback: (string | Part)[]): Part => ({ kind: "orDefault", name: name(n), fallback: fallback.map(piece(true)), quoted: false });
/** `"${NAME[@]}"` */
export const array = (n: string): Part => ({ kind: "array", name: name(n), quoted: true });
export const positional = (index: number): Part => ({ kind: "positional", index, quoted: false });
/** A value rendered at Nix time. */
export const nix = (value: NixValue): Part => ({ kind: "nix", value, quoted: false });

function textPart(text: string, quoted: boolean): Part {
  if (!(quoted ? PLAIN_QUOTED : PLAIN).test(text)) throw new Error(`scripts: ${JSON.stringify(text)} does not mean itself ${quoted ? "in double quotes" : "unquoted"}`);
  return { kind: "text", text, quoted };
}

const piece =
  (quoted: boolean) =>
  (p: string | Part): Part => {
    if (typeof p === "string") return textPart(p, quoted);
    if (p.kind === "array" && !quoted) throw new Error(`scripts: "\${${p.name}[@]}" must be quoted`);
    return p.kind === "array" ? p : { ...p, quoted };
  };

function checked(parts: readonly Part[]): Word {
  parts.forEach((p, i) => {
    const next = parts[i + 1];
    const nextText = next?.kind === "text" ? next.text : next?.kind === "nix" ? "x" : "";
    if (p.kind === "var" && p.form === "bare" && /^[A-Za-z0-9_]/.test(nextText)) throw new Error(`scripts: $${p.name} followed by ${JSON.stringify(nextText)} reads as a longer name`);
  });
  return { kind: "word", parts };
}

/** A word in double quotes: `"TEXT$VAR…"`. */
export const q = (...pieces: (string | Part)[]): Word => checked(pieces.map(piece(true)));

/** A word of unquoted pieces (strings and parts) and quoted ones (words made by `q`). */
export const w = (...pieces: (string | Part | Word)[]): Word =>
  checked(pieces.flatMap((p) => (typeof p !== "string" && p.kind === "word" ? p.parts : [piece(false)(p)])));

/** Arguments: strings are literal words separated by spaces. */
export type ArgLike = string | Part | Arg;
function args(list: readonly ArgLike[]): Arg[] {
  return list.flatMap((a): Arg[] => {
    if (typeof a === "string") return a.split(" ").map((t) => w(t));
    if ("kind" in a && (a.kind === "word" || a.kind === "nixIf" || a.kind === "nixFor" || a.kind === "break")) return [a];
    return [w(a)];
  });
}

/** A line break in a long command (` \` and a new line). */
export const br: Arg = { kind: "break" };
/** Words the module writes only when `cond` holds. */
export const argIf = (cond: NixCond, ...words: Word[]): Arg => ({ kind: "nixIf", cond, words });
/** A word the module writes once per element of `loop`, separated by spaces. */
export const argEach = (loop: NixLoop, word: Word): Arg => ({ kind: "nixFor", loop, word });

// ---------------------------------------------------------------- bash conditions

export const test = (...tests: Test[]): Cond => ({ kind: "test", tests });
export const nonEmpty = (word: Word): Test => ({ kind: "nonEmpty", word });
export const empty = (word: Word): Test => ({ kind: "empty", word });
export const equals = (word: Word, value: string): Test => ({ kind: "equals", word, value: plain(value) });
export const matches = (word: Word, ere: string): Test => ({ kind: "matches", word, ere });
export const absent = (word: Word): Test => ({ kind: "absent", word });
export const notSymlink = (word: Word): Test => ({ kind: "notSymlink", word });
export const fileSays = (word: Word, value: string): Test => ({ kind: "fileSays", word, value: plain(value) });
export const greater = (n: string, value: number): Cond => ({ kind: "greater", name: name(n), value });
export const and = (...conds: Cond[]): Cond => ({ kind: "and", conds });
export const or = (...conds: Cond[]): Cond => ({ kind: "or", conds });
export const group = (cond: Cond): Cond => ({ kind: "group", cond });
/** `[[ -n "${A-}${B-}…" ]]`: whether any of the variables is set and not empty. */
export const anySet = (...names: string[]): Cond => test(nonEmpty(q(...names.map(orEmpty))));

// ---------------------------------------------------------------- statements

export const onPath = (n: string): Program => ({ kind: "onPath", name: n });
export const fromStore = (param: PathParam, n: string): Program => ({ kind: "storePath", param, name: n });

/** A program run with its arguments. */
export const run = (consumer: ConsumerId, program: string | Program, ...list: ArgLike[]): Command => ({
  kind: "command",
  program: typeof program === "string" ? onPath(program) : program,
  args: args(list),
  redirect: null,
  mayFail: false,
  exec: false,
  consumer,
  origin: [],
});
/** `COMMAND 2> /dev/null || true` */
export const quietly = (c: Command): Command => ({ ...c, redirect: "2> /dev/null", mayFail: true });
/** `exec COMMAND` */
export const exec = (c: Command): Command => ({ ...c, exec: true });
/** The options a step is there for, beyond those its arguments carry. */
export const forOptions = (c: Command, ...options: string[]): Command => ({ ...c, origin: options });

export const builtin = (n: string, ...list: ArgLike[]): Stmt => ({ kind: "builtin", name: n, args: args(list) });
export const assign = (n: string, value: Word): Stmt => ({ kind: "assign", name: name(n), value });
export const append = (n: string, ...list: ArgLike[]): Stmt => ({ kind: "append", array: name(n), args: args(list) });
export const readSplit = (n: string, separator: string, from: Word): Stmt => ({ kind: "readSplit", array: name(n), separator, from });
export const if_ = (cond: Cond, ...then: Stmt[]): Stmt => ({ kind: "if", cond, then });
export const for_ = (n: string, list: readonly ArgLike[], ...body: Stmt[]): Stmt => ({ kind: "for", name: name(n), args: args(list), body });
/** Comment lines, one per string. */
export const comment = (...lines: string[]): Stmt[] => lines.map((text) => ({ kind: "comment", text }));
export const blank: Stmt = { kind: "blank" };
export const shebang = (shell: PathParam, flags: string): Stmt => ({ kind: "shebang", shell, flags });

// ---------------------------------------------------------------- Nix-time text

/** Text the module renders, on a line of its own. */
export const spliced = (text: NixText): Stmt => ({ kind: "nix", text });
export const block = (...stmts: (Stmt | Stmt[])[]): NixText => ({ kind: "block", stmts: stmts.flat() });
export const inline = (stmt: Stmt): NixText => ({ kind: "inline", stmt });
export const when = (cond: NixCond, then: NixText, otherwise: NixText | null = null): NixText => ({ kind: "if", cond, then, else: otherwise });
export const each = (loop: NixLoop, itemText: NixText, separator: string): NixText => ({ kind: "for", loop, item: itemText, separator });
