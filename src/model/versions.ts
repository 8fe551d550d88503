/**
 * `builtins.compareVersions` in TypeScript: versions split into runs of digits
 * and runs of other characters at `.` and `-`; numeric runs compare as numbers,
 * "pre" sorts before everything, the empty run after everything but numbers.
 */
function components(v: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    const c = v[i]!;
    if (c === "." || c === "-") {
      i++;
      continue;
    }
    const digit = /[0-9]/.test(c);
    let j = i;
    while (j < v.length && v[j] !== "." && v[j] !== "-" && /[0-9]/.test(v[j]!) === digit) j++;
    out.push(v.slice(i, j));
    i = j;
  }
  return out;
}

const isNum = (s: string) => /^[0-9]+$/.test(s);

function componentLess(a: string, b: string): boolean {
  if (isNum(a) && isNum(b)) return BigInt(a) < BigInt(b);
  if (a === "" && isNum(b)) return true;
  if (a === "pre" && b !== "pre") return true;
  if (b === "pre") return false;
  if (isNum(b)) return true;
  if (isNum(a)) return false;
  return a < b;
}

export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const ca = components(a);
  const cb = components(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i] ?? "";
    const y = cb[i] ?? "";
    if (componentLess(x, y)) return -1;
    if (componentLess(y, x)) return 1;
  }
  return 0;
}
