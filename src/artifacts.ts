/** Every generated file, with the emitter that produces it. Paths are relative to the project root. */
import { emitJsonSchema } from "./docs/json-schema.js";
import { emitOptionsMarkdown } from "./docs/markdown.js";
import { emitOptionsJson } from "./docs/options-json.js";
import { emitCore } from "./emit/core.js";
import { emitModule } from "./emit/module.js";
import { emitTypings } from "./emit/typings.js";
import { optionSet, type OptionSet } from "./options/index.js";

export interface Artifact {
  path: string;
  /** Emitters that depend on the option set take it as a parameter (tests pass a modified copy). */
  emit: (set: OptionSet) => string;
}

export const artifacts: readonly Artifact[] = [
  { path: "nix/containers.nix", emit: emitModule },
  { path: "nix/containers-core.nix", emit: emitCore },
  { path: "docs/options.md", emit: emitOptionsMarkdown },
  { path: "docs/options.json", emit: emitOptionsJson },
  { path: "docs/containers.schema.json", emit: emitJsonSchema },
  { path: "types/containers.d.ts", emit: emitTypings },
];

/** Emits every artifact in memory: path → content. */
export function emitAll(list: readonly Artifact[] = artifacts, set: OptionSet = optionSet): Map<string, string> {
  return new Map(list.map((a) => [a.path, a.emit(set)]));
}
