/** `containers-nix generate [--out DIR]`: write every artifact atomically. */
import path from "node:path";
import { emitAll } from "../artifacts.js";
import { writeAtomically } from "../io/write.js";
import { outDir } from "./common.js";

export function generate(args: string[]): number {
  const written = writeAtomically(outDir("generate", args), emitAll());
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f) || f}`);
  return 0;
}
