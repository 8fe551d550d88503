/**
 * The few pieces of bash's own semantics the scripts' interpreter needs,
 * each as bash 5 does it: splitting an unquoted expansion into fields,
 * `IFS=SEP read -r -a` and the numbers of `(( … ))`.
 */

const isBlank = (c: number) => c === 32 || c === 9 || c === 10; // space, tab, newline: IFS's default
const BLANK = /[ \t\n]/;

/**
 * A word being expanded into fields: text is added to the current field,
 * an unquoted expansion's blanks end it, and a quoted piece makes it a field
 * even when empty (`""`).
 */
export class Fields {
  private cur = "";
  private has = false;
  private out: string[] = [];

  /** Starts a word whose fields go to `out`. */
  start(out: string[]): void {
    this.out = out;
    this.cur = "";
    this.has = false;
  }

  /** Text that bash does not split: quoted, or written in the script (`quoted` says whether an empty one still makes a field). */
  keep(text: string, quoted: boolean): void {
    this.cur += text;
    if (quoted || text !== "") this.has = true;
  }

  /** An unquoted expansion: split at runs of blanks, which also end the field before and start the one after. */
  split(text: string): void {
    if (!BLANK.test(text)) {
      if (text !== "") this.keep(text, false);
      return;
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (isBlank(text.charCodeAt(i))) {
        this.end();
        while (i < n && isBlank(text.charCodeAt(i))) i++;
        continue;
      }
      let j = i + 1;
      while (j < n && !isBlank(text.charCodeAt(j))) j++;
      this.cur += text.slice(i, j);
      this.has = true;
      i = j;
    }
  }

  /** `"${a[@]}"`: the first element joins the field so far, each further one starts a field; no element adds nothing. */
  elements(list: readonly string[]): void {
    for (let k = 0; k < list.length; k++) {
      if (k > 0) this.end();
      this.cur += list[k]!;
      this.has = true;
    }
  }

  end(): void {
    if (this.has) this.out.push(this.cur);
    this.cur = "";
    this.has = false;
  }
}

/**
 * `IFS=SEP read -r -a NAME <<< "$TEXT"` for a separator that is not a blank:
 * the fields between separators, empty ones kept, but a separator at the end
 * ends the last field instead of starting an empty one; no text, no field.
 */
export function readFields(text: string, separator: string): string[] {
  if (text === "") return [];
  const fields = text.split(separator);
  if (fields[fields.length - 1] === "") fields.pop();
  return fields;
}

/**
 * A variable's value as a number of `(( … ))`: decimal digits, or octal with
 * a leading 0, wrapped to 64 bits as bash's intmax_t; null where bash stops
 * with an error (`08`: "value too great for base"), which makes the test
 * false. Only digits are modelled (the start script tests `=~ ^[0-9]+$`
 * first); anything else is null too.
 */
export function arithmeticValue(text: string): bigint | null {
  if (text === "") return 0n;
  if (!/^[0-9]+$/.test(text)) return null;
  if (text.length > 1 && text[0] === "0") return /[89]/.test(text) ? null : BigInt.asIntN(64, BigInt(`0o${text}`));
  return BigInt.asIntN(64, BigInt(text));
}
