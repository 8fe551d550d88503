#!/usr/bin/env node
/**
 * containers-nix command line. The commands, their usage and their loaders
 * are in src/commands/registry.ts; `COMMAND --help` (or `-h`) prints that
 * command's usage and exits 0 without loading it.
 */
import { UsageError } from "./commands/common.js";
import { takeGlobalRoot, withRoot, type GlobalRoot } from "./commands/global-root.js";
import { commandHelp, findCommand, overview, wantsHelp } from "./commands/registry.js";
import { WriteError } from "./io/write.js";

export async function main(argv: string[]): Promise<number> {
  let global: GlobalRoot;
  try {
    global = takeGlobalRoot(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`containers-nix: ${e.message}\n${overview()}`);
    return 2;
  }
  const [name, ...rest] = global.argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    const about = name === "help" && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    process.stdout.write(about !== undefined ? await commandHelp(about) : overview());
    return name === undefined ? 2 : 0;
  }
  const entry = findCommand(name);
  try {
    if (entry === undefined) throw new UsageError(`unknown command '${name}'`);
    if (wantsHelp(rest)) {
      process.stdout.write(await commandHelp(entry));
      return 0;
    }
    return await (await entry.load())(withRoot(entry, global.root, rest));
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = entry === undefined ? overview() : `usage: ${entry.usage}\n`;
      process.stderr.write(`containers-nix: ${e.message}\n${usage}`);
      return 2;
    }
    if (e instanceof WriteError) {
      process.stderr.write(`containers-nix: ${e.message}; no file was changed\n`);
      return 2;
    }
    throw e;
  }
}

// A reader that stops early (`containers-nix validate … | head`) closes the pipe: stop at once and quietly, with the
// status of a program ended by SIGPIPE (128 + 13), as shell tools do.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(141);
});

process.exitCode = await main(process.argv.slice(2));
