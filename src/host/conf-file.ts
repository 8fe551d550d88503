/**
 * Conf files on the host: reading them back into definitions (the inverse of
 * the conf table in src/options/conf.ts, driven by the same table and the
 * options' types), telling declarative ones from imperative ones, and writing
 * them without ever leaving a torn file.
 */
import { accessSync, constants, fsyncSync, linkSync, lstatSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import type { Json } from "../model/resolve.js";
import { isOption, type OptionType } from "../options/dsl.js";
import { confLines, type ConfLine, type ConfValue } from "../options/conf.js";
import { containerOptions } from "../options/container.js";
import { HostError } from "./errors.js";
import { FOREIGN_CONF_FILES, type HostPaths } from "./paths.js";

export type Definition = { [option: string]: Json };

/** One conf file found on the host. */
export interface ConfRecord {
  name: string;
  file: string;
  /** Written by the NixOS module (a link into /etc/static, or not writable): not ours to change. */
  declarative: boolean;
  text: string;
  /** The settings it holds, as a definition the validator reads. */
  definition: Definition;
}

const byKey = new Map(confLines().map((l) => [l.key, l]));

function optionType(option: string): OptionType {
  const d = containerOptions[option];
  if (d === undefined || !isOption(d)) throw new Error(`conf table: ${option} is not a container option`);
  return d.type;
}

/** `[PROTOCOL:]HOSTPORT[:CONTAINERPORT]`, systemd-nspawn's --port syntax (and nixos-container's --port). */
export function parsePortSpec(spec: string): Definition | string {
  const parts = spec.split(":");
  const protocol = parts.length === 3 || (parts.length === 2 && !/^\d+$/.test(parts[0]!)) ? parts.shift()! : "tcp";
  const [host, container] = parts;
  const num = (s: string | undefined) => (s !== undefined && /^\d{1,5}$/.test(s) ? Number(s) : NaN);
  if (parts.length > 2 || Number.isNaN(num(host)) || (container !== undefined && Number.isNaN(num(container))))
    return `"${spec}" is not a port forward: write [tcp|udp:]HOSTPORT[:CONTAINERPORT], e.g. tcp:8080:80`;
  const out: Definition = { protocol, hostPort: num(host) };
  if (container !== undefined) out.containerPort = num(container);
  return out;
}

/** `HOSTPATH[:MOUNTPOINT]`, systemd-nspawn's --bind syntax, as a bindMounts entry keyed by mount point. */
export function parseBindSpec(spec: string, readOnly: boolean): [string, Definition] {
  const colon = spec.indexOf(":");
  const hostPath = colon === -1 ? spec : spec.slice(0, colon);
  const mountPoint = colon === -1 ? spec : spec.slice(colon + 1);
  return [mountPoint, { hostPath: colon === -1 ? null : hostPath, mountPoint, isReadOnly: readOnly }];
}

function readValue(v: ConfValue, text: string, line: ConfLine, def: Definition): void {
  switch (v.render) {
    case "doubleQuoted":
      return readValue(v.inner, text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text, line, def);
    case "verbatim":
      if (text !== "") def[v.option] = text;
      return;
    case "digit":
      def[v.option] = text === "1";
      return;
    case "constant":
      if (line.when?.test === "isTrue") def[line.when.option] = text === v.text;
      return;
    case "toString": {
      const t = optionType(v.option);
      if (t.kind === "listOf") def[v.option] = text.split(/\s+/).filter((s) => s !== "");
      else if (text === "") return;
      else def[v.option] = /^\d+$/.test(text) ? Number(text) : text;
      return;
    }
    case "portSpecs":
      if (text !== "") def[v.option] = text.split(",").map((s) => { const p = parsePortSpec(s); return typeof p === "string" ? { unparsed: s } : p; });
      return;
    case "nspawnFlags": {
      const words = text.split(/\s+/).filter((s) => s !== "");
      const binds: Definition = {};
      let i = 0;
      for (; i < words.length; i++) {
        const m = /^--bind(-ro)?=(.+)$/.exec(words[i]!);
        if (m === null) break;
        const [mount, entry] = parseBindSpec(m[2]!, m[1] !== undefined);
        binds[mount] = entry;
      }
      if (Object.keys(binds).length > 0) def.bindMounts = binds;
      if (i < words.length) def.extraFlags = words.slice(i);
      return;
    }
  }
}

/** A conf file's `KEY=value` lines, values as written (a line of any other form, a comment say, is not one). */
export function confEntries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(raw);
    if (m !== null) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** The definition a conf file's settings amount to (options it does not set keep their defaults). */
export function parseConf(text: string): Definition {
  const def: Definition = {};
  for (const [key, value] of confEntries(text)) {
    const line = byKey.get(key);
    if (line !== undefined) readValue(line.value, value, line, def);
  }
  return def;
}

/** Declarative conf files are the module's links into /etc/static, or files we may not write. */
export function isDeclarative(file: string): boolean {
  if (lstatSync(file).isSymbolicLink()) return true;
  try {
    accessSync(file, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** Every container conf file on the host, in name order. */
export function readConfs(host: HostPaths): ConfRecord[] {
  let entries: string[];
  try {
    entries = readdirSync(host.confDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new HostError(`cannot read ${host.confDir}: ${(e as Error).message}`);
  }
  return entries
    .filter((f) => f.endsWith(".conf") && !f.startsWith(".") && !FOREIGN_CONF_FILES.includes(f))
    .sort()
    .map((f) => readConf(f.slice(0, -".conf".length), path.join(host.confDir, f)));
}

/** One container's conf file, read and parsed. */
export function readConf(name: string, file: string): ConfRecord {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new HostError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return { name, file, declarative: isDeclarative(file), text, definition: parseConf(text) };
}

const tempBeside = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);

function writeTemp(file: string, text: string): string {
  const temp = tempBeside(file);
  const fd = openSync(temp, "wx", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/**
 * Writes a file whole or not at all: to a temporary file beside it, then
 * linked (`replace: false`, failing when the file exists) or renamed into place.
 */
export function writeWhole(file: string, text: string, replace: boolean): void {
  let temp: string | null = null;
  try {
    temp = writeTemp(file, text);
    if (replace) renameSync(temp, file);
    else linkSync(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HostError(code === "EEXIST" ? `${file} already exists` : `cannot write ${file}: ${(e as Error).message}`);
  } finally {
    if (temp !== null) rmSync(temp, { force: true });
  }
}
