/** Every statement of a script, nested ones included, in the order they are written (Nix-time branches and loops alike). */
import { unknownNode, type Command, type NixText, type Script, type Stmt } from "./dsl.js";

function inText(t: NixText): Stmt[] {
  switch (t.kind) {
    case "block":
      return statementsOf(t.stmts);
    case "inline":
      return statementsOf([t.stmt]);
    case "if":
      return [...inText(t.then), ...(t.else === null ? [] : inText(t.else))];
    case "for":
      return inText(t.item);
    default:
      return unknownNode(t);
  }
}

function nested(s: Stmt): Stmt[] {
  switch (s.kind) {
    case "if":
      return statementsOf(s.then);
    case "for":
      return statementsOf(s.body);
    case "nix":
      return inText(s.text);
    case "command":
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

export const statementsOf = (stmts: readonly Stmt[]): Stmt[] => stmts.flatMap((s) => [s, ...nested(s)]);

export const commandsOf = (script: Script): Command[] => statementsOf(script.body).filter((s): s is Command => s.kind === "command");
