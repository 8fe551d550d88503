/**
 * `start`, `stop`, `restart`, `terminate` and `status NAME [--json]`: thin
 * calls of systemctl and machinectl on the container@NAME unit, for a
 * container that has a conf file.
 */
import { Refusal } from "../../host/errors.js";
import { activeState, systemctl } from "../../host/programs.js";
import { command, hostFrom, nameArg, parseArgs } from "./context.js";
import { findContainer, mustExist } from "./existing.js";
import { terminate } from "./running.js";

const named = (verb: string, body: (name: string) => Promise<void>) =>
  command(async (args) => {
    const p = parseArgs(args, {}, verb);
    const host = hostFrom(p);
    const name = nameArg(p, verb);
    mustExist(host, name);
    await body(name);
    return 0;
  });

export const start = named("start", async (name) => void (await systemctl("start", name)));
export const stop = named("stop", async (name) => void (await systemctl("stop", name)));
export const restart = named("restart", async (name) => {
  await systemctl("stop", name);
  await systemctl("start", name);
});
export const terminateCommand = named("terminate", terminate);

/** `up` or `down` (or `gone`, exit 1, without a conf file), as nixos-container prints them. */
export const status = command(async (args) => {
  const p = parseArgs(args, {}, "status");
  const host = hostFrom(p);
  const name = nameArg(p, "status");
  const c = findContainer(host, name);
  const state = c === null ? null : await activeState(name);
  const word = state === null ? "gone" : state === "active" ? "up" : "down";
  if (p.switches.has("json")) process.stdout.write(JSON.stringify({ name, status: word, activeState: state, declarative: c?.declarative ?? null }) + "\n");
  else process.stdout.write(`${word}\n`);
  if (c === null) throw new Refusal(`container ${name} does not exist`);
  return 0;
});
