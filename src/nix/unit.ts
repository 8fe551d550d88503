/** The unit table and the implied settings of src/options/unit.ts as Nix. */
import { implied, unitFields } from "../options/unit.js";
import { attrPath, nixValue } from "./literal.js";

export function impliedList(indent: string): string {
  const i1 = indent + "  ";
  const i2 = i1 + "  ";
  const items = implied.map(
    (i) =>
      `${i1}{\n${i2}# ${i.summary}\n${i2}when = ${i.nixWhen};\n` +
      `${i2}allowedDevices = ${nixValue(i.allowedDevices as never, i2)};\n` +
      `${i2}additionalCapabilities = ${nixValue(i.additionalCapabilities, i2)};\n${i1}}\n`,
  );
  return `[\n${items.join("")}${indent}]`;
}

export function unitFieldsSet(indent: string): string {
  const set = (fields: typeof unitFields, ind: string) =>
    `{\n${fields.map((f) => `${ind}  ${attrPath(f.path)} = ${f.nix};\n`).join("")}${ind}}`;
  const always = unitFields.filter((f) => !f.autoStartOnly);
  const onBoot = unitFields.filter((f) => f.autoStartOnly);
  return `${set(always, indent)}\n${indent}// (\n${indent}  if cfg.autoStart then\n${indent}    ${set(onBoot, indent + "    ")}\n${indent}  else\n${indent}    { }\n${indent})`;
}
