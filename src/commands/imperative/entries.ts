/**
 * The registry entries of the imperative commands (listed by
 * src/commands/registry.ts): names and flags as nixos-container has them.
 * The setting flags' lines are derived from the option set, by a module
 * loaded only for create's and update's --help (every command loads this
 * file at start).
 */
import type { CommandEntry } from "../registry.js";

const HOST = "[--root DIR] [--state-version V]";
const EXIT = "exit codes: 0 done, 1 refused (nothing changed), 2 bad command line or a failed program or file operation (undone)";
const GLOBAL = `  --root DIR           work on the host tree below DIR (also before the command name, or $CONTAINERS_NIX_ROOT); default /
  --state-version V    the host's system.stateVersion: below 22.05 conf files live in /etc/containers (default 25.11)
  --kernel V           the kernel version the name-length rule checks against (default: the running kernel)`;
const SOURCES = `  --config NIX         the container's configuration (inside its configuration.nix)
  --config-file FILE   a configuration file the container's configuration.nix imports
  --flake REF[#ATTR]   build nixosConfigurations.ATTR (default: container) of a flake; kept in the conf file
  --system-path PATH   an already built NixOS system
  --nixos-path PATH    the NixOS to build --config with (default <nixpkgs/nixos>)
  nix's --option NAME VALUE, --impure, --override-input A B, --update-input A, --log-format F,
  --commit-lock-file, --no-registries, --no-update-lock-file, --no-write-lock-file, --no-allow-dirty,
  --recreate-lock-file, --refresh are handed on to nix-env and nix build (and nix eval).
  A configuration of NixOS 25.11 or newer must set boot.isNspawnContainer = true: update (and create
  --flake) asks the evaluation first and refuses one without it; configuration.nix for --config and
  --config-file sets it.`;

const settingsDetails = async () =>
  `settings (each a container option the container@ unit reads from the conf file):\n${(await import("../../host/setting-flags.js")).settingsUsage()}`;

/** An entry for an imperative command, its code loaded by `load` when it runs. */
function entry(name: string, summary: string, usage: string, load: CommandEntry["load"], details = ""): CommandEntry {
  return { name, summary, usage, takesRoot: true, details: `${details}${details === "" ? "" : "\n"}${GLOBAL}\n${EXIT}`, load };
}

export const imperativeEntries: readonly CommandEntry[] = [
  entry("list", "list the containers that have a conf file (declarative ones marked)", `containers-nix list [--json] ${HOST}`, async () => (await import("./list.js")).list),
  {
    ...entry(
      "create",
      "create an imperative container: validate, allocate addresses, write its conf file, build its profile",
      `containers-nix create NAME [--config NIX | --config-file FILE | --flake REF[#ATTR] | --system-path PATH]\n         [--nixos-path PATH] [--ensure-unique-name] [--auto-start] [--host-address A --local-address A] [--bridge IF] [--port P] [SETTINGS...] ${HOST}`,
      async () => (await import("./create.js")).create,
    ),
    details: async () => `${SOURCES}\n  --ensure-unique-name  append -0, -1, ... to NAME until it is free; print the name used\n${await settingsDetails()}\n${GLOBAL}\n${EXIT}`,
  },
  {
    ...entry(
      "update",
      "rebuild an imperative container (a new generation), change its settings, reload it if it runs",
      `containers-nix update NAME [--config NIX | --config-file FILE | --flake REF[#ATTR] | --system-path PATH] [--nixos-path PATH] [SETTINGS...] ${HOST}`,
      async () => (await import("./update.js")).update,
    ),
    details: async () => `${SOURCES}\n${await settingsDetails()}\n  A list setting given on the command line replaces the whole list.\n${GLOBAL}\n${EXIT}`,
  },
  entry("destroy", "stop and remove an imperative container, its profiles, root tree and conf file", `containers-nix destroy NAME ${HOST}`, async () => (await import("./destroy.js")).destroy),
  entry("start", "start a container (systemctl start container@NAME)", `containers-nix start NAME ${HOST}`, async () => (await import("./lifecycle.js")).start),
  entry("stop", "stop a container (systemctl stop container@NAME)", `containers-nix stop NAME ${HOST}`, async () => (await import("./lifecycle.js")).stop),
  entry("restart", "stop, then start a container", `containers-nix restart NAME ${HOST}`, async () => (await import("./lifecycle.js")).restart),
  entry("terminate", "kill a container at once (machinectl terminate) and wait until it is gone", `containers-nix terminate NAME ${HOST}`, async () => (await import("./lifecycle.js")).terminateCommand),
  entry("status", "print up, down, or gone (exit 1)", `containers-nix status NAME [--json] ${HOST}`, async () => (await import("./lifecycle.js")).status),
  entry("login", "log in to a running container (machinectl login)", `containers-nix login NAME ${HOST}`, async () => (await import("./enter.js")).login),
  entry("root-login", "a root shell in a running container, without a password", `containers-nix root-login NAME ${HOST}`, async () => (await import("./enter.js")).rootLogin),
  entry("run", "run a command as root in a running container; exits with its status", `containers-nix run NAME ${HOST} -- COMMAND [ARGS...]`, async () => (await import("./enter.js")).runIn),
  entry("show-ip", "print the container's address (localAddress, else localAddress6)", `containers-nix show-ip NAME ${HOST}`, async () => (await import("./show.js")).showIp),
  entry("show-host-key", "print the container's public SSH host key", `containers-nix show-host-key NAME ${HOST}`, async () => (await import("./show.js")).showHostKey),
  entry("generations", "list the generations of a container's system profile", `containers-nix generations NAME [--json] ${HOST}`, async () => (await import("./generations.js")).generations),
  entry("rollback", "switch a container to its previous generation; reload it if it runs", `containers-nix rollback NAME ${HOST}`, async () => (await import("./generations.js")).rollback),
  entry("switch-generation", "switch a container to generation N; reload it if it runs", `containers-nix switch-generation NAME N ${HOST}`, async () => (await import("./generations.js")).switchGeneration),
  entry(
    "delete-generations",
    "delete old generations of a container's profile (numbers, old, +N, Nd as nix-env takes them)",
    `containers-nix delete-generations NAME WHICH... ${HOST}`,
    async () => (await import("./generations.js")).deleteGenerations,
  ),
];
