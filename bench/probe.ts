/**
 * Loaded with `node --import` into every process the benchmark spawns (the
 * validator and the floor alike): at exit, writes the process's peak resident
 * memory (maxRSS, KiB) to the file named by CONTAINERS_NIX_BENCH_RSS.
 */
import { writeFileSync } from "node:fs";

const out = process.env.CONTAINERS_NIX_BENCH_RSS;
if (out !== undefined && out !== "") process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
