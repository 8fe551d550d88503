/** The checks of src/options/checks.ts as Nix lists of `{ id; kind; ok; message; }`. */
import { containerChecks, hostChecks, type MessageTemplate } from "../options/checks.js";
import { interpolated, quoted } from "./literal.js";

export function messageNix(m: MessageTemplate): string {
  return interpolated(m.map((p) => (typeof p === "string" ? p : { text: "name" })));
}

function checkList(checks: readonly { id: string; kind: string; nix: string; message: MessageTemplate }[], indent: string): string {
  const i1 = indent + "  ";
  const i2 = i1 + "  ";
  const items = checks.map(
    (c) =>
      `${i1}{\n${i2}id = ${quoted(c.id)};\n${i2}kind = ${quoted(c.kind)};\n${i2}ok = ${c.nix};\n${i2}message = ${messageNix(c.message)};\n${i1}}\n`,
  );
  return `[\n${items.join("")}${indent}]`;
}

export const containerChecksFunction = (indent: string) =>
  `\n${indent}{\n${indent}  name,\n${indent}  cfg,\n${indent}  defined,\n${indent}  host,\n${indent}}:\n${indent}${checkList(containerChecks, indent)}`;

export const hostChecksFunction = (indent: string) => `\n${indent}host:\n${indent}${checkList(hostChecks, indent)}`;
