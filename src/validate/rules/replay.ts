/**
 * The replay's rules (the replay itself is src/validate/replay.ts): their ids,
 * and the words of their findings. A refused step names its phase and the
 * command as the unit runs it, quotes the program, and says what to do from
 * one table keyed by the kind of refusal; a clash names the other container
 * and what both claim; an unreachable pair says which way fails and why.
 */
import type { NspawnAbout } from "../../replay/nspawn-args.js";
import type { Reach } from "../../replay/reach.js";
import type { Phase, Step } from "../../replay/step.js";
import { formatPath, type Path } from "../finding.js";
import type { ReplayRule } from "./rule.js";

export const startRefused: ReplayRule = {
  id: "start-refused",
  severity: "error",
  summary: "Every step of the container's start (preStart, systemd-nspawn's command line and setup, the init script's `ip` calls, postStart), replayed over a model of the host with every other container, is one the real program takes.",
  consumer: "unit-start",
  scope: "replay",
};

export const startClash: ReplayRule = {
  id: "start-clash",
  severity: "error",
  summary: "No two containers claim one thing of the host (a route, an address, an interface name, a moved interface, a forwarded host port): whichever of the two starts second fails, whatever the order.",
  consumer: "unit-start",
  scope: "replay",
};

export const unreachable: ReplayRule = {
  id: "unreachable",
  severity: "error",
  summary: "Every configured address pair (host ↔ container, both ways, IPv4 and IPv6, extraVeths, a bridged container and its bridge's addresses) reaches each other once the containers run, and every forwarded host port reaches its container.",
  consumer: "kernel-reach",
  scope: "replay",
};

export const replayRules: readonly ReplayRule[] = [startRefused, startClash, unreachable];

// ---------------------------------------------------------------- the step

const PHASES: Record<Phase, string> = { preStart: "preStart", start: "the start script", init: "the container's init", postStart: "postStart" };

const program = (argv0: string) => argv0.slice(argv0.lastIndexOf("/") + 1);
const shellWord = (w: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`);

/** systemd-nspawn's long command line, shortened to the option a finding is about. */
const nspawnCommand = (about: NspawnAbout | null | undefined) =>
  about == null ? "systemd-nspawn …" : `systemd-nspawn … ${shellWord(`--${about.option}${about.value === null ? "" : `=${about.value}`}`)} …`;

/** The command as the unit runs it; nspawn's long command line shortened to the option the refusal is about. */
export function commandOf(step: Step, about?: NspawnAbout | null): string {
  const name = program(step.argv[0] ?? "");
  if (name === "systemd-nspawn") return nspawnCommand(about);
  return [name, ...step.argv.slice(1).map(shellWord)].join(" ");
}

/** What a program says, in quotes: its lines' ends trimmed (ip ends some messages with a blank line), inner quotes kept as they are. */
export function quote(message: string): string {
  const t = message.trim();
  return /[\n\r]/.test(t) ? JSON.stringify(t) : `"${t}"`;
}

/** "postStart runs `ip route add …`" */
export const runs = (step: Step, about?: NspawnAbout | null) => `${PHASES[step.phase]} runs \`${commandOf(step, about)}\``;

// ---------------------------------------------------------------- what to do, by the kind of refusal

interface AdviceContext {
  step: Step;
  /** The option the finding is reported at. */
  path: Path;
}

/** The word after `key` in the step's argv. */
const after = (step: Step, key: string) => {
  const i = step.argv.indexOf(key);
  return i === -1 ? undefined : step.argv[i + 1];
};

/** The kinds of refusal, tried in order; the first whose message matches says what to do. */
const REFUSALS: readonly { kind: string; test: RegExp; when?: (c: AdviceContext) => boolean; advice: (c: AdviceContext) => string }[] = [
  {
    kind: "prefix with host bits",
    test: /Invalid prefix for given prefix length/,
    advice: ({ step }) => {
      const target = after(step, "add") ?? "";
      const bare = target.replace(/\/.*$/, "");
      return `write the address without a prefix (${bare}), or with /32; or put the container behind a hostBridge`;
    },
  },
  {
    // The init script adds a default route for hostAddress (with plain ip, which takes either family), then for hostAddress6.
    kind: "a second default route",
    test: /File exists/,
    when: ({ step }) => step.ns === "container" && step.argv.includes("default"),
    advice: () => "the container has a default route of that family already, from hostAddress: hostAddress holds an IPv6 address; give it an IPv4 address, or leave it out and keep hostAddress6",
  },
  {
    kind: "network namespace in a user namespace",
    test: /Failed to join network namespace: Operation not permitted/,
    advice: () =>
      'with privateUsers the container runs in a user namespace of its own, which may not join a network namespace of the host\'s: set privateUsers = "no", or leave networkNamespace out (privateNetwork gives the container a namespace of its own)',
  },
  {
    kind: "missing bind mount source",
    test: /^Failed to stat .*: No such file or directory/,
    advice: () =>
      'the bind mount\'s source is not on the host (host.paths does not list it): create it before the container starts (for a directory, systemd.tmpfiles.rules such as "d /srv/www 0755 root root -"), or correct hostPath',
  },
  {
    kind: "already there",
    test: /File exists|already assigned/,
    advice: () => "two options of this container make the same address, route or interface: give each its own value",
  },
  {
    kind: "no such interface",
    test: /Cannot find device|No such device|Device does not exist|Cannot open file/,
    advice: ({ path }) =>
      `the ${String(path.at(-1)).endsWith("ridge") ? "bridge" : path.at(-1) === "networkNamespace" ? "network namespace" : "interface"} is not there when the step runs: create it on the host (networking.bridges, networking.interfaces, networking.macvlans, …) or correct the name`,
  },
  {
    kind: "interface that stays",
    test: /Failed to move interface .*: Invalid argument/,
    advice: () => "the kernel does not move this kind of interface (a bridge, for one) into another namespace: put the container on it with hostBridge, or give it a macvlan of it (macvlans)",
  },
  {
    kind: "gateway out of reach",
    test: /invalid gateway|No route to host|Network is unreachable|Gateway can not be|Egress device can not be/,
    advice: () => "the gateway must be an address the interface reaches directly, and not one of the namespace's own: correct hostAddress or localAddress",
  },
  {
    kind: "MAC address",
    test: /Cannot assign requested address/,
    advice: () => "use a unicast address that is not all zeros, e.g. one starting with 02: (locally administered)",
  },
  {
    kind: "not a bridge",
    test: /to bridge .*: Operation not supported/,
    advice: () => "hostBridge names an interface of the host that is not a bridge: name a bridge (networking.bridges), or use macvlans or interfaces for another kind",
  },
  {
    kind: "interface down",
    test: /not up|Network is down/,
    advice: () => "the interface is down when the step runs: bring it up first, or use another interface",
  },
  {
    kind: "machine name",
    test: /Invalid machine name|Invalid hostname/,
    advice: () => "systemd-nspawn takes a host name: labels of letters, digits and `-` (not at either end), at most 64 bytes",
  },
  {
    kind: "interface name",
    test: /interface name not valid|Network zone name not valid/,
    advice: () => "systemd-nspawn takes an interface name of 1 to 15 bytes, not all digits, without spaces, `/`, `:` or `%`: rename it",
  },
  {
    kind: "options together",
    test: /may not be combined|cannot be combined|Cannot use --|requires --|needs --/,
    advice: ({ path }) => `systemd-nspawn takes these options only apart: remove one of them${path.at(-1) === "extraFlags" ? " (extraFlags included)" : ""}`,
  },
  {
    kind: "a port given twice",
    test: /^Duplicate port specification/,
    advice: () => "this container forwards that host port twice (forwardPorts and a --port of extraFlags, say): keep one",
  },
  {
    kind: "unknown option",
    test: /unrecognized option|invalid option|is ambiguous|doesn't allow an argument|requires an argument/,
    advice: () => "remove it from extraFlags, or write it as systemd-nspawn 252 spells it (`systemd-nspawn --help`)",
  },
];

/** What to do about a refusal, from the table above; a plain fallback for a message no kind matches. */
export function advice(message: string, c: AdviceContext): string {
  for (const r of REFUSALS) if (r.test.test(message) && (r.when === undefined || r.when(c))) return r.advice(c);
  return `correct the value so that ${program(c.step.argv[0] ?? "")} takes it`;
}

/** The kinds of refusal the table knows (for the docs' list). */
export const refusalKinds = REFUSALS.map((r) => r.kind);

/** start-refused's message. */
export const refusedMessage = (step: Step, about: NspawnAbout | null | undefined, message: string, path: Path) =>
  `${runs(step, about)} → ${quote(message)}; ${advice(message, { step, path })}.`;

// ---------------------------------------------------------------- clashes

/** What a step claims that another container's state already holds, and what to do about it. */
export function claimOf(step: Step, about: NspawnAbout | null | undefined, message: string): { what: string; fix: string } {
  const argv = step.argv;
  if (program(argv[0] ?? "") === "ip") {
    const where = step.ns === "host" ? "the host's " : "";
    const target = after(step, "add");
    if (argv.includes("route") && target !== undefined) return { what: `${where}route to ${target}`, fix: "give each container its own address or network (a bare address routes only itself)" };
    if ((argv.includes("addr") || argv.includes("address")) && target !== undefined) return { what: `the address ${target.replace(/\/.*$/, "")}${step.ns === "host" ? " on the host" : ""}`, fix: "give each container its own address" };
    const name = after(step, "name") ?? after(step, "dev") ?? argv.at(-1);
    return { what: `${where}interface ${name}`, fix: "give each interface its own name" };
  }
  if (about?.option === "network-interface" || about?.option === "network-macvlan")
    return { what: `the host interface ${about.value} (moved into its namespace)`, fix: "give each container its own interface, or put macvlans on one that no container moves" };
  if (about?.option === "network-veth-extra") return { what: `the host interface ${about.value}`, fix: "rename one of the interfaces" };
  const veth = /veth interfaces \(([^:)]+)/.exec(message);
  if (veth !== null) return { what: `the host interface ${veth[1]}`, fix: "rename one of the interfaces" };
  return { what: "what this step makes", fix: "change one of the two containers" };
}

/** start-clash's message for a step refused, or harmful, because of another container's state. */
export function stepClashMessage(step: Step, about: NspawnAbout | null | undefined, message: string | null, others: readonly string[]): string {
  const named = others.map((o) => formatPath(["containers", o])).join(" and ");
  if (message === null) {
    const name = after(step, "dev") ?? step.argv.at(-1);
    return `${runs(step)}, which deletes the interface ${name} that ${named} made: both use the host interface name ${name}, and whichever starts second takes it from the other. Rename one of the interfaces.`;
  }
  const { what, fix } = claimOf(step, about, message);
  return `${runs(step, about)} → ${quote(message)}: ${named} claims ${what} too, and whichever of the two starts second fails. ${fix[0]!.toUpperCase()}${fix.slice(1)}.`;
}

// ---------------------------------------------------------------- reachability

type Fails = Exclude<Reach, { ok: true } | { ok: "unknown" }>;

/** unreachable's message for a configured pair, from the directions that fail. */
export function pairMessage(container: string, host: string, local: string, onBridge: string | null, toContainer: Fails | null, toHost: Fails | null): string {
  const said = pairFacts(container, host, local, onBridge, toContainer, toHost);
  // hostAddress ↔ localAddress of different families: each option takes either, but no ping crosses families.
  return host.includes(":") === local.includes(":")
    ? said
    : `${said} The two ends are of different families (${host.includes(":") ? "IPv6" : "IPv4"} on the host, ${local.includes(":") ? "IPv6" : "IPv4"} in the container): give both ends of the pair one family, IPv6 in hostAddress6 and localAddress6.`;
}

function pairFacts(container: string, host: string, local: string, onBridge: string | null, toContainer: Fails | null, toHost: Fails | null): string {
  const hostEnd = `the host's ${host}${onBridge === null ? "" : ` (on ${onBridge})`}`;
  const there = `a ping from the host to ${container}'s ${local}`;
  const back = `a ping from ${container} to ${hostEnd}`;
  if (toContainer !== null && toHost !== null)
    return toContainer.reason === toHost.reason
      ? `neither ${there} nor ${back} gets an answer: ${toContainer.reason}.`
      : `${there} gets no answer: ${toContainer.reason}; nor does ${back}: ${toHost.reason}.`;
  return toContainer !== null ? `${there} gets no answer (the other way works): ${toContainer.reason}.` : `${back} gets no answer (the other way works): ${toHost!.reason}.`;
}

/** A forwarded port: how the start script hands it to systemd-nspawn. */
export interface ForwardedPort {
  protocol: string;
  hostPort: number;
  containerPort: number;
}

/** "the start script runs `systemd-nspawn … --port=tcp:8080:80 …`" */
const forwards = (p: ForwardedPort) => `${PHASES.start} runs \`${nspawnCommand({ option: "port", value: `${p.protocol}:${p.hostPort}:${p.containerPort}` })}\``;

/** unreachable's message for a forwarded port, from the families in which it fails (IPv4 first), each with its reason. */
export function forwardMessage(container: string, port: ForwardedPort, fails: readonly { family: 4 | 6; reason: string }[]): string {
  const [first, ...rest] = fails;
  const more = rest.map((f) => `; nor does one over IPv${f.family}: ${f.reason}`).join("");
  return `${forwards(port)}, but a ${port.protocol} connection to the host's port ${port.hostPort} over IPv${first!.family} never reaches ${container}: ${first!.reason}${more}.`;
}

/** start-clash's message for a host port two containers forward (the reason quotes what nspawn logs). */
export const forwardClashMessage = (other: string, port: ForwardedPort, reason: string) =>
  `${forwards(port)}: ${formatPath(["containers", other])} forwards the host's ${port.protocol} port ${port.hostPort} too; ${reason}. Whichever of the two starts second never gets the port; give each container its own hostPort.`;

/** unreachable's message for the forwards of a container without a private network whose host port is not its own. */
export const forwardWithoutNetworkMessage = (container: string, ports: readonly ForwardedPort[]) =>
  `${ports.map((p) => `${p.protocol} ${p.hostPort} → ${p.containerPort}`).join(", ")}: a connection to the host's port never reaches ${container}'s, since systemd-nspawn is given no --port for a container that shares the host's network.`;

/** unreachable's message for a forward of a container with a private network but no address pair. */
export const forwardWithoutPairMessage = (container: string, port: ForwardedPort) =>
  `${forwards(port)}, but a ${port.protocol} connection to the host's port ${port.hostPort} never reaches ${container}: it has no address pair (hostAddress with localAddress, or hostAddress6 with localAddress6, or a hostBridge with a localAddress) for the connection to be forwarded to and answered through. Give it both ends of one.`;

/** start-clash's message for a pair that another container's address or route takes away. */
export const pairClashMessage = (others: readonly string[], host: string, local: string, reason: string) =>
  `${local} ↔ ${host} is taken by ${others.map((o) => formatPath(["containers", o])).join(" and ")}: ${reason}. Give each container its own addresses.`;
