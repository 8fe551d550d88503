/**
 * A definition file of the validator's "no false alarms" corpus
 * (`{ "containers": {...}, "host"?: {...} }`) as a boot case: the harness's
 * host gets what the definitions name (bridges, interfaces to move in, macvlan
 * parents, network namespaces, bind mount sources), or the file is skipped
 * with the reason the harness cannot give it.
 */
import { existsSync } from "node:fs";
import type { Json } from "../../src/model/resolve.js";
import { resolveContainer } from "../../src/model/container.js";
import type { BootCase } from "./harness.js";

type Def = { [k: string]: Json };
export interface CorpusFile {
  containers: Record<string, Def>;
  host?: { stateVersion?: string; enableContainers?: boolean; kernelVersion?: string };
}

/** Top-level directories the harness may cover with a tmpfs of its own for bind mount sources. */
const coverable = ["/srv", "/mnt", "/opt", "/home", "/media", "/var/cache", "/var/www", "/var/log", "/var/lib", "/run", "/nix"];
/** Already the harness's own tmpfs. */
const ownTmpfs = ["/var/lib", "/run", "/nix"];

const bare = (a: string) => a.split("/")[0]!;

export function corpusCase(file: CorpusFile): { boot: BootCase } | { skip: string } {
  if (file.host?.enableContainers === false) return { skip: "boot.enableContainers is false: nothing would start" };
  const setup: string[][] = [];
  const files: Record<string, string> = {};
  const tmpfs = new Set<string>();
  const ping: string[] = [];
  const bridges = new Set<string>();
  const made = new Set<string>();
  let peer = 0;
  const containers: BootCase["containers"] = {};
  for (const [name, def] of Object.entries(file.containers)) {
    const cfg = resolveContainer(name, def);
    for (const b of [cfg.hostBridge, ...Object.values(cfg.extraVeths).map((v) => v.hostBridge)]) if (b) bridges.add(b);
    for (const i of [...cfg.interfaces, ...cfg.macvlans]) {
      if (made.has(i)) continue;
      made.add(i);
      setup.push(["link", "add", `cnxp${peer++}`, "type", "veth", "peer", "name", i]);
      if (cfg.macvlans.includes(i)) setup.push(["link", "set", i, "up"]);
    }
    if (cfg.networkNamespace) {
      const m = /^\/run\/netns\/([^/]+)$/.exec(cfg.networkNamespace);
      if (!m) return { skip: `containers.${name}.networkNamespace ${cfg.networkNamespace} is not under /run/netns, where the harness makes namespaces` };
      if (!made.has(cfg.networkNamespace)) setup.push(["netns", "add", m[1]!]);
      made.add(cfg.networkNamespace);
    }
    for (const b of Object.values(cfg.bindMounts)) {
      const source = b.hostPath ?? b.mountPoint;
      // A read-only bind of a directory the machine has changes nothing on it.
      if (b.isReadOnly && existsSync(source) && !coverable.some((d) => source === d || source.startsWith(`${d}/`))) continue;
      if (source === "/dev" || source.startsWith("/dev/"))
        return {
          skip: `containers.${name}: the bind mount source ${source} is a device directory of the host (GPU nodes and the like); this machine has none, and making them would write to the host's /dev (a devtmpfs that every mount namespace shares)`,
        };
      const top = coverable.find((d) => source === d || source.startsWith(`${d}/`));
      if (!top || source === top || !existsSync(top)) return { skip: `containers.${name}: the bind mount source ${source} is outside the directories the harness can cover with a tmpfs (${coverable.join(", ")})` };
      if (!ownTmpfs.includes(top)) tmpfs.add(top);
      files[`${source}/.boot-source`] = "";
    }
    if (cfg.privateNetwork && cfg.hostAddress && cfg.localAddress && !cfg.hostBridge) ping.push(bare(cfg.localAddress));
    containers[name] = { definition: def };
  }
  for (const b of bridges) setup.unshift(["link", "add", b, "type", "bridge"], ["link", "set", b, "up"]);
  return { boot: { containers, host: file.host, setup, files, ping, tmpfs: [...tmpfs] } };
}
