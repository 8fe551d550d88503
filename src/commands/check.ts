/** `containers-nix check [--out DIR]`: regenerate in memory and fail with a diff on any drift. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { artifacts, emitAll } from "../artifacts.js";
import { unifiedDiff } from "../io/diff.js";
import { optionSet, type OptionSet } from "../options/index.js";
import { outDir } from "./common.js";

/** `set` is the option set to generate from; tests pass a modified copy. */
export function check(args: string[], set: OptionSet = optionSet): number {
  const dir = outDir("check", args);
  let stale = 0;
  for (const [rel, content] of emitAll(artifacts, set)) {
    let onDisk: string | null;
    try {
      onDisk = readFileSync(path.join(dir, rel), "utf8");
    } catch {
      onDisk = null;
    }
    if (onDisk === content) continue;
    stale++;
    if (onDisk === null) console.log(`${rel}: missing`);
    else process.stdout.write(`${rel}: stale\n${unifiedDiff(rel, content, onDisk)}`);
  }
  if (stale > 0) {
    console.log(`${stale} generated file(s) out of date: run \`containers-nix generate\` and commit the result`);
    return 1;
  }
  console.log("all generated files are up to date");
  return 0;
}
