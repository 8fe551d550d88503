/** The conf table compiled to a Nix function that needs only builtins. */
import { confTable, type ConfCond, type ConfLine, type ConfValue } from "../options/conf.js";
import { attrName, interpolated } from "./literal.js";

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
