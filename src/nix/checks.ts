/** The checks of src/options/checks.ts as Nix lists of `{ id; kind; ok; message; }`. */
import { containerChecks, hostChecks, type MessageTemplate } from "../options/checks.js";
import { interpolated, quoted } from "./literal.js";

export function messageNix(m: MessageTemplate, detail?: string): string {
  return interpolated(
    m.map((p) => {
      if (typeof p === "string") return p;
      if (p.ref === "name") return { text: "name" };
      if (detail === undefined) throw new Error("a message with a detail part needs a check with a detail");
      return { text: detail };
    }),
  );
}

interface CheckLike {
  id: string;
  kind: string;
  nix: string;
  message: MessageTemplate;
  detail?: { nix: string };
  enabledOnly?: boolean;
}

function checkList(checks: readonly CheckLike[], indent: string): string {
  const i1 = indent + "  ";
  const i2 = i1 + "  ";
  const items = checks.map(
    (c) =>
      `${i1}{\n${i2}id = ${quoted(c.id)};\n${i2}kind = ${quoted(c.kind)};\n${i2}enabledOnly = ${c.enabledOnly ? "true" : "false"};\n${i2}ok = ${c.nix};\n${i2}message = ${messageNix(c.message, c.detail?.nix)};\n${i1}}\n`,
  );
  return `[\n${items.join("")}${indent}]`;
}

export const containerChecksFunction = (indent: string) =>
  `\n${indent}{\n${indent}  name,\n${indent}  cfg,\n${indent}  defined,\n${indent}  host,\n${indent}}:\n${indent}${checkList(containerChecks, indent)}`;

export const hostChecksFunction = (indent: string) => `\n${indent}host:\n${indent}${checkList(hostChecks, indent)}`;
