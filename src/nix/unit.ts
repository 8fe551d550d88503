/** The unit table and the implied settings of src/options/unit.ts as Nix. */
import { container } from "../options/index.js";
import { activationStrategies, implied, templateUnit, triggerSources, unitFields, type Activation, type ActivationStrategy, type TriggerSource } from "../options/unit.js";
import { attrName, attrPath, nixValue } from "./literal.js";

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

/** Option-doc Markdown as a comment has it: `{command}`x`` becomes `` `x` ``. */
const plainText = (markdown: string) => markdown.replace(/\{[a-z]+\}`/g, "`");

/**
 * The triggers of every activation strategy, selected by `cfg.activation`:
 * `{ restart = { restartTriggers = [ … ]; }; reload = { … }; none = { }; }.${cfg.activation}`.
 * Each trigger is its source's Nix expression (src/options/unit.ts triggerSources).
 */
export function activationTriggersSet(indent: string): string {
  const i1 = indent + "  ";
  const i2 = i1 + "  ";
  const i3 = i2 + "  ";
  const item = (nix: string) => (/\s/.test(nix) ? `(${nix})` : nix);
  const list = (sources: readonly TriggerSource[]) => `[\n${sources.map((s) => `${i3}  ${item(triggerSources[s].nix)}\n`).join("")}${i3}]`;
  const strategies = (Object.entries(activationStrategies) as [Activation, ActivationStrategy][]).map(([name, s]) => {
    const fields = [
      ...(s.restartTriggers.length > 0 ? [`${i3}restartTriggers = ${list(s.restartTriggers)};\n`] : []),
      ...(s.reloadTriggers.length > 0 ? [`${i3}reloadTriggers = ${list(s.reloadTriggers)};\n`] : []),
    ];
    const body = fields.length === 0 ? "{ }" : `{\n${fields.join("")}${i2}}`;
    return `${i2}# ${plainText(s.summary)}\n${i2}${attrName(name)} = ${body};\n`;
  });
  return `(\n${i1}{\n${strategies.join("")}${i1}}\n${i1}.\${cfg.activation}\n${indent})`;
}

/** core.templateSettings: the template unit's options (src/options/unit.ts templateUnit), each at its default from the option set unless overridden. */
export function templateSettingsSet(indent: string): string {
  const value = (name: string) => {
    const d = container.options[name]?.default;
    if (d === undefined) throw new Error(`templateUnit: the option ${name} has no default to render the template unit with`);
    return d;
  };
  const entries = [...templateUnit.atDefault.map((n) => [n, value(n)] as const), ...Object.entries(templateUnit.overrides)];
  return `{\n${entries.map(([n, v]) => `${indent}  ${attrName(n)} = ${nixValue(v as never, indent + "  ")};\n`).join("")}${indent}}`;
}
