/**
 * The container@ unit's start script: prepares the container's tree and
 * directories, collects systemd-nspawn's flags from the conf file's values
 * and the container's options, and execs systemd-nspawn with the container
 * init script.
 */
import {
  absent,
  and,
  anySet,
  append,
  argEach,
  argIf,
  array,
  assign,
  blank,
  block,
  br,
  builtin,
  comment,
  equals,
  exec,
  extraVeths,
  fileSays,
  forOptions,
  for_,
  fromStore,
  greater,
  group,
  if_,
  item,
  joined,
  matches,
  nix,
  not,
  notSymlink,
  or,
  orDefault,
  orEmpty,
  q,
  readSplit,
  ref,
  run,
  spliced,
  storePath,
  test,
  vethName,
  w,
  when,
  nonEmpty,
} from "./build.js";
import type { Arg, Script, Stmt } from "./dsl.js";
import { ADDRESS_VARIABLES } from "./pre-start.js";

const root = (path: string) => q(ref("root"), path);
const profiles = ref("profiles");
const gcroots = ref("gcroots");

/** `if [[ -n "${NAME-}" ]]; then extraFlags+=("FLAG=$NAME"); fi` */
const flagIfSet = (variable: string, flag: string): Stmt => if_(anySet(variable), append("extraFlags", q(`${flag}=`, ref(variable))));

/** `for iface in ${NAME-}; do extraFlags+=("FLAG=$iface"); done`: one flag per word of the variable. */
const flagPerWord = (variable: string, flag: string): Stmt => for_("iface", [orEmpty(variable)], append("extraFlags", q(`${flag}=`, ref("iface"))));

/** `--setenv NAME="${NAME-}"`: the conf file's value passed into the container, for its init script. */
const setenv = (variable: string): Arg[] => [w("--setenv"), w(`${variable}=`, q(orEmpty(variable))), br];

/** The /nix bind mounts, idmapped with user namespacing. */
const nixBinds: Arg[] = [
  w("--bind-ro=/nix/store:/nix/store", ref("idmap")),
  br,
  w("--bind-ro=/nix/var/nix/db:/nix/var/nix/db", ref("idmap")),
  br,
  w("--bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket", ref("idmap")),
  br,
  w("--bind=", q(profiles, ":/nix/var/nix/profiles", ref("idmap"))),
  br,
  w("--bind=", q(gcroots, ":/nix/var/nix/gcroots", ref("idmap"))),
  br,
];

const systemdNspawn = exec(
  run(
    "nspawn-command-line",
    fromStore("systemdNspawn", "systemd-nspawn"),
    br,
    "--keep-unit",
    br,
    "-M",
    q(ref("INSTANCE")),
    "-D",
    q(ref("root")),
    q(array("extraFlags")),
    br,
    "--notify-ready=yes",
    br,
    "--kill-signal=SIGRTMIN+3",
    br,
    ...nixBinds,
    argIf(not({ kind: "isTrue", option: "ephemeral" }), w("--link-journal=try-guest")),
    br,
    ...["PRIVATE_NETWORK", "PRIVATE_USERS", "HOST_BRIDGE", "HOST_ADDRESS", "LOCAL_ADDRESS", "HOST_ADDRESS6", "LOCAL_ADDRESS6", "LOCAL_MAC_ADDRESS", "HOST_PORT"].flatMap(setenv),
    w("--setenv"),
    w("PATH=", q(ref("PATH"))),
    br,
    argIf({ kind: "isTrue", option: "ephemeral" }, w("--ephemeral")),
    br,
    argIf({ kind: "nonEmpty", option: "additionalCapabilities" }, w("--capability=", q(nix(joined("additionalCapabilities", ","))))),
    br,
    argEach({ kind: "list", option: "tmpfs" }, w("--tmpfs=", q(nix(item)))),
    br,
    orEmpty("EXTRA_NSPAWN_FLAGS"),
    br,
    nix(storePath("containerInitPath")),
    q(orDefault("SYSTEM_PATH", "/nix/var/nix/profiles/system"), "/init"),
  ),
);

export const start: Script = {
  name: "script",
  nixName: "startScript",
  summary: "The unit's script: prepares the container's tree and execs systemd-nspawn with the flags its conf file and options ask for.",
  nounset: true,
  body: [
    ...comment("`root` is set in the unit's environment."),
    builtin("declare", "root"),
    blank,
    run("start-tree", "mkdir", "-p", root("/usr/bin"), root("/etc"), root("/var/lib")),
    run("start-tree", "chmod", "0755", root("/etc"), root("/var/lib")),
    run("start-tree", "mkdir", "-p", root("/var/lib/private"), root("/root"), "/run/nixos-containers"),
    run("start-tree", "chmod", "0700", root("/var/lib/private"), root("/root"), "/run/nixos-containers"),
    if_(test(absent(root("/etc/os-release")), notSymlink(root("/etc/os-release"))), run("start-tree", "touch", root("/etc/os-release"))),
    if_(test(absent(root("/etc/machine-id"))), run("start-tree", "touch", root("/etc/machine-id"))),
    blank,
    assign("profiles", q("/nix/var/nix/profiles/per-container/", ref("INSTANCE"))),
    assign("gcroots", q("/nix/var/nix/gcroots/per-container/", ref("INSTANCE"))),
    run("start-tree", "mkdir", "-p", q(profiles), q(gcroots)),
    run("start-tree", "chmod", "0755", q(profiles), q(gcroots)),
    blank,
    if_(
      test(equals(q(ref("COPY_RESOLV_CONF")), "1")),
      forOptions(run("start-tree", "cp", "--remove-destination /etc/resolv.conf", root("/etc/resolv.conf")), "copyResolvConf"),
    ),
    blank,
    ...comment("A flake container is built on its first start: `update` writes its system profile."),
    if_(
      test(nonEmpty(q(orEmpty("FLAKE"))), absent(q(profiles, "/system"))),
      run("nixos-container", fromStore("nixosContainer", "nixos-container"), "update", q(ref("INSTANCE"))),
    ),
    blank,
    builtin("declare", "-a extraFlags"),
    blank,
    if_(test(equals(q(orEmpty("PRIVATE_NETWORK")), "1")), append("extraFlags", q("--private-network"))),
    blank,
    ...comment("With user namespacing, the /nix bind mounts are idmapped so that their", "files keep their owners instead of showing up as nobody."),
    assign("idmap", q("")),
    if_(
      anySet("PRIVATE_USERS"),
      append("extraFlags", q("--private-users=", ref("PRIVATE_USERS"))),
      if_(
        or(
          test(equals(q(ref("PRIVATE_USERS")), "pick")),
          group(and(test(matches(q(ref("PRIVATE_USERS")), "^[0-9]+$")), greater("PRIVATE_USERS", 0))),
        ),
        assign("idmap", q(":idmap")),
      ),
    ),
    blank,
    if_(or(anySet(...ADDRESS_VARIABLES), anySet("LOCAL_MAC_ADDRESS")), append("extraFlags", q("--network-veth"))),
    blank,
    if_(
      anySet("HOST_PORT"),
      readSplit("ports", ",", q(ref("HOST_PORT"))),
      for_("port", [q(array("ports"))], append("extraFlags", q("--port=", ref("port")))),
    ),
    blank,
    flagIfSet("HOST_BRIDGE", "--network-bridge"),
    blank,
    flagIfSet("NETWORK_NAMESPACE_PATH", "--network-namespace-path"),
    blank,
    append("extraFlags", argEach(extraVeths, q("--network-veth-extra=", nix(vethName)))),
    blank,
    flagPerWord("INTERFACES", "--network-interface"),
    blank,
    flagPerWord("MACVLANS", "--network-macvlan"),
    blank,
    spliced(
      when(
        { kind: "isX86_64" },
        block(
          comment("A 32-bit system on a 64-bit host needs the x86 personality."),
          if_(test(fileSays(q(orDefault("SYSTEM_PATH", profiles, "/system"), "/system"), "i686-linux")), append("extraFlags", q("--personality=x86"))),
        ),
      ),
    ),
    blank,
    builtin("export", "SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1"),
    blank,
    ...comment(
      "No startup notification from nspawn itself: the container's systemd",
      "reports readiness. SIGTERM to nspawn becomes SIGRTMIN+3 (halt) inside,",
      "which containerInit and stage 2 both handle.",
      "shellcheck disable=SC2086 # EXTRA_NSPAWN_FLAGS is split on purpose",
    ),
    systemdNspawn,
  ],
};
