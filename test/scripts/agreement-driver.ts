/**
 * Runs the Nix-rendered scripts of test/scripts/agreement.test.ts with real
 * bash, as the container@ unit would, with recording stand-ins for every
 * program they start: one process inside a private mount namespace
 * (`unshare --mount`), with tmpfs on /nix, /var/lib and /run, so that the
 * host's own files are neither seen nor touched. For each container, in
 * order: preStart, the start script (whose `exec` reaches the systemd-nspawn
 * stand-in), the init script with the environment nspawn's `--setenv` flags
 * give it and a stand-in stage 2 as its `$1`, then postStart.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { must, run } from "../boot/run.js";
import { shellApplication } from "../boot/store.js";
import { STAGE_2_MARK, type AgreementJob, type AgreementResult, type ScriptRun } from "./agreement-job.js";

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as AgreementJob;

must("mount", ["--make-rprivate", "/"]);
for (const dir of ["/nix", "/var/lib", "/run"]) must("mount", ["-t", "tmpfs", "-o", "mode=0755", "tmpfs", dir]);

// A record is each word followed by NUL, then an ASCII record separator and NUL, in one printf.
const record = (words: string) => `printf '%s\\0' ${words} "$(printf '\\036')" >> ${JSON.stringify(job.logFile)}`;
const standIn = (extra = "") => `#!/bin/sh\n${record('"$0" "$@"')}\n${extra}exit 0\n`;
/** `nixos-container update NAME` writes the container's system profile, whose `system` file the start script reads next. */
const profileWrite = `if [ "$1" = update ]; then /usr/bin/mkdir -p "/nix/var/nix/profiles/per-container/$2/system"; echo x86_64-linux > "/nix/var/nix/profiles/per-container/$2/system/system"; fi\n`;

mkdirSync(job.binDir, { recursive: true });
for (const name of job.onPath) writeFileSync(path.join(job.binDir, name), standIn(), { mode: 0o755 });
for (const file of job.inStore) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, standIn(file.endsWith("/nixos-container") ? profileWrite : ""), { mode: 0o755 });
}
const stage2 = path.join(job.workDir, "stage-2");
writeFileSync(stage2, `${record(JSON.stringify(STAGE_2_MARK))}\n`);
const cwd = path.join(job.workDir, "cwd");
mkdirSync(cwd);

function takeCalls(): string[][] {
  const text = readFileSync(job.logFile, "utf8");
  writeFileSync(job.logFile, "");
  return text
    .split("\x1e\0")
    .filter((r) => r !== "")
    .map((r) => r.slice(0, -1).split("\0"));
}

function runScript(file: string, args: string[], env: Record<string, string>): ScriptRun {
  const r = run(file, args, { env, cwd });
  return { status: r.status, stderr: r.stderr, calls: takeCalls() };
}

/** A unit script as NixOS writes it with enableStrictShellChecks, run by bash. */
function unitScript(text: string, env: Record<string, string>): ScriptRun {
  const file = path.join(job.workDir, "unit-script");
  writeFileSync(file, shellApplication(text));
  return runScript(job.bash, [file], env);
}

/** What nspawn's `--setenv NAME=VALUE` flags give the container's init. */
function setenv(argv: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length - 1; i++)
    if (argv[i] === "--setenv") {
      const [key, ...rest] = argv[i + 1]!.split("=");
      env[key!] = rest.join("=");
    }
  return env;
}

writeFileSync(job.logFile, "");
const result: AgreementResult = job.containers.map((c) => {
  rmSync("/nix/var", { recursive: true, force: true });
  for (const system of c.systems) {
    mkdirSync(system, { recursive: true });
    writeFileSync(path.join(system, "system"), "x86_64-linux");
  }
  mkdirSync(path.dirname(c.containerInitPath), { recursive: true });
  writeFileSync(c.containerInitPath, c.scripts.containerInit);
  chmodSync(c.containerInitPath, 0o755);
  // As systemd runs the unit: a script that fails ends the start.
  const preStart = unitScript(c.scripts.preStart, c.environment);
  const script = preStart.status === 0 ? unitScript(c.scripts.script, c.environment) : null;
  const nspawn = script?.status === 0 ? script.calls.find((call) => job.inStore.includes(call[0]!) && call[0]!.endsWith("/systemd-nspawn")) : undefined;
  const containerInit = nspawn === undefined ? null : runScript(c.containerInitPath, [stage2], setenv(nspawn));
  const postStart = containerInit?.status === 0 ? unitScript(c.scripts.postStart, c.environment) : null;
  return { preStart, script, containerInit, postStart };
});
writeFileSync(job.resultFile, JSON.stringify(result));
