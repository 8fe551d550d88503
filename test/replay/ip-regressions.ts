/**
 * `ip` command sequences on which the model once disagreed with the real ip
 * (shrunk by fast-check), or that pin a fact found by hand, each with what
 * the real ip did: every command's exit status and message. The differential
 * test runs them against the real programs; ip-model.test.ts runs them
 * against the model and these recorded outcomes, everywhere.
 */
import type { Cmd } from "./ip-gen.js";

export interface Recorded {
  given: Cmd[];
  /** Per command: [status, message] as the real ip gave them. */
  want: [number, string][];
}

const w = (line: string): Cmd => line.split(" ");
const V = (host: string, peer: string) => w(`link add name ${host} type veth peer name ${peer} netns peer`);

export const regressions: [string, Recorded][] = [
  [
    "a positional link name that is a prefix of a keyword is read as the keyword (`a` is `address`)",
    { given: [w("link add name va type veth peer name vb"), w("link set a up")], want: [[0, ""], [1, '"up" is invalid lladdr.']] },
  ],
  [
    "IPv4 parts are read by strtoul: octal, hex, missing parts zero",
    {
      given: [V("ve-a", "host0"), w("link set dev ve-a up"), w("addr add 010.0.0.1 dev ve-a"), w("route add 0x0a.1 dev ve-a"), w("addr add 10.0.0.300 dev ve-a")],
      want: [[0, ""], [0, ""], [0, ""], [0, ""], [1, 'Error: any valid prefix is expected rather than "10.0.0.300".']],
    },
  ],
  [
    "a route to a link that is down, then host bits, then the same route twice",
    {
      given: [V("ve-a", "host0"), w("route add 10.0.0.2 dev ve-a"), w("link set dev ve-a up"), w("route add 10.0.0.2/24 dev ve-a"), w("route add 10.0.0.2 dev ve-a"), w("route add 10.0.0.2 dev ve-a")],
      want: [[0, ""], [2, "Error: Device for nexthop is not up."], [0, ""], [2, "Error: Invalid prefix for given prefix length."], [0, ""], [2, "RTNETLINK answers: File exists"]],
    },
  ],
  [
    "the same IPv6 network routed to two links (same metric) and an address twice",
    {
      given: [V("ve-a", "host0"), V("ve-b", "host1"), w("link set dev ve-a up"), w("link set dev ve-b up"), w("-6 route add fd00::2/64 dev ve-a"), w("-6 route add fd00::3/64 dev ve-b"), w("addr add fd00::1 dev ve-a"), w("addr add fd00::1 dev ve-a"), w("addr add 10.0.0.1 dev ve-a"), w("addr add 10.0.0.1 dev ve-a")],
      want: [[0, ""], [0, ""], [0, ""], [0, ""], [0, ""], [2, "RTNETLINK answers: File exists"], [0, ""], [2, "Error: ipv6: address already assigned."], [0, ""], [2, "Error: ipv4: Address already assigned."]],
    },
  ],
  [
    "gateways: not on a link route, local, through the wrong device",
    {
      given: [V("ve-a", "host0"), w("link set dev ve-a up"), w("addr add 10.0.0.1/24 dev ve-a"), w("route add default via 10.9.9.9"), w("route add 10.1.0.0/16 via 10.0.0.9 dev ve-a"), w("route add 10.2.0.0/16 via 10.0.0.1"), w("-6 addr add fd00::1/64 dev ve-a"), w("-6 route add default via fd00::1"), w("-6 route add default via fd01::1")],
      want: [[0, ""], [0, ""], [0, ""], [2, "Error: Nexthop has invalid gateway."], [0, ""], [0, ""], [0, ""], [2, "Error: Gateway can not be a local address."], [2, "RTNETLINK answers: No route to host"]],
    },
  ],
  [
    "master: missing, not a bridge; the flags are set before the master",
    {
      given: [w("link add name vx type veth peer name vy"), w("link add name br0 type bridge"), w("link set dev vx master nope"), w("link set dev vx master vy up"), w("link set dev vx master br0")],
      want: [[0, ""], [0, ""], [255, 'Error: argument "nope" is wrong: Device does not exist'], [2, "RTNETLINK answers: Operation not supported"], [0, ""]],
    },
  ],

  [
    "found: an IPv6 gateway on the loopback (::1) is found in the local table, and refused for the loopback",
    { given: [w("link add name br0 type bridge"), w("route add default via ::1")], want: [[0, ""], [2, "Error: Egress device can not be loopback device for this route."]] },
  ],
  [
    "found: a bridge without ports has its carrier on (LOWER_UP), and gets an IPv6 link-local address",
    { given: [w("link add name br0 type bridge"), w("link set dev br0 up"), w("-n peer link set host0 name eth0")], want: [[0, ""], [0, ""], [1, 'Cannot find device "host0"']] },
  ],
  [
    "found: a veth brought up after its peer gets its link-local address once linkwatch has seen the carrier",
    {
      given: [V("ve-b", "host1"), w("link add name br0 type bridge"), w("-n peer link set dev host1 up"), w("link set ve-b up"), w("route add default via 10.0.0.1")],
      want: [[0, ""], [0, ""], [0, ""], [0, ""], [2, "Error: Nexthop has invalid gateway."]],
    },
  ],

  [
    "`ip link add a …` reads `a` as `address` too",
    { given: [w("link add a type veth peer name b")], want: [[1, '"type" is invalid lladdr.']] },
  ],
  [
    "a leading space in an IPv4 address, a netmask and an octal prefix length",
    {
      given: [V("ve-a", "host0"), w("link set dev ve-a up"), ["addr", "add", " 10.0.0.5", "dev", "ve-a"], w("route add 10.5.0.0/255.255.0.0 dev ve-a"), w("addr add 10.6.0.1/024 dev ve-a")],
      want: [[0, ""], [0, ""], [0, ""], [0, ""], [0, ""]],
    },
  ],
  [
    "an IPv4 route of the network a host address's kernel route already covers, through another link",
    {
      given: [V("ve-a", "host0"), V("ve-b", "host1"), w("link set dev ve-a up"), w("link set dev ve-b up"), w("addr add 10.0.0.1/24 dev ve-a"), w("route add 10.0.0.0/24 dev ve-b")],
      want: [[0, ""], [0, ""], [0, ""], [0, ""], [0, ""], [2, "RTNETLINK answers: File exists"]],
    },
  ],
  [
    "a refused MAC address leaves the link down (the address is set before the flags)",
    { given: [w("link add name vx type veth peer name vy"), w("link set dev vx address 01:00:00:00:00:01 up")], want: [[0, ""], [2, "RTNETLINK answers: Cannot assign requested address"]] },
  ],
];
