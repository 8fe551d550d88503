/**
 * Command-line flags for every setting the template unit `container@` reads
 * from the conf file, derived from the conf table (src/options/conf.ts) and
 * the options' types (src/options/container.ts): `hostAddress6` becomes
 * `--host-address6 ADDR`, a boolean `--auto-start` / `--no-auto-start`, a list
 * a repeatable flag. Only nixos-container's own spellings and systemd-nspawn's
 * short forms are written here, as aliases.
 */
import type { Json } from "../model/resolve.js";
import { confLines, confOptions } from "../options/conf.js";
import { containerOptions } from "../options/container.js";
import { isOption, type OptionDecl, type OptionType, type SubmoduleType } from "../options/dsl.js";
import { parseBindSpec, parsePortSpec, type Definition } from "./conf-file.js";
import { SettingError } from "./errors.js";

/** Conf settings with flags of their own elsewhere: `--system-path` and `--flake` choose what the container runs. */
const NOT_SETTINGS: readonly string[] = ["path", "flake"];

/** nixos-container's names for some settings, kept so scripts carry over. */
const ALIASES: Record<string, { option: string; form?: "bind" | "bind-ro" }> = {
  bridge: { option: "hostBridge" },
  port: { option: "forwardPorts" },
  bind: { option: "bindMounts", form: "bind" },
  "bind-ro": { option: "bindMounts", form: "bind-ro" },
};

export const kebab = (option: string) => option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface SettingFlag {
  flag: string;
  option: string;
  decl: OptionDecl;
}

/**
 * Every option the conf file reflects: those whose values it holds, and those
 * that decide whether a line is there (privateNetwork, autoStart).
 */
export function confSettings(): string[] {
  const deciding = confLines().filter((l) => l.value.render === "constant" && l.when !== undefined).map((l) => l.when!.option);
  return [...new Set([...confOptions(), ...deciding])];
}

/** The settings, in the conf table's order. */
export function settingFlags(): SettingFlag[] {
  return confSettings()
    .filter((o) => !NOT_SETTINGS.includes(o))
    .map((option) => {
      const decl = containerOptions[option];
      if (decl === undefined || !isOption(decl)) throw new Error(`conf table: ${option} is not a container option`);
      return { flag: kebab(option), option, decl };
    });
}

const unwrapNull = (t: OptionType): OptionType => (t.kind === "nullOr" ? t.elem : t);

/** What a flag's value looks like, for the usage text. */
function metavar(t: OptionType): string {
  const u = unwrapNull(t);
  switch (u.kind) {
    case "listOf":
    case "attrsOf":
      return metavar(u.elem);
    case "submodule":
      return u.typeName === "ForwardPort" ? "[PROTO:]HOST[:CONTAINER]" : u.typeName === "BindMount" ? "HOSTPATH[:MOUNTPOINT]" : "KEY=VALUE,...";
    case "port":
    case "u32":
    case "int":
      return "N";
    case "either":
      return `${metavar(u.left)}|${metavar(u.right)}`;
    case "enum":
      return u.values.join("|");
    default:
      return "VALUE";
  }
}

/** The first sentence of an option's description, with the docs' markup removed. */
function firstSentence(d: string | undefined): string {
  const flat = (d ?? "").trim().replace(/\s*\n\s*/g, " ").replace(/\{(option|manpage|var)\}`([^`]*)`/g, "$2");
  return /^.*?\.(?=\s|$)/.exec(flat)?.[0] ?? flat;
}

/** The usage lines of the setting flags, for `create --help` and `update --help`. */
export function settingsUsage(): string {
  const lines: string[] = [];
  for (const s of settingFlags()) {
    const t = unwrapNull(s.decl.type);
    const left = t.kind === "bool" ? `--[no-]${s.flag}` : `--${s.flag} ${metavar(s.decl.type)}${s.decl.type.kind === "nullOr" || t.kind === "listOf" || t.kind === "attrsOf" ? `, --no-${s.flag}` : ""}`;
    const aliases = Object.entries(ALIASES)
      .filter(([, a]) => a.option === s.option)
      .map(([a, x]) => `--${a}${x.form === "bind" ? " (writable)" : x.form === "bind-ro" ? " (read-only)" : ""}`);
    lines.push(`  ${left}${aliases.length > 0 ? ` (also ${aliases.join(", ")})` : ""}\n      ${firstSentence(s.decl.description)}${t.kind === "listOf" || t.kind === "attrsOf" ? " Repeatable." : ""}`);
  }
  return lines.join("\n");
}

function scalar(t: OptionType, text: string, flag: string): Json {
  const u = unwrapNull(t);
  switch (u.kind) {
    case "bool":
      if (text === "true" || text === "false") return text === "true";
      throw new SettingError(`--${flag}: "${text}" is not true or false`);
    case "port":
    case "u32":
    case "int":
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case "either":
      return /^\d+$/.test(text) ? Number(text) : text;
    default:
      return text;
  }
}

/** `key=value,key=value` over a submodule's own options, the form every submodule takes. */
function generic(sub: SubmoduleType, text: string, flag: string): Definition {
  const out: Definition = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq);
    const decl = sub.options[key];
    if (eq === -1 || decl === undefined || !isOption(decl))
      throw new SettingError(`--${flag}: "${pair}" is not KEY=VALUE with KEY one of ${Object.keys(sub.options).join(", ")}`);
    const v = pair.slice(eq + 1);
    out[key] = decl.type.kind === "nullOr" && v === "null" ? null : scalar(decl.type, v, flag);
  }
  return out;
}

function element(sub: SubmoduleType, text: string, flag: string, form: "bind" | "bind-ro" | undefined): Definition {
  if (form !== undefined) return parseBindSpec(text, form === "bind-ro")[1];
  if (/^[A-Za-z]+=/.test(text)) return generic(sub, text, flag);
  if (sub.typeName === "ForwardPort") {
    const p = parsePortSpec(text);
    if (typeof p === "string") throw new SettingError(`--${flag}: ${p}`);
    return p;
  }
  if (sub.typeName === "BindMount") return parseBindSpec(text, true)[1];
  return generic(sub, text, flag);
}

/** The settings one command line gives: options it names, each with its whole new value. */
export type SettingChanges = Definition;

/**
 * Reads setting flags out of `args`; returns the changes and the arguments it
 * did not consume. A list or attribute-set flag given several times collects
 * every value; `--no-FLAG` clears it (or sets a boolean false).
 */
export function takeSettings(args: readonly string[]): { changes: SettingChanges; rest: string[] } {
  const all = settingFlags();
  const flags = new Map<string, { s: SettingFlag; form?: "bind" | "bind-ro" }>();
  for (const s of all) flags.set(s.flag, { s });
  for (const [alias, a] of Object.entries(ALIASES)) {
    const s = all.find((f) => f.option === a.option);
    if (s !== undefined) flags.set(alias, a.form === undefined ? { s } : { s, form: a.form });
  }
  const changes: SettingChanges = {};
  const rest: string[] = [];
  /** Options given a single value already: a second one is refused. */
  const valued = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      rest.push(...args.slice(i));
      break;
    }
    const m = /^--(no-)?([a-z0-9-]+)(?:=(.*))?$/s.exec(a);
    const hit = m === null ? undefined : flags.get(m[2]!);
    if (m === null || hit === undefined) {
      rest.push(a);
      continue;
    }
    const { s, form } = hit;
    const t = unwrapNull(s.decl.type);
    const negated = m[1] !== undefined;
    const collects = t.kind === "listOf" || t.kind === "attrsOf";
    if (negated) {
      if (m[3] !== undefined) throw new SettingError(`--no-${m[2]} takes no value`);
      if (t.kind === "bool") changes[s.option] = false;
      else if (collects) changes[s.option] = t.kind === "listOf" ? [] : {};
      else if (s.decl.type.kind === "nullOr") changes[s.option] = null;
      else throw new SettingError(`--no-${m[2]}: ${s.option} cannot be unset; give --${s.flag} VALUE`);
      continue;
    }
    if (t.kind === "bool" && m[3] === undefined) {
      changes[s.option] = true;
      continue;
    }
    const value = m[3] ?? args[++i];
    if (value === undefined) throw new SettingError(`--${m[2]} needs a value`);
    if (/[\n\r\0]/.test(value)) throw new SettingError(`--${m[2]}: the value contains a line break or NUL byte, which the conf file cannot hold`);
    if (!collects) {
      if (valued.has(s.option)) throw new SettingError(`--${m[2]} given twice`);
      valued.add(s.option);
      changes[s.option] = scalar(s.decl.type, value, m[2]!);
      continue;
    }
    const elem = t.elem;
    if (t.kind === "listOf") {
      const list = (Array.isArray(changes[s.option]) ? changes[s.option] : []) as Json[];
      const items = elem.kind === "submodule" && elem.typeName === "ForwardPort" && !value.includes("=") ? value.split(",") : [value];
      for (const item of items) list.push(elem.kind === "submodule" ? element(elem, item, m[2]!, form) : scalar(elem, item, m[2]!));
      changes[s.option] = list;
    } else {
      if (elem.kind !== "submodule") throw new SettingError(`--${m[2]}: no command-line form for ${s.option}`);
      const entry = element(elem, value, m[2]!, form);
      const key = typeof entry.mountPoint === "string" ? entry.mountPoint : value;
      const attrs = (typeof changes[s.option] === "object" && changes[s.option] !== null && !Array.isArray(changes[s.option]) ? changes[s.option] : {}) as Definition;
      attrs[key] = entry;
      changes[s.option] = attrs;
    }
  }
  return { changes, rest };
}
