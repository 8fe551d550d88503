/** Seeded random container definitions, for comparing the Nix and TS sides on many inputs. */
import type { Json } from "../../src/model/resolve.js";

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly rand: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.rand() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  list<T>(max: number, f: () => T): T[] {
    return Array.from({ length: this.int(0, max) }, f);
  }
  word(alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-", min = 1, max = 12): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick([...alphabet])).join("");
  }
  /** Mostly plain text, sometimes characters that need escaping in Nix. */
  text(): string {
    return this.bool(0.8) ? this.word() : this.word("ab/:. \"\\$'{}\t\u00e9\u4e2d", 0, 10);
  }
}

const KERNELS = ["4.19.300", "5.4.0", "5.8", "5.8.0", "5.9", "5.10-rc1", "6.1.12", "6.12.0"];
const STATE_VERSIONS = ["21.05", "21.11", "22.05", "23.11", "25.11"];

export function randomContainer(g: Gen): { [k: string]: Json } {
  const c: { [k: string]: Json } = {};
  if (g.bool(0.2)) c.flake = "github:" + g.word();
  else c.path = "/nix/store/" + g.word("abcdefghijklmnopqrstuvwxyz0123456789", 8, 32);
  const maybe = (key: string, p: number, v: () => Json) => {
    if (g.bool(p)) c[key] = v();
  };
  const network = (target: { [k: string]: Json }) => {
    const set = (key: string, p: number, v: () => Json) => {
      if (g.bool(p)) target[key] = v();
    };
    set("hostBridge", 0.2, () => g.pick([null, "br" + g.int(0, 9), g.text()]));
    set("hostAddress", 0.4, () => g.pick([null, `10.${g.int(0, 255)}.${g.int(0, 255)}.1`]));
    set("localAddress", 0.4, () => g.pick([null, `10.0.${g.int(0, 255)}.2`, `10.0.0.${g.int(0, 255)}/24`]));
    set("hostAddress6", 0.3, () => g.pick([null, `fc00::${g.int(1, 999)}`]));
    set("localAddress6", 0.3, () => g.pick([null, `fc00::${g.int(1, 999)}/64`]));
    set("localMacAddress", 0.2, () => g.pick([null, "de:b7:73:01:10:90"]));
    set("forwardPorts", 0.3, () =>
      g.list(3, () => {
        const p: { [k: string]: Json } = { hostPort: g.int(0, 65535) };
        if (g.bool()) p.protocol = g.pick(["tcp", "udp"]);
        if (g.bool()) p.containerPort = g.pick([null, g.int(0, 65535)]);
        return p;
      }),
    );
  };
  network(c);
  maybe("privateNetwork", 0.6, () => g.bool());
  maybe("copyResolvConf", 0.3, () => g.bool());
  maybe("ephemeral", 0.3, () => g.bool());
  maybe("enableTun", 0.3, () => g.bool());
  maybe("autoStart", 0.4, () => g.bool());
  maybe("restartIfChanged", 0.3, () => g.bool());
  maybe("timeoutStartSec", 0.3, () => g.pick(["1min", "90s", "2h 30min", g.text()]));
  maybe("privateUsers", 0.4, () => g.pick<Json>(["no", "identity", "pick", 0, 1, 65536, 4294967295]));
  maybe("networkNamespace", 0.15, () => g.pick([null, "/run/netns/" + g.word()]));
  maybe("interfaces", 0.3, () => g.list(3, () => g.word()));
  maybe("macvlans", 0.3, () => g.list(3, () => g.word()));
  maybe("additionalCapabilities", 0.3, () => g.list(3, () => "CAP_" + g.word("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", 3, 10)));
  maybe("tmpfs", 0.2, () => g.list(2, () => "/" + g.word()));
  maybe("extraFlags", 0.3, () => g.list(3, () => "--" + g.text()));
  maybe("allowedDevices", 0.3, () => g.list(2, () => ({ node: "/dev/" + g.word(), modifier: g.pick(["r", "rw", "rwm"]) })));
  maybe("bindMounts", 0.4, () => {
    const mounts: { [k: string]: Json } = {};
    for (let i = g.int(0, 4); i > 0; i--) {
      const m: { [k: string]: Json } = {};
      if (g.bool()) m.hostPath = g.pick([null, "/srv/" + g.text()]);
      if (g.bool()) m.isReadOnly = g.bool();
      if (g.bool(0.2)) m.mountPoint = "/mnt/" + g.word();
      mounts["/" + g.text()] = m;
    }
    return mounts;
  });
  maybe("extraVeths", 0.2, () => {
    const veths: { [k: string]: Json } = {};
    for (let i = g.int(0, 2); i > 0; i--) {
      const v: { [k: string]: Json } = {};
      network(v);
      veths["ve-" + g.word()] = v;
    }
    return veths;
  });
  return c;
}

export function randomName(g: Gen): string {
  return g.word("abcdefghijklmnopqrstuvwxyz0123456789-_", 1, 16);
}

export function randomHost(g: Gen) {
  return {
    kernelVersion: g.pick(KERNELS),
    stateVersion: g.pick(STATE_VERSIONS),
    enableContainers: g.bool(0.8),
    virtualisationContainers: g.bool(0.3),
    hasContainers: g.bool(0.9),
    network: null,
    paths: null,
  };
}
