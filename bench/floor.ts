/** The floor the benchmark compares with: a fresh node that reads a JSON file and parses it, nothing more. */
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: floor.js FILE");
const value: unknown = JSON.parse(readFileSync(file, "utf8"));
if (typeof value !== "object" || value === null) process.exitCode = 1;
