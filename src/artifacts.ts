/** Every generated file, with the emitter that produces it. Paths are relative to the project root. */
import { emitCore } from "./emit/core.js";
import { emitModule } from "./emit/module.js";

export interface Artifact {
  path: string;
  emit: () => string;
}

export const artifacts: readonly Artifact[] = [
  { path: "nix/containers.nix", emit: emitModule },
  { path: "nix/containers-core.nix", emit: emitCore },
];

/** Emits every artifact in memory: path → content. */
export function emitAll(list: readonly Artifact[] = artifacts): Map<string, string> {
  return new Map(list.map((a) => [a.path, a.emit()]));
}
