/**
 * The scripts' text in TypeScript, as the generated core's Nix renders it
 * (src/nix/scripts.ts; a test holds the two equal on every fixture and
 * random definitions), and the one-line form of a command that a step
 * quotes. Each node compiles once to its text, or to a function of the
 * container when it holds Nix-time values.
 */
import { sortedEntries } from "../model/nix-values.js";
import type { NetworkSettings } from "../model/container.js";
import { unknownNode, type Command, type NixCond, type NixLoop, type NixText, type NixValue, type PathParam, type Script, type ScriptSettings } from "./dsl.js";
import { blockSource, commandWords, inlineSource, wordSource, wordsSource, type Hole, type NixArg, type Piece } from "./source.js";

/** The store paths and the flag core.scripts takes (plain strings, so that the core needs no nixpkgs). */
export interface ScriptPaths {
  runtimeShell: string;
  systemdNspawn: string;
  nixosContainer: string;
  isX86_64: boolean;
  containerInitPath: string;
}

/** What Nix-time text is rendered from: the settings, the store paths (null: each program by its name), and the element a Nix loop is at. */
export interface TextContext {
  cfg: ScriptSettings;
  paths: ScriptPaths | null;
  veth: { name: string; value: NetworkSettings } | null;
  item: string | null;
}

/** Text, or a function of the context when it depends on it. */
export type Text = string | ((c: TextContext) => string);

const resolve = (t: Text, c: TextContext) => (typeof t === "string" ? t : t(c));

/** Concatenation, folding neighbours that are fixed text. */
export function cat(list: readonly Text[]): Text {
  const folded: Text[] = [];
  for (const t of list) {
    const last = folded[folded.length - 1];
    if (typeof t === "string" && typeof last === "string") folded[folded.length - 1] = last + t;
    else if (t !== "") folded.push(t);
  }
  if (folded.length === 0) return "";
  if (folded.length === 1) return folded[0]!;
  return (c) => {
    let out = "";
    for (let i = 0; i < folded.length; i++) {
      const t = folded[i]!;
      out += typeof t === "string" ? t : t(c);
    }
    return out;
  };
}

/** What a program is called: its store path in the script, its name in a step's line. */
export const PROGRAM_NAMES: Record<PathParam, string> = {
  runtimeShell: "bash",
  systemdNspawn: "systemd-nspawn",
  nixosContainer: "nixos-container",
  containerInitPath: "container-init",
};

/** The characters bash gives a meaning inside double quotes; a value put there has each escaped with a backslash. */
export const SPECIAL_IN_QUOTES: readonly string[] = ["\\", '"', "$", "`"];
const SPECIAL = /[\\"$`]/;
export const escapeInQuotes = (s: string) => (SPECIAL.test(s) ? s.replace(/[\\"$`]/g, "\\$&") : s);

function needVeth(c: TextContext) {
  if (c.veth === null) throw new Error("scripts: an extra veth's value outside a loop over extraVeths");
  return c.veth;
}

/** A Nix-time value as the module renders it (null stays null: Nix would refuse to render it). */
export function nixValue(v: NixValue, c: TextContext): string | null {
  switch (v.kind) {
    case "option":
      return c.cfg[v.option];
    case "vethName":
      return needVeth(c).name;
    case "vethField":
      return needVeth(c).value[v.field];
    case "item":
      if (c.item === null) throw new Error("scripts: a list element outside a loop over a list");
      return c.item;
    case "joined":
      return c.cfg[v.option].join(v.separator);
    case "path":
      return c.paths === null ? PROGRAM_NAMES[v.param] : c.paths[v.param];
    default:
      return unknownNode(v);
  }
}

export function nixHolds(cond: NixCond, c: TextContext): boolean {
  switch (cond.kind) {
    case "notNull":
      return nixValue(cond.value, c) !== null;
    case "isTrue":
      return c.cfg[cond.option];
    case "not":
      return !nixHolds(cond.cond, c);
    case "nonEmpty":
      return c.cfg[cond.option].length > 0;
    case "isX86_64":
      return c.paths?.isX86_64 ?? false;
    default:
      return unknownNode(cond);
  }
}

/** The contexts a Nix loop goes through, in Nix's order. */
export function loopContexts(loop: NixLoop, c: TextContext): TextContext[] {
  switch (loop.kind) {
    case "extraVeths":
      return sortedEntries(c.cfg.extraVeths).map(([name, value]) => ({ ...c, veth: { name, value } }));
    case "list":
      return c.cfg[loop.option].map((item) => ({ ...c, item }));
    default:
      return unknownNode(loop);
  }
}

function valueText(v: NixValue, quoted: boolean): Text {
  return (c) => {
    const s = nixValue(v, c);
    if (s === null) throw new Error(`scripts: a null ${JSON.stringify(v)} rendered`);
    return quoted ? escapeInQuotes(s) : s;
  };
}

function loopText(loop: NixLoop, each: Text, separator: string): Text {
  return (c) => loopContexts(loop, c).map((inner) => resolve(each, inner)).join(separator);
}

function argsText(a: NixArg): Text {
  switch (a.kind) {
    case "nixIf": {
      const words = piecesText(wordsSource(a.words));
      return (c) => (nixHolds(a.cond, c) ? resolve(words, c) : "");
    }
    case "nixFor":
      return loopText(a.loop, piecesText(wordSource(a.word)), " ");
    default:
      return unknownNode(a);
  }
}

/** Nix-time text: a block's lines, an inline statement without its newline, a choice, or a loop's items joined. */
function nixTextOf(t: NixText): Text {
  switch (t.kind) {
    case "block":
      return piecesText(blockSource(t.stmts, ""));
    case "inline":
      return piecesText(inlineSource(t.stmt));
    case "if": {
      const then = nixTextOf(t.then);
      const otherwise = t.else === null ? "" : nixTextOf(t.else);
      return (c) => resolve(nixHolds(t.cond, c) ? then : otherwise, c);
    }
    case "for":
      return loopText(t.loop, nixTextOf(t.item), t.separator);
    default:
      return unknownNode(t);
  }
}

function holeText(h: Hole): Text {
  switch (h.kind) {
    case "value":
      return valueText(h.value, h.quoted);
    case "args":
      return argsText(h.arg);
    case "text":
      return nixTextOf(h.text);
    default:
      return unknownNode(h);
  }
}

export const piecesText = (pieces: readonly Piece[]): Text => cat(pieces.map((p) => (typeof p === "string" ? p : holeText(p))));

/**
 * A command on one line, as a step quotes it: programs by name, breaks and
 * Nix-time arguments that render nothing left out.
 */
export function commandLine(c: Command): Text {
  const { head, args, tail } = commandWords(c);
  const chunks: Text[] = [head];
  for (const a of args) {
    const t = piecesText(a);
    chunks.push(typeof t === "string" ? " " + t : (ctx) => {
      const s = t(ctx);
      return s === "" ? "" : " " + s;
    });
  }
  chunks.push(tail);
  return cat(chunks);
}

const compiled = new Map<Script, Text>();

/** A script's text for a container's settings and the store paths, as core.scripts renders it. */
export function scriptText(script: Script, cfg: ScriptSettings, paths: ScriptPaths): string {
  let t = compiled.get(script);
  if (t === undefined) compiled.set(script, (t = piecesText(blockSource(script.body, ""))));
  return resolve(t, { cfg, paths, veth: null, item: null });
}
