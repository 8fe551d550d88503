/** nix/containers.nix: the NixOS module, generated from the option set. */
import { isOption, walkOptions, type OptionSet } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { optionsBlock } from "../nix/options.js";
import { submoduleBindingNix } from "../nix/submodules.js";
import { submodulesOf } from "../nix/types.js";
import { GENERATED_HEADER, renderTemplate } from "./template.js";
import type { SubmoduleType } from "../options/dsl.js";

function allSubmodules(set: OptionSet): SubmoduleType[] {
  const found = new Map<string, SubmoduleType>();
  for (const [, decl] of walkOptions(set)) submodulesOf(decl.type, found);
  return [...found.values()];
}

export function emitModule(set: OptionSet = optionSet): string {
  return renderTemplate("module.nix.njk", {
    header: GENERATED_HEADER,
    submodules: allSubmodules(set)
      .map((s) => submoduleBindingNix(s, "  "))
      .join("\n")
      .trimEnd(),
    options: optionsBlock(set, "    ").trimEnd(),
  });
}

export { isOption };
