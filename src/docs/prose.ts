/**
 * Option descriptions are written in the NixOS manual's Markdown dialect:
 * roles such as {option}`config` and {manpage}`systemd-nspawn(1)`, and empty
 * links to option anchors, `[](#opt-boot.isContainer)`. GitHub and editors
 * know neither, so each output gets its own rendering:
 * - `githubMarkdown`: roles as code spans, options and man pages as links,
 *   `<` outside code escaped (GitHub would swallow `<PID>` as an HTML tag);
 * - `plainText`: roles and option links as bare code spans (JSON Schema hover text).
 */

/** What a role or option link points to, for the Markdown rendering. */
export interface ProseLinks {
  /** The anchor of an option named in {option}`...`, or null when it is not one of ours. */
  optionAnchor(name: string): string | null;
  /** The option name behind an `#opt-...` anchor; null when no option has it. */
  optionName(anchor: string): string | null;
}

type Piece =
  | { kind: "text"; text: string }
  | { kind: "code"; code: string }
  | { kind: "role"; role: string; code: string }
  | { kind: "optionLink"; anchor: string }
  | { kind: "fence"; text: string };

const CODE_SPAN = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/y;
const ROLE = /\{([a-z]+)\}(`+)([^`]|[^`][\s\S]*?[^`])\2(?!`)/y;
const OPTION_LINK = /\[\]\(#(opt-[^)\s]+)\)/y;
const FENCE = /( *)(```+|~~~+)[^\n]*\n[\s\S]*?^\1\2[^\S\n]*(?:\n|$)/my;

/** The piece that starts at `i`, with its length; null when `src[i]` is plain text. */
function pieceAt(src: string, i: number): [Piece, number] | null {
  const at = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(src);
  };
  let m: RegExpExecArray | null;
  if ((i === 0 || src[i - 1] === "\n") && (m = at(FENCE))) return [{ kind: "fence", text: m[0] }, m[0].length];
  if ((m = at(ROLE))) return [{ kind: "role", role: m[1]!, code: m[3]! }, m[0].length];
  if ((m = at(OPTION_LINK))) return [{ kind: "optionLink", anchor: m[1]! }, m[0].length];
  if ((m = at(CODE_SPAN))) return [{ kind: "code", code: m[2]! }, m[0].length];
  return null;
}

/** Splits a description into text, code spans, roles, option links and fenced blocks. */
function pieces(src: string): Piece[] {
  const out: Piece[] = [];
  let text = "";
  for (let i = 0; i < src.length; ) {
    const found = pieceAt(src, i);
    if (found === null) {
      text += src[i];
      i++;
      continue;
    }
    if (text !== "") out.push({ kind: "text", text });
    text = "";
    out.push(found[0]);
    i += found[1];
  }
  if (text !== "") out.push({ kind: "text", text });
  return out;
}

/** A code span that survives backticks inside the code. */
export function codeSpan(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = code.startsWith("`") || code.endsWith("`") ? " " : "";
  return ticks + pad + code + pad + ticks;
}

/** A man page reference such as `systemd-nspawn(1)` as a man7.org link; null when it is not one. */
export function manPageUrl(ref: string): string | null {
  const m = /^([A-Za-z0-9_.:+-]+)\(([1-9][a-z]*)\)$/.exec(ref);
  if (m === null) return null;
  const section = m[2]!;
  return `https://man7.org/linux/man-pages/man${section[0]}/${m[1]}.${section}.html`;
}

const escapeHtmlLike = (text: string) => text.replace(/</g, "\\<");

export function githubMarkdown(src: string, links: ProseLinks): string {
  return pieces(src)
    .map((p) => {
      switch (p.kind) {
        case "text":
          return escapeHtmlLike(p.text);
        case "code":
          return codeSpan(p.code);
        case "fence":
          return p.text;
        case "optionLink": {
          const name = links.optionName(p.anchor);
          if (name === null) throw new Error(`link to #${p.anchor}, which no documented option has`);
          return `[${codeSpan(name)}](#${p.anchor})`;
        }
        case "role": {
          if (p.role === "option") {
            const anchor = links.optionAnchor(p.code);
            return anchor === null ? codeSpan(p.code) : `[${codeSpan(p.code)}](#${anchor})`;
          }
          if (p.role === "manpage") {
            const url = manPageUrl(p.code);
            return url === null ? codeSpan(p.code) : `[${codeSpan(p.code)}](${url})`;
          }
          return codeSpan(p.code);
        }
      }
    })
    .join("");
}

export function plainText(src: string, links: Pick<ProseLinks, "optionName">): string {
  return pieces(src)
    .map((p) => {
      switch (p.kind) {
        case "text":
        case "fence":
          return p.text;
        case "code":
        case "role":
          return codeSpan(p.code);
        case "optionLink": {
          const name = links.optionName(p.anchor);
          if (name === null) throw new Error(`link to #${p.anchor}, which no documented option has`);
          return codeSpan(name);
        }
      }
    })
    .join("");
}
