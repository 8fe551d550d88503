/** nix/containers-core.nix: conf rendering, unit fields, hosts lines and checks, builtins only. */
import { containerChecksFunction, hostChecksFunction } from "../nix/checks.js";
import { confFunction, confValuesFunction, safeConfValueFunction } from "../nix/conf.js";
import { scriptFunctions } from "../nix/scripts.js";
import { impliedList, templateSettingsSet, unitFieldsSet } from "../nix/unit.js";
import { GENERATED_HEADER, renderTemplate } from "./template.js";

export function emitCore(): string {
  return renderTemplate("core.nix.njk", {
    header: GENERATED_HEADER,
    renderConf: confFunction("    "),
    confValues: confValuesFunction("    "),
    safeConfValue: safeConfValueFunction(),
    implied: impliedList("      "),
    unitFields: unitFieldsSet("    "),
    templateSettings: templateSettingsSet("  "),
    containerChecks: containerChecksFunction("    "),
    hostChecks: hostChecksFunction("    "),
    scripts: scriptFunctions("  "),
  });
}
