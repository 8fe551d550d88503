/**
 * Random and mutated container definitions, for the fuzzer (test/fuzz/run.ts)
 * and for the test that both type layers agree (test/validate/typecheck.test.ts).
 */
import { Gen, randomContainer, randomName } from "./random.js";

export class Mutator {
  constructor(readonly g: Gen) {}

  /** Values of every JSON shape, and some that only JS has. */
  junk(depth = 0): unknown {
    const g = this.g;
    switch (g.int(0, depth > 2 ? 7 : 10)) {
      case 0:
        return null;
      case 1:
        return g.bool();
      case 2:
        return g.pick([0, -1, 65535, 65536, 4294967296, 1.5, -0, Number.MAX_SAFE_INTEGER + 2, 1e308]);
      case 3:
        return g.text();
      case 4:
        return g.pick(["", " ", "tcp", "udp", "pick", "no", "10.0.0.1", "fc00::1/64", "de:b7:73:01:10:90", "/", "5min", "__proto__"]);
      case 5:
        return g.pick(["\n", '"', "\\", "$HOME", "`id`", "\u0000", "\ud800", "x".repeat(5000)]);
      case 6:
        return g.word("0123456789./:", 1, 20);
      case 7:
        return g.pick([{}, [], [[]], { "": null }]);
      case 8:
        return g.list(4, () => this.junk(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let n = g.int(0, 4); n > 0; n--) o[g.pick(["path", "hostPort", "protocol", "bindMounts", "__proto__", "constructor", g.word()])] = this.junk(depth + 1);
        return o;
      }
    }
  }

  /** Changes one value somewhere inside `v`, or adds or deletes a key. */
  mutate(v: unknown, depth = 0): unknown {
    const g = this.g;
    if (depth > 0 && g.bool(0.3)) return this.junk();
    if (Array.isArray(v)) {
      if (v.length === 0 || g.bool(0.2)) return [...v, this.junk()];
      const i = g.int(0, v.length - 1);
      return v.map((x, j) => (j === i ? this.mutate(x, depth + 1) : x));
    }
    if (typeof v === "object" && v !== null) {
      const o = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(o);
      const roll = g.int(0, 9);
      if (roll === 0 && keys.length > 0) delete o[g.pick(keys)];
      else if (roll === 1) o[g.pick(["pkgs", "config", "hostAdress", "bindMount", "flake", g.word()])] = this.junk();
      else if (keys.length > 0) {
        const k = g.pick(keys);
        o[k] = this.mutate(o[k], depth + 1);
      }
      return o;
    }
    return this.junk();
  }

  definitions(): unknown {
    const g = this.g;
    if (g.bool(0.02)) return this.junk();
    const set: Record<string, unknown> = {};
    for (let n = g.int(1, 3); n > 0; n--) {
      const c = randomContainer(g);
      set[g.bool(0.9) ? randomName(g) : g.text()] = g.bool(0.6) ? this.mutate(c) : c;
    }
    return set;
  }
}
