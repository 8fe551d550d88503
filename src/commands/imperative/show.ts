/** `show-ip NAME` and `show-host-key NAME`: read from the container's conf file and root tree. */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Refusal } from "../../host/errors.js";
import { command, hostFrom, nameArg, parseArgs } from "./context.js";
import { mustExist } from "./existing.js";

/** The container's address without prefix: localAddress, else localAddress6. */
export const showIp = command(async (args) => {
  const p = parseArgs(args, {}, "show-ip");
  const c = mustExist(hostFrom(p), nameArg(p, "show-ip"));
  const address = [c.definition.localAddress, c.definition.localAddress6].find((a) => typeof a === "string");
  if (typeof address !== "string") throw new Refusal(`container ${c.paths.name} has no localAddress or localAddress6`);
  process.stdout.write(`${address.split("/")[0]}\n`);
  return 0;
});

const HOST_KEYS = ["etc/ssh/ssh_host_ed25519_key.pub", "etc/ssh/ssh_host_ecdsa_key.pub"];

/** The container's public SSH host key: ed25519, else ECDSA; exit 1 when it has none. */
export const showHostKey = command(async (args) => {
  const p = parseArgs(args, {}, "show-host-key");
  const c = mustExist(hostFrom(p), nameArg(p, "show-host-key"));
  const file = HOST_KEYS.map((k) => path.join(c.paths.rootDir, k)).find((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  if (file === undefined) throw new Refusal(`container ${c.paths.name} has no SSH host key yet (${HOST_KEYS.join(", ")} below ${c.paths.rootDir})`);
  process.stdout.write(readFileSync(file, "utf8"));
  return 0;
});
