/**
 * The scripts of src/scripts/ as the Nix functions of the generated core
 * (`paths: cfg: <text>`), with the few helpers they use. Each script is an
 * indented string of its bash source (src/scripts/source.ts); what the module
 * renders is spliced in as `${...}`: values, words under a condition or per
 * element, and blocks of their own.
 */
import { unknownNode, type NixCond, type NixLoop, type NixText, type NixValue, type Script } from "../scripts/dsl.js";
import { blockSource, inlineSource, wordSource, wordsSource, type Hole, type NixArg, type Piece } from "../scripts/source.js";
import { scripts } from "../scripts/index.js";
import { SPECIAL_IN_QUOTES } from "../scripts/text.js";
import { interpolated, quoted } from "./literal.js";

type NixPart = string | { text: string };

/** An expression as a function argument: in parentheses when it has spaces. */
const arg = (e: string) => (/\s/.test(e) || e.startsWith("!") ? `(${e})` : e);

function valueExpr(v: NixValue): string {
  switch (v.kind) {
    case "option":
      return `cfg.${v.option}`;
    case "vethName":
      return "name";
    case "vethField":
      return `veth.${v.field}`;
    case "item":
      return "item";
    case "joined":
      return `builtins.concatStringsSep ${quoted(v.separator)} cfg.${v.option}`;
    case "path":
      return `paths.${v.param}`;
    default:
      return unknownNode(v);
  }
}

function condExpr(c: NixCond): string {
  switch (c.kind) {
    case "notNull":
      return `${valueExpr(c.value)} != null`;
    case "isTrue":
      return `cfg.${c.option}`;
    case "not":
      return `!${arg(condExpr(c.cond))}`;
    case "nonEmpty":
      return `cfg.${c.option} != [ ]`;
    case "isX86_64":
      return "paths.isX86_64";
    default:
      return unknownNode(c);
  }
}

/** `f SEP (…) LIST` for a loop whose item is the Nix expression `item`. */
function loopExpr(loop: NixLoop, separator: string, body: string): string {
  const sep = quoted(separator);
  const item = body.startsWith("\n") ? body : " " + body;
  switch (loop.kind) {
    case "extraVeths":
      return /\bveth\./.test(body)
        ? `builtins.concatStringsSep ${sep} (mapAttrsToList (name: veth:${item}) cfg.extraVeths)`
        : `concatMapStringsSep ${sep} (name:${item}) (builtins.attrNames cfg.extraVeths)`;
    case "list":
      return `concatMapStringsSep ${sep} (item:${item}) cfg.${loop.option}`;
    default:
      return unknownNode(loop);
  }
}

function argsExpr(a: NixArg): string {
  switch (a.kind) {
    case "nixIf":
      return `optionalString ${arg(condExpr(a.cond))} ${stringExpr(wordsSource(a.words))}`;
    case "nixFor":
      return loopExpr(a.loop, " ", stringExpr(wordSource(a.word)));
    default:
      return unknownNode(a);
  }
}

/** Text the module renders, as an expression whose lines after the first start at `indent`. */
function textExpr(t: NixText, indent: string): string {
  switch (t.kind) {
    case "block":
      return indentedString(blockSource(t.stmts, ""), indent);
    case "inline":
      return stringExpr(inlineSource(t.stmt));
    case "if":
      if (t.else === null) return `optionalString ${arg(condExpr(t.cond))} ${textExpr(t.then, indent)}`;
      return `\n${indent}  if ${condExpr(t.cond)} then\n${indent}    ${textExpr(t.then, indent + "    ")}\n${indent}  else\n${indent}    ${textExpr(t.else, indent + "    ")}\n${indent}`;
    case "for":
      return loopExpr(t.loop, t.separator, textExpr(t.item, indent));
    default:
      return unknownNode(t);
  }
}

function holeExpr(h: Hole, indent: string): string {
  switch (h.kind) {
    case "value":
      return h.quoted ? `inQuotes ${arg(valueExpr(h.value))}` : valueExpr(h.value);
    case "args":
      return argsExpr(h.arg);
    case "text":
      return textExpr(h.text, indent);
    default:
      return unknownNode(h);
  }
}

/** Pieces without spliced text, as parts of a Nix string. */
function parts(pieces: readonly Piece[]): NixPart[] {
  return pieces.map((p) => {
    if (typeof p === "string") return p;
    if (p.kind === "text") throw new Error("scripts: spliced text inside a line");
    return { text: holeExpr(p, "") };
  });
}

/** A double-quoted Nix string; a lone expression stands for itself. */
function stringExpr(pieces: readonly Piece[]): string {
  const ps = parts(pieces).filter((p) => p !== "");
  if (ps.length === 1 && typeof ps[0] !== "string") return ps[0]!.text;
  return interpolated(ps);
}

/** Bash text inside an indented string: `''` and `${` escaped. */
function indentedEscape(s: string): string {
  if (s.includes("'${") || s.endsWith("'")) throw new Error(`scripts: a quote next to an escape in ${JSON.stringify(s)}`);
  return s.replaceAll("''", "'''").replaceAll("${", "''${");
}

/**
 * An indented string of lines (the text ends with a newline), each written at
 * `indent` + 2 spaces; a line's holes spliced as `${...}`, spliced text laid
 * out from that line's own indentation.
 */
function indentedString(pieces: readonly Piece[], indent: string): string {
  const inner = indent + "  ";
  let out = "''\n";
  let line = "";
  const endLine = () => {
    out += (line === "" ? "" : inner + line) + "\n";
    line = "";
  };
  for (const p of pieces) {
    if (typeof p !== "string") {
      if (line.endsWith("$")) throw new Error("scripts: a `$` right before a spliced value");
      line += "${" + holeExpr(p, inner + /^ */.exec(line)![0]) + "}";
      continue;
    }
    const lines = p.split("\n");
    lines.forEach((l, i) => {
      if (i > 0) endLine();
      line += indentedEscape(l);
    });
  }
  if (line !== "") throw new Error("scripts: a script's text must end with a newline");
  return out + indent + "''";
}

/** Helpers the scripts' functions use, and one function per script: `paths: cfg: <text>`. */
export function scriptFunctions(indent: string): string {
  const list = (xs: readonly string[]) => `[ ${xs.map(quoted).join(" ")} ]`;
  const helpers = [
    "# A value inside double quotes in bash: backslashes, quotes, `$` and backticks escaped.",
    `inQuotes = builtins.replaceStrings ${list(SPECIAL_IN_QUOTES)} ${list(SPECIAL_IN_QUOTES.map((c) => "\\" + c))};`,
    'optionalString = cond: text: if cond then text else "";',
    "concatMapStringsSep = sep: f: list: builtins.concatStringsSep sep (map f list);",
    "mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);",
  ];
  const fn = (s: Script) => `${indent}# ${s.summary}\n${indent}${s.nixName} =\n${indent}  paths: cfg:\n${indent}  ${indentedString(blockSource(s.body, ""), indent + "  ")};\n`;
  return helpers.map((h, i) => (i === 0 ? h : indent + h)).join("\n") + "\n\n" + scripts.map(fn).join("\n");
}
