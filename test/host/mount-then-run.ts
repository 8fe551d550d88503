/**
 * Helper for test/host/destroy.test.ts, run inside `unshare -m`: bind-mounts
 * SOURCE on TARGET, then runs the CLI with the remaining arguments.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "../support/paths.js";

const [source, target, ...args] = process.argv.slice(2);
const m = spawnSync("mount", ["--bind", source!, target!], { stdio: "inherit" });
if (m.status !== 0) process.exit(99);
const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), ...args], { stdio: "inherit" });
process.exit(r.status ?? 1);
