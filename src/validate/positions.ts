/**
 * Where option definitions were written: a tree that mirrors the definition,
 * each node with the position of its attribute name (or list element).
 * Nodes hold plain numbers and make Position objects only when asked: a
 * JSON file of 10,000 containers has a quarter of a million of them.
 */
import type { Path, Position } from "./finding.js";

export class PosNode {
  /**
   * By key, list indices as their decimal text (as an object's keys would
   * be). A Map, not an object: the keys a JSON walk reads are fresh strings,
   * which an object would first look up in V8's table of interned strings.
   */
  private kids: Map<string, PosNode> | undefined;

  /** line 0: no position. */
  constructor(
    readonly file: string,
    private lineAt: number,
    private columnAt: number,
  ) {}

  get line(): number {
    return this.lineAt;
  }

  get column(): number {
    return this.columnAt;
  }

  /** Gives a node made without a position its place (locateJson makes the tree of the paths it wants first). */
  place(line: number, column: number): void {
    this.lineAt = line;
    this.columnAt = column;
  }

  get hasKids(): boolean {
    return this.kids !== undefined;
  }

  get at(): Position | undefined {
    return this.line === 0 ? undefined : { file: this.file, line: this.line, column: this.column };
  }

  /** The child at `key`, created with that position if new. */
  child(key: string | number, file: string, line: number, column: number): PosNode {
    const k = typeof key === "number" ? String(key) : key;
    this.kids ??= new Map();
    let node = this.kids.get(k);
    if (node === undefined) this.kids.set(k, (node = new PosNode(file, line, column)));
    return node;
  }

  /** Puts an existing subtree at `key`. */
  adopt(key: string | number, node: PosNode): PosNode {
    this.kids ??= new Map();
    this.kids.set(typeof key === "number" ? String(key) : key, node);
    return node;
  }

  get(key: string | number): PosNode | undefined {
    return this.kids?.get(typeof key === "number" ? String(key) : key);
  }

  /** The position of `path`, or of its nearest ancestor that has one (this node, the document, does not count). */
  lookup(path: Path): Position | undefined {
    let node: PosNode | undefined = this;
    let best: PosNode | undefined;
    for (const seg of path) {
      node = node.get(seg);
      if (node === undefined) break;
      if (node.line !== 0) best = node;
    }
    return best?.at;
  }
}

export const noPosition = (file = ""): PosNode => new PosNode(file, 0, 0);

/** A tree with `node` placed at `path`: for documents whose root is not the configuration's root. */
export function rootedAt(path: Path, node: PosNode): PosNode {
  const root = noPosition(node.file);
  let parent = root;
  path.forEach((seg, i) => {
    parent = i === path.length - 1 ? parent.adopt(seg, node) : parent.child(seg, node.file, node.line, node.column);
  });
  return path.length === 0 ? node : root;
}

/** Positions as a tree, or found on demand for the paths that need one (JSON: see locateJson). */
export type PositionSource = PosNode | ((paths: readonly Path[]) => PosNode);

export function resolvePositions(source: PositionSource, paths: readonly Path[]): PosNode {
  return typeof source === "function" ? source(paths) : source;
}
