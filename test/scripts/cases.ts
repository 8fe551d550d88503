/**
 * The definitions the scripts' tests render: every fixture's containers,
 * every definition the boot suite boots (as booted), conf files written by
 * hand for the template unit, and seeded random definitions, some of them
 * also as imperative containers (their conf file read by the template unit).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderConf } from "../../src/model/conf.js";
import { resolveContainer, type ResolvedContainer } from "../../src/model/container.js";
import type { ScriptPaths } from "../../src/scripts/text.js";
import { falseAlarms, ignored, proofs } from "../boot/consumers.js";
import { asBooted } from "../boot/harness.js";
import { shapes } from "../boot/shapes.js";
import { fixtures } from "../support/fixtures.js";
import { evalJson } from "../support/nix.js";
import { root } from "../support/paths.js";
import { Gen, prng, randomContainer, randomName } from "../support/random.js";
import tmp from "../support/tmp.js";

export interface ScriptCase {
  source: string;
  name: string;
  /** A declarative container's options, or null for the template unit. */
  cfg: ResolvedContainer | null;
  /** The conf file's text. */
  conf: string;
  paths: ScriptPaths;
}

export interface RenderedScripts {
  preStart: string;
  script: string;
  postStart: string;
  containerInit: string;
}

export const SEED = 20261117;

/**
 * Conf files written by hand (an imperative container's may be), read by the
 * template unit: bash's own corners (fields split at runs of blanks, a
 * comma-split list with empty and trailing fields, octal, invalid and
 * overflowing numbers in `(( ))`) and a file without COPY_RESOLV_CONF, on
 * which the start script stops (nounset).
 */
export const handWritten: readonly { source: string; conf: string }[] = [
  {
    source: "a conf file without COPY_RESOLV_CONF",
    conf: "SYSTEM_PATH=/nix/store/hand-a\nPRIVATE_NETWORK=1\nHOST_ADDRESS=10.0.0.1\nLOCAL_ADDRESS=10.0.0.2\n",
  },
  {
    source: "blanks in values, a port list with empty fields, PRIVATE_USERS=08",
    conf: [
      "SYSTEM_PATH=/nix/store/hand-b",
      "COPY_RESOLV_CONF=0",
      "PRIVATE_NETWORK=1",
      "PRIVATE_USERS=08",
      "HOST_PORT=tcp:1:1,,udp:2:2,",
      "LOCAL_ADDRESS=10.0.0.2/24   noprefixroute",
      "HOST_ADDRESS6=fc00::1",
      'INTERFACES="  a\tb  c "',
      'MACVLANS=" "',
      'EXTRA_NSPAWN_FLAGS="--a  --b "',
      "LOCAL_MAC_ADDRESS=02:00:00:00:00:01",
      "",
    ].join("\n"),
  },
  ...["0100", "00", "99999999999999999999", "18446744073709551616", "pick", "identity", ""].map((users) => ({
    source: `PRIVATE_USERS=${users}`,
    conf: `SYSTEM_PATH=/nix/store/hand-c\nCOPY_RESOLV_CONF=1\nPRIVATE_USERS=${users}\nHOST_PORT=,\nHOST_BRIDGE=br0\nHOST_ADDRESS=10.0.0.1\n`,
  })),
  {
    source: "a flake, with a bridge and addresses",
    conf: 'FLAKE=github:a/b\nCOPY_RESOLV_CONF=1\nPRIVATE_NETWORK=1\nHOST_BRIDGE=br0\nLOCAL_ADDRESS=10.0.0.2/24\nNETWORK_NAMESPACE_PATH=/run/netns/x y\nEXTRA_NSPAWN_FLAGS=""\n',
  },
];

/** Every case, with the store paths `pathsFor` gives each container. */
export function scriptCases(pathsFor: (name: string, isX86_64: boolean) => ScriptPaths, randomCount: number): ScriptCase[] {
  const cases: ScriptCase[] = [];
  const declared = (source: string, name: string, input: Parameters<typeof resolveContainer>[1], isX86_64 = true) => {
    const cfg = resolveContainer(name, input);
    if (cfg.path === undefined && cfg.flake === null) return; // the module renders nothing without either
    cases.push({ source, name, cfg, conf: renderConf(name, cfg), paths: pathsFor(name, isX86_64) });
  };
  for (const f of fixtures()) for (const [name, input] of Object.entries(f.input.containers)) declared(`fixture ${f.name}`, name, input);
  for (const s of shapes) for (const [name, b] of Object.entries(s.boot.containers)) declared(`boot shape ${s.name}`, name, asBooted(name, b.definition));
  for (const p of [...proofs, ...ignored, ...falseAlarms])
    if ("given" in p) for (const [name, definition] of Object.entries(p.given)) declared(`boot proof ${p.rule}`, name, asBooted(name, definition));
  for (const h of handWritten) cases.push({ source: `hand-written conf file: ${h.source}`, name: "hand", cfg: null, conf: h.conf, paths: pathsFor("hand", true) });
  const g = new Gen(prng(SEED));
  for (let i = 0; i < randomCount; i++) {
    const name = randomName(g);
    const input = randomContainer(g);
    const x86 = g.bool();
    declared(`random #${i} (seed ${SEED})`, name, input, x86);
    // Every fifth also as an imperative container: its conf file read by the template unit.
    if (i % 5 === 0) {
      const cfg = resolveContainer(name, input);
      cases.push({ source: `random #${i} (seed ${SEED}) as an imperative container`, name, cfg: null, conf: renderConf(name, cfg), paths: pathsFor(name, x86) });
    }
  }
  return cases;
}

/** The scripts the generated core renders for each case (one bare nix-instantiate). */
export function renderScripts(cases: readonly ScriptCase[]): RenderedScripts[] {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const casesFile = path.join(dir.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify(cases.map((c) => (c.cfg === null ? { paths: c.paths } : { cfg: c.cfg, paths: c.paths }))));
    return evalJson([path.join(root, "test/scripts/scripts-eval.nix"), "--argstr", "casesFile", casesFile]) as RenderedScripts[];
  } finally {
    dir.removeCallback();
  }
}
