/**
 * The container@ unit's postStart: once nspawn has made the veths, gives the
 * host's end of each its addresses and routes, or puts it into its bridge.
 */
import { and, anySet, assign, block, braced, each, empty, extraVeths, if_, inline, nix, notNull, option, orEmpty, q, ref, run, spliced, test, vethField, vethName, w, when } from "./build.js";
import type { AddressOption, Script, Stmt } from "./dsl.js";
import { ADDRESS_VARIABLES } from "./pre-start.js";

const ifaceHost = q(ref("ifaceHost"));

/**
 * An address of the container's veth on the host side: from the container's
 * option when it is set (a declarative container), else from the conf file
 * (the template unit of imperative containers reads everything from there).
 */
function hostSide(variable: string, o: AddressOption, ...ip: string[]): Stmt {
  const consumer = ip.includes("route") ? "ip-route-add" : "ip-addr-add";
  return spliced(
    when(
      notNull(option(o)),
      inline(run(consumer, "ip", ...ip, "add", w(nix(option(o))), "dev", ifaceHost)),
      block(if_(anySet(variable), run(consumer, "ip", ...ip, "add", q(braced(variable)), "dev", ifaceHost))),
    ),
  );
}

/** The host's end of an extra veth: an `ip` call for one of its options, written only when the veth has it. */
const vethSide = (field: AddressOption, ...ip: string[]): Stmt =>
  spliced(when(notNull(vethField(field)), inline(run(ip.includes("route") ? "ip-route-add" : "ip-addr-add", "ip", ...ip, "add", w(nix(vethField(field))), "dev", q(nix(vethName))))));

export const postStart: Script = {
  name: "postStart",
  nixName: "postStartScript",
  summary: "The unit's postStart: the host's end of each veth, once nspawn has made them.",
  nounset: true,
  body: [
    if_(
      and(anySet(...ADDRESS_VARIABLES), test(empty(q(orEmpty("HOST_BRIDGE"))))),
      assign("ifaceHost", q("ve-", ref("INSTANCE"))),
      run("ip-link", "ip", "link set dev", ifaceHost, "up"),
      hostSide("HOST_ADDRESS", "hostAddress", "addr"),
      hostSide("HOST_ADDRESS6", "hostAddress6", "-6", "addr"),
      hostSide("LOCAL_ADDRESS", "localAddress", "route"),
      hostSide("LOCAL_ADDRESS6", "localAddress6", "-6", "route"),
    ),
    spliced(
      each(
        extraVeths,
        when(
          notNull(vethField("hostBridge")),
          block(run("ip-link-master", "ip", "link set dev", q(nix(vethName)), "master", q(nix(vethField("hostBridge"))), "up")),
          block(
            run("ip-link", "ip", "link set dev", q(nix(vethName)), "up"),
            vethSide("hostAddress", "addr"),
            vethSide("hostAddress6", "-6", "addr"),
            vethSide("localAddress", "route"),
            vethSide("localAddress6", "-6", "route"),
          ),
        ),
        "\n",
      ),
    ),
  ],
};
