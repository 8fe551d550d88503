/**
 * The conf-injection check's shortcut (unsafeConfOptions looks at the strings
 * of the options the conf file is made of, and renders nothing when none is
 * unsafe) agrees with its definition (render every value, test each) on
 * every fixture and on seeded random containers, safe and unsafe.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { unsafeConfOptions, unsafeConfOptionsRendered } from "../../src/model/conf.js";
import type { ResolvedContainer } from "../../src/model/container.js";
import { checkContainersFast } from "../../src/validate/typecheck/index.js";
import { fixtures } from "../support/fixtures.js";
import { Gen, prng, randomContainer } from "../support/random.js";

const agree = (resolved: Record<string, ResolvedContainer>, label: string) => {
  for (const [name, cfg] of Object.entries(resolved)) assert.equal(unsafeConfOptions(cfg), unsafeConfOptionsRendered(cfg), `${label}: ${name}`);
};

test("every fixture", () => {
  for (const f of fixtures()) agree(checkContainersFast(f.input.containers).resolved, f.name);
});

test("3,000 seeded random containers", () => {
  const g = new Gen(prng(7));
  let unsafe = 0;
  for (let i = 0; i < 3000; i++) {
    const { resolved } = checkContainersFast({ c: randomContainer(g) });
    agree(resolved, `#${i}`);
    if (resolved.c !== undefined && unsafeConfOptions(resolved.c).length > 0) unsafe++;
  }
  assert.ok(unsafe > 100, `the random containers should include unsafe ones (${unsafe})`);
});

test.run();
