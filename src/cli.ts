#!/usr/bin/env node
/** containers-nix: generate the artifacts from the option set, or check that the committed ones are current. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emitAll } from "./artifacts.js";
import { unifiedDiff } from "./io/diff.js";
import { writeAtomically, WriteError } from "./io/write.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const USAGE = `usage:
  containers-nix generate [--out DIR]   write every generated file (default DIR: the project root)
  containers-nix check [--out DIR]      exit 1 with a diff when a generated file is stale or missing
`;

function outDir(args: string[]): string {
  const i = args.indexOf("--out");
  if (i === -1) return projectRoot;
  const dir = args[i + 1];
  if (dir === undefined) throw new UsageError("--out needs a directory");
  return path.resolve(dir);
}

class UsageError extends Error {}

function generate(args: string[]): number {
  const written = writeAtomically(outDir(args), emitAll());
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f) || f}`);
  return 0;
}

function check(args: string[]): number {
  const dir = outDir(args);
  let stale = 0;
  for (const [rel, content] of emitAll()) {
    let onDisk: string | null = null;
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

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "generate":
        return generate(rest);
      case "check":
        return check(rest);
      case undefined:
      case "-h":
      case "--help":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`containers-nix: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof WriteError) {
      process.stderr.write(`containers-nix: ${e.message}; no file was changed\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
