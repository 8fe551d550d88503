/** The conf table compiled to a Nix function that needs only builtins. */
import { CONF_UNSAFE_CHARS, confTable, type ConfCond, type ConfLine, type ConfValue } from "../options/conf.js";
import { attrName, interpolated, quoted } from "./literal.js";

type Part = string | { text: string };

const opt = (o: string) => `cfg.${attrName(o)}`;

function condition(c: ConfCond): string {
  switch (c.test) {
    case "isNull":
      return `${opt(c.option)} == null`;
    case "notNull":
      return `${opt(c.option)} != null`;
    case "isTrue":
      return opt(c.option);
    case "nonEmpty":
      return `${opt(c.option)} != [ ]`;
  }
}

function valueParts(v: ConfValue): Part[] {
  switch (v.render) {
    case "verbatim":
      return [{ text: opt(v.option) }];
    case "digit":
      return [{ text: `if ${opt(v.option)} then "1" else "0"` }];
    case "toString":
      return [{ text: `toString ${opt(v.option)}` }];
    case "constant":
      return [v.text];
    case "portSpecs":
      return [{ text: `builtins.concatStringsSep "," (map portSpec ${opt(v.option)})` }];
    case "nspawnFlags":
      return [{ text: "nspawnFlags cfg" }];
    case "doubleQuoted":
      return ['"', ...valueParts(v.inner), '"'];
  }
}

function lineText(l: ConfLine): string {
  return interpolated([`${l.key}=`, ...valueParts(l.value), "\n"]);
}

function entry(l: ConfLine, indent: string): string {
  let body = lineText(l);
  if (l.members !== undefined) {
    const items = [body, ...l.members.map((m) => entry(m, indent + "    "))];
    body = `(\n${indent}  builtins.concatStringsSep "" [\n${items.map((i) => `${indent}    ${i}\n`).join("")}${indent}  ]\n${indent})`;
  }
  if (l.when === undefined) return body;
  const cond = condition(l.when);
  return `(lineIf ${/\s/.test(cond) ? `(${cond})` : cond} ${body})`;
}

/** `name: cfg: <conf text>`, its lines after the first starting at `indent`. */
export function confFunction(indent: string): string {
  return `_name: cfg:\n${indent}builtins.concatStringsSep "" [\n${confTable.map((l) => `${indent}  ${entry(l, indent + "  ")}\n`).join("")}${indent}]`;
}

/** `{ option; value; }` records for the values a line writes, mirroring valuesOf in src/model/conf.ts. */
function valueRecords(v: ConfValue): string[] {
  const record = (option: string, value: string) => `{ option = ${quoted(option)}; value = ${value}; }`;
  switch (v.render) {
    case "doubleQuoted":
      return valueRecords(v.inner);
    case "constant":
      return [];
    case "nspawnFlags":
      return [
        record("bindMounts", `builtins.concatStringsSep "" (map bindFlag (builtins.attrValues cfg.bindMounts))`),
        record("extraFlags", `builtins.concatStringsSep " " cfg.extraFlags`),
      ];
    default:
      return [record(v.option, interpolated(valueParts(v)))];
  }
}

function valuesEntry(l: ConfLine, indent: string): string {
  const inner = indent + "  ";
  const own = valueRecords(l.value);
  const list = own.length === 0 ? "[ ]" : `[ ${own.join(" ")} ]`;
  let body: string;
  if (l.members === undefined) body = list;
  else
    body = `(\n${inner}builtins.concatLists [\n${inner}  ${list}\n${l.members
      .map((m) => `${inner}  ${valuesEntry(m, inner + "  ")}\n`)
      .join("")}${inner}]\n${indent})`;
  if (l.when === undefined) return body;
  const cond = condition(l.when);
  return `(if ${cond} then ${body} else [ ])`;
}

/** `cfg: [ { option; value; } ... ]`: every value the conf file gets, for the injection check. */
export function confValuesFunction(indent: string): string {
  return `cfg:\n${indent}builtins.concatLists [\n${confTable.map((l) => `${indent}  ${valuesEntry(l, indent + "  ")}\n`).join("")}${indent}]`;
}

/** `s: <bool>`: whether a string is free of every unsafe character (plain string replacement, no regex dialects). */
export function safeConfValueFunction(): string {
  const chars = CONF_UNSAFE_CHARS.filter((c) => c !== "\u0000"); // Nix strings cannot hold NUL at all
  const list = (xs: string[]) => `[ ${xs.join(" ")} ]`;
  return `s: builtins.replaceStrings ${list(chars.map(quoted))} ${list(chars.map(() => '""'))} s == s`;
}
