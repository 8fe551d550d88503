/** Every command of the scripts, in the order they are written, at Nix time and bash time alike. */
import { unknownNode, type Command, type NixText, type Script, type Stmt } from "./dsl.js";

function fromText(t: NixText): Command[] {
  switch (t.kind) {
    case "block":
      return t.stmts.flatMap(fromStmt);
    case "inline":
      return fromStmt(t.stmt);
    case "if":
      return [...fromText(t.then), ...(t.else === null ? [] : fromText(t.else))];
    case "for":
      return fromText(t.item);
    default:
      return unknownNode(t);
  }
}

function fromStmt(s: Stmt): Command[] {
  switch (s.kind) {
    case "command":
      return [s];
    case "if":
      return s.then.flatMap(fromStmt);
    case "for":
      return s.body.flatMap(fromStmt);
    case "nix":
      return fromText(s.text);
    case "builtin":
    case "assign":
    case "append":
    case "readSplit":
    case "comment":
    case "blank":
    case "shebang":
      return [];
    default:
      return unknownNode(s);
  }
}

export const commandsOf = (script: Script): Command[] => script.body.flatMap(fromStmt);
