/**
 * Reading conf files back: what the module's renderer writes reads back to
 * the same file (on every fixture and on seeded random definitions), and the
 * files nixos-container writes read as the settings they hold.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConf } from "../../src/host/conf-file.js";
import { renderConf } from "../../src/model/conf.js";
import { validateContainers } from "../../src/validate/validate.js";
import { resolveContainer } from "../../src/model/container.js";
import { fixtures } from "../support/fixtures.js";
import { Gen, prng, randomContainer } from "../support/random.js";

const defs: [string, { [k: string]: import("../../src/model/resolve.js").Json }][] = [];
for (const f of fixtures()) for (const [name, d] of Object.entries(f.input.containers)) if ("path" in d || "flake" in d) defs.push([`fixture ${f.name}: ${name}`, d]);
const g = new Gen(prng(20261201));
for (let i = 0; i < 300; i++) defs.push([`random #${i}`, randomContainer(g)]);

test(`render, read back, render again: the same file (${defs.length} definitions)`, () => {
  let compared = 0;
  for (const [label, d] of defs) {
    const resolved = resolveContainer("c", d);
    // Only definitions the validator accepts are ever written by create and update.
    if (validateContainers({ c: d }).findings.some((f) => f.severity === "error")) continue;
    // A bind mount keyed by a name other than its mount point reads back keyed by the mount point, so the
    // bind flags may come back in another order (the same mounts).
    if (Object.entries(resolved.bindMounts).some(([k, b]) => k !== b.mountPoint)) continue;
    const text = renderConf("c", resolved);
    const again = renderConf("c", resolveContainer("c", parseConf(text)));
    assert.fixture(again, text, label);
    compared++;
  }
  assert.ok(compared > 100, `only ${compared} definitions compared`);
});

const cases: [string, { given: string; want: Record<string, unknown> }][] = [
  [
    "nixos-container create with defaults",
    {
      given: "PRIVATE_NETWORK=1\nHOST_ADDRESS=10.233.1.1\nLOCAL_ADDRESS=10.233.1.2\nHOST_BRIDGE=\nHOST_PORT=\nAUTO_START=0\n",
      want: { privateNetwork: true, hostAddress: "10.233.1.1", localAddress: "10.233.1.2", autoStart: false },
    },
  ],
  [
    "nixos-container create with a bridge, a port list, auto-start and a flake",
    {
      given: "PRIVATE_NETWORK=1\nHOST_ADDRESS=10.233.2.1\nLOCAL_ADDRESS=10.233.2.2\nHOST_BRIDGE=br0\nHOST_PORT=8080:80,udp:53\nAUTO_START=1\nFLAKE=github:me/cfg\n",
      want: {
        privateNetwork: true,
        hostAddress: "10.233.2.1",
        localAddress: "10.233.2.2",
        hostBridge: "br0",
        forwardPorts: [
          { protocol: "tcp", hostPort: 8080, containerPort: 80 },
          { protocol: "udp", hostPort: 53 },
        ],
        autoStart: true,
        flake: "github:me/cfg",
      },
    },
  ],
  [
    "the module's file with bind mounts, extra flags, lists and private users",
    {
      given: 'SYSTEM_PATH=/nix/store/abc-system\n\nCOPY_RESOLV_CONF=0\n\nPRIVATE_USERS=65536\nINTERFACES="eth1 eth2"\nMACVLANS=""\n\nEXTRA_NSPAWN_FLAGS=" --bind-ro=/srv:/data --bind=/tmp/x --drop-capability=CAP_SYS_CHROOT"\n',
      want: {
        path: "/nix/store/abc-system",
        copyResolvConf: false,
        privateUsers: 65536,
        interfaces: ["eth1", "eth2"],
        macvlans: [],
        bindMounts: {
          "/data": { hostPath: "/srv", mountPoint: "/data", isReadOnly: true },
          "/tmp/x": { hostPath: null, mountPoint: "/tmp/x", isReadOnly: false },
        },
        extraFlags: ["--drop-capability=CAP_SYS_CHROOT"],
      },
    },
  ],
];

for (const [name, { given, want }] of cases) test(`parseConf: ${name}`, () => assert.equal(parseConf(given), want));

test.run();
