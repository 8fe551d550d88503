/**
 * `containers-nix destroy NAME`: under the lock, terminate the container if it
 * runs, then remove its profiles, its gcroots, its root tree and last its conf
 * file, never leaving those trees. A container without a conf file is already
 * gone (exit 0, as nixos-container); a declarative one, or a conf file that is
 * not a regular file we may write, is refused.
 */
import { existsSync, lstatSync } from "node:fs";
import path from "node:path";
import { Refusal } from "../../host/errors.js";
import { withLock } from "../../host/lock.js";
import { chattrMutable } from "../../host/programs.js";
import { removeTree } from "../../host/remove-tree.js";
import { command, hostFrom, nameArg, parseArgs } from "./context.js";
import { findContainer, mustBeImperative } from "./existing.js";
import { isRunning, terminate } from "./running.js";

export const destroy = command(async (args) => {
  const p = parseArgs(args, {}, "destroy");
  const host = hostFrom(p);
  const name = nameArg(p, "destroy");
  const ours = () => {
    const c = findContainer(host, name);
    if (c === null) return null;
    mustBeImperative(c, "destroy");
    if (!lstatSync(c.paths.confFile).isFile()) throw new Refusal(`${c.paths.confFile} is not a regular file; not removing it`);
    return c;
  };
  // Refusals change nothing, not even the lock file; the check is repeated under the lock.
  if (ours() === null) return 0;
  return withLock(host.paths, async () => {
    const c = ours();
    if (c === null) return 0;
    if (await isRunning(name)) await terminate(name);
    await removeTree(c.paths.profileDir);
    await removeTree(c.paths.gcrootsDir);
    // nixos-containers mark var/empty immutable; it must be cleared before the tree can go.
    const empty = path.join(c.paths.rootDir, "var/empty");
    if (existsSync(empty) && !lstatSync(c.paths.rootDir).isSymbolicLink() && !lstatSync(path.join(c.paths.rootDir, "var")).isSymbolicLink() && !lstatSync(empty).isSymbolicLink())
      await chattrMutable(empty).catch(() => undefined);
    await removeTree(c.paths.rootDir);
    await removeTree(c.paths.confFile);
    return 0;
  });
});
