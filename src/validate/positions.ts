/**
 * Where option definitions were written: a tree that mirrors the definition,
 * each node with the position of its attribute name (or list element).
 */
import type { Path, Position } from "./finding.js";

export class PosNode {
  private kids: Map<string | number, PosNode> | undefined;

  constructor(readonly at: Position | undefined) {}

  /** The child at `key`, created with position `at` if new. */
  child(key: string | number, at: Position | undefined): PosNode {
    this.kids ??= new Map();
    let node = this.kids.get(key);
    if (node === undefined) {
      node = new PosNode(at);
      this.kids.set(key, node);
    }
    return node;
  }

  /** Puts an existing subtree at `key`. */
  adopt(key: string | number, node: PosNode): PosNode {
    this.kids ??= new Map();
    this.kids.set(key, node);
    return node;
  }

  get(key: string | number): PosNode | undefined {
    return this.kids?.get(key);
  }

  /** The position of `path`, or of its nearest ancestor that has one (this node, the document, does not count). */
  lookup(path: Path): Position | undefined {
    let node: PosNode | undefined = this;
    let best: Position | undefined;
    for (const seg of path) {
      node = node.get(seg);
      if (node === undefined) break;
      if (node.at !== undefined) best = node.at;
    }
    return best;
  }
}

/** A tree with `node` placed at `path`: for documents whose root is not the configuration's root. */
export function rootedAt(path: Path, node: PosNode): PosNode {
  const root = new PosNode(node.at);
  let parent = root;
  path.forEach((seg, i) => {
    parent = i === path.length - 1 ? parent.adopt(seg, node) : parent.child(seg, node.at);
  });
  return path.length === 0 ? node : root;
}
