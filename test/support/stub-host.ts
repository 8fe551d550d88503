/**
 * A host under a temporary --root with recording stubs of the external
 * programs first on PATH: shell scripts (fast) for systemctl, machinectl,
 * nsenter, chattr and umount, and test/host/stub/stub.mjs for nix-env, nix and
 * nix-instantiate, which model profiles and evaluations. Each stub records its
 * arguments and the environment it was given. The real flock is used, and
 * nix-instantiate's stub hands `--parse` to the real one: the lock and the
 * parse check are what they claim.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, lstatSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "./tmp.js";
import { root as projectRoot } from "./paths.js";

export const STUBBED = ["nix-env", "nix", "nix-instantiate", "systemctl", "machinectl", "nsenter", "chattr", "umount", "flock"] as const;
const MODELLED_IN_NODE: readonly string[] = ["nix-env", "nix", "nix-instantiate"];

/** A program as found on PATH before the stubs go first on it (empty when there is none). */
const real = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" }).stdout.trim();
const realNixInstantiate = real("nix-instantiate");
/** Stubs that record the call, then run the real program (flock: the lock is the real one). */
const PASSED_ON: Readonly<Record<string, string>> = { flock: real("flock") };
/** Left out of takeCalls: the lock's own calls, in every flow (the lock is tested by its effect). */
const UNLISTED: readonly string[] = ["flock"];

/**
 * A shell stub: logs the call (the program, its environment as `env` prints
 * it and its umask as STUB_UMASK, then each argument, every word NUL-terminated, then "\x1e\0", in one
 * write), fails as $STUB_DIR/PROGRAM.exit says, else answers `systemctl show`
 * from $STUB_DIR/activeState (default inactive), `machinectl show` with a
 * leader PID that is never alive, and exits with $STUB_DIR/innerStatus for
 * what runs inside a container. A stub passed on runs the real program.
 */
const shellStub = (program: string) => `#!/bin/sh
p=${program}
d="$STUB_DIR"
printf '%s\\0' "$p" "$(env; echo "STUB_UMASK=$(umask)")" "$@" "$(printf '\\036')" >> "$d/log"
if [ -e "$d/$p.exit" ]; then
  if [ -e "$d/$p.stdout" ]; then cat "$d/$p.stdout"; fi
  if [ -e "$d/$p.stderr" ]; then cat "$d/$p.stderr" >&2; fi
  exit "$(cat "$d/$p.exit")"
fi
${PASSED_ON[program] === undefined ? "" : `exec ${PASSED_ON[program] || "false"} "$@"\n`}case "$p $1" in
  "systemctl show") if [ -e "$d/activeState" ]; then cat "$d/activeState"; else echo inactive; fi ;;
  "machinectl show") echo Leader=99999999 ;;
  "nsenter "* | "machinectl login") if [ -e "$d/innerStatus" ]; then exit "$(cat "$d/innerStatus")"; fi ;;
esac
exit 0
`;

const cli = path.join(projectRoot, "dist/src/cli.js");
const stub = path.join(projectRoot, "test/host/stub/stub.mjs");

export interface Call {
  program: string;
  args: string[];
}

/** Calls that only read: nix-instantiate's parse check and evaluations, nix eval, systemctl and machinectl show. */
export const readsOnly = (c: Call) =>
  (c.program === "nix-instantiate" && (c.args[0] === "--parse" || c.args.includes("--eval"))) ||
  (c.program === "nix" && c.args[0] === "eval") ||
  ((c.program === "systemctl" || c.program === "machinectl") && c.args[0] === "show");

/** A call with the environment the program was started with (and its umask, as STUB_UMASK=0022). */
export interface CallWithEnv extends Call {
  env: Record<string, string>;
}

/** `env`'s lines back into variables (a line that starts no NAME= continues the value before it). */
function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m !== null) out[(last = m[1]!)] = m[2]!;
    else if (last !== null) out[last] += `\n${line}`;
  }
  return out;
}

/** What an evaluation answers: nixpkgs' lib.version and config.boot.isNspawnContainer. */
export interface Evaluated {
  version?: string;
  isNspawnContainer?: boolean;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export class StubHost {
  readonly dir: string;
  readonly root: string;
  readonly bin: string;
  private readonly cleanup: () => void;

  constructor() {
    const d = tmp.dirSync({ unsafeCleanup: true });
    this.dir = d.name;
    this.cleanup = d.removeCallback;
    this.root = path.join(d.name, "root");
    this.bin = path.join(d.name, "bin");
    mkdirSync(this.root);
    mkdirSync(this.bin);
    for (const p of STUBBED) {
      const f = path.join(this.bin, p);
      writeFileSync(
        f,
        MODELLED_IN_NODE.includes(p) ? `#!/bin/sh\nSTUB_REAL_NIX_INSTANTIATE=${JSON.stringify(realNixInstantiate)} exec ${JSON.stringify(process.execPath)} ${JSON.stringify(stub)} ${p} "$@"\n` : shellStub(p),
      );
      chmodSync(f, 0o755);
    }
    writeFileSync(path.join(this.dir, "log"), "");
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, PATH: `${this.bin}:${process.env.PATH}`, STUB_DIR: this.dir, CONTAINERS_NIX_ROOT: this.root, ...extra };
  }

  /**
   * What the stubs do: `{ "nix-env": { exit: 1, stderr: "..." } }` makes a
   * program fail; `activeState` is what systemctl show says; `innerStatus` the
   * status of what runs inside; `nixos` and `flake` what evaluating a
   * configuration.nix (nix-instantiate) or a flake (nix eval) gives.
   */
  configure(config: { activeState?: string; innerStatus?: number; nixos?: Evaluated; flake?: Evaluated } & Record<string, unknown>): void {
    for (const [key, v] of Object.entries(config)) {
      if (key === "activeState" || key === "innerStatus") writeFileSync(path.join(this.dir, key), `${String(v)}\n`);
      else if (key === "nixos" || key === "flake") writeFileSync(path.join(this.dir, `${key}.json`), JSON.stringify(v));
      else
        for (const [ext, text] of Object.entries(v as { exit: number; stdout?: string; stderr?: string }))
          writeFileSync(path.join(this.dir, `${key}.${ext}`), ext === "exit" ? String(text) : String(text));
    }
  }

  run(args: string[], extraEnv: Record<string, string> = {}): Ran {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", env: this.env(extraEnv), cwd: this.dir });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs the CLI under the umask `mask` (such as "077"), as a caller with that umask would. */
  runUnder(mask: string, args: string[]): Ran {
    const r = spawnSync("sh", ["-c", `umask ${mask} && exec "$0" "$@"`, process.execPath, cli, ...args], { encoding: "utf8", env: this.env(), cwd: this.dir });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  runAsync(args: string[]): Promise<Ran> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { env: this.env(), cwd: this.dir });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b) => (stdout += b));
      child.stderr.on("data", (b) => (stderr += b));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** Every stubbed call since the last `takeCalls` (or `takeCallsWithEnv`), but flock's. */
  takeCalls(): Call[] {
    return this.takeCallsWithEnv()
      .filter((c) => !UNLISTED.includes(c.program))
      .map(({ program, args }) => ({ program, args }));
  }

  /** Every stubbed call since the last take, with the environment each program got. */
  takeCallsWithEnv(): CallWithEnv[] {
    const f = path.join(this.dir, "log");
    const calls = readFileSync(f, "utf8")
      .split("\x1e\0")
      .filter((r) => r !== "")
      .map((r) => {
        const [program, env, ...args] = r.slice(0, -1).split("\0");
        return { program: program!, args, env: parseEnv(env!) };
      });
    writeFileSync(f, "");
    return calls;
  }

  /** Below the root: a path as the host has it. */
  at(p: string): string {
    return path.join(this.root, p);
  }

  read(p: string): string {
    return readFileSync(this.at(p), "utf8");
  }

  write(p: string, text: string): void {
    mkdirSync(path.dirname(this.at(p)), { recursive: true });
    writeFileSync(this.at(p), text);
  }

  /** The whole tree under the root: path → file text, link target, or "dir". */
  tree(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const e of readdirSync(d).sort()) {
        const full = path.join(d, e);
        const rel = path.relative(this.root, full);
        const st = lstatSync(full);
        if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(full)}`;
        else if (st.isDirectory()) {
          out[rel] = "dir";
          walk(full);
        } else out[rel] = readFileSync(full, "utf8");
      }
    };
    walk(this.root);
    return out;
  }

  dispose(): void {
    this.cleanup();
  }
}

/** Runs `body` with a fresh stub host, removed afterwards. */
export async function withStubHost<T>(body: (h: StubHost) => T | Promise<T>): Promise<T> {
  const h = new StubHost();
  try {
    return await body(h);
  } finally {
    h.dispose();
  }
}
