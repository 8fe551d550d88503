/** Edit distance and the "did you mean" choice. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { closest, editDistance } from "../../src/validate/zod/suggest.js";

const distances: [string, { given: [string, string]; want: number }][] = [
  ["equal", { given: ["port", "port"], want: 0 }],
  ["one substitution", { given: ["port", "pert"], want: 1 }],
  ["one insertion", { given: ["port", "ports"], want: 1 }],
  ["swapped neighbours count once", { given: ["hostProt", "hostPort"], want: 1 }],
  ["empty", { given: ["", "abc"], want: 3 }],
];
for (const [name, { given, want }] of distances) test(`editDistance: ${name}`, () => assert.is(editDistance(...given), want));

const OPTIONS = ["autoStart", "hostAddress", "hostAddress6", "localAddress", "privateNetwork"];
const suggestions: [string, { given: string; want: string | undefined }][] = [
  ["case only", { given: "autostart", want: "autoStart" }],
  ["a typo", { given: "privateNetwrok", want: "privateNetwork" }],
  ["a missing letter", { given: "localAdress", want: "localAddress" }],
  ["nothing close", { given: "colour", want: undefined }],
  ["short names need a near match", { given: "ab", want: undefined }],
];
for (const [name, { given, want }] of suggestions) test(`closest: ${name}`, () => assert.is(closest(given, OPTIONS), want));

test.run();
