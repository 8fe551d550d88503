/**
 * Time spans as systemd reads them (systemd.time(7), "PARSING TIME SPANS"):
 * `infinity`, or one or more components `NUMBER[UNIT]` with optional
 * whitespace between and inside them, e.g. `90`, `1min`, `2h 30min`, `1.5s`.
 * A number without unit is seconds.
 *
 * Units are tried in a fixed order and the first one the text starts with
 * wins, the way systemd does it; what follows must be another component, so
 * `5mins` fails (`min`, then `s` is no number) while `5minutes` passes.
 */

const US = 1;
const MS = 1_000;
const S = 1_000_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const W = 7 * D;
/** systemd's month and year: 30.44 and 365.25 days. */
const MONTH = 2_629_800 * S;
const YEAR = 31_557_600 * S;

/** Unit spellings in the order they are tried: longer spellings before their prefixes. */
const UNITS: readonly (readonly [string, number])[] = [
  ["seconds", S],
  ["second", S],
  ["sec", S],
  ["s", S],
  ["minutes", MIN],
  ["minute", MIN],
  ["min", MIN],
  ["months", MONTH],
  ["month", MONTH],
  ["M", MONTH],
  ["msec", MS],
  ["ms", MS],
  ["m", MIN],
  ["hours", H],
  ["hour", H],
  ["hr", H],
  ["h", H],
  ["days", D],
  ["day", D],
  ["d", D],
  ["weeks", W],
  ["week", W],
  ["w", W],
  ["years", YEAR],
  ["year", YEAR],
  ["y", YEAR],
  ["usec", US],
  ["us", US],
  ["\u03bcs", US],
  ["\u00b5s", US],
];

/** The unit spellings, for documentation and messages. */
export const TIME_UNITS: readonly string[] = UNITS.map(([u]) => u);

/** systemd's whitespace set for this parser. */
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

export type TimeSpan = { ok: true; usec: number } | { ok: false; reason: string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The common case, one whole number with or without a unit (`90`, `2min`), as
 * one regular expression. Its alternatives are the units in the order above,
 * and where a unit is the start of a longer one the longer one comes first,
 * so the unit it takes is the one the parser below takes.
 */
const SIMPLE = new RegExp(`^([0-9]{1,15})(${UNITS.map(([u]) => escapeRegExp(u)).join("|")})?$`);
const FACTOR = new Map(UNITS);

export function parseTimeSpan(text: string): TimeSpan {
  const m = SIMPLE.exec(text);
  if (m !== null) {
    const usec = Number(m[1]) * (m[2] === undefined ? S : FACTOR.get(m[2])!);
    if (usec < 2 ** 64 - 1) return { ok: true, usec };
  }
  return parseTimeSpanFully(text);
}

/** The parser itself, for every text (parseTimeSpan's shortcut must agree with it; a test holds them equal). */
export function parseTimeSpanFully(text: string): TimeSpan {
  let i = 0;
  const skipSpace = () => {
    while (isSpace(text[i])) i++;
  };
  skipSpace();
  let end = text.length;
  while (end > i && isSpace(text[end - 1])) end--;
  if (text.slice(i, end) === "infinity") return { ok: true, usec: Infinity };
  let total = 0;
  let components = 0;
  for (;;) {
    skipSpace();
    if (i >= text.length) break;
    if (text[i] === "-") return { ok: false, reason: "negative time spans are not allowed" };
    const start = i;
    while (isDigit(text[i])) i++;
    const whole = text.slice(start, i);
    let fraction = "";
    if (text[i] === ".") {
      i++;
      const f = i;
      while (isDigit(text[i])) i++;
      fraction = text.slice(f, i);
    }
    if (whole === "" && fraction === "") {
      return { ok: false, reason: `expected a number at "${text.slice(start)}"` };
    }
    skipSpace();
    const unit = UNITS.find(([u]) => text.startsWith(u, i));
    const factor = unit === undefined ? S : unit[1];
    if (unit !== undefined) i += unit[0].length;
    total += Number(whole || "0") * factor + (fraction === "" ? 0 : Number(`0.${fraction}`) * factor);
    components++;
  }
  if (components === 0) return { ok: false, reason: "empty" };
  if (total >= 2 ** 64 - 1) return { ok: false, reason: "too large" };
  return { ok: true, usec: Math.floor(total) };
}
