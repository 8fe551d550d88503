/**
 * The module's own assertions, errors and warnings (src/options/checks.ts) as
 * validator rules: same ids, same conditions (`holds`), same messages. Nothing
 * is restated here; this file only finds the path each message is about.
 *
 * Module messages start with the option path, `containers.<name>.<option>: …`;
 * the finding carries that path and the rest of the message, so that
 * `<path>: <message>` is the module's message exactly. The conf-injection
 * check names every offending option in one message; here it gives one
 * finding per offending value, with the path of that value rendered into the
 * same message template.
 */
import { isSafeConfValue, unsafeConfOptions } from "../../model/conf.js";
import { splitValuePaths } from "../../model/split.js";
import type { ConsumerId } from "../consumers.js";
import { containerChecks, hostChecks, renderMessage, type CheckKind, type ContainerCheck, type HostCheck } from "../../options/checks.js";
import { formatPath, type Path, type Severity } from "../finding.js";
import { NO_HITS, type ContainerOption, type ContainerRule, type Hit, type HostRule, type Subject } from "./rule.js";

const severityOf = (kind: CheckKind): Severity => (kind === "warning" ? "warning" : "error");

/** Splits `containers.web.networkNamespace: text` into the path and the text, given the known first segments. */
function splitLeadingPath(message: string, base: Path): Hit {
  const baseText = formatPath(base);
  const raw = base.map(String).join(".");
  for (const prefix of [raw, baseText]) {
    if (!message.startsWith(prefix)) continue;
    const m = /^((?:\.[A-Za-z0-9_]+)*): /.exec(message.slice(prefix.length));
    if (m) {
      const rest = m[1]!.split(".").filter((s) => s !== "");
      return { path: [...base, ...rest], message: message.slice(prefix.length + m[0].length) };
    }
  }
  return { path: base, message };
}

/** A host message's leading path: `boot.enableContainers: text`. */
function splitHostPath(message: string): Hit {
  const m = /^([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*): /.exec(message);
  return m ? { path: m[1]!.split("."), message: message.slice(m[0].length) } : { path: [], message };
}

/** The string values inside `value` that fail the shared conf-safety predicate, with their paths. */
function unsafeLeaves(value: unknown, path: Path): Path[] {
  if (typeof value === "string") return isSafeConfValue(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeLeaves(v, [...path, i]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => unsafeLeaves(v, [...path, k]));
  return [];
}

/** Paths a check's failure is about, when its message names several (conf-injection). */
const refinedPaths: Record<string, (s: Subject) => Path[]> = {
  "conf-injection": (s) =>
    unsafeConfOptions(s.cfg).flatMap((option) => {
      const base = ["containers", s.name, option];
      const leaves = unsafeLeaves((s.cfg as unknown as Record<string, unknown>)[option], base);
      return leaves.length > 0 ? leaves : [base];
    }),
  "start-script-split": (s) => splitValuePaths(s.cfg).map((p) => ["containers", s.name, ...p]),
};

/** The consumer each module check follows (the checks themselves live in src/options, beside the module). */
export const checkConsumers: Readonly<Record<string, ConsumerId>> = {
  "container-name-length": "kernel-ifname",
  "container-name-underscore": "machine-name",
  "network-namespace-exclusive": "nspawn-network-namespace",
  "removed-pkgs": "nix-eval",
  "flake-with-config": "nix-eval",
  "conf-injection": "conf-file",
  "start-script-split": "start-script",
  "containers-disabled": "host",
  "virtualisation-containers-old-state-version": "host",
};

/** The options without which a module check always holds (see Rule.triggers); the others run on every container. */
const checkTriggers: Readonly<Record<string, readonly ContainerOption[]>> = {
  "container-name-length": ["privateNetwork"],
  "network-namespace-exclusive": ["networkNamespace"],
  "removed-pkgs": ["pkgs"],
  "flake-with-config": ["flake"],
};

/** Module checks whose every failure is about the values it names (see Rule.judgesValues). */
const judgesValues: ReadonlySet<string> = new Set(["container-name-underscore", "removed-pkgs", "conf-injection", "start-script-split"]);

function consumerOf(id: string): ConsumerId {
  const c = checkConsumers[id];
  if (c === undefined) throw new Error(`the module check ${id} has no consumer in src/validate/rules/module-checks.ts checkConsumers`);
  return c;
}

function containerRule(check: ContainerCheck): ContainerRule {
  return {
    id: check.id,
    severity: severityOf(check.kind),
    summary: check.summary,
    consumer: consumerOf(check.id),
    ...(judgesValues.has(check.id) ? { judgesValues: true as const } : {}),
    ...(checkTriggers[check.id] !== undefined ? { triggers: checkTriggers[check.id] } : {}),
    scope: "container",
    check: (s, ctx) => {
      if (check.enabledOnly === true && !ctx.host.enableContainers) return NO_HITS; // as the module: nothing is written then
      const input = (s.checkInput ??= { name: s.name, cfg: s.cfg, host: ctx.host, defined: { pkgs: "pkgs" in s.given, config: "config" in s.given } });
      if (check.holds(input)) return NO_HITS;
      const refine = refinedPaths[check.id];
      if (refine !== undefined) {
        return refine(s).map((path) => {
          const text = formatPath(path);
          const message = renderMessage(check.message, s.name, text);
          return { path, message: message.startsWith(`${text}: `) ? message.slice(text.length + 2) : message };
        });
      }
      const message = renderMessage(check.message, s.name, check.detail?.ts(input));
      return [splitLeadingPath(message, ["containers", s.name])];
    },
  };
}

function hostRule(check: HostCheck): HostRule {
  return {
    id: check.id,
    severity: severityOf(check.kind),
    summary: check.summary,
    consumer: consumerOf(check.id),
    scope: "host",
    collect: () => undefined,
    judge: (_entries, ctx) => (check.holds(ctx.host) ? NO_HITS : [splitHostPath(renderMessage(check.message, ""))]),
  };
}

export const moduleCheckRules: readonly (ContainerRule | HostRule)[] = [...containerChecks.map(containerRule), ...hostChecks.map(hostRule)];
