/**
 * A whole host as a boot case, and the judgement of its boot (issue #17's
 * differential fuzzing, `npm run fuzz:boot`). The harness's host namespace is
 * given exactly what the JSON's `host` says: each bridge with its addresses,
 * up; each physical interface as one end of a veth pair (the kernel here has
 * no dummy module), up; each macvlan on its parent; each network namespace of
 * /run/netns, with a veth peer into it so that it is reachable. Bind mount
 * sources under /srv are made (on a tmpfs of the harness); sources elsewhere
 * are as the machine has them (missing, in practice). The containers start in
 * the file's order, and every pair of host-pairs.ts is pinged both ways and
 * every forward connected to.
 */
import { existsSync } from "node:fs";
import { resolveContainer } from "../../src/model/container.js";
import { namespaceWithPeer, type BootCase } from "./harness.js";
import { expectations, namespacePeer, type Expected, type HostFile } from "./host-pairs.js";
import type { ContainerResult, HostResult, Proc } from "./job.js";

/** What failed, and where: the step (which script, nspawn, a pair, a forward) and what the program said. */
export interface Failure {
  step: "driver" | "preStart" | "start" | "postStart" | "stop" | "pair" | "forward";
  container: string | null;
  detail: string;
}

export type Outcome = { ok: true } | { ok: false; failures: Failure[] };

const NETNS = /^\/run\/netns\/([A-Za-z0-9_.-]+)$/;

/** The host namespace's setup (ip argument lists) for the JSON's `host`; a string when the harness cannot make it. */
function hostSetup(file: HostFile): string[][] | string {
  const setup: string[][] = [];
  const interfaces = Object.entries(file.host?.interfaces ?? {});
  const addresses = (name: string, list: readonly string[] | undefined) => (list ?? []).map((a) => ["addr", "add", a, "dev", name]);
  let peer = 0;
  // Parents first (physical interfaces), then bridges, then what sits on a parent.
  for (const [name, i] of interfaces)
    if (i.kind === "physical" || i.kind === "veth") {
      const other = `cnxp${peer++}`;
      setup.push(["link", "add", name, "type", "veth", "peer", "name", other], ...addresses(name, i.addresses), ["link", "set", name, "up"], ["link", "set", other, "up"]);
    }
  for (const [name, i] of interfaces)
    if (i.kind === "bridge") setup.push(["link", "add", name, "type", "bridge"], ...addresses(name, i.addresses), ["link", "set", name, "up"]);
  for (const [name, i] of interfaces) {
    if (i.kind === "physical" || i.kind === "veth" || i.kind === "bridge") continue;
    if (i.kind !== "macvlan") return `host.interfaces.${name}: the harness cannot make a ${i.kind} interface (this kernel has no module for it)`;
    if (!i.parent) return `host.interfaces.${name}: a macvlan without a parent`;
    setup.push(["link", "add", name, "link", i.parent, "type", "macvlan", "mode", "bridge"], ...addresses(name, i.addresses), ["link", "set", name, "up"]);
  }
  let k = 0;
  for (const ns of file.host?.networkNamespaces ?? []) {
    const m = NETNS.exec(ns);
    if (!m) return `host.networkNamespaces: ${ns} is not under /run/netns, where the harness makes namespaces`;
    const p = namespacePeer(k);
    setup.push(...namespaceWithPeer(m[1]!, `${p.host}/24`, `${p.local}/24`, `cnxn${k}`, `cnxn${k}p`));
    k++;
  }
  return setup;
}

/** The bind mount sources of a container, as its unit binds them (hostPath, else the mount point). */
const bindSources = (name: string, def: HostFile["containers"][string]) => Object.values(resolveContainer(name, def).bindMounts).map((b) => b.hostPath ?? b.mountPoint);

/** Where the harness makes bind mount sources (on a tmpfs of its own); a source elsewhere is as the machine has it. */
const MADE_UNDER = "/srv/";

/**
 * The host paths a booted host has among its bind mount sources, as the
 * fuzzed hosts give them to validate (host.paths): those the harness makes.
 * Sorted, each once.
 */
export function harnessPaths(containers: HostFile["containers"]): string[] {
  const out = new Set<string>();
  for (const [name, def] of Object.entries(containers)) for (const s of bindSources(name, def)) if (s.startsWith(MADE_UNDER)) out.add(s);
  return [...out].sort();
}

/** The host's JSON as a boot case of the harness, with what must work once it is up; or why the harness cannot boot it. */
export function hostBootCase(file: HostFile): { boot: BootCase; expected: Expected } | { skip: string } {
  const setup = hostSetup(file);
  if (typeof setup === "string") return { skip: setup };
  const expected = expectations(file);
  const files: Record<string, string> = {};
  for (const [name, def] of Object.entries(file.containers))
    for (const source of bindSources(name, def)) {
      if (source.startsWith(MADE_UNDER)) files[`${source}/.boot-source`] = "";
      else if (existsSync(source)) return { skip: `containers.${name}: the bind mount source ${source} exists on this machine outside /srv; the harness binds only sources it made` };
    }
  if (Object.keys(files).length > 0 && !existsSync("/srv")) return { skip: "this machine has no /srv to cover with a tmpfs for bind mount sources" };
  const order = file.order ?? Object.keys(file.containers);
  const containers: BootCase["containers"] = {};
  for (const name of order) {
    const mine = (x: { container: string }) => x.container === name;
    containers[name] = {
      definition: file.containers[name]!,
      probe: {
        ping: expected.pairs.filter(mine).map((p) => p.host),
        tcp: [...new Set(expected.forwards.filter((f) => mine(f) && f.protocol === "tcp").map((f) => f.containerPort))],
        udp: [...new Set(expected.forwards.filter((f) => mine(f) && f.protocol === "udp").map((f) => f.containerPort))],
      },
    };
  }
  const connects = (protocol: "tcp" | "udp") =>
    expected.forwards.filter((f) => f.protocol === protocol && f.through !== null).map((f) => ({ address: f.through!, port: f.hostPort, reply: f.reply }));
  return {
    boot: {
      containers,
      host: file.host?.stateVersion ? { stateVersion: file.host.stateVersion } : undefined,
      setup,
      files,
      tmpfs: Object.keys(files).length > 0 ? ["/srv"] : [],
      ping: [...new Set(expected.pairs.map((p) => p.local))],
      tcp: connects("tcp"),
      udp: connects("udp"),
      trace: true,
    },
    expected,
  };
}

/** The lines a failed script printed: the command it ran last (bash's xtrace, `+ ...`) and what came after. */
export function scriptFailure(p: Proc): string {
  const lines = p.output.split("\n").filter((l) => l.trim() !== "");
  const last = lines.map((l) => l.startsWith("+")).lastIndexOf(true);
  const said = lines.slice(last + 1);
  const command = last >= 0 ? lines[last]!.replace(/^\++ /, "") : null;
  const status = p.status ?? p.signal;
  return `${command !== null ? `${command} → ` : ""}${said.join(" | ") || "(nothing printed)"} (exit ${status})`;
}

/** The end of nspawn's output, where its (or container-init's) complaint is. */
function nspawnFailure(k: ContainerResult): string {
  const lines = k.exit.output.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !/^Spawning container|^Press \^\]|^Container .* (exited|terminated)|^Bringing up|^Selected user namespace/.test(l));
  return `${lines.slice(-4).join(" | ") || "(nothing printed)"} (exit ${k.exit.status ?? k.exit.signal})`;
}

/** The boot's outcome: ok when every container came up and stopped cleanly, every pair answered both ways and every forward reached its container. */
export function judge(r: HostResult, expected: Expected): Outcome {
  const failures: Failure[] = [];
  if (r.error !== null) failures.push({ step: "driver", container: null, detail: r.error });
  const down = new Set<string>();
  for (const k of r.containers) {
    const fail = (step: Failure["step"], detail: string) => (failures.push({ step, container: k.name, detail }), down.add(k.name));
    if (k.preStart.status !== 0) fail("preStart", scriptFailure(k.preStart));
    else if (k.postStart === null) fail("start", `never came up: ${nspawnFailure(k)}`);
    else if (k.postStart.status !== 0) fail("postStart", scriptFailure(k.postStart));
    else if (!k.report?.done) fail("start", `its checks never finished: ${nspawnFailure(k)}`);
    else if (k.exit.status !== 0) fail("stop", `nspawn's exit after SIGTERM: ${nspawnFailure(k)}`);
  }
  const byName = new Map(r.containers.map((k) => [k.name, k]));
  for (const p of expected.pairs) {
    if (down.has(p.container)) continue;
    const inside = byName.get(p.container)?.report?.done?.ping[p.host];
    if (inside !== true) failures.push({ step: "pair", container: p.container, detail: `${p.container} → ${p.host} (${p.what}): no answer` });
    if (r.ping[p.local] !== true) failures.push({ step: "pair", container: p.container, detail: `host → ${p.local} (${p.container}: ${p.what}): no answer` });
  }
  for (const f of expected.forwards) {
    if (down.has(f.container)) continue;
    const what = `${f.protocol} port ${f.hostPort} → ${f.container}:${f.containerPort}`;
    if (f.through === null) {
      failures.push({ step: "forward", container: f.container, detail: `${what}: the container has no address pair to forward through` });
      continue;
    }
    const got = (f.protocol === "tcp" ? r.tcp : r.udp)[`${f.through} ${f.hostPort}`];
    if (got !== f.reply) failures.push({ step: "forward", container: f.container, detail: `${what} through ${f.through}: ${got == null ? "no answer" : `answered "${got}"`}` });
  }
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}
