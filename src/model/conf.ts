/** The conf file rendered in TypeScript from the declarative table in src/options/conf.ts. */
import { CONF_UNSAFE_CHARS, confOptions, confTable, type ConfCond, type ConfLine, type ConfValue } from "../options/conf.js";
import type { BindMount, ForwardPort, ResolvedContainer } from "./container.js";
import { parseEnvironmentFile } from "./env-file.js";
import { nixToString, sortedEntries } from "./nix-values.js";

type Cfg = ResolvedContainer & Record<string, unknown>;

function holds(cond: ConfCond, cfg: Cfg): boolean {
  const v = cfg[cond.option];
  switch (cond.test) {
    case "isNull":
      return v === null;
    case "notNull":
      return v !== null;
    case "isTrue":
      return v === true;
    case "nonEmpty":
      return (v as unknown[]).length > 0;
  }
}

export const portSpec = (p: ForwardPort) => `${p.protocol}:${p.hostPort}:${p.containerPort ?? p.hostPort}`;

export function bindFlag(b: BindMount): string {
  const target = b.hostPath !== null ? `${b.hostPath}:${b.mountPoint}` : b.mountPoint;
  return (b.isReadOnly ? " --bind-ro=" : " --bind=") + target;
}

export function nspawnFlags(cfg: ResolvedContainer): string {
  const binds = sortedEntries(cfg.bindMounts).map(([, b]) => bindFlag(b)).join("");
  return binds + (cfg.extraFlags.length > 0 ? " " + cfg.extraFlags.join(" ") : "");
}

function value(v: ConfValue, cfg: Cfg): string {
  switch (v.render) {
    case "verbatim":
      return String(cfg[v.option]);
    case "digit":
      return cfg[v.option] ? "1" : "0";
    case "toString":
      return nixToString(cfg[v.option]);
    case "constant":
      return v.text;
    case "portSpecs":
      return (cfg[v.option] as ForwardPort[]).map(portSpec).join(",");
    case "nspawnFlags":
      return nspawnFlags(cfg);
    case "doubleQuoted":
      return `"${value(v.inner, cfg)}"`;
  }
}

function line(l: ConfLine, cfg: Cfg): string {
  const text = `${l.key}=${value(l.value, cfg)}\n` + (l.members ?? []).map((m) => line(m, cfg)).join("");
  if (l.when === undefined) return text;
  return (holds(l.when, cfg) ? text : "") + "\n";
}

/** The text of `/etc/nixos-containers/<name>.conf` for a resolved container. */
export function renderConf(_name: string, container: ResolvedContainer): string {
  return confTable.map((l) => line(l, container as Cfg)).join("");
}

/** `/etc/hosts` lines for containers with a localAddress, in attribute-name order. */
export function hostsLines(containers: Record<string, ResolvedContainer>): string {
  return sortedEntries(containers)
    .filter(([, c]) => c.localAddress !== null)
    .map(([name, c]) => `${c.localAddress!.split("/")[0]} ${name}.containers\n`)
    .join("");
}

export interface ConfValueOf {
  option: string;
  value: string;
}

function valuesOf(v: ConfValue, cfg: Cfg): ConfValueOf[] {
  switch (v.render) {
    case "doubleQuoted":
      return valuesOf(v.inner, cfg);
    case "constant":
      return [];
    case "nspawnFlags":
      return [
        { option: "bindMounts", value: sortedEntries(cfg.bindMounts).map(([, b]) => bindFlag(b)).join("") },
        { option: "extraFlags", value: cfg.extraFlags.join(" ") },
      ];
    default:
      return [{ option: v.option, value: value(v, cfg) }];
  }
}

function writtenValues(l: ConfLine, cfg: Cfg): ConfValueOf[] {
  if (l.when !== undefined && !holds(l.when, cfg)) return [];
  return [...valuesOf(l.value, cfg), ...(l.members ?? []).flatMap((m) => writtenValues(m, cfg))];
}

/** Every value the conf file gets for this container, with the option it comes from. */
export function confValues(container: ResolvedContainer): ConfValueOf[] {
  return confTable.flatMap((l) => writtenValues(l, container as Cfg));
}

/** Any of CONF_UNSAFE_CHARS. */
const UNSAFE = new RegExp(`[${CONF_UNSAFE_CHARS.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`);

export const isSafeConfValue = (s: string) => !UNSAFE.test(s);

/** Whether a string anywhere inside `v` holds a character the conf file cannot take. */
function holdsUnsafeString(v: unknown): boolean {
  if (typeof v === "string") return UNSAFE.test(v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (holdsUnsafeString(v[i])) return true;
    return false;
  }
  for (const k in v) if (holdsUnsafeString((v as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * Whether a string anywhere inside the conf file's options holds an unsafe
 * character. Compiled once from confOptions: each option read by its name
 * (one read of a known field; a loop with `cfg[o]` would share one read for
 * all the names and be several times slower), a string tested on the spot,
 * a list or set through holdsUnsafeString.
 */
const anyUnsafeConfString = new Function(
  "unsafe",
  "holds",
  [
    "return function anyUnsafeConfString(c) {",
    "  let v;",
    ...confOptions().map((o) => `  v = c[${JSON.stringify(o)}];\n  if (typeof v === "string" ? unsafe.test(v) : typeof v === "object" && v !== null && holds(v)) return true;`),
    "  return false;",
    "};",
  ].join("\n"),
)(UNSAFE, holdsUnsafeString) as (c: Cfg) => boolean;

/** The answer when no conf value is unsafe: one shared list, so that the common case allocates nothing. */
const NONE_UNSAFE: readonly string[] = [];

/** Options whose values would break or inject lines in the conf file, each named once. */
export function unsafeConfOptions(container: ResolvedContainer): readonly string[] {
  // A conf value is its options' strings, numbers and booleans joined by safe
  // text (`:`, `,`, spaces, ` --bind=`), so when none of those strings holds
  // an unsafe character none of the values does: the common case, decided
  // without rendering anything.
  if (!anyUnsafeConfString(container as Cfg)) return NONE_UNSAFE;
  return unsafeConfOptionsRendered(container);
}

/** unsafeConfOptions by rendering every value: the definition the shortcut above must agree with (a test holds them equal). */
export function unsafeConfOptionsRendered(container: ResolvedContainer): string[] {
  return [...new Set(confValues(container).filter((v) => !isSafeConfValue(v.value)).map((v) => v.option))];
}

/** Blanks at either end dropped, as systemd drops them around a bare value. */
function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s[a] === " " || s[a] === "\t")) a++;
  while (b > a && (s[b - 1] === " " || s[b - 1] === "\t")) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function addVariables(l: ConfLine, cfg: Cfg, env: Record<string, string>): void {
  if (l.when !== undefined && !holds(l.when, cfg)) return;
  const v = l.value;
  env[l.key] = v.render === "doubleQuoted" ? value(v.inner, cfg) : trimBlanks(value(v, cfg));
  if (l.members !== undefined) for (const m of l.members) addVariables(m, cfg, env);
}

/**
 * The variables the container@ unit gets from the conf file: what systemd
 * reads from renderConf's text (parseEnvironmentFile). When no value holds a
 * character the file would parse (the common case: the conf-injection check
 * refuses them), that is each line's value with the blanks at the ends of a
 * bare one dropped, and the file is neither written nor read; a test holds
 * the two equal.
 */
export function confEnvironment(name: string, container: ResolvedContainer): Record<string, string> {
  const cfg = container as Cfg;
  if (anyUnsafeConfString(cfg)) return parseEnvironmentFile(renderConf(name, container));
  const env: Record<string, string> = {};
  for (const l of confTable) addVariables(l, cfg, env);
  return env;
}
