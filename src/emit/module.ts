/** nix/containers.nix: the NixOS module, generated from the option set. */
import { walkOptions, type OptionSet } from "../options/dsl.js";
import { optionGroups, optionSet } from "../options/index.js";
import { optionsBlock } from "../nix/options.js";
import { groupBindingNix, groupsIn, submoduleBindingNix } from "../nix/submodules.js";
import { submodulesOf } from "../nix/types.js";
import { activationTriggersSet } from "../nix/unit.js";
import { GENERATED_HEADER, renderTemplate } from "./template.js";
import type { SubmoduleType } from "../options/dsl.js";

function allSubmodules(set: OptionSet): SubmoduleType[] {
  const found = new Map<string, SubmoduleType>();
  for (const [, decl] of walkOptions(set)) submodulesOf(decl.type, found);
  return [...found.values()];
}

/** Let bindings for every submodule, innermost first, each shared option group right before its first user. */
function bindings(set: OptionSet, groups: Readonly<Record<string, OptionSet>>): string {
  const emitted = new Set<string>();
  const out: string[] = [];
  for (const s of allSubmodules(set)) {
    for (const g of groupsIn(s.options, groups).used)
      if (!emitted.has(g)) {
        emitted.add(g);
        out.push(groupBindingNix(g, groups[g]!, "  "));
      }
    out.push(submoduleBindingNix(s, "  ", groups));
  }
  return out.join("\n").trimEnd();
}

export function emitModule(set: OptionSet = optionSet, groups: Readonly<Record<string, OptionSet>> = optionGroups): string {
  return renderTemplate("module.nix.njk", {
    header: GENERATED_HEADER,
    submodules: bindings(set, groups),
    options: optionsBlock(set, "    ").trimEnd(),
    activationTriggers: activationTriggersSet("    "),
  });
}
