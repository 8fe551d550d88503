/**
 * The global `--root DIR` option: `containers-nix --root DIR COMMAND ...`
 * (before the command name) roots every host path of a command that works on
 * a host tree, as `COMMAND --root DIR` and $CONTAINERS_NIX_ROOT do. It is
 * handed to the command as its own `--root DIR`, so giving both is refused as
 * a flag given twice.
 */
import { UsageError } from "./common.js";

export interface GlobalRoot {
  /** DIR, or undefined when no --root comes before the command name. */
  root: string | undefined;
  /** The arguments from the command name on. */
  argv: string[];
}

/** Takes `--root DIR` / `--root=DIR` from the front of the arguments. */
export function takeGlobalRoot(argv: readonly string[]): GlobalRoot {
  let root: string | undefined;
  let i = 0;
  while (argv[i] === "--root" || argv[i]?.startsWith("--root=")) {
    const a = argv[i]!;
    const v = a === "--root" ? argv[++i] : a.slice("--root=".length);
    if (v === undefined || v === "") throw new UsageError("--root needs a directory");
    if (root !== undefined) throw new UsageError("--root given twice");
    root = v;
    i++;
  }
  return { root, argv: argv.slice(i) };
}

/** The command's arguments with the global root handed on, or a refusal for a command that works on no host tree. */
export function withRoot(command: { name: string; takesRoot?: boolean }, root: string | undefined, args: string[]): string[] {
  if (root === undefined) return args;
  if (command.takesRoot !== true) throw new UsageError(`--root: ${command.name} works on no host tree`);
  return ["--root", root, ...args];
}
