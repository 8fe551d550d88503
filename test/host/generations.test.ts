/** Generations: nix-env's profile operations on the container's system profile, and a reload when it runs. */
import { readlinkSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseGenerations } from "../../src/commands/imperative/generations.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

const profile = (h: StubHost) => h.at("nix/var/nix/profiles/per-container/web/system");
const current = (h: StubHost) => readlinkSync(profile(h));

/** A container with three generations: /nix/store/a, b, c. */
function threeGenerations(h: StubHost) {
  assert.is(h.run(["create", "web", "--system-path", "/nix/store/a"]).status, 0);
  assert.is(h.run(["update", "web", "--system-path", "/nix/store/b"]).status, 0);
  assert.is(h.run(["update", "web", "--system-path", "/nix/store/c"]).status, 0);
  h.takeCalls();
}

test("parseGenerations reads nix-env's listing", () => {
  assert.equal(parseGenerations("   1   2026-11-30 09:00:00   \n   2   2026-12-01 10:11:12   (current)\n"), [
    { generation: 1, date: "2026-11-30 09:00:00", current: false },
    { generation: 2, date: "2026-12-01 10:11:12", current: true },
  ]);
});

test("generations lists them (and --json), through nix-env --list-generations", () =>
  withStubHost((h) => {
    threeGenerations(h);
    const r = h.run(["generations", "web", "--json"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(
      (JSON.parse(r.stdout) as { generation: number; current: boolean }[]).map((g) => [g.generation, g.current]),
      [[1, false], [2, false], [3, true]],
    );
    assert.equal(h.takeCalls(), [{ program: "nix-env", args: ["-p", profile(h), "--list-generations"] }]);
    assert.match(h.run(["generations", "web"]).stdout, /^\s+3\s+\S+ \S+\s+\(current\)$/m);
  }));

test("rollback goes to the previous generation and reloads a running container", () =>
  withStubHost((h) => {
    threeGenerations(h);
    h.configure({ activeState: "active" });
    const r = h.run(["rollback", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.is(current(h), "system-2-link");
    assert.equal(h.takeCalls(), [
      { program: "nix-env", args: ["-p", profile(h), "--rollback"] },
      { program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] },
      { program: "systemctl", args: ["reload", "container@web"] },
    ]);
  }));

test("switch-generation N switches to N; a generation that does not exist is refused before nix-env changes anything", () =>
  withStubHost((h) => {
    threeGenerations(h);
    assert.is(h.run(["switch-generation", "web", "1"]).status, 0);
    assert.is(current(h), "system-1-link");
    assert.equal(h.takeCalls(), [
      { program: "nix-env", args: ["-p", profile(h), "--list-generations"] },
      { program: "nix-env", args: ["-p", profile(h), "--switch-generation", "1"] },
      { program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] },
    ]);
    const r = h.run(["switch-generation", "web", "7"]);
    assert.is(r.status, 1);
    assert.match(r.stderr, "container web has no generation 7");
    assert.is(current(h), "system-1-link");
  }));

test("delete-generations hands its arguments to nix-env; the current one survives", () =>
  withStubHost((h) => {
    threeGenerations(h);
    assert.is(h.run(["delete-generations", "web", "1"]).status, 0);
    assert.equal(h.takeCalls(), [{ program: "nix-env", args: ["-p", profile(h), "--delete-generations", "1"] }]);
    assert.is(h.run(["delete-generations", "web", "old"]).status, 0);
    const gens = JSON.parse(h.run(["generations", "web", "--json"]).stdout) as { generation: number }[];
    assert.equal(gens.map((g) => g.generation), [3]);
    const bad = h.run(["delete-generations", "web", "yesterday"]);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, '"yesterday" is not a generation');
  }));

test("delete-generations +N keeps the current generation, the N-1 before it and every newer one (the stub as the real nix-env, see real-nix-env.test.ts)", () =>
  withStubHost((h) => {
    threeGenerations(h);
    const left = () => (JSON.parse(h.run(["generations", "web", "--json"]).stdout) as { generation: number }[]).map((g) => g.generation);
    assert.is(h.run(["switch-generation", "web", "1"]).status, 0);
    assert.is(h.run(["delete-generations", "web", "+2"]).status, 0);
    assert.equal(left(), [1, 2, 3]);
    assert.is(h.run(["switch-generation", "web", "3"]).status, 0);
    assert.is(h.run(["delete-generations", "web", "+2"]).status, 0);
    assert.equal(left(), [2, 3]);
  }));

test("rollback without an older generation is nix-env's failure, one line, exit 2", () =>
  withStubHost((h) => {
    assert.is(h.run(["create", "web", "--system-path", "/nix/store/a"]).status, 0);
    const r = h.run(["rollback", "web"]);
    assert.is(r.status, 2);
    assert.is(r.stderr, "containers-nix: failed to roll the container back: nix-env exited with status 1: error: no profile version older than the current (1) exists\n");
  }));

test.run();
