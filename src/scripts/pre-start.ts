/** The container@ unit's preStart: clean up after an earlier run of the container. */
import { anySet, blank, comment, each, extraVeths, if_, inline, nix, q, quietly, ref, run, spliced, vethName } from "./build.js";
import type { Script } from "./dsl.js";

/** The addresses that make the start script ask nspawn for a veth (`--network-veth`). */
export const ADDRESS_VARIABLES = ["HOST_ADDRESS", "LOCAL_ADDRESS", "HOST_ADDRESS6", "LOCAL_ADDRESS6"] as const;

export const preStart: Script = {
  name: "preStart",
  nixName: "preStartScript",
  summary: "The unit's preStart: forgets what an earlier run of the container left behind.",
  nounset: true,
  body: [
    ...comment("Forget a stale machined registration and interfaces left from an earlier run."),
    quietly(run("machine-name", "machinectl", "terminate", q(ref("INSTANCE")))),
    blank,
    if_(
      anySet(...ADDRESS_VARIABLES),
      quietly(run("ip-link", "ip", "link del dev", q("ve-", ref("INSTANCE")))),
      quietly(run("ip-link", "ip", "link del dev", q("vb-", ref("INSTANCE")))),
    ),
    blank,
    spliced(each(extraVeths, inline(quietly(run("ip-link", "ip", "link del dev", q(nix(vethName))))), "\n")),
  ],
};
