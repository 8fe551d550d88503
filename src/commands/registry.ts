/**
 * Every CLI command: its name, its usage text and a loader for its module. The
 * usage lives here, not in the command's module, so `--help` costs no import,
 * and a command's module is loaded only when it runs (so `validate` never
 * loads the emitters, ts-morph or nunjucks).
 */
import { imperativeEntries } from "./imperative/entries.js";

export type Command = (args: string[]) => number | Promise<number>;

export interface CommandEntry {
  name: string;
  /** One line for the overview. */
  summary: string;
  /** The usage lines, without the leading "usage: ". */
  usage: string;
  /** Lines after the usage: options, exit codes; made when asked when they need modules of their own (the setting flags). */
  details?: string | (() => Promise<string>);
  /** The command works on a host tree: it takes `--root DIR`, also before the command name (src/commands/global-root.ts). */
  takesRoot?: boolean;
  load: () => Promise<Command>;
}

export const commandEntries: readonly CommandEntry[] = [
  {
    name: "generate",
    summary: "write every generated file",
    usage: "containers-nix generate [--out DIR]",
    details: "  --out DIR   write under DIR instead of the project root\nexit codes: 0 written, 2 a file could not be written (nothing changed)",
    load: async () => (await import("./generate.js")).generate,
  },
  {
    name: "check",
    summary: "exit 1 with a diff when a generated file is stale or missing",
    usage: "containers-nix check [--out DIR]",
    details: "  --out DIR   compare with the files under DIR instead of the project root\nexit codes: 0 all current, 1 a file is stale or missing",
    load: async () => (await import("./check.js")).check,
  },
  {
    name: "validate",
    summary: "check container definitions (.json, or Nix); exit 1 on findings, 2 on unusable input",
    usage:
      "containers-nix validate FILE...|--expr EXPR [--attr PATH] [--format human|json|github] [--strict]\n" +
      "         [--kernel VERSION] [--state-version VERSION] [--nixpkgs PATH] [--timeout SECONDS]",
    details:
      "  FILE...   one or more files, each a host checked on its own: one summary per file and one in total\n" +
      "exit codes: 0 no error, 1 an error (or a warning with --strict), 2 unusable input (the other files are still checked)",
    load: async () => (await import("./validate.js")).validate,
  },
  {
    name: "plan",
    summary: "say what a switch from OLD to NEW does to each container (new, removed, restart, reload, …) and why",
    usage:
      "containers-nix plan OLD NEW [--format human|json] [--exit-code]\n" +
      "         [--old-expr EXPR] [--new-expr EXPR] [--attr PATH] [--old-attr PATH] [--new-attr PATH] [--nixpkgs PATH] [--timeout SECONDS]",
    details:
      "  OLD, NEW         two built systems (/run/current-system ./result) or two sets of definitions (as validate reads them)\n" +
      "  --old-expr/--new-expr EXPR   a side given as a Nix expression instead of a file\n" +
      "  --exit-code      exit 1 when a container is restarted, stopped or may be restarted\n" +
      "exit codes: 0 done (with --exit-code: nothing restarts or stops), 1 with --exit-code: something does, 2 unusable input",
    load: async () => (await import("./plan.js")).plan,
  },
  // Imperative containers (src/commands/imperative/), on-disk compatible with nixos-container.
  ...imperativeEntries,
];

export function findCommand(name: string): CommandEntry | undefined {
  return commandEntries.find((c) => c.name === name);
}

/** The text `containers-nix CMD --help` prints. */
export async function commandHelp(c: CommandEntry): Promise<string> {
  const details = typeof c.details === "function" ? await c.details() : c.details;
  return `usage: ${c.usage}\n\n${c.summary}\n${details === undefined ? "" : `\n${details}\n`}`;
}

/** The overview `containers-nix --help` prints. */
export function overview(): string {
  const width = Math.max(...commandEntries.map((c) => c.name.length));
  const lines = commandEntries.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: containers-nix [--root DIR] COMMAND [ARGS...]\n\ncommands:\n${lines.join("\n")}\n\n\`containers-nix COMMAND --help\` shows a command's usage.\n`;
}

/** True when the arguments ask for help: `-h` or `--help` before any `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "-h" || a === "--help") return true;
  }
  return false;
}
