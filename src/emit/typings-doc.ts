/** The JSDoc of the generated typings: descriptions, `@default` and `@example`, from an option's declaration. */
import type { OptionalKind, JSDocStructure, JSDocTagStructure } from "ts-morph";
import { isLiteralExpression, isNixExpr, type NixValue, type OptionDecl } from "../options/dsl.js";
import { describe } from "../validate/zod/describe.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property name as TypeScript writes it: bare when it is an identifier, else quoted. */
export const tsPropertyName = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** `*​/` would end the comment early. */
const commentSafe = (text: string) => text.replace(/\*\//g, "*\\/");

/** The docs markup of descriptions as plain Markdown: {option}`x` → `x`, [](#opt-x) → `x`. */
export function plainDescription(text: string): string {
  return text
    .trim()
    .replace(/\{[a-z]+\}`([^`]*)`/g, "`$1`")
    .replace(/\[\]\(#opt-([^)]+)\)/g, "`$1`");
}

/** A plain value as a TypeScript literal: `"tcp"`, `[]`, `{ hostPort: 8080 }`. */
export function tsLiteral(v: NixValue, at: string): string {
  if (v === null || typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (isNixExpr(v) || isLiteralExpression(v)) throw new Error(`${at}: a Nix expression has no TypeScript literal`);
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.map((x) => tsLiteral(x, at)).join(", ")}]`;
  const entries = Object.entries(v as { [k: string]: NixValue });
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, x]) => `${tsPropertyName(k)}: ${tsLiteral(x, at)}`).join(", ")} }`;
}

/** Whether a value is plain data (no Nix expression inside). */
function plain(v: NixValue): boolean {
  if (isNixExpr(v) || isLiteralExpression(v)) return false;
  if (Array.isArray(v)) return v.every(plain);
  if (typeof v === "object" && v !== null) return Object.values(v).every(plain);
  return true;
}

/** The Nix source text of an expression, a literalExpression, or a defaultText string. */
function nixText(v: NixValue): string {
  if (isNixExpr(v)) return v.text;
  if (isLiteralExpression(v)) return v.parts.map((p) => (typeof p === "string" ? p : `\${${p.text}}`)).join("");
  if (typeof v === "string") return v;
  throw new Error(`not Nix text: ${JSON.stringify(v)}`);
}

/** Nix text for a tag: inline, or as a block when it spans lines. */
function nixShown(v: NixValue): string {
  const text = nixText(v).trimEnd();
  return text.includes("\n") ? `\n\`\`\`nix\n${text}\n\`\`\`` : `\`${text}\` (Nix)`;
}

/** A value for a tag: a TypeScript literal when it is plain data, else its Nix text. */
const shown = (v: NixValue, at: string) => (plain(v) ? tsLiteral(v, at) : nixShown(v));

export interface PropertyDocContext {
  at: string;
  /** The default is the attribute name the submodule sits under. */
  nameDefault: boolean;
}

export function propertyDoc(decl: OptionDecl, { at, nameDefault }: PropertyDocContext): OptionalKind<JSDocStructure> {
  const paragraphs = [decl.description === undefined ? "" : plainDescription(decl.description), `Takes ${describe(decl.type).one}.`];
  const tags: OptionalKind<JSDocTagStructure>[] = [];
  if (nameDefault) tags.push({ tagName: "default", text: "the attribute name it is given under" });
  else if (decl.default !== undefined) {
    const text = plain(decl.default) ? tsLiteral(decl.default, at) : nixShown(decl.defaultText ?? decl.default);
    tags.push({ tagName: "default", text: commentSafe(text) });
  }
  if (decl.example !== undefined) tags.push({ tagName: "example", text: commentSafe(shown(decl.example, at)) });
  return { description: commentSafe(paragraphs.filter((p) => p !== "").join("\n\n")), tags };
}
