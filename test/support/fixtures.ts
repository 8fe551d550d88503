/** Fixture cases: fixtures/<case>/input.json holds containers (JSON) and host facts. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fixturesDir } from "./paths.js";
import type { Json } from "../../src/model/resolve.js";
import type { HostFacts } from "../../src/options/checks.js";

export interface FixtureInput {
  description?: string;
  containers: Record<string, { [k: string]: Json }>;
  host?: Partial<Omit<HostFacts, "hasContainers">> & { networkmanager?: boolean };
}

export interface Fixture {
  name: string;
  dir: string;
  input: FixtureInput;
}

export function fixtures(): Fixture[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(fixturesDir, name);
      return { name, dir, input: JSON.parse(readFileSync(path.join(dir, "input.json"), "utf8")) as FixtureInput };
    });
}
