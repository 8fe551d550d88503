/**
 * Loaded with `node --import` into every process the benchmark spawns (the
 * validator and the floor alike): at exit, writes the process's peak resident
 * memory (maxRSS, KiB) and the CPU time it used (user + system, µs) to the
 * file named by CONTAINERS_NIX_BENCH_RSS.
 */
import { writeFileSync } from "node:fs";

const out = process.env.CONTAINERS_NIX_BENCH_RSS;
if (out !== undefined && out !== "") 
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(out, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
  });
