/**
 * The disagreements between validate and the real boot that are known and
 * not fixed yet (issue #17), so that the boot suite's agreement tests
 * (fuzz-sample.test.ts, fuzz-regressions.test.ts) stay green while the
 * validator's replay is built, and fail on any new one. Each entry is one
 * kind of disagreement: why validate and the boot disagree, the regression
 * fixture of its shrunk host (test/boot/regressions/), and the hosts of the
 * boot suite's sample (`npm run fuzz:boot`'s first SAMPLE_COUNT hosts of
 * SAMPLE_SEED) that show it. When the validator learns a kind, its tests
 * fail with "now agrees": delete the entry; the fixture stays, as a
 * regression test that they agree.
 */
import type { Agreement } from "../fuzz/verdict.js";

export const SAMPLE_SEED = 1;
export const SAMPLE_COUNT = 40;

export interface KnownDisagreement {
  kind: Exclude<Agreement, "agree">;
  reason: string;
  /** File names under test/boot/regressions/ whose host shows it. */
  fixtures: string[];
  /** Indices (from 0) of the sample's hosts that show it. */
  sample: number[];
}

const missed = (reason: string, fixtures: string[], sample: number[] = []): KnownDisagreement => ({ kind: "missed-failure", reason, fixtures, sample });

/** As found by `npm run fuzz:boot -- 200 1` against the validator before the replay (issue #17): 46 missed failures, no false alarm. */
export const KNOWN: KnownDisagreement[] = [
  missed(
    "hostBridge names a physical interface of the host, not a bridge: nspawn says `Failed to add interface vb-<name> to bridge eth0: Operation not supported` (needs host.interfaces)",
    ["missed-failure-1-159.json"],
  ),
  missed(
    "hostBridge (of the container or of an extra veth) names a bridge the host does not have: nspawn says `Failed to add interface vb-<name> to bridge br7: No such device` (needs host.interfaces)",
    ["missed-failure-1-30.json"],
    [30],
  ),
  missed(
    "networkNamespace names a namespace the host does not have: nspawn says `Cannot open file /run/netns/vpn9: No such file or directory` (needs host.networkNamespaces)",
    ["missed-failure-1-47.json"],
  ),
  missed(
    "networkNamespace together with privateUsers: nspawn, inside the container's new user namespace, may not join a network namespace of the host's: `Failed to join network namespace: Operation not permitted` (two options of one container; no mistake of the generator's, found by the fuzzing)",
    ["missed-failure-1-63.json"],
  ),
  missed(
    "a macvlan parent the host does not have: nspawn says `Failed to resolve interface \"eth5\": No such device` (needs host.interfaces)",
    ["missed-failure-1-179.json"],
    [3],
  ),
  missed(
    "an interface to move in that the host does not have: nspawn says `Failed to resolve interface \"enp9s0\": No such device` (needs host.interfaces)",
    ["missed-failure-1-22.json"],
    [22, 35],
  ),
  missed(
    "a bridge of the host given in interfaces: the kernel does not move a bridge to another namespace, nspawn says `Failed to move interface br2 to namespace: Invalid argument` (needs host.interfaces' kinds)",
    ["missed-failure-1-113.json"],
  ),
  missed(
    "a bind mount whose source does not exist: nspawn says `Failed to stat /data/app: No such file or directory` (the host's files are no input of validate: to be listed as a limit, or read as a host fact)",
    ["missed-failure-1-28.json"],
    [24, 28],
  ),
  missed(
    "a bridged container whose localAddress is outside the subnet of the bridge's address: the container starts, but neither end of the pair reaches the other (needs the bridge's addresses from host.interfaces)",
    ["missed-failure-1-9.json"],
    [9],
  ),
  missed(
    "a bridged container whose IPv4 localAddress has no prefix (/32) and no hostAddress: it has no route to the bridge's subnet, and neither end of the pair reaches the other",
    ["missed-failure-1-181.json"],
    [13, 18, 26],
  ),
  missed(
    "an IPv6 address in localAddress with an IPv4 hostAddress (or the reverse): every step succeeds (ip takes either family), but the pair has no common family and neither end reaches the other",
    ["missed-failure-1-29.json"],
    [29],
  ),
  missed(
    "a forwarded port on a container with no address pair (no private network, or hostAddress6 without localAddress6): nspawn takes --port, but nothing reaches the container through the host",
    ["missed-failure-1-84.json", "missed-failure-1-173.json"],
    [2],
  ),
];

/** The known disagreement of a sample host or of a fixture, if any. */
export const knownForSample = (index: number) => KNOWN.find((k) => k.sample.includes(index));
export const knownForFixture = (file: string) => KNOWN.find((k) => k.fixtures.includes(file));
