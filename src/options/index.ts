import { expr, literalExpression, option, types, type OptionSet } from "./dsl.js";
import { bootOptions } from "./boot.js";
import { container } from "./container.js";
import { networkOptions } from "./network.js";

export * from "./dsl.js";
export { container, containerOptions, bindMount, allowedDevice, extraVeth } from "./container.js";
export { forwardPort, networkOptions } from "./network.js";

/**
 * Option groups shared by several submodules. The generated module binds each
 * once and merges it in with `//`, as hand-written modules do.
 */
export const optionGroups: Readonly<Record<string, OptionSet>> = { networkOptions };

/** The whole option set the module declares, rooted at the NixOS `options` attribute set. */
export const optionSet: OptionSet = {
  boot: bootOptions,
  containers: option(types.attrsOf(container), {
    default: {},
    example: literalExpression(
      `{ webserver =
    { path = "/nix/var/nix/profiles/webserver";
    };
  database =
    { config =
        { config, pkgs, ... }:
        { services.postgresql.enable = true;
          services.postgresql.package = pkgs.postgresql_14;

          system.stateVersion = "`,
      expr("lib.trivial.release"),
      `";
        };
    };
}
`,
    ),
    description: `
NixOS systems that run as lightweight containers on this host.
Each one becomes a systemd service \`container@«name»\` that {command}\`systemctl\` can start and stop.
`,
  }),
};
