/**
 * systemd-nspawn 252's command line, read as its parse_argv and
 * verify_arguments read it (src/nspawn/nspawn.c): the whole option table
 * (which options take a value, which may take one), the value parsers the
 * units' options reach (machine name, network options and interface names,
 * --port, --bind/--bind-ro, --tmpfs, --capability, --private-users,
 * --network-veth-extra, --link-journal, --kill-signal, --setenv, booleans)
 * with nspawn's messages, then the options it refuses together. A value of an
 * option whose parser is not modelled is listed in `unjudged`, never guessed.
 * Everything nspawn does on the host comes after, in nspawn-setup.ts.
 */
import { CAPABILITIES } from "../validate/capabilities.js";
import { getoptLong, ReadOptions, shortOptions, type HasArg, type LongOption } from "./getopt.js";
import { utf8Length } from "./kernel.js";
import type { Mount, PortSpec } from "./state.js";

/** The long options of nspawn 252, in its table's order (the order glibc lists ambiguous prefixes in). */
const TABLE: readonly [string, HasArg, string?][] = [
  ["help", "no", "h"], ["version", "no"], ["directory", "required", "D"], ["template", "required"], ["ephemeral", "no", "x"],
  ["user", "required", "u"], ["private-network", "no"], ["as-pid2", "no", "a"], ["boot", "no", "b"], ["uuid", "required"],
  ["read-only", "no"], ["capability", "required"], ["ambient-capability", "required"], ["drop-capability", "required"],
  ["no-new-privileges", "required"], ["link-journal", "required"], ["bind", "required"], ["bind-ro", "required"], ["tmpfs", "required"],
  ["overlay", "required"], ["overlay-ro", "required"], ["inaccessible", "required"], ["machine", "required", "M"], ["hostname", "required"],
  ["slice", "required", "S"], ["setenv", "required", "E"], ["selinux-context", "required", "Z"], ["selinux-apifs-context", "required", "L"],
  ["quiet", "no", "q"], ["share-system", "no"], ["register", "required"], ["keep-unit", "no"], ["network-interface", "required"],
  ["network-macvlan", "required"], ["network-ipvlan", "required"], ["network-veth", "no", "n"], ["network-veth-extra", "required"],
  ["network-bridge", "required"], ["network-zone", "required"], ["network-namespace-path", "required"], ["personality", "required"],
  ["image", "required", "i"], ["volatile", "optional"], ["port", "required", "p"], ["property", "required"], ["private-users", "optional"],
  ["private-users-chown", "optional"], ["private-users-ownership", "required"], ["kill-signal", "required"], ["settings", "required"],
  ["chdir", "required"], ["pivot-root", "required"], ["notify-ready", "required"], ["root-hash", "required"], ["root-hash-sig", "required"],
  ["verity-data", "required"], ["system-call-filter", "required"], ["rlimit", "required"], ["oom-score-adjust", "required"],
  ["cpu-affinity", "required"], ["resolv-conf", "required"], ["timezone", "required"], ["console", "required"], ["pipe", "no"],
  ["oci-bundle", "required"], ["no-pager", "no"], ["set-credential", "required"], ["load-credential", "required"], ["bind-user", "required"],
  ["suppress-sync", "required"],
];
export const NSPAWN_OPTIONS: readonly LongOption[] = TABLE.map(([name, hasArg, short]) => (short === undefined ? { name, hasArg } : { name, hasArg, short }));
/** nspawn's optstring: the short options (`-j` is `--link-journal=try-guest`, `-U` is `--private-users=pick`, `-P` is `--pipe`). */
const SHORTS = shortOptions("+hD:u:abL:M:jS:Z:qi:xp:nUE:P");
const SHORT_ONLY: Record<string, string> = { j: "-j", U: "-U", P: "pipe" };

export interface PrivateUsers {
  mode: "no" | "fixed" | "pick";
  /** The first UID of the range (null: read from the tree's owner, or picked). */
  shift: number | null;
  range: number;
}

/** What nspawn was told, as far as the replay uses it. */
export interface NspawnArgs {
  machine: string | null;
  directory: string | null;
  image: string | null;
  template: string | null;
  ephemeral: boolean;
  startMode: "pid1" | "boot" | "pid2";
  privateNetwork: boolean;
  networkVeth: boolean;
  networkBridge: string | null;
  networkZone: string | null;
  /** --network-veth-extra pairs: [host side, container side]. */
  vethExtra: [string, string][];
  interfaces: string[];
  macvlans: string[];
  ipvlans: string[];
  netnsPath: string | null;
  ports: PortSpec[];
  mounts: Mount[];
  users: PrivateUsers;
  ownership: "off" | "chown" | "map" | "auto" | null;
  linkJournal: { mode: "no" | "auto" | "guest" | "host"; try: boolean };
  register: boolean;
  keepUnit: boolean;
  readOnly: boolean;
  volatile: boolean;
  /** Capabilities kept beyond the default set, and dropped ones (names; `all`). */
  capabilities: string[];
  dropped: string[];
  ambient: string[];
  bindUsers: string[];
  /** Options whose values the model does not read (value parsers not modelled). */
  unjudged: string[];
  /** The command and its arguments after the options. */
  command: string[];
}

/** The option a refusal is about (its long name, or the short one's name in the table below) and its value; null for getopt's own refusals. */
export interface NspawnAbout {
  option: string;
  value: string | null;
}

export type ParseResult = { ok: true; args: NspawnArgs } | { ok: false; message: string; about: NspawnAbout | null } | { ok: "notModelled"; reason: string };

class Refuse {
  constructor(
    readonly message: string,
    /** For verify_arguments' refusals: the option the refusal names first. */
    readonly option?: string,
  ) {}
}
class Unmodelled {
  constructor(readonly reason: string) {}
}
const refuse = (message: string, option?: string): never => {
  throw new Refuse(message, option);
};
const unmodelled = (reason: string): never => {
  throw new Unmodelled(reason);
};

// Value parsers (systemd's parse-util, socket-util, hostname-util, extract-word).

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const WHITESPACE = " \t\n\r";

/** parse_boolean: 1/yes/y/true/t/on and 0/no/n/false/f/off, any case. */
export function parseBoolean(v: string): boolean | null {
  const l = v.toLowerCase();
  if (["1", "yes", "y", "true", "t", "on"].includes(l)) return true;
  if (["0", "no", "n", "false", "f", "off"].includes(l)) return false;
  return null;
}

/** safe_atou_full with base 10 and the given refusals: the number, or the errno it fails with. */
function safeAtou(s: string, opts: { noWhitespace?: boolean; noSign?: boolean; noLeadingZero?: boolean }, max: number): number | "EINVAL" | "ERANGE" {
  if (opts.noWhitespace && s !== "" && WHITESPACE.includes(s[0]!)) return "EINVAL";
  let t = s !== "" && WHITESPACE.includes(s[0]!) ? s.replace(/^[ \t\n\r]+/, "") : s;
  if (opts.noSign && (t[0] === "+" || t[0] === "-")) return "EINVAL";
  if (opts.noLeadingZero && t[0] === "0" && t !== "0") return "EINVAL";
  let neg = false;
  if (t[0] === "+" || t[0] === "-") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  if (!/^[0-9]+$/.test(t)) return "EINVAL";
  const v = Number(t);
  if (neg && v !== 0) return "ERANGE";
  return v > max ? "ERANGE" : v;
}

const ERRNO_TEXT = { EINVAL: "Invalid argument", ERANGE: "Numerical result out of range" } as const;

/** parse_ip_port: 1-65535, no leading whitespace. */
const parsePort = (s: string): number | "EINVAL" | "ERANGE" => {
  const v = safeAtou(s, { noWhitespace: true }, 65535);
  return v === 0 ? "EINVAL" : v;
};

/** ifname_valid: 1-15 ASCII bytes above space, no `:`, `/` or `%`, not `.`/`..`, `all` or `default`, not all digits. */
export function ifnameValid(p: string): boolean {
  if (p === "" || /^[0-9]+$/.test(p)) return false;
  if (utf8Length(p) >= 16 || p === "." || p === ".." || p === "all" || p === "default") return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= 32 || c >= 127 || c === 0x3a || c === 0x2f || c === 0x25) return false;
  }
  return true;
}

/** hostname_is_valid(s, 0): labels of letters, digits, `-` and `_`? No: letters, digits and `-` (not at a label's ends), dots between labels, at most 64 bytes. */
export function hostnameValid(s: string): boolean {
  if (s === "" || s === ".host") return false;
  let dot = true;
  let hyphen = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (dot || hyphen) return false;
      dot = true;
      hyphen = false;
    } else if (c === 0x2d) {
      if (dot) return false;
      dot = false;
      hyphen = true;
    } else {
      // Letters and digits, ASCII only.
      if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) return false;
      dot = false;
      hyphen = false;
    }
  }
  if (dot || hyphen) return false;
  return utf8Length(s) <= 64;
}

/**
 * extract_first_word for the flags the parsers here use: `separators`, and
 * `dontCoalesce` (EXTRACT_DONT_COALESCE_SEPARATORS). A backslash takes the
 * next character as it is; a trailing one fails. Returns the word and the
 * rest (null at the end), null when there is no word, or "einval".
 */
export function extractFirstWord(p: string | null, separators: string, dontCoalesce: boolean): { word: string; rest: string | null } | null | "einval" {
  if (p === null) return null;
  if (p.indexOf("\\") === -1) return plainFirstWord(p, separators, dontCoalesce);
  let i = 0;
  if (!dontCoalesce) {
    while (i < p.length && separators.includes(p[i]!)) i++;
    if (i >= p.length) return null;
  }
  let word = "";
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      if (i + 1 >= p.length) return "einval";
      word += p[++i];
      continue;
    }
    if (separators.includes(c)) {
      if (dontCoalesce) return { word, rest: p.slice(i + 1) };
      let j = i;
      while (j < p.length && separators.includes(p[j]!)) j++;
      return { word, rest: j >= p.length ? null : p.slice(j) };
    }
    word += c;
  }
  return { word, rest: null };
}

/** extractFirstWord of a text without a backslash: the word is a slice of it. */
function plainFirstWord(p: string, separators: string, dontCoalesce: boolean): { word: string; rest: string | null } | null {
  if (dontCoalesce && separators.length === 1) {
    // One separator, each a word's end (`:` in paths): found by indexOf.
    const j = p.indexOf(separators);
    return j === -1 ? { word: p, rest: null } : { word: p.slice(0, j), rest: p.slice(j + 1) };
  }
  let i = 0;
  if (!dontCoalesce) {
    while (i < p.length && separators.includes(p[i]!)) i++;
    if (i >= p.length) return null;
  }
  let j = i;
  while (j < p.length && !separators.includes(p[j]!)) j++;
  if (j >= p.length) return { word: i === 0 ? p : p.slice(i), rest: null };
  if (dontCoalesce) return { word: p.slice(i, j), rest: p.slice(j + 1) };
  let k = j;
  while (k < p.length && separators.includes(p[k]!)) k++;
  return { word: p.slice(i, j), rest: k >= p.length ? null : p.slice(k) };
}

/** The word's syscall-style error for a parser failure (%m). */
const EINVAL = "Invalid argument";

function bindMount(value: string, readOnly: boolean, into: Mount[], cwd: string): void {
  const fail = () => refuse(`Failed to parse --bind(-ro)= argument ${value}: ${EINVAL}`);
  const first = extractFirstWord(value, ":", true);
  if (first === "einval" || first === null) return fail();
  const source = first.word;
  let destination: string;
  let options: string | null = null;
  const second = extractFirstWord(first.rest, ":", true);
  if (second === "einval") return fail();
  if (second === null) destination = source.startsWith("+") ? source.slice(1) : source;
  else {
    destination = second.word;
    if (second.rest !== null && second.rest !== "") options = second.rest;
  }
  let src: string | null = null;
  if (source !== "") {
    if (source.startsWith("+")) {
      if (!source.slice(1).startsWith("/")) return fail();
      src = source;
    } else src = source.startsWith("/") ? source : `${cwd}/${source}`;
  }
  if (!destination.startsWith("/")) return fail();
  into.push({ kind: readOnly ? "bind-ro" : "bind", source: src, destination, options: options ?? "" });
}

function tmpfsMount(value: string, into: Mount[]): void {
  const first = extractFirstWord(value, ":", true);
  if (first === "einval" || first === null || !first.word.startsWith("/")) return refuse(`Failed to parse --tmpfs= argument ${value}: ${EINVAL}`);
  into.push({ kind: "tmpfs", source: null, destination: first.word, options: first.rest === null || first.rest === "" ? "mode=0755" : first.rest });
}

/** The capabilities by their names in lower case (nspawn reads them in any case). */
const CAPABILITY_NAMES = new Map(CAPABILITIES.map((c) => [c.toLowerCase(), c]));

/** parse_capability_spec: comma-separated names (any case, with CAP_), numbers below 64, or `all`. */
function capabilities(value: string): string[] {
  const out: string[] = [];
  let p: string | null = value;
  for (;;) {
    const r = extractFirstWord(p, ",", false);
    if (r === "einval") return refuse(`Failed to parse capability ${p}.`);
    if (r === null) break;
    p = r.rest;
    if (r.word === "help") unmodelled("--capability=help prints the list and exits");
    if (r.word === "all") {
      out.push("all");
      continue;
    }
    const n = /^[ \t\n\r]*[+-]?(0x[0-9a-fA-F]+|[0-9]+)$/.test(r.word) ? Number(r.word.trim()) : null;
    if (n !== null) {
      if (!(n >= 0 && n < 64)) refuse(`Failed to parse capability ${r.word}.`);
      out.push(CAPABILITIES[n] ?? String(n));
      continue;
    }
    const name = CAPABILITY_NAMES.get(r.word.toLowerCase());
    if (name === undefined) refuse(`Failed to parse capability ${r.word}.`);
    out.push(name!);
  }
  return out;
}

/** expose_port_parse: `[tcp:|udp:]HOST[:CONTAINER]`; anything else before the first `:` is taken as the host port. */
function port(value: string, into: PortSpec[]): void {
  let protocol: "tcp" | "udp" = "tcp";
  let e = value;
  if (value.startsWith("tcp:")) e = value.slice(4);
  else if (value.startsWith("udp:")) {
    protocol = "udp";
    e = value.slice(4);
  }
  const split = e.indexOf(":");
  // A bad host port is EINVAL whatever parse_ip_port said; a bad container port (or the only one) keeps its errno.
  const host = split === -1 ? null : parsePort(e.slice(0, split));
  if (typeof host === "string") refuse(`Failed to parse host port ${value}: ${ERRNO_TEXT.EINVAL}`);
  const container = parsePort(split === -1 ? e : e.slice(split + 1));
  if (typeof container === "string") refuse(`Failed to parse host port ${value}: ${ERRNO_TEXT[container]}`);
  const hostPort = (host as number | null) ?? (container as number);
  if (into.some((p) => p.protocol === protocol && p.hostPort === hostPort)) refuse(`Duplicate port specification: ${value}`);
  into.push({ protocol, hostPort, containerPort: container as number });
}

/** --private-users=: no/yes (booleans, not digits), pick, identity, or UID[:RANGE]. */
function privateUsers(value: string | null): PrivateUsers {
  if (value === null) return { mode: "fixed", shift: null, range: 0x10000 };
  const b = /^[0-9]+$/.test(value) ? null : parseBoolean(value);
  if (b === false) return { mode: "no", shift: null, range: 0x10000 };
  if (b === true) return { mode: "fixed", shift: null, range: 0x10000 };
  if (value === "pick") return { mode: "pick", shift: null, range: 0x10000 };
  if (value === "identity") return { mode: "fixed", shift: 0, range: 0x10000 };
  const colon = value.indexOf(":");
  let range = 0x10000;
  const shiftText = colon === -1 ? value : value.slice(0, colon);
  if (colon !== -1) {
    const r = safeAtou(value.slice(colon + 1), {}, 0xffffffff);
    if (typeof r === "string") refuse(`Failed to parse UID range "${value.slice(colon + 1)}": ${ERRNO_TEXT[r]}`);
    range = r as number;
  }
  const shift = safeAtou(shiftText, { noWhitespace: true, noSign: true, noLeadingZero: true }, 0xffffffff);
  if (typeof shift === "string") refuse(`Failed to parse UID "${value}": ${ERRNO_TEXT[shift]}`);
  if (shift === 0xffffffff || shift === 0xffff) refuse(`Failed to parse UID "${value}": No such device or address`);
  if (range === 0 || (shift as number) + range > 0xffffffff) refuse("UID range cannot be empty or go beyond 4294967295.");
  return { mode: "fixed", shift: shift as number, range };
}

/** --network-veth-extra=HOST[:CONTAINER]: both interface names; a missing or bad container name is the host name. */
function vethExtra(value: string, into: [string, string][]): void {
  const fail = () => refuse(`Failed to parse --network-veth-extra= parameter: ${value}`);
  const a = extractFirstWord(value, ":", true);
  if (a === "einval" || a === null || !ifnameValid(a.word)) return fail();
  const b = extractFirstWord(a.rest, ":", true);
  if (b === "einval") return fail();
  const peer = b === null || !ifnameValid(b.word) ? a.word : b.word;
  if (b !== null && b.rest !== null) return fail();
  into.push([a.word, peer]);
}

/** signal_from_string for --kill-signal: a number 1-64, or a name with or without SIG, or RTMIN+n / RTMAX-n. */
function signalValid(s: string): boolean {
  if (/^[ \t\n\r]*[+-]?[0-9]+$/.test(s)) {
    const n = Number(s.trim());
    return n >= 1 && n <= 64;
  }
  const t = s.startsWith("SIG") ? s.slice(3) : s;
  const names = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"];
  if (names.includes(t)) return true;
  const m = /^RTMIN(?:\+([0-9]+))?$/.exec(t) ?? /^RTMAX(?:-([0-9]+))?$/.exec(t);
  return m !== null && (m[1] === undefined || Number(m[1]) <= 30);
}

/** The arguments' values the model reads; options whose values it does not read go to `unjudged`. */
function empty(): NspawnArgs {
  return {
    machine: null, directory: null, image: null, template: null, ephemeral: false, startMode: "pid1", privateNetwork: false, networkVeth: false,
    networkBridge: null, networkZone: null, vethExtra: [], interfaces: [], macvlans: [], ipvlans: [], netnsPath: null, ports: [], mounts: [],
    users: { mode: "no", shift: null, range: 0x10000 }, ownership: null, linkJournal: { mode: "auto", try: false }, register: true, keepUnit: false,
    readOnly: false, volatile: false, capabilities: [], dropped: [], ambient: [], bindUsers: [], unjudged: [], command: [],
  };
}

/** Options that only set a flag the replay does not use, or take any value. */
const ANY_VALUE = new Set(["user", "slice", "selinux-context", "selinux-apifs-context", "property", "oci-bundle", "verity-data"]);
/** Options whose value nspawn parses with a parser the model does not have. */
const VALUE_NOT_MODELLED = new Set([
  "uuid", "overlay", "overlay-ro", "inaccessible", "volatile", "settings", "pivot-root", "root-hash", "root-hash-sig", "system-call-filter",
  "rlimit", "oom-score-adjust", "cpu-affinity", "resolv-conf", "timezone", "set-credential", "load-credential",
]);

/**
 * What udev says of an interface nspawn is to move in or put a macvlan on:
 * with udev on the host (a rw /sys), nspawn 252 checks it while parsing
 * (test_network_interface_initialized); without, it finds out only at setup.
 */
export type UdevView = (name: string) => "ok" | "missing" | "uninitialized" | "unknown";

export interface ParseOptions {
  /** The working directory, for relative paths. */
  cwd?: string;
  /** udev's view of the host's interfaces; absent: the host has no udev (as in the boot harness). */
  udev?: UdevView;
}

function udevCheck(name: string, udev: UdevView | undefined): void {
  if (udev === undefined) return;
  const v = udev(name);
  if (v === "missing") refuse(`Failed to get device ${name}: No such device`);
  if (v === "uninitialized") refuse(`Network interface ${name} is not initialized yet.`);
  if (v === "unknown") unmodelled(`whether the host has an interface "${name}"`);
}

/** --link-journal's modes by name (the booleans aside), each one frozen object that every parse shares. */
const JOURNAL_MODES: ReadonlyMap<string, NspawnArgs["linkJournal"]> = new Map(
  (
    [
      ["auto", { mode: "auto", try: false }], ["guest", { mode: "guest", try: false }], ["host", { mode: "host", try: false }],
      ["try-guest", { mode: "guest", try: true }], ["try-host", { mode: "host", try: true }],
    ] as const
  ).map(([name, m]) => [name, Object.freeze({ ...m })]),
);

/** A path nspawn makes absolute from the working directory; null for an empty one. */
const absolute = (p: string, cwd: string) => (p === "" ? null : p.startsWith("/") ? p : `${cwd}/${p}`);

function apply(a: NspawnArgs, name: string, value: string | null, cwd: string, udev: UdevView | undefined): void {
  const v = value ?? "";
  switch (name) {
    case "help":
    case "version":
      return unmodelled(`--${name} makes nspawn print and exit`);
    case "directory":
      a.directory = absolute(v, cwd);
      return;
    case "template":
      a.template = absolute(v, cwd);
      return;
    case "image":
      a.image = absolute(v, cwd);
      return;
    case "ephemeral":
      a.ephemeral = true;
      return;
    case "network-zone":
      if (!ifnameValid(`vz-${v}`)) refuse(`Network zone name not valid: vz-${v}`);
      a.networkZone = `vz-${v}`;
      a.networkVeth = a.privateNetwork = true;
      return;
    case "network-bridge":
      if (!ifnameValid(v)) refuse(`Bridge interface name not valid: ${v}`);
      a.networkBridge = v;
      a.networkVeth = a.privateNetwork = true;
      return;
    case "network-veth":
      a.networkVeth = a.privateNetwork = true;
      return;
    case "network-veth-extra":
      vethExtra(v, a.vethExtra);
      a.privateNetwork = true;
      return;
    case "network-interface":
      if (!ifnameValid(v)) refuse(`Network interface name not valid: ${v}`);
      udevCheck(v, udev);
      a.interfaces.push(v);
      a.privateNetwork = true;
      return;
    case "network-macvlan":
      if (!ifnameValid(v)) refuse(`MACVLAN network interface name not valid: ${v}`);
      udevCheck(v, udev);
      a.macvlans.push(v);
      a.privateNetwork = true;
      return;
    case "network-ipvlan":
      if (!ifnameValid(v)) refuse(`IPVLAN network interface name not valid: ${v}`);
      udevCheck(v, udev);
      a.ipvlans.push(v);
      a.privateNetwork = true;
      return;
    case "private-network":
      a.privateNetwork = true;
      return;
    case "network-namespace-path":
      a.netnsPath = absolute(v, cwd);
      return;
    case "boot":
      if (a.startMode === "pid2") refuse("--boot and --as-pid2 may not be combined.");
      a.startMode = "boot";
      return;
    case "as-pid2":
      if (a.startMode === "boot") refuse("--boot and --as-pid2 may not be combined.");
      a.startMode = "pid2";
      return;
    case "machine":
      if (v === "") a.machine = null;
      else {
        if (!hostnameValid(v)) refuse(`Invalid machine name: ${v}`);
        a.machine = v;
      }
      return;
    case "hostname":
      if (v !== "" && !hostnameValid(v)) refuse(`Invalid hostname: ${v}`);
      return;
    case "read-only":
      a.readOnly = true;
      return;
    case "capability":
      a.capabilities.push(...capabilities(v));
      return;
    case "drop-capability":
      a.dropped.push(...capabilities(v));
      return;
    case "ambient-capability":
      a.ambient.push(...capabilities(v));
      return;
    case "no-new-privileges":
      if (parseBoolean(v) === null) refuse(`Failed to parse --no-new-privileges= argument: ${v}`);
      return;
    case "-j":
      a.linkJournal = { mode: "guest", try: true };
      return;
    case "link-journal": {
      const b = parseBoolean(v);
      const m = JOURNAL_MODES.get(v) ?? (b === null ? null : { mode: b ? "auto" : "no", try: false } as NspawnArgs["linkJournal"]);
      if (m === null) refuse(`Failed to parse link journal mode ${v}`);
      a.linkJournal = m!;
      return;
    }
    case "bind":
    case "bind-ro":
      bindMount(v, name === "bind-ro", a.mounts, cwd);
      return;
    case "tmpfs":
      tmpfsMount(v, a.mounts);
      return;
    case "setenv": {
      const eq = v.indexOf("=");
      const key = eq === -1 ? v : v.slice(0, eq);
      if (key === "" || isDigit(key[0]) || !/^[A-Za-z0-9_]+$/.test(key)) refuse(`Cannot assign environment variable ${v}: ${EINVAL}`);
      return;
    }
    case "quiet":
    case "share-system":
    case "no-pager":
      return;
    case "register": {
      const b = parseBoolean(v);
      if (b === null) refuse(`Failed to parse --register= argument: ${v}`);
      a.register = b!;
      return;
    }
    case "keep-unit":
      a.keepUnit = true;
      return;
    case "personality":
      // An x86-64 host: its own ABI and the 32-bit one.
      if (v !== "x86-64" && v !== "x86") refuse(`Unknown or unsupported personality '${v}'.`);
      return;
    case "port":
      port(v, a.ports);
      return;
    case "private-users":
      a.users = privateUsers(value);
      return;
    case "-U":
      a.users = { mode: "pick", shift: null, range: 0x10000 };
      return;
    case "private-users-chown":
      a.ownership = "chown";
      return;
    case "private-users-ownership":
      if (v === "help") unmodelled("--private-users-ownership=help prints the list and exits");
      if (!["off", "chown", "map", "auto"].includes(v)) refuse(`Cannot parse --user-namespace-ownership= value: ${v}`);
      a.ownership = v as NspawnArgs["ownership"];
      return;
    case "kill-signal":
      if (v === "help") unmodelled("--kill-signal=help prints the list and exits");
      if (!signalValid(v)) refuse(`Cannot parse signal: ${v}`);
      return;
    case "chdir":
      if (!v.startsWith("/")) refuse(`Working directory ${v} is not an absolute path.`);
      return;
    case "notify-ready":
      if (parseBoolean(v) === null) refuse(`${v} is not a valid notify mode. Valid modes are: yes, no, and ready.`);
      return;
    case "console":
      if (v === "help") unmodelled("--console=help prints the list and exits");
      if (!["interactive", "read-only", "passive", "pipe", "autopipe"].includes(v)) refuse(`Unknown console mode: ${v}`);
      return;
    case "pipe":
      return;
    case "bind-user":
      a.bindUsers.push(v);
      a.unjudged.push(name);
      return;
    case "suppress-sync":
      if (parseBoolean(v) === null) refuse(`Failed to parse --suppress-sync= argument: ${v}`);
      return;
    default:
      if (ANY_VALUE.has(name)) return;
      if (VALUE_NOT_MODELLED.has(name)) {
        a.unjudged.push(name);
        if (name === "volatile") a.volatile = value !== "no";
        return;
      }
      throw new Error(`nspawn option --${name} has no handler`);
  }
}

/** verify_arguments' refusals of options together, in nspawn's order (the ones a system unit can meet). */
function verify(a: NspawnArgs): void {
  if (a.directory !== null && a.image !== null) refuse("--directory= and --image= may not be combined.", "directory");
  if (a.template !== null && a.image !== null) refuse("--template= and --image= may not be combined.", "template");
  if (a.template !== null && a.directory === null && a.machine === null) refuse("--template= needs --directory= or --machine=.", "template");
  if (a.ephemeral && a.template !== null) refuse("--ephemeral and --template= may not be combined.", "ephemeral");
  if (a.ephemeral && (a.linkJournal.mode === "guest" || a.linkJournal.mode === "host") && !a.linkJournal.try)
    refuse("--ephemeral and --link-journal={host,guest} may not be combined.", "ephemeral");
  const ownership = a.ownership ?? (a.users.mode === "pick" ? "auto" : "off");
  const readOnly = a.readOnly || a.volatile || a.mounts.some((m) => m.destination === "/");
  if (ownership === "chown" && readOnly) refuse("--read-only and --private-users-ownership=chown may not be combined.", "private-users-ownership");
  if (ownership === "chown" && a.volatile) refuse("--volatile= and --private-users-ownership=chown may not be combined.", "private-users-ownership");
  if (a.netnsPath !== null && (a.interfaces.length > 0 || a.macvlans.length > 0 || a.ipvlans.length > 0 || a.vethExtra.length > 0 || a.networkBridge !== null || a.networkZone !== null || a.networkVeth))
    refuse("--network-namespace-path= cannot be combined with other network options.", "network-namespace-path");
  if (a.networkBridge !== null && a.networkZone !== null) refuse("--network-bridge= and --network-zone= may not be combined.", "network-bridge");
  if (a.ports.length > 0 && !a.privateNetwork) refuse("Cannot use --port= without private networking.", "port");
  if (a.ambient.length > 0) unmodelled("--ambient-capability");
  if (a.users.mode === "no" && a.bindUsers.length > 0) refuse("--bind-user= requires --private-users", "bind-user");
  for (let i = 0; i < a.mounts.length; i++) {
    const m = a.mounts[i]!;
    if (m.destination === "/" && a.users.mode !== "no") {
      if (ownership !== "off") refuse(`--private-users-ownership=${ownership} may not be combined with custom root mounts.`, "private-users-ownership");
      if (a.users.shift === null) refuse("--private-users with automatic UID shift may not be combined with custom root mounts.", "private-users");
    }
  }
}

/** The options of the command line being parsed (parseNspawn is not re-entered while it runs). */
const read = new ReadOptions();

/** Parses nspawn's argv (argv[0] is the program as invoked; its getopt messages start with it). */
export function parseNspawn(argv: readonly string[], options: ParseOptions = {}): ParseResult {
  const rest = getoptLong(argv, NSPAWN_OPTIONS, SHORTS, read);
  if (typeof rest === "string") return { ok: false, message: rest, about: null };
  const a = empty();
  const cwd = options.cwd ?? "/";
  const { names, values, count } = read;
  // The option being applied, for a refusal about it.
  let at = -1;
  try {
    for (let i = 0; i < count; i++) {
      at = i;
      apply(a, SHORT_ONLY[names[i]!] ?? names[i]!, values[i]!, cwd, options.udev);
    }
    at = -1;
    a.command = argv.slice(rest);
    verify(a);
  } catch (e) {
    if (e instanceof Refuse) return { ok: false, message: e.message, about: e.option !== undefined ? { option: e.option, value: null } : at === -1 ? null : { option: SHORT_ONLY[names[at]!] ?? names[at]!, value: values[at]! } };
    if (e instanceof Unmodelled) return { ok: "notModelled", reason: e.reason };
    throw e;
  }
  return { ok: true, args: a };
}
