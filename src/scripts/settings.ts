/**
 * What the scripts are rendered from: a declarative container's options after
 * the implied settings (core.applyImplied: enableTun adds CAP_NET_ADMIN), or,
 * for the imperative template unit container@, core.templateSettings (the
 * options at their defaults: its scripts take every value from the conf file).
 */
import type { ResolvedContainer } from "../model/container.js";
import { container } from "../options/index.js";
import { applyImplied, templateUnit } from "../options/unit.js";
import type { ScriptSettings } from "./dsl.js";

export const declaredSettings = (cfg: ResolvedContainer): ScriptSettings => applyImplied(cfg);

export type TemplateSettings = Pick<ResolvedContainer, (typeof templateUnit.atDefault)[number]> & typeof templateUnit.overrides;

let template: TemplateSettings | undefined;

/** core.templateSettings: the template unit's options at their defaults from the option set, but its overrides. */
export function templateSettings(): TemplateSettings {
  if (template === undefined) {
    const out: Record<string, unknown> = {};
    for (const name of templateUnit.atDefault) out[name] = container.options[name]!.default;
    template = Object.freeze({ ...out, ...templateUnit.overrides }) as TemplateSettings;
  }
  return template;
}
