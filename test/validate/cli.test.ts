/** `containers-nix validate` as a user runs it: each output format, each exit code, JSON and Nix inputs. */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";

const cli = path.join(root, "dist/src/cli.js");
const dir = tmp.dirSync({ unsafeCleanup: true }).name;
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [cli, "validate", ...args], { encoding: "utf8", cwd: dir, env });

function file(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

const P = "/nix/store/00000000000000000000000000000000-nixos-system";
const clean = file("clean.json", JSON.stringify({ containers: { web: { path: P, privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" } } }, null, 2));
const broken = file(
  "broken.json",
  `{
  "web": {
    "path": "${P}",
    "privateNetwork": true,
    "hostAddress": "10.0.0.300"
  },
  "app": {
    "path": "${P}",
    "forwardPorts": [ { "hostPort": "80" } ]
  },
  "db": {
    "path": "${P}",
    "hostAddress": "10.0.1.1"
  }
}
`,
);
const warnOnly = file("warn.json", JSON.stringify({ db: { path: P, hostAddress: "10.0.1.1" } }));
const longName = file("long.json", JSON.stringify({ webserver123: { path: P, privateNetwork: true } }));
const oldHost = file("old-host.json", JSON.stringify({ host: { virtualisationContainers: true }, containers: { pod: { path: P } } }));

const nixModule = file(
  "host.nix",
  `{ lib, ... }:
{
  containers.web = {
    autoStart = lib.mkDefault true;
    privateNetwork = true;
    hostAddress = "10.0.0.1";
    localAddress = "10.0.0.2/33";
    config = { pkgs, ... }: { services.nginx.enable = pkgs.nothing; };
  };
}
`,
);
const nixSet = file("set.nix", `{\n  web.path = "${P}";\n  web.additionalCapabilities = [ "CAP_BOGUS" ];\n}\n`);
const nixSyntax = file("syntax.nix", `{\n  web = {\n    path = "${P}"\n  };\n}\n`);
const nixSlow = file(
  "slow.nix",
  `let f = n: if n == 0 then 0 else builtins.seq (f (n - 1)) (f (n - 1)); in { web.path = "/x" + toString (f 62); }\n`,
);

interface Want {
  status: number;
  stdout?: (string | RegExp)[];
  stderr?: (string | RegExp)[];
}

const cases: [string, { given: string[]; want: Want; nix?: boolean }][] = [
  ["clean JSON: exit 0 and the summary", { given: [clean], want: { status: 0, stdout: ["1 container checked: 0 errors, 0 warnings\n"] } }],
  [
    "human: compiler-style lines grouped per container, then the summary",
    {
      given: [broken],
      want: {
        status: 1,
        stdout: [
          "broken.json:9:25: error[type] containers.app.forwardPorts[0].hostPort: expected a port number",
          "\n\nbroken.json:13:5: warning[network-without-private-network] containers.db.hostAddress: has no effect because privateNetwork is false",
          "\n\nbroken.json:5:5: error[address-syntax] containers.web.hostAddress: \"10.0.0.300\" is not an IPv4 address",
          "\n\n3 containers checked: 2 errors, 1 warning\n",
        ],
      },
    },
  ],
  ["warnings only: exit 0", { given: [warnOnly], want: { status: 0, stdout: ["1 container checked: 0 errors, 1 warning"] } }],
  ["warnings with --strict: exit 1", { given: [warnOnly, "--strict"], want: { status: 1 } }],
  [
    "json: the documented document",
    { given: [broken, "--format", "json"], want: { status: 1, stdout: [`"version": 1`, `"path": "containers.app.forwardPorts[0].hostPort"`, `"line": 9`, `"exitCode": 1`] } },
  ],
  [
    "github: one annotation per finding",
    {
      given: [broken, "--format=github"],
      want: {
        status: 1,
        stdout: [
          "::warning file=broken.json,line=13,col=5,title=containers-nix network-without-private-network::containers.db.hostAddress: has no effect",
          "::error file=broken.json,line=5,col=5,title=containers-nix address-syntax::containers.web.hostAddress: ",
        ],
      },
    },
  ],
  ["--kernel: the default kernel allows long names", { given: [longName], want: { status: 0 } }],
  ["--kernel 5.4: the name is too long", { given: [longName, "--kernel", "5.4.0"], want: { status: 1, stdout: ["error[container-name-length] containers.webserver123: the name"] } }],
  ["--state-version: default 25.11", { given: [oldHost, "--format", "json"], want: { status: 0, stdout: [`"stateVersion": "25.11"`] } }],
  [
    "--state-version 21.11 with virtualisation.containers",
    { given: [oldHost, "--state-version", "21.11"], want: { status: 0, stdout: ["warning[virtualisation-containers-old-state-version] boot.enableContainers: "] } },
  ],
  [
    "exit 2: a module that uses lib, without a nixpkgs lib",
    { nix: true, given: [nixModule, "--nixpkgs", "/nonexistent"], want: { status: 2, stderr: ["/nonexistent/lib"] } },
  ],
  [
    "Nix attribute set",
    { nix: true, given: [nixSet], want: { status: 1, stdout: ["set.nix:3:3: error[capability-name] containers.web.additionalCapabilities[0]: \"CAP_BOGUS\" is not a Linux capability"] } },
  ],
  ["exit 2: bad JSON, with its position", { given: [file("bad.json", `{\n  "web": { "path": "/x", }\n}`)], want: { status: 2, stderr: [/^containers-nix: bad\.json:2:26: invalid JSON: expected a key in double quotes, found "}"\n$/] } }],
  ["exit 2: unreadable file", { given: ["missing.json"], want: { status: 2, stderr: [/^containers-nix: cannot read missing\.json: ENOENT\n$/] } }],
  ["exit 2: not an object", { given: [file("list.json", "[]")], want: { status: 2, stderr: ["list.json: expected an object of containers"] } }],
  ["exit 2: bad Nix syntax, with its position", { nix: true, given: [nixSyntax], want: { status: 2, stderr: [/syntax\.nix:4:3: syntax error, unexpected '}'/] } }],
  ["exit 2: a Nix evaluation error", { nix: true, given: [file("eval.nix", "{ web.path = builtins.nope; }")], want: { status: 2, stderr: [/eval\.nix:1:\d+: attribute 'nope' missing/] } }],
  ["exit 2: timeout", { nix: true, given: [nixSlow, "--timeout", "1"], want: { status: 2, stderr: ["nix-instantiate did not finish within 1 s and was stopped; raise the limit with --timeout SECONDS"] } }],
  ["exit 2: unknown option", { given: [clean, "--colour"], want: { status: 2, stderr: ["validate: unknown option --colour"] } }],
  ["exit 2: a switch given a value", { given: [clean, "--strict=yes"], want: { status: 2, stderr: ["--strict takes no value"] } }],
  ["exit 2: a value flag given twice", { given: [clean, "--format", "json", "--format=human"], want: { status: 2, stderr: ["--format given twice"] } }],
  ["`--` ends the flags: a file named like a flag", { given: ["--format", "json", "--", file("-web.json", JSON.stringify({ web: { path: "/x" } }))], want: { status: 0, stdout: ['"containers": 1'] } }],
  ["exit 2: no input", { given: [], want: { status: 2, stderr: ["validate needs a FILE or --expr EXPR"] } }],
  ["exit 2: unknown format", { given: [clean, "--format", "xml"], want: { status: 2, stderr: ["--format must be one of human, json, github"] } }],
];

for (const [name, { given, want, nix }] of cases) {
  if (nix && !hasNixInstantiate) {
    test.skip(name);
    continue;
  }
  test(name, () => {
    const r = run(given);
    assert.is(r.status, want.status, `${r.stdout}\n${r.stderr}`);
    for (const s of want.stdout ?? []) typeof s === "string" ? assert.ok(r.stdout.includes(s), `stdout lacks ${JSON.stringify(s)}:\n${r.stdout}`) : assert.match(r.stdout, s);
    for (const s of want.stderr ?? []) typeof s === "string" ? assert.ok(r.stderr.includes(s), `stderr lacks ${JSON.stringify(s)}:\n${r.stderr}`) : assert.match(r.stderr, s);
    assert.not.match(r.stderr, /\n\s+at /, "no stack trace");
  });
}

test("json: every finding has rule, severity, path, segments, message and its position", () => {
  const doc = JSON.parse(run([broken, "--format", "json"]).stdout);
  assert.equal(Object.keys(doc), ["version", "input", "host", "findings", "notes", "unchecked", "uncheckedPaths", "unreplayed", "summary"]);
  assert.equal(doc.summary, { containers: 3, errors: 2, warnings: 1, exitCode: 1 });
  for (const f of doc.findings) {
    assert.equal(Object.keys(f), ["rule", "severity", "path", "segments", "message", "file", "line", "column"]);
    assert.is(f.file, "broken.json");
  }
});

// Several files in one call: each a host of its own.
/** A routed container (the k-th) forwarding the host's tcp port 8080. */
const forwarding = (k: number) => ({ path: P, privateNetwork: true, hostAddress: `10.0.${k}.1`, localAddress: `10.0.${k}.2`, forwardPorts: [{ hostPort: 8080 }] });
const portA = file("port-a.json", JSON.stringify({ a: forwarding(0) }));
const portB = file("port-b.json", JSON.stringify({ b: forwarding(1) }));
const portBoth = file("port-both.json", JSON.stringify({ a: forwarding(0), b: forwarding(1) }));

const SEVERAL_SUMMARIES =
  "clean.json: 1 container checked: 0 errors, 0 warnings\n" +
  "broken.json: 3 containers checked: 2 errors, 1 warning\n" +
  "warn.json: 1 container checked: 0 errors, 1 warning\n" +
  "total: 3 files, 5 containers checked: 2 errors, 2 warnings\n";

test("several files, human: each file's findings, then one summary per file and one in total; exit 1", () => {
  const r = run([clean, broken, warnOnly]);
  assert.is(r.status, 1, r.stderr);
  const single = run([broken]).stdout;
  const warn = run([warnOnly]).stdout;
  // Each file's findings exactly as a run on it alone prints them, in the order given, then the summaries.
  const body = (out: string) => out.slice(0, out.lastIndexOf("\n", out.length - 2) + 1);
  assert.is(r.stdout, body(single) + body(warn) + SEVERAL_SUMMARIES);
});

test("several files: cross-container rules apply within a file (one host), not across files", () => {
  const apart = run([portA, portB]);
  assert.is(apart.status, 0, apart.stdout);
  assert.ok(apart.stdout.endsWith("total: 2 files, 2 containers checked: 0 errors, 0 warnings\n"), apart.stdout);
  const together = run([portBoth, portA]);
  assert.is(together.status, 1);
  assert.ok(together.stdout.includes("error[start-clash] containers.b.forwardPorts[0].hostPort: the start script runs `systemd-nspawn … --port=tcp:8080:8080 …`: containers.a forwards the host's tcp port 8080 too;"), together.stdout);
  assert.ok(together.stdout.includes("port-both.json: 2 containers checked: 1 error, 0 warnings\nport-a.json: 1 container checked: 0 errors, 0 warnings\n"), together.stdout);
});

test("several files, one unusable: the others are still checked, the reason on stderr and in its summary; exit 2", () => {
  const r = run([broken, "missing.json", clean]);
  assert.is(r.status, 2);
  assert.is(r.stderr, "containers-nix: cannot read missing.json: ENOENT\n");
  assert.ok(r.stdout.includes("broken.json:5:5: error[address-syntax]"), r.stdout);
  assert.ok(
    r.stdout.endsWith(
      "broken.json: 3 containers checked: 2 errors, 1 warning\nmissing.json: not checked: cannot read missing.json: ENOENT\n" +
        "clean.json: 1 container checked: 0 errors, 0 warnings\ntotal: 3 files, 4 containers checked: 2 errors, 1 warning; 1 file not checked\n",
    ),
    r.stdout,
  );
});

test("several files, json: one document per file (each as for the file alone) and the totals", () => {
  const r = run([clean, broken, "missing.json", "--format", "json"]);
  assert.is(r.status, 2);
  const doc = JSON.parse(r.stdout);
  assert.equal(Object.keys(doc), ["version", "files", "summary"]);
  assert.is(doc.version, 1);
  assert.equal(doc.files[0], JSON.parse(run([clean, "--format", "json"]).stdout));
  assert.equal(doc.files[1], JSON.parse(run([broken, "--format", "json"]).stdout));
  assert.equal(doc.files[2], { version: 1, input: "missing.json", error: "cannot read missing.json: ENOENT", summary: { exitCode: 2 } });
  assert.equal(doc.summary, { files: 3, unusable: 1, containers: 4, errors: 2, warnings: 1, exitCode: 2 });
});

test("several files, github: every file's annotations, then the summaries", () => {
  const r = run([broken, warnOnly, "--format", "github"]);
  assert.is(r.status, 1);
  assert.ok(r.stdout.includes("::error file=broken.json,line=5,col=5,title=containers-nix address-syntax::containers.web.hostAddress: "), r.stdout);
  assert.ok(r.stdout.includes("::warning file=warn.json,line=1,col=74,title=containers-nix network-without-private-network::containers.db.hostAddress: "), r.stdout);
  assert.ok(r.stdout.endsWith("broken.json: 3 containers checked: 2 errors, 1 warning\nwarn.json: 1 container checked: 0 errors, 1 warning\ntotal: 2 files, 4 containers checked: 2 errors, 2 warnings\n"), r.stdout);
});

test("several files with --strict: a warning in any file fails the call", () => {
  assert.is(run([clean, warnOnly]).status, 0);
  assert.is(run([clean, warnOnly, "--strict"]).status, 1);
});

test("--expr stays single: with a file it is a usage error", () => {
  const r = run([clean, "--expr", "{ }"]);
  assert.is(r.status, 2);
  assert.match(r.stderr, "validate needs a FILE or --expr EXPR (not both)");
});

if (hasNixInstantiate) {
  test("several files: JSON and Nix together", () => {
    const r = run([nixSet, clean]);
    assert.is(r.status, 1, r.stderr);
    assert.ok(r.stdout.startsWith("set.nix:3:3: error[capability-name] containers.web.additionalCapabilities[0]: "), r.stdout);
    assert.ok(r.stdout.endsWith("set.nix: 1 container checked: 1 error, 0 warnings\nclean.json: 1 container checked: 0 errors, 0 warnings\ntotal: 2 files, 2 containers checked: 1 error, 0 warnings\n"), r.stdout);
  });

  test("Nix module function without lib: positions and findings; config, specialArgs and pkgs never evaluated", () => {
    const f = file("nolib.nix", `{ config, ... }:\n{\n  containers.web = {\n    autoStart = true;\n    privateNetwork = true;\n    localAddress = "10.0.0.2/33";\n    config = { pkgs, ... }: { x = pkgs.nothing; };\n  };\n  containers.db = {\n    config.services.x = throw "the inner config was evaluated";\n    specialArgs.y = throw "specialArgs were evaluated";\n    pkgs = config.nothing;\n  };\n}\n`);
    const r = run([f]);
    assert.is(r.status, 1, r.stderr);
    assert.ok(r.stdout.includes("nolib.nix:12:5: error[removed-pkgs] containers.db.pkgs: "), r.stdout);
    assert.ok(r.stdout.includes(`nolib.nix:6:5: error[address-syntax] containers.web.localAddress: "10.0.0.2/33" is not an IPv4 address`), r.stdout);
    assert.ok(r.stdout.endsWith("2 containers checked: 2 errors, 0 warnings\n"), r.stdout);
  });

  test("exit 2: nix-instantiate missing, with how to install it", () => {
    const empty = tmp.dirSync({ unsafeCleanup: true });
    const r = run([nixSet], { PATH: empty.name });
    empty.removeCallback();
    assert.is(r.status, 2);
    assert.match(r.stderr, "apt-get install -y nix-bin");
  });
}

test("a reader that closes the output early (`| head`) ends the command quietly with 141, as SIGPIPE ends shell tools", async () => {
  // Enough findings that the JSON output is far larger than a pipe holds.
  const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`c${i}`, { path: P, privateNetwork: true, hostAddress: "10.0.0.300" }]));
  const name = file("many.json", JSON.stringify(many));
  const child = spawn(process.execPath, [cli, "validate", name, "--format", "json"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.once("data", () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  assert.is(code, 141);
  assert.is(stderr, "");
});

test.run();
