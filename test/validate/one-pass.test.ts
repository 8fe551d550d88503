/**
 * All findings in one pass: a container with type errors still gets its
 * semantic findings; a rule that needs a broken value skips it (never the
 * whole container), and no finding rests on the default that stands in for
 * a broken value. Paths are those the user wrote, also after a broken list
 * element was left out.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { resolveContainer } from "../../src/model/container.js";
import { formatPath } from "../../src/validate/finding.js";
import { checkContainers } from "../../src/validate/schema.js";
import { fixtures } from "../support/fixtures.js";
import { root } from "../support/paths.js";
import { ruleCases } from "./rule-cases.js";
import { validateContainers } from "../../src/validate/validate.js";
import { c, net, type Case, type Def, type Want } from "./rule-cases.js";

/** A routed container whose forwarded ports reach it (the replay forwards a port only to a container with an address): the k-th of a host. */
const routed = (k: number, o: Def): Def => net({ hostAddress: `10.0.${k}.1`, localAddress: `10.0.${k}.2`, ...o });

const cases: [string, Case][] = [
  [
    "a type error and an address error in one container",
    {
      given: { w: net({ forwardPorts: [{ hostPort: "80" }], localAddress: "10.0.0.300" }) },
      want: [
        ["address-syntax", "containers.w.localAddress", "error"],
        ["type", "containers.w.forwardPorts[0].hostPort", "error"],
      ],
    },
  ],
  [
    "a broken privateNetwork does not make the network options look ignored",
    { given: { w: c({ privateNetwork: "yes", hostAddress: "10.0.0.1", localAddress: "10.0.0.2" }) }, want: [["type", "containers.w.privateNetwork", "error"]] },
  ],
  [
    "a broken list element is left out, and later elements keep their indices",
    {
      given: { w: net({ forwardPorts: [{ hostPort: "80" }, { protocol: "sctp", hostPort: 8080 }] }) },
      want: [
        ["type", "containers.w.forwardPorts[0].hostPort", "error"],
        ["forward-port-protocol", "containers.w.forwardPorts[1].protocol", "error"],
      ],
    },
  ],
  [
    "a broken hostPath does not make a mount option look misplaced",
    { given: { w: c({ bindMounts: { "/data:idmap": { hostPath: 5 } } }) }, want: [["type", 'containers.w.bindMounts."/data:idmap".hostPath', "error"]] },
  ],
  [
    "an unknown option beside a time span systemd ignores",
    {
      given: { w: c({ privateNetwrok: true, timeoutStartSec: "5mins" }) },
      want: [
        ["timeout-start-sec", "containers.w.timeoutStartSec", "warning"],
        ["unknown-option", "containers.w.privateNetwrok", "error"],
      ],
    },
  ],
  [
    "no path, flake or config, and a capability nspawn refuses",
    {
      given: { w: { autoStart: true, additionalCapabilities: ["CAP_BOGUS"] } },
      want: [
        ["missing-option", "containers.w", "error"],
        ["capability-name", "containers.w.additionalCapabilities[0]", "error"],
      ],
    },
  ],
  [
    "conf-injection still fires beside a type error",
    {
      given: { w: net({ autoStart: null, hostBridge: "br0\nX=1", localAddress: "10.0.0.2/24" }) },
      want: [
        ["type", "containers.w.autoStart", "error"],
        ["conf-injection", "containers.w.hostBridge", "error"],
      ],
    },
  ],
  [
    "a clash that rests on a broken protocol is not reported",
    { given: { a: routed(0, { forwardPorts: [{ hostPort: 8080 }] }), b: routed(1, { forwardPorts: [{ protocol: 6, hostPort: 8080 }] }) }, want: [["type", "containers.b.forwardPorts[0].protocol", "error"]] },
  ],
  [
    "a clash between two containers is reported although a third one's broken value left it out",
    {
      given: { a: routed(0, { forwardPorts: [{ hostPort: 8080 }] }), b: routed(1, { forwardPorts: [{ hostPort: 8080 }] }), c: routed(2, { forwardPorts: [{ protocol: 6, hostPort: 8080 }] }) },
      want: [
        ["type", "containers.c.forwardPorts[0].protocol", "error"],
        ["start-clash", "containers.b.forwardPorts[0].hostPort", "error"],
      ],
    },
  ],
  [
    "a clash between containers is reported although one has an unrelated type error",
    {
      given: { a: routed(0, { forwardPorts: [{ hostPort: 8080 }] }), b: routed(1, { forwardPorts: [{ hostPort: 8080 }], timeoutStartSec: 90 }) },
      want: [
        ["type", "containers.b.timeoutStartSec", "error"],
        ["start-clash", "containers.b.forwardPorts[0].hostPort", "error"],
      ],
    },
  ],
  ["a container that is not an attribute set gets its type finding only", { given: { w: 5 as unknown as Def, v: c({ tmpfs: ["var"] }) }, want: [
    ["path-syntax", "containers.v.tmpfs[0]", "error"],
    ["type", "containers.w", "error"],
  ] }],
];

const found = (given: Record<string, Def>, host: Case["host"]): Want[] =>
  validateContainers(given, { host }).findings.map((f) => [f.rule, formatPath(f.path), f.severity]);

for (const [name, { given, host, want }] of cases) test(name, () => assert.equal(found(given, host).sort(), [...want].sort()));

test("the type layer's resolution and the defaults resolver agree (validate.ts uses either)", () => {
  const realistic = path.join(root, "test/validate/realistic");
  const sets: Record<string, unknown>[] = [
    ...fixtures().map((f) => f.input.containers),
    ...ruleCases.map(([, k]) => k.given),
    ...readdirSync(realistic).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(path.join(realistic, f), "utf8")).containers),
  ];
  let compared = 0;
  for (const defs of sets)
    for (const [name, cfg] of Object.entries(checkContainers(defs).resolved)) {
      assert.equal(cfg, resolveContainer(name, defs[name] as Def), name);
      compared++;
    }
  assert.ok(compared > 50, `only ${compared} containers compared`);
});

test.run();
