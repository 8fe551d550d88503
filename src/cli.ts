#!/usr/bin/env node
/**
 * containers-nix command line. Each command's module is loaded only when it
 * runs, so `validate` never loads the emitters (ts-morph, nunjucks).
 */
import { UsageError } from "./commands/common.js";
import { WriteError } from "./io/write.js";

const USAGE = `usage:
  containers-nix generate [--out DIR]   write every generated file (default DIR: the project root)
  containers-nix check [--out DIR]      exit 1 with a diff when a generated file is stale or missing
  containers-nix validate FILE|--expr EXPR [--attr PATH] [--format human|json|github] [--strict]
                  [--kernel VERSION] [--state-version VERSION] [--nixpkgs PATH] [--timeout SECONDS]
                                        check container definitions (.json, or Nix); exit 1 on findings, 2 on unusable input
`;

type Command = (args: string[]) => number | Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  generate: async () => (await import("./commands/generate.js")).generate,
  check: async () => (await import("./commands/check.js")).check,
  validate: async () => (await import("./commands/validate.js")).validate,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  try {
    const load = commands[name];
    if (load === undefined) throw new UsageError(`unknown command '${name}'`);
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`containers-nix: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof WriteError) {
      process.stderr.write(`containers-nix: ${e.message}; no file was changed\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
