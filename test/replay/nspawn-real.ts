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

export interface NspawnRun {
  /** nspawn was still running its container a moment after it started. */
  running: boolean;
  /** Its last line on stderr when it stopped. */
  message: string | null;
  /** The host's links while it ran (or after it stopped): name, altnames, master. */
  links: { name: string; altnames: string[]; master: string | null; up: boolean }[];
}

/**
 * Runs a container for real: nspawn with `args` (after `--register=no
 * --keep-unit -q -D TREE`) and `/usr/bin/sleep 3` as its command, in private
 * mount, network and PID namespaces (its own /proc, a tmpfs on /run and /var/lib, a
 * read-only sysfs so that nspawn sees no udev, the host's cgroup tree moved
 * back on top, a tree with the host's /usr bound read-only); `setup` are ip
 * command lines run first. Looks at the host's links once the container
 * runs, then stops it.
 */
export function realNspawnRun(args: readonly string[], setup: readonly string[] = []): NspawnRun {
  const script = [
    "set -e",
    "mount --make-rprivate / && mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib && mkdir -p /run/netns",
    "mkdir -p /run/host-cgroup && mount --rbind /sys/fs/cgroup /run/host-cgroup",
    "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys",
    "mount --move /run/host-cgroup /sys/fs/cgroup",
    "T=/run/tree && mkdir -p $T/usr $T/etc $T/proc $T/sys $T/dev $T/run $T/tmp $T/x",
    "for l in bin sbin lib lib64; do [ -e /$l ] && ln -s usr/$l $T/$l; done",
    "mount --bind /usr $T/usr && mount -o remount,bind,ro $T/usr && touch $T/etc/os-release $T/etc/machine-id",
    "ip link set lo up",
    ...setup.map((l) => `ip ${l}`),
    "set +e",
    `systemd-nspawn --register=no --keep-unit -q -D $T ${args.map(q).join(" ")} /usr/bin/sleep 3 >/run/nspawn.log 2>&1 &`,
    "pid=$!",
    "for i in $(seq 1 15); do sleep 0.1; kill -0 $pid 2>/dev/null || break; done",
    'if kill -0 $pid 2>/dev/null; then echo "running=1"; else echo "running=0"; fi',
    // A stopped container's namespace is dismantled by the kernel a moment later: wait until the host's links stay the same.
    'prev=$(ip -j -d link show); for i in $(seq 1 20); do sleep 0.1; now=$(ip -j -d link show); [ "$now" = "$prev" ] && break; prev=$now; done; echo "$now"',
    "kill $pid 2>/dev/null; wait $pid 2>/dev/null",
    "echo; cat /run/nspawn.log",
  ].join("\n");
  const r = run("unshare", ["--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", script], { timeoutMs: 30_000 });
  const lines = r.stdout.split("\n");
  const running = lines[0] === "running=1";
  const links = (JSON.parse(lines[1] ?? "[]") as Record<string, unknown>[]).map((l) => ({
    name: String(l.ifname),
    altnames: ((l.altnames as string[] | undefined) ?? []).slice().sort(),
    master: (l.master as string | undefined) ?? null,
    up: (l.flags as string[]).includes("UP"),
  }));
  // The first error line: the child's own complaints ("Parent died too early") follow it.
  const log = lines.slice(2).filter((l) => l.trim() !== "" && !/terminated by signal|^Using default interface naming scheme|has been changed to .* to fit length constraints/.test(l));
  return { running, message: running ? null : (log[0] ?? ""), links: links.sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

/**
 * Two containers forwarding the same host port (`--port=tcp:8080:80`), the
 * second started once the first has its address (the first 10.0.0.2/24, the
 * second `second`): their nspawn logs (the second's warns when the port map
 * refuses it).
 */
export function realForwardTwice(second = "10.0.1.2/24"): [string, string] {
  const trees = ["/run/t1", "/run/t2"];
  const script = [
    "set -e",
    "mount --make-rprivate / && mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib",
    "mkdir -p /run/host-cgroup && mount --rbind /sys/fs/cgroup /run/host-cgroup",
    "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys",
    "mount --move /run/host-cgroup /sys/fs/cgroup",
    ...trees.map(
      (T) =>
        `mkdir -p ${T}/usr ${T}/etc ${T}/proc ${T}/sys ${T}/dev ${T}/run ${T}/tmp && for l in bin sbin lib lib64; do [ -e /$l ] && ln -s usr/$l ${T}/$l; done; mount --bind /usr ${T}/usr && mount -o remount,bind,ro ${T}/usr && touch ${T}/etc/os-release ${T}/etc/machine-id`,
    ),
    "ip link set lo up",
    "set +e",
    ...trees.map((T, i) =>
      [
        `systemd-nspawn --register=no --keep-unit -q -D ${T} -M c${i} --network-veth --port=tcp:8080:80 /usr/bin/sh -c 'ip link set host0 up; ip addr add ${i === 0 ? "10.0.0.2/24" : second} dev host0; sleep 1.5' > /run/c${i}.log 2>&1 &`,
        "sleep 0.7",
      ].join("\n"),
    ),
    "wait",
    "cat /run/c0.log; echo '--8<--'; cat /run/c1.log",
  ].join("\n");
  const r = run("unshare", ["--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", script], { timeoutMs: 30_000 });
  const [a, b] = r.stdout.split("--8<--\n");
  return [a ?? "", b ?? ""];
}
