/**
 * Just enough of Markdown to check links as GitHub resolves them: the lines
 * outside fenced code blocks, the relative links on them, and the anchors a
 * page offers (its headings' slugs and explicit `<a id>`/`<a name>` targets).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Each line that is not inside a fenced code block, with its 1-based number. */
export function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  text.split("\n").forEach((l, i) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(l);
    if (fence !== null) {
      if (opener !== null && opener[1]![0] === fence[0] && opener[1]!.length >= fence.length && l.trim() === opener[1]) fence = null;
      return;
    }
    if (opener !== null) fence = opener[1]!;
    else out.push({ line: i + 1, text: l });
  });
  return out;
}

/**
 * GitHub's anchor for a heading: the text as rendered (inline code, links and
 * emphasis reduced to their text, HTML tags dropped), lower-cased, every
 * character that is not a letter, digit, mark, connector (`_`), hyphen or
 * space dropped, and each space turned into a hyphen.
 */
export function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor of a page: heading slugs (a repeated one gets -1, -2, …) and explicit ids. */
export function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: l } of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(l);
    if (heading !== null) {
      const base = slug(heading[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      found.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of l.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]!);
  }
  return found;
}

export interface Link {
  line: number;
  target: string;
}

/** The link targets written on prose lines (inline `[text](target)` and `[label]: target`), code spans left out. */
export function links(text: string): Link[] {
  return proseLines(text).flatMap(({ line, text: l }) => {
    const prose = l.replace(/(`+)[\s\S]*?\1/g, "");
    const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
    const reference = /^ {0,3}\[[^\]]+\]:\s+<?([^\s>]+)/.exec(prose);
    return [...inline, ...(reference !== null ? [reference[1]!] : [])].map((target) => ({ line, target }));
  });
}

/** Whether a target leaves the repository (a scheme such as https: or mailto:, or //host). */
export const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/**
 * Why a relative link from `file` does not resolve, or null when it does: the
 * target file (or directory) must exist, and an anchor must be one of the
 * target page's anchors.
 */
export function brokenLink(file: string, target: string, read: (file: string) => string = (f) => readFileSync(f, "utf8")): string | null {
  const hash = target.indexOf("#");
  const rel = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  const dest = rel === "" ? file : path.resolve(path.dirname(file), rel);
  if (!existsSync(dest)) return `no such file: ${rel}`;
  if (anchor === null) return null;
  if (statSync(dest).isDirectory() || !dest.endsWith(".md")) return `an anchor into ${rel}, which is not a Markdown page`;
  return anchors(read(dest)).has(anchor) ? null : `no anchor #${anchor} in ${path.basename(dest)}`;
}

/** The text of the first fenced code block after `marker` in a page (without its fences), or null. */
export function blockAfter(text: string, marker: string): string | null {
  const at = text.indexOf(marker);
  if (at === -1) return null;
  const block = /^(`{3,})[^\n]*\n([\s\S]*?)^\1\s*$/m.exec(text.slice(at + marker.length));
  return block === null ? null : block[2]!;
}
