/**
 * The container init script: runs inside the container before its stage-2
 * init, sets up eth0 and the container's end of every extra veth, then hands
 * over to NixOS. Its environment is what systemd-nspawn's `--setenv` flags
 * give it (the conf file's values, through the start script).
 */
import {
  anySet,
  blank,
  block,
  builtin,
  comment,
  each,
  extraVeths,
  if_,
  nix,
  notNull,
  positional,
  q,
  ref,
  run,
  shebang,
  spliced,
  vethField,
  vethName,
  w,
  when,
} from "./build.js";
import type { AddressOption, Script, Stmt } from "./dsl.js";

const dev = q(nix(vethName));

/** An `ip` call for one of an extra veth's addresses, written only when the veth has that option. */
const vethAddress = (field: AddressOption, ...ip: string[]): Stmt =>
  spliced(
    when(
      notNull(vethField(field)),
      block(run(ip.includes("route") ? "ip-route-add" : "ip-addr-add", "ip", ...ip, w(nix(vethField(field))), "dev", dev)),
    ),
  );

export const containerInit: Script = {
  name: "containerInit",
  nixName: "containerInitText",
  summary: "Runs inside the container before its stage-2 init: sets up eth0 and the container's end of every extra veth, then hands over to NixOS.",
  nounset: false,
  body: [
    shebang("runtimeShell", "-e"),
    blank,
    ...comment("systemd-nspawn asks for shutdown with SIGRTMIN+3; before stage 2 runs, just leave."),
    builtin("trap", q("exit 0"), "SIGRTMIN+3"),
    blank,
    ...comment("Addresses stay unquoted, as upstream has them: a value may carry extra `ip` arguments."),
    if_(
      anySet("HOST_ADDRESS", "HOST_ADDRESS6", "LOCAL_ADDRESS", "LOCAL_ADDRESS6", "HOST_BRIDGE", "LOCAL_MAC_ADDRESS"),
      run("ip-link", "ip", "link set host0 name eth0"),
      if_(anySet("LOCAL_MAC_ADDRESS"), run("ip-link-address", "ip", "link set dev eth0 address", q(ref("LOCAL_MAC_ADDRESS")))),
      run("ip-link", "ip", "link set dev eth0 up"),
      if_(anySet("LOCAL_ADDRESS"), run("ip-addr-add", "ip", "addr add", ref("LOCAL_ADDRESS"), "dev eth0")),
      if_(anySet("LOCAL_ADDRESS6"), run("ip-addr-add", "ip", "-6 addr add", ref("LOCAL_ADDRESS6"), "dev eth0")),
      if_(
        anySet("HOST_ADDRESS"),
        run("ip-route-add", "ip", "route add", ref("HOST_ADDRESS"), "dev eth0"),
        run("ip-route-add", "ip", "route add default via", ref("HOST_ADDRESS")),
      ),
      if_(
        anySet("HOST_ADDRESS6"),
        run("ip-route-add", "ip", "-6 route add", ref("HOST_ADDRESS6"), "dev eth0"),
        run("ip-route-add", "ip", "-6 route add default via", ref("HOST_ADDRESS6")),
      ),
    ),
    blank,
    spliced(
      each(
        extraVeths,
        block(
          builtin("echo", q("Bringing up ", nix(vethName))),
          run("ip-link", "ip", "link set dev", dev, "up"),
          vethAddress("localAddress", "addr", "add"),
          vethAddress("localAddress6", "-6", "addr", "add"),
          vethAddress("hostAddress", "route", "add"),
          vethAddress("hostAddress6", "-6", "route", "add"),
        ),
        "\n",
      ),
    ),
    blank,
    ...comment("Source stage 2 rather than exec it, so that a stop request arriving this", "early is not lost: it is the only shutdown signal that always arrives."),
    builtin("set", "+e"),
    builtin(".", q(positional(1))),
  ],
};
