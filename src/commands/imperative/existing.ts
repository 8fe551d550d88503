/** Looking up a container that should exist, and refusing the declarative ones where they cannot be changed. */
import { lstatSync } from "node:fs";
import { readConf, type Definition } from "../../host/conf-file.js";
import { Refusal } from "../../host/errors.js";
import type { ContainerPaths } from "../../host/paths.js";
import { containerOf, type Host } from "./context.js";

export interface Existing {
  paths: ContainerPaths;
  declarative: boolean;
  text: string;
  definition: Definition;
}

/** The container's conf file, or null when it has none. */
export function findContainer(host: Host, name: string): Existing | null {
  const paths = containerOf(host, name);
  const st = lstatSync(paths.confFile, { throwIfNoEntry: false });
  if (st === undefined) return null;
  if (!st.isFile() && !st.isSymbolicLink()) throw new Refusal(`${paths.confFile} is not a regular file; it is not a container's conf file`);
  const { declarative, text, definition } = readConf(name, paths.confFile);
  return { paths, declarative, text, definition };
}

export function mustExist(host: Host, name: string): Existing {
  const c = findContainer(host, name);
  if (c === null) throw new Refusal(`container ${name} does not exist`);
  return c;
}

/** Declarative containers belong to the host's configuration.nix. */
export function mustBeImperative(c: Existing, verb: string): void {
  if (c.declarative) throw new Refusal(`cannot ${verb} declarative container ${c.paths.name} (change or remove it in the host's configuration.nix instead)`);
}
