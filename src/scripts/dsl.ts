/**
 * The container@ unit's scripts (preStart, the start script, postStart) and
 * the container init script, as data: a small language of the bash the
 * scripts are made of. Three interpreters read it, each a `switch` over the
 * node kinds with a `never` default:
 *
 * - src/nix/scripts.ts writes the Nix functions of the generated core that
 *   render the scripts (`core.scripts`);
 * - src/scripts/text.ts renders the same text in TypeScript (the tests hold
 *   the two equal, as for the conf file);
 * - src/scripts/steps.ts runs the scripts for a container and its conf file's
 *   values and gives the programs they start, in order (src/replay/step.ts).
 *
 * Two times meet in a script. Nix time: the module renders the text from the
 * container's options (`nix` statements, `nixIf`/`nixFor` arguments and
 * `nix` parts). Bash time: the unit runs it, with the conf file's variables
 * and the unit's own (`INSTANCE`, `root`, `PATH`) in its environment (`var`
 * parts, `if` and `for` statements).
 */
import type { ResolvedContainer } from "../model/container.js";
import type { ConsumerId } from "../validate/consumers.js";

/** The container options the scripts read at Nix time (the template unit sets them all: templateUnit.atDefault). */
export type ScriptOption = "extraVeths" | "ephemeral" | "additionalCapabilities" | "tmpfs" | "hostAddress" | "hostAddress6" | "localAddress" | "localAddress6";
export type ScriptSettings = Pick<ResolvedContainer, ScriptOption>;
/** The string options among them. */
export type AddressOption = "hostAddress" | "hostAddress6" | "localAddress" | "localAddress6";
/** The options of an extra veth the scripts read. */
export type VethField = "hostBridge" | AddressOption;
/** The store paths core.scripts takes, as plain strings. */
export type PathParam = "runtimeShell" | "systemdNspawn" | "nixosContainer" | "containerInitPath";

// ---------------------------------------------------------------- Nix time

/** A value the module renders into the text. */
export type NixValue =
  | { readonly kind: "option"; readonly option: AddressOption }
  /** The name of the extra veth the enclosing `nixFor` is at. */
  | { readonly kind: "vethName" }
  | { readonly kind: "vethField"; readonly field: VethField }
  /** The element of the list the enclosing `nixFor` is at. */
  | { readonly kind: "item" }
  /** A list option's elements joined by `separator`. */
  | { readonly kind: "joined"; readonly option: "additionalCapabilities"; readonly separator: string }
  | { readonly kind: "path"; readonly param: PathParam };

export type NixCond =
  | { readonly kind: "notNull"; readonly value: NixValue }
  | { readonly kind: "isTrue"; readonly option: "ephemeral" }
  | { readonly kind: "not"; readonly cond: NixCond }
  | { readonly kind: "nonEmpty"; readonly option: "additionalCapabilities" | "tmpfs" }
  /** core.scripts' `isX86_64`: whether the host is x86_64-linux. */
  | { readonly kind: "isX86_64" };

/** What a `nixFor` goes over: the extra veths by name (Nix's attribute order), or a list option. */
export type NixLoop = { readonly kind: "extraVeths" } | { readonly kind: "list"; readonly option: "tmpfs" };

// ---------------------------------------------------------------- words

/** How `$NAME` is written: `$NAME`, `${NAME}`, `${NAME-}` (empty when unset). */
export type VarForm = "bare" | "braced" | "orEmpty";

/**
 * One piece of a word. `quoted` pieces are inside double quotes (adjacent
 * quoted pieces share them); the others are split by bash at blanks when
 * they are expansions. Text is written as it is and must mean itself (no
 * quotes, `$`, backslashes or blanks; checked when the scripts are built).
 */
export type Part =
  | { readonly kind: "text"; readonly text: string; readonly quoted: boolean }
  /** An environment variable (the conf file's, or the unit's `INSTANCE`, `root`, `PATH`) or a variable the script sets. */
  | { readonly kind: "var"; readonly name: string; readonly form: VarForm; readonly quoted: boolean }
  /** `${NAME:-fallback}`: the fallback when the variable is unset or empty. */
  | { readonly kind: "orDefault"; readonly name: string; readonly fallback: readonly Part[]; readonly quoted: boolean }
  /** `"${NAME[@]}"`: every element of an array the script fills, each a word. */
  | { readonly kind: "array"; readonly name: string; readonly quoted: true }
  /** `$1`: the script's first argument. */
  | { readonly kind: "positional"; readonly index: number; readonly quoted: boolean }
  /** A value rendered at Nix time: in double quotes with `\ " $` and backticks escaped, else as it is (bash then splits it at blanks). */
  | { readonly kind: "nix"; readonly value: NixValue; readonly quoted: boolean };

export interface Word {
  readonly kind: "word";
  readonly parts: readonly Part[];
}

/** An argument of a command: a word, words the module renders only under a condition or once per element, or a line break (` \`). */
export type Arg =
  | Word
  | { readonly kind: "nixIf"; readonly cond: NixCond; readonly words: readonly Word[] }
  | { readonly kind: "nixFor"; readonly loop: NixLoop; readonly word: Word }
  | { readonly kind: "break" };

// ---------------------------------------------------------------- bash conditions

/** A primary of `[[ … ]]`. */
export type Test =
  | { readonly kind: "nonEmpty"; readonly word: Word }
  | { readonly kind: "empty"; readonly word: Word }
  /** `W = VALUE`, VALUE a plain word (no pattern characters). */
  | { readonly kind: "equals"; readonly word: Word; readonly value: string }
  /** `W =~ ERE` */
  | { readonly kind: "matches"; readonly word: Word; readonly ere: string }
  /** `! -e W` */
  | { readonly kind: "absent"; readonly word: Word }
  /** `! -h W` */
  | { readonly kind: "notSymlink"; readonly word: Word }
  /** `"$(< W)" = VALUE`: the file's text. */
  | { readonly kind: "fileSays"; readonly word: Word; readonly value: string };

export type Cond =
  /** `[[ T1 && T2 … ]]` */
  | { readonly kind: "test"; readonly tests: readonly Test[] }
  /** `(( NAME > VALUE ))` */
  | { readonly kind: "greater"; readonly name: string; readonly value: number }
  | { readonly kind: "and"; readonly conds: readonly Cond[] }
  | { readonly kind: "or"; readonly conds: readonly Cond[] }
  /** `{ COND; }` */
  | { readonly kind: "group"; readonly cond: Cond };

// ---------------------------------------------------------------- statements

/** A program: found on the unit's PATH by name, or a store path core.scripts is given (then `name` is what it is called). */
export type Program = { readonly kind: "onPath"; readonly name: string } | { readonly kind: "storePath"; readonly param: PathParam; readonly name: string };

/** A program the script runs: a step of the unit's start. */
export interface Command {
  readonly kind: "command";
  readonly program: Program;
  readonly args: readonly Arg[];
  /** A redirection written after the arguments (`2> /dev/null`). */
  readonly redirect: string | null;
  /** `|| true`: the script goes on when it fails. */
  readonly mayFail: boolean;
  /** `exec`: the script ends here, replaced by the program. */
  readonly exec: boolean;
  /** The row of the consumer table (src/validate/consumers.ts) for the program and flag that read the values. */
  readonly consumer: ConsumerId;
  /** Options the step is there for although no argument carries their value (`cp` of resolv.conf: copyResolvConf). */
  readonly origin: readonly string[];
}

export type Stmt =
  | Command
  /** A shell builtin (`declare`, `export`, `set`, `trap`, `echo`, `.`): written, but it starts no program. */
  | { readonly kind: "builtin"; readonly name: string; readonly args: readonly Arg[] }
  | { readonly kind: "assign"; readonly name: string; readonly value: Word }
  /** `NAME+=(ARGS)` */
  | { readonly kind: "append"; readonly array: string; readonly args: readonly Arg[] }
  /** `IFS=SEP read -r -a ARRAY <<< WORD`: the word's fields between separators. */
  | { readonly kind: "readSplit"; readonly array: string; readonly separator: string; readonly from: Word }
  | { readonly kind: "if"; readonly cond: Cond; readonly then: readonly Stmt[] }
  /** `for NAME in ARGS; do BODY; done` */
  | { readonly kind: "for"; readonly name: string; readonly args: readonly Arg[]; readonly body: readonly Stmt[] }
  | { readonly kind: "comment"; readonly text: string }
  | { readonly kind: "blank" }
  /** `#! SHELL FLAGS` */
  | { readonly kind: "shebang"; readonly shell: PathParam; readonly flags: string }
  /** Text the module renders (a Nix expression), written on a line of its own at the statement's indentation. */
  | { readonly kind: "nix"; readonly text: NixText };

/**
 * Text rendered at Nix time. A block is lines (each ending with a newline),
 * an inline statement has no newline of its own; `if` and `for` choose and
 * repeat text. Where the module splices such text into a line, only its
 * first line gets that line's indentation (as Nix does).
 */
export type NixText =
  | { readonly kind: "block"; readonly stmts: readonly Stmt[] }
  | { readonly kind: "inline"; readonly stmt: Stmt }
  | { readonly kind: "if"; readonly cond: NixCond; readonly then: NixText; readonly else: NixText | null }
  | { readonly kind: "for"; readonly loop: NixLoop; readonly item: NixText; readonly separator: string };

/** Which of the unit's scripts. */
export type ScriptName = "preStart" | "script" | "postStart" | "containerInit";

export interface Script {
  readonly name: ScriptName;
  /** Its let-binding in the generated core, and the comment above it. */
  readonly nixName: string;
  readonly summary: string;
  /** Whether bash runs it with nounset (the unit's scripts, written with enableStrictShellChecks) or not (the init script: `-e` only). */
  readonly nounset: boolean;
  readonly body: readonly Stmt[];
}

/** An unexpected node: every interpreter's `never` default. */
export function unknownNode(node: never): never {
  throw new Error(`scripts: unknown node ${JSON.stringify(node)}`);
}
