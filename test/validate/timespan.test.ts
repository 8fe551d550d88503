/** systemd time spans: what systemd.time(7) accepts, and what it refuses. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseTimeSpan, parseTimeSpanFully, TIME_UNITS } from "../../src/validate/timespan.js";

const S = 1_000_000;
const valid: [string, { given: string; want: number }][] = [
  ["plain number is seconds", { given: "90", want: 90 * S }],
  ["module default", { given: "1min", want: 60 * S }],
  ["combined with a space", { given: "2h 30min", want: (2 * 3600 + 30 * 60) * S }],
  ["combined without a space", { given: "2h30min", want: (2 * 3600 + 30 * 60) * S }],
  ["space between number and unit", { given: "5 min", want: 300 * S }],
  ["long forms", { given: "1 hour 2 minutes 3 seconds", want: 3723 * S }],
  ["plural and singular", { given: "2weeks 1day", want: 15 * 86400 * S }],
  ["fraction", { given: "1.5s", want: 1.5 * S }],
  ["fraction without integer part", { given: ".5s", want: 0.5 * S }],
  ["milliseconds", { given: "250ms", want: 250_000 }],
  ["msec", { given: "3msec", want: 3000 }],
  ["microseconds", { given: "10us", want: 10 }],
  ["micro sign", { given: "10\u00b5s", want: 10 }],
  ["greek mu", { given: "10\u03bcs", want: 10 }],
  ["m is minutes", { given: "3m", want: 180 * S }],
  ["M is months", { given: "1M", want: 2_629_800 * S }],
  ["years", { given: "1y", want: 31_557_600 * S }],
  ["hr", { given: "1hr", want: 3600 * S }],
  ["trailing number uses seconds", { given: "1min 30", want: 90 * S }],
  ["surrounding whitespace", { given: "  5s\t", want: 5 * S }],
  ["infinity", { given: "infinity", want: Infinity }],
  ["infinity with whitespace", { given: " infinity ", want: Infinity }],
  ["zero", { given: "0", want: 0 }],
];
for (const [name, { given, want }] of valid)
  test(`valid: ${name}`, () => {
    const r = parseTimeSpan(given);
    assert.ok(r.ok, r.ok ? "" : r.reason);
    if (r.ok) assert.is(r.usec, want);
  });

const invalid: [string, { given: string; want: string }][] = [
  ["empty", { given: "", want: "empty" }],
  ["only whitespace", { given: "   ", want: "empty" }],
  ["unknown unit", { given: "5 fortnights", want: `expected a number at "fortnights"` }],
  ["mins is min then s", { given: "5mins", want: `expected a number at "s"` }],
  ["negative", { given: "-5s", want: "negative time spans are not allowed" }],
  ["unit without number", { given: "min", want: `expected a number at "min"` }],
  ["upper-case unit", { given: "5MIN", want: `expected a number at "IN"` }],
  ["infinity combined", { given: "infinity 5s", want: `expected a number at "infinity 5s"` }],
  ["comma", { given: "1min,30s", want: `expected a number at ",30s"` }],
  ["too large", { given: "999999999999y", want: "too large" }],
];
for (const [name, { given, want }] of invalid)
  test(`invalid: ${name}`, () => {
    const r = parseTimeSpan(given);
    assert.not.ok(r.ok, `${JSON.stringify(given)} should be refused`);
    if (!r.ok) assert.is(r.reason, want);
  });

test("the one-number shortcut gives the full parser's verdict: every unit, its neighbours and near misses, with several numbers", () => {
  const texts: string[] = [];
  for (const n of ["0", "7", "90", "007", "123456789012345", "1234567890123456"])
    for (const u of ["", ...TIME_UNITS, "mins", "sec s", "Min", "x", "ss", "mss", "hrs"]) texts.push(`${n}${u}`, `${n}${u}s`);
  for (const text of texts) assert.equal(parseTimeSpan(text), parseTimeSpanFully(text), JSON.stringify(text));
});

test.run();
