/**
 * Paths handed to systemd-nspawn: bind mounts, tmpfs entries and the network
 * namespace file.
 *
 * - `--bind=SOURCE:DEST[:OPTIONS]` is written into EXTRA_NSPAWN_FLAGS as
 *   `hostPath:mountPoint`, or `mountPoint` alone when hostPath is null.
 *   nspawn splits it at ':' (a backslash escape is no way out: backslashes
 *   may not reach the conf file, see conf-injection), so a hostPath holds no
 *   ':', and a mountPoint may go on with `:OPTIONS` only when a hostPath
 *   stands before it: `/data:idmap` is the known way to ask for an idmapped
 *   mount (nixpkgs #329530). Whitespace is the start-script-split check's.
 * - `--tmpfs=PATH[:OPTIONS]` reaches nspawn as one quoted word: PATH is
 *   absolute, a ':' inside it is written `\:`, and the options hold no ':'.
 * - networkNamespace: the conf file drops whitespace at the end of a value,
 *   so such a path would name another file. (That it is absolute is its
 *   type, `types.path`, checked before any rule.)
 */
import { at, show, type ContainerRule, type Hit, NO_HITS } from "./rule.js";
import type { Path } from "../finding.js";

/** The mount options systemd-nspawn's --bind takes after DEST (systemd-nspawn(1)). */
export const BIND_OPTIONS: readonly string[] = ["rbind", "norbind", "idmap", "noidmap", "rootidmap", "owneridmap"];

/** A tmpfs entry split the way systemd-nspawn splits it: the path with `\x` escapes undone, and the options (null without ':'). */
export function splitTmpfs(entry: string): { path: string; options: string | null } {
  // Without a backslash nothing is escaped: the first ':' splits (the common case, without building the path).
  if (!entry.includes("\\")) {
    const colon = entry.indexOf(":");
    return colon === -1 ? { path: entry, options: null } : { path: entry.slice(0, colon), options: entry.slice(colon + 1) };
  }
  let path = "";
  for (let i = 0; i < entry.length; i++) {
    const c = entry[i]!;
    if (c === "\\" && i + 1 < entry.length) {
      path += entry[++i];
      continue;
    }
    if (c === ":") return { path, options: entry.slice(i + 1) };
    path += c;
  }
  return { path, options: null };
}

const NONE: readonly string[] = [];

/** What is wrong with a bind mount's mountPoint, given whether a hostPath stands before it. */
function mountPointProblems(mountPoint: string, hasHostPath: boolean): readonly string[] {
  const colon = mountPoint.indexOf(":");
  if (colon === -1 && mountPoint.startsWith("/")) return NONE;
  const target = colon === -1 ? mountPoint : mountPoint.slice(0, colon);
  const out: string[] = [];
  if (!target.startsWith("/")) out.push(`${show(mountPoint)} is not an absolute path: a mount point must start with '/'`);
  if (colon === -1) return out;
  if (!hasHostPath) {
    out.push(
      `${show(mountPoint)} contains ':', and without a hostPath systemd-nspawn reads the part before it as the host path and the rest as the mount point. Set hostPath to use mount options such as ${show(`${target}:idmap`)}`,
    );
    return out;
  }
  const options = mountPoint.slice(colon + 1);
  if (options.includes(":")) out.push(`${show(mountPoint)} has more than one ':'. After the mount point only comma-separated options may follow`);
  else {
    const bad = options.split(",").filter((o) => o !== "" && !BIND_OPTIONS.includes(o));
    if (bad.length > 0)
      out.push(`${show(mountPoint)} asks for ${bad.map(show).join(", ")}, which systemd-nspawn does not know as a bind mount option; the container would not start. Use ${BIND_OPTIONS.join(", ")}`);
  }
  return out;
}

export const pathSyntax: ContainerRule = {
  id: "path-syntax",
  triggers: ["bindMounts", "tmpfs", "networkNamespace"],
  severity: "error",
  summary:
    "Bind mount points and tmpfs paths are absolute; ':' only where systemd-nspawn expects it (`mountPoint:OPTIONS` with a hostPath, tmpfs `PATH:OPTIONS`, `\\:` in a tmpfs PATH); networkNamespace has no whitespace at its end.",
  consumer: "nspawn-bind",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const report = (path: Path, messages: readonly string[]) => messages.forEach((m) => (hits ??= []).push({ path, message: `${m}.` }));
    const mounts = s.cfg.bindMounts;
    for (const key in mounts) {
      const mount = mounts[key]!;
      const problems = mountPointProblems(mount.mountPoint, mount.hostPath !== null);
      if (problems.length > 0) {
        const given = s.given.bindMounts as Record<string, Record<string, unknown>> | undefined;
        report(given?.[key] !== undefined && "mountPoint" in given[key]! ? at(s.name, "bindMounts", key, "mountPoint") : at(s.name, "bindMounts", key), problems);
      }
      if (mount.hostPath !== null && mount.hostPath.includes(":"))
        report(at(s.name, "bindMounts", key, "hostPath"), [
          `${show(mount.hostPath)} contains ':', which systemd-nspawn reads as the separator between host path and mount point`,
        ]);
    }
    s.cfg.tmpfs.forEach((entry, i) => {
      const { path, options } = splitTmpfs(entry);
      if (path.startsWith("/") && (options === null || !options.includes(":"))) return;
      const where = at(s.name, "tmpfs", i);
      if (!path.startsWith("/")) report(where, [`${show(entry)} does not start with an absolute path: a tmpfs entry is PATH or PATH:OPTIONS, with PATH starting with '/'`]);
      if (options !== null && options.includes(":"))
        report(where, [`${show(entry)} has more than one ':'. A tmpfs entry is PATH:OPTIONS; write a ':' inside PATH as '\\:'`]);
    });
    const ns = s.cfg.networkNamespace;
    if (ns !== null && /\s$/.test(ns)) {
      report(at(s.name, "networkNamespace"), [`${show(ns)} ends in whitespace, which the conf file drops, so systemd-nspawn would open another path. Remove it`]);
    }
    return hits ?? NO_HITS;
  },
};

export const hostPathRelative: ContainerRule = {
  id: "host-path-relative",
  triggers: ["bindMounts"],
  severity: "warning",
  summary: "A bind mount's hostPath is absolute: systemd-nspawn takes a relative one from the unit's working directory (/), and an empty one as a fresh temporary directory.",
  consumer: "nspawn-bind",
  scope: "container",
  check: (s) => {
    let hits: Hit[] | undefined;
    const mounts = s.cfg.bindMounts;
    for (const key in mounts) {
      const h = mounts[key]!.hostPath;
      if (h === null || h.startsWith("/") || h.startsWith("+/") || h.includes(":")) continue;
      const path = at(s.name, "bindMounts", key, "hostPath");
      if (h === "") (hits ??= []).push({ path, message: "is empty, so systemd-nspawn mounts a new empty temporary directory (removed when the container stops) instead of a host directory. Give an absolute path, or null for the mount point's own path." });
      else (hits ??= []).push({ path, message: `${show(h)} is relative: systemd-nspawn resolves it from the unit's working directory, /, so it mounts ${show("/" + h)}. Write that absolute path.` });
    }
    return hits ?? NO_HITS;
  },
};
