/**
 * `login NAME`, `root-login NAME` and `run NAME -- COMMAND...`: a session in
 * a running container, through machinectl or nsenter into the namespaces of
 * its init. They exit with the status of what ran inside.
 */
import { leaderPid, machinectlLogin, nsenterInteractive } from "../../host/programs.js";
import { UsageError } from "../common.js";
import { command, hostFrom, nameArg, parseArgs, type Parsed } from "./context.js";
import { mustExist } from "./existing.js";

/** su as every NixOS system has it, found inside the container's mount namespace. */
export const CONTAINER_SU = "/run/current-system/sw/bin/su";

/** One word for the shell `su -c` starts: single-quoted, with `'` written as `'\''`. */
export const shellWord = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * The command `su -c` runs for `run`: su takes a shell command, so the
 * arguments are quoted word by word and exec'd, never interpreted.
 */
export const runCommand = (argv: readonly string[]) => `exec ${argv.map(shellWord).join(" ")}`;

function target(p: Parsed, verb: string): string {
  const host = hostFrom(p);
  const name = nameArg(p, verb);
  mustExist(host, name);
  return name;
}

export const login = command(async (args) => machinectlLogin(target(parseArgs(args, {}, "login"), "login")));

export const rootLogin = command(async (args) => nsenterInteractive(await leaderPid(target(parseArgs(args, {}, "root-login"), "root-login")), [CONTAINER_SU, "root", "-l"]));

export const runIn = command(async (args) => {
  const p = parseArgs(args, {}, "run");
  const argv = p.after ?? [];
  if (argv.length === 0) throw new UsageError("run: give the command after --, e.g. containers-nix run web -- uname -a");
  const name = target(p, "run");
  return nsenterInteractive(await leaderPid(name), [CONTAINER_SU, "root", "-l", "-c", runCommand(argv)]);
});
