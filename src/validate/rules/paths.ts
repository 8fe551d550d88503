/**
 * Paths handed to systemd-nspawn: bind mounts, tmpfs entries and the network
 * namespace file.
 *
 * - `--bind=SOURCE:TARGET` is written into EXTRA_NSPAWN_FLAGS in the conf file
 *   and split at whitespace by the start script, and nspawn splits it at ':';
 *   a backslash escape is no way out, since backslashes may not reach the conf
 *   file (conf-injection). So both paths must be absolute, without whitespace
 *   or ':'.
 * - `--tmpfs=PATH[:OPTIONS]`: PATH is absolute; nspawn reads backslash escapes
 *   in it, so a ':' inside the path is written `\:`. The first unescaped ':'
 *   starts the mount options, which hold no further ':'. Whitespace splits the
 *   entry in upstream's start script, which passes it unquoted.
 * - networkNamespace: upstream's start script splits it at whitespace, and
 *   the conf file loses whitespace at either end. (That it is absolute is
 *   its type, `types.path`, checked before any rule.)
 */
import { at, show, type ContainerRule, type Hit } from "./rule.js";
import type { Path } from "../finding.js";

const firstSpace = (s: string) => [...s].find((c) => /\s/.test(c));

function problems(text: string, what: string, colon: boolean): string[] {
  const out: string[] = [];
  if (!text.startsWith("/")) out.push(`${show(text)} is not an absolute path: ${what} must start with '/'`);
  const space = firstSpace(text);
  if (space !== undefined) out.push(`${show(text)} contains whitespace (${show(space)}), which splits the systemd-nspawn argument it is passed in`);
  if (colon && text.includes(":")) out.push(`${show(text)} contains ':', which systemd-nspawn reads as the separator between source, target and options`);
  return out;
}

/** A tmpfs entry split the way systemd-nspawn splits it: the path with `\x` escapes undone, and the options (null without ':'). */
export function splitTmpfs(entry: string): { path: string; options: string | null } {
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

export const pathSyntax: ContainerRule = {
  id: "path-syntax",
  severity: "error",
  summary:
    "bindMounts and tmpfs paths are absolute; they and networkNamespace hold no whitespace, and ':' only where systemd-nspawn expects it (tmpfs `PATH:OPTIONS`, `\\:` in PATH).",
  scope: "container",
  check: (s) => {
    const hits: Hit[] = [];
    const report = (path: Path, messages: string[]) => messages.forEach((m) => hits.push({ path, message: `${m}.` }));
    for (const [key, mount] of Object.entries(s.cfg.bindMounts)) {
      const given = s.given.bindMounts as Record<string, Record<string, unknown>> | undefined;
      const mountPath = given?.[key] !== undefined && "mountPoint" in given[key]! ? at(s.name, "bindMounts", key, "mountPoint") : at(s.name, "bindMounts", key);
      report(mountPath, problems(mount.mountPoint, "a mount point", true));
      if (mount.hostPath !== null) report(at(s.name, "bindMounts", key, "hostPath"), problems(mount.hostPath, "a host path", true));
    }
    s.cfg.tmpfs.forEach((entry, i) => {
      const { path, options } = splitTmpfs(entry);
      const where = at(s.name, "tmpfs", i);
      if (!path.startsWith("/")) report(where, [`${show(entry)} does not start with an absolute path: a tmpfs entry is PATH or PATH:OPTIONS, with PATH starting with '/'`]);
      if (firstSpace(entry) !== undefined)
        report(where, [`${show(entry)} contains whitespace, which splits the entry into several arguments in upstream's start script`]);
      if (options !== null && options.includes(":"))
        report(where, [`${show(entry)} has more than one ':'. A tmpfs entry is PATH:OPTIONS; write a ':' inside PATH as '\\:'`]);
    });
    const ns = s.cfg.networkNamespace;
    if (ns !== null && firstSpace(ns) !== undefined) {
      report(at(s.name, "networkNamespace"), [`${show(ns)} contains whitespace, which the conf file drops at either end and upstream's start script splits the path at`]);
    }
    return hits;
  },
};
