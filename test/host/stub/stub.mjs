// The recording stub of nix-env, nix and nix-instantiate, for the imperative
// commands' tests (the other programs' stubs are shell scripts, see
// test/support/stub-host.ts). `node stub.mjs PROGRAM ARGS...`: appends the
// call to $STUB_DIR/log in the shell stubs' format (the program, its
// environment and umask, each argument, every word NUL-terminated, then "\x1e\0"), then
// fails as $STUB_DIR/PROGRAM.exit (.stdout, .stderr) says, or
// PROGRAM.SUBCOMMAND.exit for one subcommand, or else acts as a
// small model of the real program: nix-env keeps generation links of a
// profile, nix build makes an out-link, nix-instantiate --parse is the real
// one, and evaluations answer from $STUB_DIR/nixos.json (nix-instantiate) and
// $STUB_DIR/flake.json (nix eval): `{ "version": ..., "isNspawnContainer": ... }`,
// by default version 25.11, and for a configuration.nix whether its text sets
// boot.isNspawnContainer = true (a flake sets it).
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

const [program, ...args] = process.argv.slice(2);
const dir = process.env.STUB_DIR;
const env = [...Object.entries(process.env), ["STUB_UMASK", process.umask().toString(8).padStart(4, "0")]].map(([k, v]) => `${k}=${v}`).join("\n");
appendFileSync(path.join(dir, "log"), [program, env, ...args, "\x1e"].map((w) => `${w}\0`).join(""));
// PROGRAM.SUBCOMMAND.exit (nix.build.exit) fails one subcommand only.
const failing = [`${program}.${args[0]}`, program].find((p) => existsSync(path.join(dir, `${p}.exit`)));
const told = (ext) => (existsSync(path.join(dir, `${failing}.${ext}`)) ? readFileSync(path.join(dir, `${failing}.${ext}`), "utf8") : null);
if (failing !== undefined) {
  process.stdout.write(told("stdout") ?? "");
  process.stderr.write(told("stderr") ?? "");
  process.exit(Number(told("exit")));
}

function generationsOf(profile) {
  const base = path.basename(profile);
  const d = path.dirname(profile);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .map((f) => new RegExp(`^${base}-(\\d+)-link$`).exec(f))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}
const current = (profile) => (existsSync(profile) || isLink(profile) ? Number(/-(\d+)-link$/.exec(readlinkSync(profile))[1]) : null);
function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
function point(profile, n) {
  const tmp = `${profile}.stub-tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(`${path.basename(profile)}-${n}-link`, tmp);
  renameSync(tmp, profile);
}
function answers(kind) {
  const f = path.join(dir, `${kind}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : {};
}
function answer(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
function fail(msg) {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(1);
}

if (program === "nix-env") {
  const profile = args[args.indexOf("-p") + 1];
  const gens = generationsOf(profile);
  if (args.includes("--set")) {
    const target = args.includes("-A") ? `/nix/store/00000000000000000000000000000000-nixos-system-built-${gens.length + 1}` : args[args.indexOf("--set") + 1];
    const n = (gens.at(-1) ?? 0) + 1;
    symlinkSync(target, `${profile}-${n}-link`);
    point(profile, n);
  } else if (args.includes("--list-generations")) {
    const cur = current(profile);
    for (const g of gens) process.stdout.write(`   ${g}   2026-12-01 12:00:0${g % 10}   ${g === cur ? "(current)" : ""}\n`);
  } else if (args.includes("--rollback")) {
    const cur = current(profile);
    const prev = gens.filter((g) => g < cur).at(-1);
    if (prev === undefined) fail(`no profile version older than the current (${cur}) exists`);
    point(profile, prev);
  } else if (args.includes("--switch-generation")) {
    const n = Number(args[args.indexOf("--switch-generation") + 1]);
    if (!gens.includes(n)) fail(`profile version ${n} does not exist`);
    point(profile, n);
  } else if (args.includes("--delete-generations")) {
    const cur = current(profile);
    for (const w of args.slice(args.indexOf("--delete-generations") + 1)) {
      // As nix-env 2.8 does (test/host/real-nix-env.test.ts): +N keeps the current generation, the N-1
      // before it and every newer one; a number that is no generation is no error.
      const older = gens.filter((g) => g < cur);
      const doomed = w === "old" ? gens.filter((g) => g !== cur) : w.startsWith("+") ? older.slice(0, Math.max(0, older.length - (Number(w.slice(1)) - 1))) : w.endsWith("d") ? fail("the stub does not model Nd") : [Number(w)];
      for (const g of doomed) {
        if (g === cur) fail(`cannot delete current version of profile ${profile}`);
        rmSync(`${profile}-${g}-link`, { force: true });
      }
    }
  }
} else if (program === "nix-instantiate" && args.includes("--parse")) {
  const real = process.env.STUB_REAL_NIX_INSTANTIATE;
  if (!real) fail("the real nix-instantiate is missing (apt-get install -y nix-bin)");
  process.exit(spawnSync(real, args, { stdio: "inherit" }).status ?? 1);
} else if (program === "nix-instantiate" && args.includes("--eval")) {
  const given = answers("nixos");
  const attr = args[args.indexOf("-A") + 1];
  if (attr === "pkgs.lib.version") answer(given.version ?? "25.11");
  else if (attr === "config.boot.isNspawnContainer") {
    const file = args.find((a) => a.startsWith("nixos-config=")).slice("nixos-config=".length);
    answer(given.isNspawnContainer ?? /^\s*boot\.(isNspawnContainer|\$\{if options\.boot \? isNspawnContainer then "isNspawnContainer" else "isContainer"\}) = true;/m.test(readFileSync(file, "utf8")));
  } else fail(`the stub cannot evaluate ${attr}`);
} else if (program === "nix" && args[0] === "eval") {
  const given = answers("flake");
  const installable = args.at(-1);
  if (installable.endsWith(".lib.version")) answer(given.version ?? "25.11");
  else if (installable.endsWith(".config.boot.isNspawnContainer")) answer(given.isNspawnContainer ?? true);
  else fail(`the stub cannot evaluate ${installable}`);
} else if (program === "nix" && args[0] === "build") {
  symlinkSync("/nix/store/11111111111111111111111111111111-nixos-system-flake", args[args.indexOf("--out-link") + 1]);
}
