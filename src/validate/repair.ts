/**
 * A container definition with its type errors taken out, so that the semantic
 * rules can run on it in the same pass as the type layer.
 *
 * Each value at a type finding's path is removed, so that its option's
 * default applies when the definition is resolved (src/model/resolve.ts). A
 * value whose option has no default (a forwardPorts entry's hostPort, an
 * allowedDevices entry's node) takes its list element or attribute entry with
 * it. Leaving list elements out shifts the indices after them: `toGiven` turns
 * a path in the repaired definition back into the path the user wrote.
 *
 * `replaced` lists the paths (in the repaired definition) whose values are
 * now defaults: a rule that reads one of them is judging a value the user did
 * not write, and validate.ts drops its hits for that container.
 */
import type { Json } from "../model/resolve.js";
import { isOption, isPlainValue, type OptionDecl, type OptionSet, type OptionType } from "../options/dsl.js";
import type { Path } from "./finding.js";

type Obj = { [k: string]: Json };

/** Finding paths below one container, as a tree: `here` marks a path that ends at this node. */
interface Trie {
  here: boolean;
  children: Map<string | number, Trie>;
}

const newTrie = (): Trie => ({ here: false, children: new Map() });

function trieOf(paths: readonly Path[]): Trie {
  const root = newTrie();
  for (const p of paths) {
    let node = root;
    for (const seg of p) {
      let next = node.children.get(seg);
      if (next === undefined) node.children.set(seg, (next = newTrie()));
      node = next;
    }
    node.here = true;
  }
  return root;
}

export interface Repaired {
  /** The definition with every broken value removed. */
  value: Obj;
  /** Paths below the container (in `value`'s coordinates) whose values were removed, so that their defaults apply. */
  replaced: Path[];
  /** A path below the container in `value`'s coordinates, as the user wrote it (list indices before elements were left out). */
  toGiven: (path: Path) => Path;
  /** Whether list elements were left out, so that toGiven changes some path. */
  shifted: boolean;
}

const REMOVE = Symbol("remove");
type Out = Json | typeof REMOVE;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const hasDefault = (decl: OptionDecl, key: string, nameDefaults: readonly string[]) => nameDefaults.includes(key) || isPlainValue(decl.default);

class Repairer {
  readonly replaced: Path[] = [];
  /** For each list left with holes: its path in repaired coordinates, and the original index of each element kept. */
  readonly indexMaps = new Map<string, number[]>();

  options(set: OptionSet, value: Obj, trie: Trie, at: Path, nameDefaults: readonly string[], top: boolean): Obj | typeof REMOVE {
    const out: Obj = { ...value };
    for (const [key, child] of trie.children) {
      if (typeof key !== "string") continue;
      const decl = set[key];
      if (!(key in value)) {
        // A required option left out (missing-option at its path): the element cannot stand without it.
        if (!top && decl !== undefined && isOption(decl) && !hasDefault(decl, key, nameDefaults)) return REMOVE;
        continue;
      }
      if (decl === undefined) {
        delete out[key]; // an unknown option: nobody reads it
        continue;
      }
      if (!isOption(decl)) {
        const sub = value[key];
        const r = isObj(sub) ? this.options(decl, sub, child, [...at, key], [], false) : REMOVE;
        if (r === REMOVE) {
          delete out[key];
          this.replaced.push([...at, key]);
        } else out[key] = r;
        continue;
      }
      const r = this.value(decl.type, value[key]!, child, [...at, key]);
      if (r !== REMOVE) {
        out[key] = r;
        continue;
      }
      if (!top && !hasDefault(decl, key, nameDefaults)) return REMOVE;
      delete out[key];
      this.replaced.push([...at, key]);
    }
    return out;
  }

  value(type: OptionType, value: Json, trie: Trie, at: Path): Out {
    if (trie.here) return REMOVE;
    if (trie.children.size === 0) return value;
    switch (type.kind) {
      case "submodule":
        return isObj(value) ? this.options(type.options, value, trie, at, type.nameDefaults ?? [], false) : REMOVE;
      case "nullOr":
        return value === null ? null : this.value(type.elem, value, trie, at);
      case "attrsOf": {
        if (!isObj(value)) return REMOVE;
        const out: Obj = { ...value };
        for (const [key, child] of trie.children) {
          if (typeof key !== "string" || !(key in value)) continue;
          const r = this.value(type.elem, value[key]!, child, [...at, key]);
          if (r === REMOVE) delete out[key];
          else out[key] = r;
        }
        return out;
      }
      case "listOf": {
        if (!Array.isArray(value)) return REMOVE;
        const out: Json[] = [];
        const kept: number[] = [];
        value.forEach((v, i) => {
          const child = trie.children.get(i);
          const r = child === undefined ? v : this.value(type.elem, v, child, [...at, out.length]);
          if (r === REMOVE) return;
          out.push(r);
          kept.push(i);
        });
        if (kept.length !== value.length) this.indexMaps.set(JSON.stringify(at), kept);
        return out;
      }
      default:
        return REMOVE;
    }
  }
}

/**
 * Repairs one container's definition, given its option set and the paths of
 * its type findings below the container. Null when the definition is not an
 * attribute set at all: there is nothing for a rule to look at.
 */
export function repairDefinition(options: OptionSet, nameDefaults: readonly string[], given: unknown, failing: readonly Path[]): Repaired | null {
  if (!isObj(given)) return null;
  const r = new Repairer();
  const value = r.options(options, given, trieOf(failing), [], nameDefaults, true) as Obj;
  const maps = r.indexMaps;
  const toGiven = (path: Path): Path => {
    if (maps.size === 0) return path;
    const out: (string | number)[] = [];
    path.forEach((seg, i) => {
      const kept = typeof seg === "number" ? maps.get(JSON.stringify(path.slice(0, i))) : undefined;
      out.push(kept !== undefined ? (kept[seg as number] ?? seg) : seg);
    });
    return out;
  };
  return { value, replaced: r.replaced, toGiven, shifted: maps.size > 0 };
}
