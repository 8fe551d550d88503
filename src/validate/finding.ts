/** What the validator reports, and how option paths are written. */
import { compareAttrNames } from "../model/nix-values.js";
import type { ConsumerId } from "./consumers.js";

export type Severity = "error" | "warning";

/** An option path from the root of the NixOS configuration: `["containers", "web", "forwardPorts", 0, "hostPort"]`. */
export type Path = readonly (string | number)[];

export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  path: Path;
  /** The message without the option path in front of it. */
  message: string;
  position?: Position;
  /** The row of the consumer table the finding follows, when it is not its rule's (a replayed step's own row). */
  consumer?: ConsumerId;
}

/** `["containers", "web", "forwardPorts", 0, "hostPort"]` → `containers.web.forwardPorts[0].hostPort`; odd names quoted. One spelling, shared with the type layer. */
export function formatPath(path: Path): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `${i === 0 ? "" : "."}${JSON.stringify(p)}`))
    .join("");
}

/** Order: findings outside any container first, then by container name; within one, by position, then path, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  const inContainer = (f: Finding) => (f.path[0] === "containers" && f.path.length > 1 ? 1 : 0);
  if (inContainer(a) !== inContainer(b)) return inContainer(a) - inContainer(b);
  const byName = compareAttrNames(String(a.path[1] ?? ""), String(b.path[1] ?? ""));
  if (byName !== 0) return byName;
  const pa = a.position;
  const pb = b.position;
  if (pa !== undefined && pb !== undefined && pa.file === pb.file && (pa.line !== pb.line || pa.column !== pb.column))
    return pa.line - pb.line || pa.column - pb.column;
  return comparePaths(a.path, b.path) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function comparePaths(a: Path, b: Path): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareAttrNames(String(x), String(y));
  }
  return 0;
}
