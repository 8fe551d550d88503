/**
 * The real systemd-nspawn 252, run for its argument parsing only: in
 * private mount and network namespaces (a tmpfs on /run, and a sysfs of
 * the new network namespace, read-only as in the boot harness so that nspawn
 * sees no udev, with the host's cgroup tree moved back on top), with a root directory that does not exist, so that nspawn
 * stops right after parsing and checking its options ("Failed to resolve
 * path"). Nothing of the machine's is touched.
 */
import { run } from "../boot/run.js";

export const NO_ROOT = "/nonexistent-containers-nix-replay";

export interface NspawnVerdict {
  /** Whether nspawn accepted the command line (it got as far as the root directory). */
  accepted: boolean;
  /** Its last line on stderr when it refused. */
  message: string | null;
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Runs nspawn with `-D NO_ROOT` and then `args` (options; a command may follow). `setup` are ip command lines run first in the namespace. */
export function realNspawn(args: readonly string[], setup: readonly string[] = [], sysfs: "ro" | "rw" = "ro"): NspawnVerdict {
  const script = [
    "set -e",
    "mount --make-rprivate / && mount -t tmpfs tmpfs /run && mkdir -p /run/netns",
    // The host's cgroup tree stays where nspawn looks for it, on top of the new sysfs (as in the boot harness).
    "mkdir -p /run/host-cgroup && mount --rbind /sys/fs/cgroup /run/host-cgroup",
    `mount -t sysfs -o ${sysfs},nosuid,nodev,noexec sysfs /sys`,
    "mount --move /run/host-cgroup /sys/fs/cgroup",
    "ip link set lo up",
    ...setup.map((l) => `ip ${l}`),
    "set +e",
    `systemd-nspawn -D ${NO_ROOT} ${args.map(q).join(" ")} 2>&1 >/dev/null; echo "status=$?"`,
  ].join("\n");
  const r = run("unshare", ["--mount", "--net", "bash", "-c", script], { timeoutMs: 20_000 });
  const out = r.stdout.trim().split("\n");
  const status = out.pop();
  if (!status?.startsWith("status=")) throw new Error(`nspawn driver failed: ${r.stdout}${r.stderr}`);
  const lines = out.filter((l) => l.trim() !== "");
  const accepted = lines.some((l) => l.startsWith(`Failed to resolve path ${NO_ROOT}`));
  return { accepted, message: accepted ? null : (lines.at(-1) ?? "") };
}

export function nspawnSkipReason(): string | null {
  if (process.getuid?.() !== 0) return "not root: systemd-nspawn runs only as root";
  if (run("systemd-nspawn", ["--version"]).status !== 0) return "systemd-nspawn is missing (apt-get install -y systemd-container)";
  const v = /systemd (\d+)/.exec(run("systemd-nspawn", ["--version"]).stdout)?.[1];
  if (v !== "252") return `systemd-nspawn is version ${v}, the model is of 252`;
  if (run("unshare", ["--mount", "--net", "true"]).status !== 0) return "unshare --mount --net fails here";
  return null;
}
