import { option, types, type OptionSet } from "./dsl.js";

/** Options that describe one veth pair: shared by a container and each of its extraVeths. */
export const forwardPort = types.submodule("ForwardPort", {
  protocol: option(types.str, {
    default: "tcp",
    description: "Transport protocol of the forwarded port, as systemd-nspawn's `--port` understands it (`tcp` or `udp`).",
  }),
  hostPort: option(types.port, {
    description: "Port on the host that receives the traffic.",
  }),
  containerPort: option(types.nullOr(types.port), {
    default: null,
    description: "Port inside the container that the traffic goes to. When null, the host port number is used.",
  }),
});

export const networkOptions: OptionSet = {
  hostBridge: option(types.nullOr(types.str), {
    default: null,
    example: "br0",
    description: `
Name of a host bridge to attach the host end of the veth pair to.
Set either this or the host addresses (hostAddress, hostAddress6), not both.
`,
  }),
  forwardPorts: option(types.listOf(forwardPort), {
    default: [],
    example: [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }],
    description: `
Ports forwarded from the host into the container, each given by protocol, host port and container port.
The protocol defaults to tcp, and a missing container port means the same number as the host port.
`,
  }),
  hostAddress: option(types.nullOr(types.str), {
    default: null,
    example: "10.231.136.1",
    description: `
IPv4 address of the host end of the veth pair.
Has no effect when hostBridge is set.
`,
  }),
  hostAddress6: option(types.nullOr(types.str), {
    default: null,
    example: "fc00::1",
    description: `
IPv6 address of the host end of the veth pair.
Has no effect when hostBridge is set.
`,
  }),
  localAddress: option(types.nullOr(types.str), {
    default: null,
    example: "10.231.136.2",
    description: `
IPv4 address of the interface inside the container.
Without a prefix length it is a /32 with routes set up between it and hostAddress;
behind a hostBridge, give it with the prefix length of the bridged network.
`,
  }),
  localAddress6: option(types.nullOr(types.str), {
    default: null,
    example: "fc00::2",
    description: `
IPv6 address of the interface inside the container.
Without a prefix length it is a /128 with routes set up between it and hostAddress6;
behind a hostBridge, give it with the prefix length of the bridged network.
`,
  }),
  localMacAddress: option(types.nullOr(types.strMatching("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")), {
    default: null,
    example: "de:b7:73:01:10:90",
    description: `
MAC address of the interface inside the container, set early in the container's boot,
so that it can be relied on (for example for IPv6 SLAAC).
When null, the veth device gets a random locally administered unicast address.
`,
  }),
};
