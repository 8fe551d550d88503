/**
 * The validator on every module fixture (fixtures/<case>/input.json, read as
 * the CLI reads it, host facts included): the module's own checks give
 * exactly the module's messages (its failed assertions, warnings and
 * evaluation error), and the validator's rules give nothing more than the
 * findings listed below. Fixtures not listed are valid definitions in
 * real-world shapes and give no other finding.
 */
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { confOptions } from "../../src/options/conf.js";
import { containerChecks, hostChecks, renderMessage } from "../../src/options/checks.js";
import { formatPath, type Finding } from "../../src/validate/finding.js";
import { loadJson } from "../../src/validate/input.js";
import { validateContainers } from "../../src/validate/validate.js";
import { expectedFor } from "../support/expected.js";
import { fixtures } from "../support/fixtures.js";

/** Findings other than the module's checks, by fixture: [rule, path]. */
const otherFindings: Record<string, [string, string][]> = {
  "network-options-without-private-network": [
    ["network-without-private-network", "containers.shared.hostAddress"],
    ["network-without-private-network", "containers.shared.localAddress"],
    ["network-without-private-network", "containers.shared.hostBridge"],
    ["network-without-private-network", "containers.shared.forwardPorts"],
  ],
  // The injected interface name also holds '/' and ':' (its spaces are start-script-split's).
  "assert-conf-injection-interface-quote": [
    ["interface-name", "containers.quoted.interfaces[0]"],
    ["implied-private-network", "containers.quoted.interfaces"],
  ],
  // Moved interfaces and macvlans without privateNetwork: nspawn gives the container a network of its own anyway.
  "auto-start-interfaces": [
    ["implied-private-network", "containers.router.interfaces"],
    ["implied-private-network", "containers.router.macvlans"],
  ],
  // The injected bridge name also holds '/', which no interface name can.
  "assert-conf-injection-host-bridge": [["interface-name", "containers.evil.hostBridge"]],
  // Without a hostBridge the host routes localAddress with `ip route add 10.x.0.2/24 dev ve-…`, which the
  // kernel refuses ("Invalid prefix for given prefix length"): these two would not start on a real host.
  // (every-option also moves an interface of a host whose network is not known: the replay cannot follow it, the rule says it.)
  "every-option": [["local-address-host-route", "containers.all.localAddress"]],
  "private-network-dual-stack": [["start-refused", "containers.dns.localAddress"]],
  // With containers disabled the module never asks for path; the type layer still does.
  "warn-disabled-without-path": [["missing-option", "containers.web"]],
};

const moduleIds = new Set([...containerChecks, ...hostChecks].map((c) => c.id));
const confInjection = containerChecks.find((c) => c.id === "conf-injection")!;
const startScriptSplit = containerChecks.find((c) => c.id === "start-script-split")!;

/** The module's message for a finding; conf-injection findings of one container join into one message, as the module writes it. */
function moduleMessages(findings: Finding[]): string[] {
  const out: string[] = [];
  const injected = new Map<string, Set<string>>();
  const split = new Map<string, string[]>();
  for (const f of findings) {
    if (f.rule === "start-script-split") {
      const name = String(f.path[1]);
      split.set(name, [...(split.get(name) ?? []), formatPath(f.path)]);
      continue;
    }
    if (f.rule === "conf-injection") {
      const name = String(f.path[1]);
      if (!injected.has(name)) injected.set(name, new Set());
      injected.get(name)!.add(String(f.path[2]));
    } else out.push(`${f.path.join(".")}: ${f.message}`);
  }
  const order = confOptions();
  for (const [name, options] of injected) {
    const detail = order.filter((o) => options.has(o)).map((o) => `containers.${name}.${o}`).join(", ");
    out.push(renderMessage(confInjection.message, name, detail));
  }
  // The module lists them in the order of src/model/split.ts, which is the findings' path order here.
  for (const [name, paths] of split) out.push(renderMessage(startScriptSplit.message, name, paths.join(", ")));
  return out.sort();
}

for (const f of fixtures()) {
  test(`fixture ${f.name}: the module's findings, and only the listed others`, () => {
    const input = loadJson(path.join(f.dir, "input.json"), null);
    const report = validateContainers(input.containers, { host: input.host, positions: input.positions });
    const own = report.findings.filter((x) => moduleIds.has(x.rule));
    const want = expectedFor(f.input);
    assert.equal(moduleMessages(own), [...want.failedAssertions, ...want.warnings, ...(want.error === null ? [] : [want.error])].sort(), "module checks");
    const others = report.findings.filter((x) => !moduleIds.has(x.rule)).map((x): [string, string] => [x.rule, formatPath(x.path)]);
    assert.equal(others.sort(), [...(otherFindings[f.name] ?? [])].sort(), "other findings");
    for (const x of report.findings) if (x.path[0] === "containers" && x.path.length > 1) assert.ok(x.position !== undefined, `${formatPath(x.path)} has a position`);
  });
}

test.run();
