/**
 * `containers-nix list [--json]`: every container with a conf file. Piped,
 * one name a line, as nixos-container prints them (so scripts carry over); on
 * a terminal declarative ones are marked; `--json` says it for each.
 */
import { readConfs } from "../../host/conf-file.js";
import { UsageError } from "../common.js";
import { command, hostFrom, parseArgs } from "./context.js";

export const list = command(async (args) => {
  const p = parseArgs(args, {}, "list");
  if (p.positional.length > 0) throw new UsageError(`list: unexpected argument ${p.positional[0]}`);
  const host = hostFrom(p);
  const confs = readConfs(host.paths);
  if (p.switches.has("json")) {
    const rows = confs.map((c) => ({
      name: c.name,
      declarative: c.declarative,
      confFile: c.file,
      flake: c.definition.flake ?? null,
      autoStart: c.definition.autoStart === true,
      localAddress: c.definition.localAddress ?? null,
      localAddress6: c.definition.localAddress6 ?? null,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    const mark = process.stdout.isTTY === true;
    for (const c of confs) process.stdout.write(`${c.name}${mark && c.declarative ? " (declarative)" : ""}\n`);
  }
  return 0;
});
