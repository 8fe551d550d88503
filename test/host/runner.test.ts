/** The runner: argument arrays reach the program unchanged; each way of failing is one HostError line. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HostError } from "../../src/host/errors.js";
import { run, showCommand } from "../../src/host/runner.js";

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, HostError);
    return (e as Error).message;
  }
  throw new Error("did not fail");
}

test("arguments reach the program as they are: no shell, no splitting, no expansion", async () => {
  const words = ["a b", "$HOME", "`id`", "'q'", ";", "*"];
  const r = await run("printf", ["%s\\n", ...words], "print");
  assert.is(r.stdout, words.join("\n") + "\n");
});

test("a failing status is one line: what failed, the program's status and its last stderr line", async () => {
  const m = await failure(run("sh", ["-c", "echo first >&2; echo 'error: last' >&2; exit 3"], "failed to do it"));
  assert.is(m, "failed to do it: sh exited with status 3: error: last");
});

test("a missing program names itself and what it is needed for", async () => {
  assert.is(await failure(run("nix-env-missing-here", [], "x")), "nix-env-missing-here was not found on PATH; it is needed to run this command");
});

test("a program killed by a signal says so", async () => {
  assert.match(await failure(run("sh", ["-c", "kill -KILL $$"], "x")), "was killed by SIGKILL");
});

test("a program starts without the caller's NIXOS_CONFIG, with the rest of the environment", async () => {
  process.env.NIXOS_CONFIG = "/etc/nixos/configuration.nix";
  process.env.CONTAINERS_NIX_TEST_MARK = "kept";
  try {
    const r = await run("sh", ["-c", 'echo "${NIXOS_CONFIG-unset} $CONTAINERS_NIX_TEST_MARK"'], "print");
    assert.is(r.stdout, "unset kept\n");
  } finally {
    delete process.env.NIXOS_CONFIG;
    delete process.env.CONTAINERS_NIX_TEST_MARK;
  }
});

test("showCommand quotes only what needs it", () => {
  assert.is(showCommand("nix-env", ["-p", "/a b", "--set", "it's"]), "nix-env -p '/a b' --set 'it'\\''s'");
});

test.run();
