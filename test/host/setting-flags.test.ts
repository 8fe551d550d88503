/** The setting flags: derived from the conf table and the options' types, parsed into definitions. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SettingError } from "../../src/host/errors.js";
import { settingFlags, settingsUsage, takeSettings } from "../../src/host/setting-flags.js";
import { confOptions } from "../../src/options/conf.js";

const conditionOptions = ["privateNetwork", "autoStart"];

test("every option the conf file holds or is decided by has a flag, except path and flake (--system-path, --flake)", () => {
  assert.equal(
    settingFlags().map((f) => f.option).sort(),
    [...confOptions(), ...conditionOptions].filter((o) => o !== "path" && o !== "flake").sort(),
  );
  for (const f of settingFlags()) assert.match(settingsUsage(), `--${f.decl.type.kind === "bool" ? "[no-]" : ""}${f.flag}`);
});

const cases: [string, { given: string[]; want: Record<string, unknown>; rest?: string[] }][] = [
  ["nixos-container's network flags", { given: ["--host-address", "10.0.0.1", "--local-address=10.0.0.2", "--bridge", "br0"], want: { hostAddress: "10.0.0.1", localAddress: "10.0.0.2", hostBridge: "br0" } }],
  ["--port takes nspawn's forms, comma-separated and repeated", {
    given: ["--port", "8080:80,udp:53", "--port", "443", "--forward-ports", "protocol=udp,hostPort=1000,containerPort=2000"],
    want: { forwardPorts: [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }, { protocol: "udp", hostPort: 53 }, { protocol: "tcp", hostPort: 443 }, { protocol: "udp", hostPort: 1000, containerPort: 2000 }] },
  }],
  ["bind mounts: --bind, --bind-ro and the generic form", {
    given: ["--bind", "/srv/www:/var/www", "--bind-ro", "/etc/ssl", "--bind-mounts", "mountPoint=/data,hostPath=/tank,isReadOnly=false"],
    want: { bindMounts: {
      "/var/www": { hostPath: "/srv/www", mountPoint: "/var/www", isReadOnly: false },
      "/etc/ssl": { hostPath: null, mountPoint: "/etc/ssl", isReadOnly: true },
      "/data": { mountPoint: "/data", hostPath: "/tank", isReadOnly: false },
    } },
  }],
  ["booleans, lists, numbers and unsetting", {
    given: ["--auto-start", "--no-copy-resolv-conf", "--interfaces", "eth1", "--interfaces", "eth2", "--macvlans", "eth3", "--private-users", "65536", "--extra-flags", "--drop-capability=CAP_SYS_CHROOT", "--no-host-bridge", "--local-mac-address", "de:b7:73:01:10:90", "--host-address6", "fc00::1", "--local-address6", "fc00::2/64", "--network-namespace", "/run/netns/x"],
    want: { autoStart: true, copyResolvConf: false, interfaces: ["eth1", "eth2"], macvlans: ["eth3"], privateUsers: 65536, extraFlags: ["--drop-capability=CAP_SYS_CHROOT"], hostBridge: null, localMacAddress: "de:b7:73:01:10:90", hostAddress6: "fc00::1", localAddress6: "fc00::2/64", networkNamespace: "/run/netns/x" },
  }],
  ["--private-users takes its enum words; --no-private-network", { given: ["--private-users", "pick", "--no-private-network"], want: { privateUsers: "pick", privateNetwork: false } }],
  ["other arguments are left alone, and everything after --", { given: ["web", "--config", "x", "--", "--auto-start"], want: {}, rest: ["web", "--config", "x", "--", "--auto-start"] }],
];

for (const [name, { given, want, rest }] of cases)
  test(name, () => {
    const r = takeSettings(given);
    assert.equal(r.changes, want);
    if (rest !== undefined) assert.equal(r.rest, rest);
  });

const refused: [string, string[], string][] = [
  ["a value with a newline", ["--host-bridge", "br0\nAUTO_START=1"], "--host-bridge: the value contains a line break"],
  ["a bad port", ["--port", "http"], '--port: "http" is not a port forward'],
  ["a missing value", ["--host-address"], "--host-address needs a value"],
  ["a scalar twice", ["--host-address", "a", "--host-address", "b"], "--host-address given twice"],
  ["an unknown key in the generic form", ["--forward-ports", "port=80"], '--forward-ports: "port=80" is not KEY=VALUE'],
];
for (const [name, given, message] of refused)
  test(`refused: ${name}`, () => {
    try {
      takeSettings(given);
      assert.unreachable("accepted");
    } catch (e) {
      assert.instance(e, SettingError);
      assert.match((e as Error).message, message);
    }
  });

test.run();
