/**
 * `ip` (iproute2 6.1) read as it reads its arguments, applied to the kernel
 * model: the global options `-4`, `-6`, `-family` and `-n`/`-netns`, and the
 * commands the units run: `address add`, `route add`, `link set` (`dev`,
 * `name`, `address`, `master`, `nomaster`, `up`, `netns`), `link delete`,
 * and `link add` of veth pairs, bridges and dummies (for the tests'
 * setups). Keywords are matched as ip matches them (`matches()`: any prefix
 * of some keywords, in the order ip tries them, so `ip link set a up` reads
 * `a` as `address`). Anything else is answered "not modelled", never guessed.
 *
 * Exit statuses are ip's: 1 for a value it cannot read or a device it cannot
 * find, 255 for `invarg`/`duparg` and an incomplete line, 2 for a refusal
 * from the kernel.
 */
import { rtnetlinkMessage, type KernelError } from "./errors.js";
import { familyWord, getAddr1, getPrefix1, getUnsigned, zeroOf, type Family, type Inet, type InetPrefix } from "./inet.js";
import * as k from "./kernel.js";
import { Exit, notModelled, OK, refused, type Outcome } from "./outcome.js";
import { SCOPE_GLOBAL, SCOPE_HOST, type Link, type Netns, type Owner } from "./state.js";

export interface IpEnv {
  /** The namespace the command runs in. */
  ns: Netns;
  /** Named namespaces, for `-n NAME` and `netns NAME`. */
  named: (name: string) => Netns | undefined;
  /** Who the things the command makes belong to. */
  owner: Owner;
  /** Told of each link `ip link delete` deletes (the replay notes whose it was). */
  deleted?: (l: Link) => void;
}

/** iproute2's matches(): the word is a prefix of the keyword (the empty word matches everything). */
export const matches = (word: string, keyword: string) => keyword.startsWith(word);

/**
 * A list of keywords that ip tries in its order (`true`: any prefix of it
 * matches, as matches(); `false`: only the word itself), made a table from
 * each word to the first keyword it stands for, so that reading a word is
 * one lookup.
 */
function keywordTable(words: readonly (readonly [string, boolean])[]): ReadonlyMap<string, string> {
  const m = new Map<string, string>();
  for (const [kw, prefix] of words) {
    if (!prefix) {
      if (!m.has(kw)) m.set(kw, kw);
      continue;
    }
    for (let n = 0; n <= kw.length; n++) {
      const p = kw.slice(0, n);
      if (!m.has(p)) m.set(p, kw);
    }
  }
  return m;
}

const stop = (o: Outcome): never => {
  throw new Exit(o);
};
const nm = (reason: string): never => stop(notModelled(reason));
const fail = (status: number, message: string): never => stop(refused(status, message));
const kernelFail = (e: KernelError): never => fail(2, rtnetlinkMessage(e));
const incomplete = () => fail(255, 'Command line is not complete. Try option "help"');
const invarg = (msg: string, arg: string) => fail(255, `Error: argument "${arg}" is wrong: ${msg}`);
const duparg = (key: string, arg: string) => fail(255, `Error: duplicate "${key}": "${arg}" is the second value.`);
const duparg2 = (key: string, arg: string) => fail(255, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.`);
const noDevice = (d: string) => `Cannot find device "${d}"`;
const nodev = (d: string) => fail(1, noDevice(d));

/** The arguments left, with C's NEXT_ARG. */
class Args {
  constructor(
    private readonly argv: readonly string[],
    private i = 0,
  ) {}
  get done() {
    return this.i >= this.argv.length;
  }
  get cur(): string {
    return this.argv[this.i]!;
  }
  skip(): void {
    this.i++;
  }
  /** NEXT_ARG: moves to the next argument, or ends with "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) incomplete();
    return this.cur;
  }
}

/** get_prefix: the address with its length, or ip's "Error: … prefix is expected" (status 1). */
function getPrefix(arg: string, family: 0 | Family): InetPrefix {
  return getPrefix1(arg, family) ?? fail(1, `Error: ${familyWord(family)} prefix is expected rather than "${arg}".`);
}

/** get_addr: a bare address, or "Error: … address is expected" (status 1). */
function getAddr(arg: string, family: 0 | Family): InetPrefix {
  const a = getAddr1(arg, family);
  return a ?? fail(1, `Error: ${familyWord(family)} address is expected rather than "${arg}".`);
}

/** What ll_name_to_index finding no link by this name means: not modelled where the namespace's links are not all known or ip would read the name as an index, else null (no such link). */
function missingLink(ns: Netns, name: string): Outcome | null {
  if (!ns.known) return notModelled(`the interface "${name}" is not one the replay made, and the other interfaces of ${ns.label} are not known`);
  if (/^if[0-9]/.test(name)) return notModelled(`"${name}" names no interface, and ip would read it as an interface index`);
  return null;
}

/** ll_name_to_index: a link by name or altname in the namespace; names like `if3` would be read as an index. */
function lookupLink(env: IpEnv, ns: Netns, name: string): Link | null {
  const l = k.linkByName(ns, name);
  if (l !== undefined) return l;
  const why = missingLink(ns, name);
  return why === null ? null : stop(why);
}

/** Runs one `ip` command line (argv[0] is `ip`) in env.ns. */
export function runIp(argv: readonly string[], env: IpEnv): Outcome {
  try {
    return ip(new Args(argv, 1), env);
  } catch (e) {
    if (e instanceof Exit) return e.outcome;
    throw e;
  }
}

function ip(a: Args, env: IpEnv): Outcome {
  let family: 0 | Family = 0;
  let ns = env.ns;
  while (!a.done) {
    let opt = a.cur;
    if (opt === "--") {
      a.skip();
      break;
    }
    if (!opt.startsWith("-")) break;
    if (opt[1] === "-") opt = opt.slice(1);
    if (matches(opt, "-loops")) nm("ip -loops");
    else if (matches(opt, "-family")) {
      const f = a.next();
      if (f === "inet") family = 4;
      else if (f === "inet6") family = 6;
      else nm(`ip -family ${f}`);
    } else if (opt === "-4") family = 4;
    else if (opt === "-6") family = 6;
    else if (opt === "-0" || opt === "-M" || opt === "-B") nm(`ip ${opt}`);
    else if (["-human", "-human-readable", "-iec", "-stats", "-statistics", "-details", "-resolve", "-oneline", "-timestamp", "-tshort"].some((o) => matches(opt, o))) {
      // display only
    } else if (matches(opt, "-Version")) nm("ip -Version");
    else if (matches(opt, "-force")) {
      // batch mode only
    } else if (matches(opt, "-batch")) nm("ip -batch");
    else if (matches(opt, "-brief") || matches(opt, "-json") || matches(opt, "-pretty")) {
      // display only
    } else if (matches(opt, "-rcvbuf") || opt.startsWith("-c") || matches(opt, "-help")) nm(`ip ${opt}`);
    else if (matches(opt, "-netns")) {
      const name = a.next();
      const target = env.named(name);
      if (target === undefined) nm(`ip -n ${name}: a namespace the model does not have`);
      ns = target!;
    } else if (matches(opt, "-Numeric") || matches(opt, "-all") || opt === "-echo") nm(`ip ${opt}`);
    else fail(255, `Option "${opt}" is unknown, try "ip -help".`);
    a.skip();
  }
  if (a.done) nm("ip without a command prints its usage");
  const object = objectOf(a.cur);
  const here: IpEnv = ns === env.ns ? env : { ...env, ns };
  switch (object) {
    case "address":
      return address(a, here, family);
    case "route":
      return route(a, here, family);
    case "link":
      return link(a, here);
    case null:
      return fail(1, `Object "${a.cur}" is unknown, try "ip help".`);
    default:
      return nm(`ip ${object}`);
  }
}

/** ip's objects in the order it tries them (the first that the word is a prefix of wins). */
const OBJECTS = [
  "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable", "ntbl", "link", "l2tp", "fou", "ila", "macsec",
  "tunnel", "tunl", "tuntap", "tap", "token", "tcpmetrics", "tcp_metrics", "monitor", "xfrm", "mroute", "mrule", "netns", "netconf", "vrf",
  "sr", "nexthop", "mptcp", "ioam", "help", "stats",
];
const OBJECT_WORDS = keywordTable(OBJECTS.map((o) => [o, true] as const));
const objectOf = (word: string) => OBJECT_WORDS.get(word) ?? null;

/** The flags `ip addr` takes as words (lookup_flag_data_by_name). */
const ADDR_FLAGS = new Set(["secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"]);

function address(a: Args, env: IpEnv, family: 0 | Family): Outcome {
  a.skip();
  if (a.done) nm("ip address (list)");
  if (!matches(a.cur, "add")) nm(`ip address ${a.cur}`);
  a.skip();
  let dev: string | null = null;
  let local: InetPrefix | null = null;
  let fam = family;
  while (!a.done) {
    const w = a.cur;
    if (w === "peer" || w === "remote") nm("ip address add … peer");
    else if (matches(w, "broadcast") || w === "brd") nm("ip address add … broadcast");
    else if (w === "anycast" || w === "scope" || w === "label") nm(`ip address add … ${w}`);
    else if (w === "dev") dev = a.next();
    else if (matches(w, "metric") || matches(w, "priority") || matches(w, "preference") || matches(w, "valid_lft") || matches(w, "preferred_lft")) nm(`ip address add … ${w}`);
    else if (ADDR_FLAGS.has(w)) nm(`ip address add … ${w}`);
    else {
      let word = w;
      if (word === "local") word = a.next();
      if (matches(word, "help")) nm("ip address help");
      if (local !== null) duparg2("local", word);
      local = getPrefix(word, fam);
      if (fam === 0) fam = local.family;
    }
    a.skip();
  }
  if (dev === null) fail(1, 'Not enough information: "dev" argument is required.');
  if (local === null || local.family === 0) nm("ip address add without an address");
  const lcl = local!;
  const l = lookupLink(env, env.ns, dev!) ?? nodev(dev!);
  if (lcl.inet === null) nm(`ip address add ${lcl.word}`);
  const inet = lcl.inet!;
  const special = specialAddress(inet);
  if (special !== null) nm(`ip address add of ${special}`);
  if (l.kind === "loopback") nm("addresses on the loopback interface");
  const scope = inet.family === 4 && inet.w0 >>> 24 === 127 ? SCOPE_HOST : SCOPE_GLOBAL;
  const e = k.addAddr(l, inet, lcl.bitlen, scope, env.owner);
  return e === null ? OK : kernelFail(e);
}

/** Addresses whose kernel handling the model leaves out: IPv4 0/8, 127/8, multicast and above; IPv6 link-local, site-local, IPv4-mapped and -compatible. */
function specialAddress(a: Inet): string | null {
  const top = a.w0 >>> 24;
  if (a.family === 4) {
    if (top === 0) return "an address in 0.0.0.0/8";
    if (top === 127) return "a loopback address";
    if (top >= 224) return "a multicast or reserved address";
    return null;
  }
  if (a.w0 >>> 22 === 0x3fa) return "a link-local address";
  if (a.w0 >>> 22 === 0x3fb) return "a site-local address";
  // ::ffff:a.b.c.d, or ::a.b.c.d whose first three bytes are not all zero.
  if (a.w0 === 0 && a.w1 === 0 && (a.w2 === 0xffff || (a.w2 === 0 && a.w3 >>> 8 !== 0))) return "an IPv4-mapped or -compatible address";
  return null;
}

/** The route keywords ip tries before taking a word as the destination, in its order; `true` where any prefix of it matches. */
const ROUTE_WORDS: readonly [string, boolean][] = [
  ["src", false], ["as", false], ["via", false], ["from", false], ["tos", false], ["dsfield", true], ["expires", false], ["metric", true],
  ["priority", true], ["preference", false], ["scope", false], ["mtu", false], ["hoplimit", false], ["advmss", false], ["reordering", true],
  ["rtt", false], ["rto_min", false], ["window", true], ["cwnd", true], ["initcwnd", true], ["initrwnd", true], ["features", true],
  ["quickack", true], ["congctl", true], ["rttvar", true], ["ssthresh", true], ["realms", true], ["onlink", false], ["nexthop", false],
  ["nhid", false], ["protocol", true], ["table", true], ["vrf", true], ["dev", false], ["oif", false], ["pref", true], ["encap", false],
  ["ttl-propagate", false], ["fastopen_no_cookie", true],
];
const ROUTE_KEYWORDS = keywordTable(ROUTE_WORDS);
const routeWord = (w: string) => ROUTE_KEYWORDS.get(w) ?? null;

/** The route types rtnl_rtntype_a2n reads (some by any prefix). */
const ROUTE_TYPES = keywordTable([
  ["local", false], ["nat", false], ["brd", false], ["throw", false],
  ...["broadcast", "anycast", "multicast", "prohibit", "unreachable", "blackhole", "xresolve", "unicast"].map((t) => [t, true] as const),
]);

/** Whether rtnl_rtntype_a2n reads the word as a route type (some by any prefix, or a number up to 255). */
function routeType(w: string): boolean {
  if (ROUTE_TYPES.has(w)) return true;
  const n = getUnsigned(w, 0);
  return n !== null && n <= 255;
}

function route(a: Args, env: IpEnv, family: 0 | Family): Outcome {
  a.skip();
  if (a.done) nm("ip route (list)");
  if (!matches(a.cur, "add")) nm(`ip route ${a.cur}`);
  a.skip();
  let fam = family;
  let dev: string | null = null;
  let dst: InetPrefix | null = null;
  let gateway: InetPrefix | null = null;
  let metric: number | null = null;
  while (!a.done) {
    const w = a.cur;
    const kw = routeWord(w);
    if (kw === "via") {
      if (gateway !== null) invarg("use nexthop syntax to specify multiple via\n", w);
      const g = a.next();
      if (g === "inet" || g === "inet6" || g === "link" || g === "mpls" || g === "bridge") nm(`ip route add … via ${g}`);
      gateway = getAddr(g, fam);
      if (fam === 0) fam = gateway.family;
      if (gateway.family !== fam) nm("a gateway of another family (RTA_VIA)");
    } else if (kw === "metric" || kw === "priority" || kw === "preference") {
      const v = a.next();
      metric = getUnsigned(v, 0) ?? invarg('"metric" value is invalid\n', v);
    } else if (kw === "dev" || kw === "oif") dev = a.next();
    else if (kw !== null) nm(`ip route add … ${kw}`);
    else {
      let word = w;
      if (word === "to") word = a.next();
      const c = word.charCodeAt(0);
      if ((Number.isNaN(c) || c < 0x30 || c > 0x39) && routeType(word)) nm(`a route type (${word})`);
      if (matches(word, "help")) nm("ip route help");
      if (dst !== null) duparg2("to", word);
      dst = getPrefix(word, fam);
      if (fam === 0) fam = dst.family;
    }
    a.skip();
  }
  if (dst === null) nm("ip route add without a destination prints the usage");
  let link: Link | null = null;
  if (dev !== null) link = lookupLink(env, env.ns, dev) ?? nodev(dev);
  const f: Family = fam === 0 ? 4 : fam;
  const d = dst!;
  if (d.word === "any" || d.word === "all") nm(`a destination "${d.word}"`);
  const dstInet = d.inet !== null && d.inet.family === f ? d.inet : zeroOf(f);
  if (gateway === null && link === null) nm("a route with neither a device nor a gateway");
  if (link !== null && !env.ns.known && gateway !== null) nm("a gateway route on a host whose routes are not known");
  if (gateway !== null && gateway.inet === null) nm(`a gateway "${gateway.word}" without a family`);
  const e = k.addRoute(env.ns, { family: f, dst: dstInet, plen: d.bitlen, dev: link, gateway: gateway?.inet ?? null, metric: metric ?? (f === 4 ? 0 : 1024), owner: env.owner });
  return e === null ? OK : kernelFail(e);
}

/** The link keywords ip tries before taking a word as the device, in its order; `true` where any prefix of it matches. */
const LINK_WORDS: readonly [string, boolean][] = [
  ["up", false], ["down", false], ["name", false], ["index", false], ["link", true], ["address", true], ["broadcast", true], ["brd", false],
  ["txqueuelen", true], ["qlen", false], ["txqlen", true], ["mtu", false], ["xdpgeneric", false], ["xdpdrv", false], ["xdpoffload", false],
  ["xdp", false], ["netns", false], ["multicast", false], ["allmulticast", false], ["promisc", false], ["trailers", false], ["arp", false],
  ["carrier", false], ["vf", false], ["master", true], ["vrf", false], ["nomaster", true], ["dynamic", true], ["type", true], ["alias", true],
  ["group", false], ["mode", false], ["state", false], ["numtxqueues", true], ["numrxqueues", true], ["addrgenmode", true],
  ["link-netns", true], ["link-netnsid", true], ["protodown", false], ["protodown_reason", false], ["gso_max_size", false],
  ["gso_max_segs", false], ["gro_max_size", false], ["parentdev", false],
];
const LINK_KEYWORDS = keywordTable(LINK_WORDS);
const linkWord = (w: string) => LINK_KEYWORDS.get(w) ?? null;

/** iproute2's check_ifname / check_altifname. */
const badIfname = (name: string, alt: boolean) => name === "" || (!alt && k.utf8Length(name) >= 16) || /[/\s]/.test(name);

/** What `ip link` was asked to do, as iplink_parse reads it. */
interface LinkRequest {
  up: boolean | null;
  name: string | null;
  dev: string | null;
  mac: Uint8Array | null;
  master: Link | null | "none";
  netns: string | null;
  type: string | null;
  /** The words after `type KIND`. */
  rest: string[];
}

/** ll_addr_a2n for a MAC: colon-separated hex bytes, each read as sscanf("%x") reads it. */
function lladdr(arg: string): Uint8Array {
  if (arg.includes(".")) nm("a link-layer address written as an IPv4 address");
  const out: number[] = [];
  for (const part of arg.split(":")) {
    const m = /^[ \t\n\v\f\r]*([0-9a-fA-F]+)/.exec(part);
    if (m === null || /^[ \t\n\v\f\r]*[+-]/.test(part) || /^[ \t\n\v\f\r]*0[xX]/.test(part)) {
      if (m !== null) nm(`a link-layer address part "${part}" with a sign or 0x`);
      fail(1, `"${part}" is invalid lladdr.`);
    }
    const v = parseInt(m![1]!.slice(-9), 16);
    if (m![1]!.length > 8 || v > 255) fail(1, `"${part}" is invalid lladdr.`);
    out.push(v);
    if (out.length === 32) break;
  }
  return Uint8Array.from(out);
}

function parseLink(a: Args, env: IpEnv, create: boolean): LinkRequest {
  const q: LinkRequest = { up: null, name: null, dev: null, mac: null, master: null, netns: null, type: null, rest: [] };
  // ip compares the pointers: the device is "the name" until a device is given on its own.
  let devIsName = true;
  while (!a.done) {
    const w = a.cur;
    const kw = linkWord(w);
    if (kw === "up") q.up = true;
    else if (kw === "down") nm("ip link set … down");
    else if (kw === "name") {
      const n = a.next();
      if (q.name !== null) duparg("name", n);
      if (badIfname(n, false)) invarg('"name" not a valid ifname', n);
      q.name = n;
      if (q.dev === null) {
        q.dev = n;
        devIsName = true;
      }
    } else if (kw === "address") q.mac = lladdr(a.next());
    else if (kw === "master") {
      const m = a.next();
      const found = lookupLink(env, env.ns, m);
      if (found === null) invarg("Device does not exist\n", m);
      q.master = found;
    } else if (kw === "nomaster") q.master = "none";
    else if (kw === "netns") {
      const n = a.next();
      if (q.netns !== null) duparg("netns", n);
      if (/^[0-9]/.test(n)) nm("moving an interface to the namespace of a process");
      q.netns = n;
    } else if (kw === "type") {
      q.type = a.next();
      a.skip();
      while (!a.done) {
        q.rest.push(a.cur);
        a.skip();
      }
      break;
    } else if (kw !== null) nm(`ip link … ${kw}`);
    else {
      let word = w;
      if (matches(word, "help")) nm("ip link help");
      if (word === "dev") word = a.next();
      if (!devIsName) duparg2("dev", word);
      if (badIfname(word, true)) invarg('"dev" not a valid ifname', word);
      q.dev = word;
      devIsName = false;
    }
    a.skip();
  }
  if (q.name === null) q.name = q.dev;
  if (!create && q.dev === null) fail(255, 'Not enough information: "dev" argument is required.');
  return q;
}

function link(a: Args, env: IpEnv): Outcome {
  a.skip();
  if (a.done) nm("ip link (list)");
  const sub = a.cur;
  a.skip();
  if (matches(sub, "add")) return linkAdd(parseLink(a, env, true), env);
  if (matches(sub, "set") || matches(sub, "change")) return linkSet(parseLink(a, env, false), env);
  if (matches(sub, "replace")) nm("ip link replace");
  if (matches(sub, "delete")) {
    const q = parseLink(a, env, false);
    if (q.type !== null || q.up !== null || q.mac !== null || q.master !== null || q.netns !== null || q.name !== q.dev) nm("ip link delete with more than a device");
    // The units' preStart deletes links that are mostly not there: answered without throwing.
    const l = k.linkByName(env.ns, q.dev!);
    if (l === undefined) return missingLink(env.ns, q.dev!) ?? refused(1, noDevice(q.dev!));
    if (l.kind === "loopback" || l.external) nm(`deleting ${l.kind === "loopback" ? "the loopback interface" : `a ${l.kind} interface of the host`}`);
    env.deleted?.(l);
    k.deleteLink(l);
    return OK;
  }
  return nm(`ip link ${sub}`);
}

function linkSet(q: LinkRequest, env: IpEnv): Outcome {
  if (q.type !== null) nm("ip link set … type");
  if (q.mac !== null && q.mac.length !== 6) {
    const l = lookupLink(env, env.ns, q.dev!);
    if (l !== null) fail(1, `Invalid address length ${q.mac.length} - must be 6 bytes`);
  }
  const l = lookupLink(env, env.ns, q.dev!) ?? nodev(q.dev!);
  const rename = q.name !== q.dev ? q.name : null;
  // The kernel's do_setlink order: namespace, address, name, flags, master; each change stays when a later one fails.
  if (q.netns !== null) {
    const target = env.named(q.netns);
    if (target === undefined) nm(`the namespace "${q.netns}"`);
    if (l.kind === "bridge" || l.kind === "loopback") kernelFail({ errno: "EINVAL", extack: "The interface netns is immutable" });
    const e = k.moveLink(l, target!);
    if (e !== null) kernelFail(e);
    if (q.mac !== null || rename !== null || q.up !== null || q.master !== null) nm("ip link set … netns with other changes");
    return OK;
  }
  if (q.mac !== null) {
    const e = k.setMac(l, q.mac);
    if (e !== null) kernelFail(e);
  }
  if (rename !== null) {
    if (l.up) nm("renaming an interface that is up (kernels differ: 6.1 refuses it, newer ones allow it)");
    const e = k.rename(l, rename);
    if (e !== null) kernelFail(e);
  }
  if (q.up === true) k.setUp(l);
  if (q.master === "none") k.setNomaster(l);
  else if (q.master !== null) {
    if (q.master === l || l.kind === "bridge" || l.kind === "loopback") nm("enslaving a bridge or the loopback interface, or a link to itself");
    if (q.master.kind === "bond" || q.master.kind === "other") nm(`a ${q.master.kind} as master`);
    const e = k.setMaster(l, q.master);
    if (e !== null) kernelFail(e);
  }
  return OK;
}

function linkAdd(q: LinkRequest, env: IpEnv): Outcome {
  if (q.type === null) fail(1, 'Not enough information: "type" argument is required');
  if (q.up !== null || q.mac !== null || q.master !== null || q.netns !== null) nm("ip link add with settings beyond a name and a type");
  if (q.name === null) nm("ip link add without a name");
  const name = q.name!;
  if (q.type === "bridge" || q.type === "dummy") {
    if (q.rest.length > 0) nm(`ip link add … type ${q.type} with options`);
    const r = k.createLink(env.ns, name, q.type, env.owner);
    return "errno" in r ? kernelFail(r) : OK;
  }
  if (q.type !== "veth") nm(`ip link add … type ${q.type}`);
  // veth: `peer [name] NAME [netns NS]`.
  const rest = q.rest;
  if (rest.length === 0) nm("a veth without a peer name");
  if (rest[0] !== "peer") nm(`ip link add … type veth ${rest[0]}`);
  let peerName: string | null = null;
  let peerNs = env.ns;
  for (let i = 1; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === "name") peerName = rest[++i] ?? incomplete();
    else if (w === "netns") {
      const n = rest[++i] ?? incomplete();
      const t = env.named(n);
      if (t === undefined) nm(`the namespace "${n}"`);
      peerNs = t!;
    } else nm(`veth peer option "${w}"`);
  }
  if (peerName === null) nm("a veth whose peer the kernel names");
  const r = k.createVeth(env.ns, name, peerNs, peerName!, env.owner);
  return "errno" in r ? kernelFail(r) : OK;
}
