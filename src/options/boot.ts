import { expr, literalExpression, option, types, type OptionSet } from "./dsl.js";

export const bootOptions: OptionSet = {
  isContainer: option(types.bool, {
    default: expr("config.boot.isNspawnContainer"),
    defaultText: "config.boot.isNspawnContainer",
    description: "Whether this NixOS system runs as a lightweight container inside another NixOS system.",
  }),
  isNspawnContainer: option(types.bool, {
    default: false,
    description: `
Whether this system runs inside a systemd-nspawn container.
Unlike [](#opt-boot.isContainer), which other container kinds set as well,
it guards settings that only apply to nspawn.
`,
  }),
  enableContainers: option(types.bool, {
    default: expr("config.containers != { }"),
    defaultText: literalExpression("config.containers != { }"),
    description: "Whether this host supports NixOS containers.",
  }),
};
