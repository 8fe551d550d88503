/**
 * What a submodule's own Nix (its config template) adds to the types of its
 * options, as JSON Schema constraints for docs/containers.schema.json. The
 * validator's type layer knows the same facts (src/validate/zod/module-facts.ts);
 * test/docs/json-schema.test.ts requires the two to agree.
 */
import { flakeProfilePath } from "../model/container.js";
import type { JsonOut } from "./json.js";

export type Schema = { [keyword: string]: JsonOut };

export interface ModuleFacts {
  /** Options without a default that may still be left out: the module defines them. */
  readonly optional: readonly string[];
  /** Constraints on the submodule's value as a whole. */
  readonly constraints: Schema[];
}

/** A regular expression that matches `text` literally. */
const literalPattern = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * What the Container submodule's config template (templates/container-config.nix.njk)
 * adds to the types of its options: it defines `path` from `config` or `flake`, so
 * - one of `path`, `config` and a non-null `flake` must be given;
 * - `path` together with `config` are two definitions of `path` that conflict;
 * - `path` together with `flake` conflict unless `path` is the flake's profile,
 *   `/nix/var/nix/profiles/per-container/<name>`; the schema cannot see the
 *   container's name, so it accepts the profile path of any name.
 */
function containerFacts(): ModuleFacts {
  const [before, after] = flakeProfilePath("\u0000").split("\u0000") as [string, string];
  const flakeGiven: Schema = { required: ["flake"], properties: { flake: { type: "string" } } };
  return {
    optional: ["config", "path"],
    constraints: [
      {
        $comment: "a container runs the system from path, flake or config",
        anyOf: [{ required: ["path"] }, { required: ["config"] }, flakeGiven],
      },
      { $comment: "the module sets path from config", not: { required: ["path", "config"] } },
      {
        $comment: "the module sets path to the flake's profile",
        if: { required: ["path", "flake"], properties: { flake: { type: "string" } } },
        then: { properties: { path: { type: "string", pattern: `^${literalPattern(before)}[^/]+${literalPattern(after)}$` } } },
      },
    ],
  };
}

/** Module facts by submodule typeName. */
export const moduleFacts: Readonly<Record<string, () => ModuleFacts>> = { Container: containerFacts };
