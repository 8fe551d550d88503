/**
 * Whether a container built from `config` gets the same system on both sides,
 * as far as can be told without evaluating NixOS: a config given as a value
 * (JSON) is compared as a value; one given as Nix code is compared by its
 * source text (the binding's value, found from its position) and the contents
 * of the files that text names (`./web.nix`). Equal text and files: the same
 * system. Anything else cannot be decided: the caller says "may restart".
 * What the text reads from elsewhere (imports inside those files, `pkgs`, the
 * container's nixpkgs) is not followed.
 */
import path from "node:path";
import type { Position } from "../validate/finding.js";
import { bindingText } from "./nix-text.js";

export type Sameness = "same" | "different" | "unknown";

export interface ConfigSource {
  value: unknown;
  position: Position | undefined;
  /** The text of a file by name, null when unreadable; "(expr)" is the --expr text. */
  readSource: (file: string) => string | null;
}

const isCode = (v: unknown) => typeof v === "object" && v !== null && (v as { __containersNix?: unknown }).__containersNix !== undefined;

/** A value as JSON text with object keys sorted: equal texts, equal values (key order aside). */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** The text and named files of a config written as Nix code, as one string; null when it cannot be read. */
function codeIdentity(c: ConfigSource): string | null {
  const at = c.position;
  if (at === undefined) return null;
  const src = c.readSource(at.file);
  if (src === null) return null;
  const b = bindingText(src, at.line, at.column);
  if (b === null) return null;
  const files = b.paths.map((p) => {
    const text = c.readSource(path.resolve(at.file.startsWith("(") ? "." : path.dirname(at.file), p));
    return text === null ? null : `${p}\u0000${text}`;
  });
  if (files.includes(null)) return null;
  return [b.text, ...files].join("\u0001");
}

export interface ConfigComparison {
  sameness: Sameness;
  message: string;
}

export function compareConfigs(old: ConfigSource, next: ConfigSource): ConfigComparison {
  if (!isCode(old.value) && !isCode(next.value)) {
    return stable(old.value) === stable(next.value)
      ? { sameness: "same", message: "config is the same value" }
      : { sameness: "different", message: "config changed (a different value)" };
  }
  const a = isCode(old.value) ? codeIdentity(old) : null;
  const b = isCode(next.value) ? codeIdentity(next) : null;
  if (a !== null && a === b) return { sameness: "same", message: "config has the same text and files" };
  if (a !== null && b !== null)
    return { sameness: "unknown", message: "config changed: its text or a file it names differs, and whether its system changes cannot be told without evaluating it" };
  return { sameness: "unknown", message: "config is Nix code whose text could not be compared; whether its system changes cannot be told without evaluating it" };
}
