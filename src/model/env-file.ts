/**
 * A conf file's variables as the container@ unit gets them: a systemd
 * EnvironmentFile= read the way systemd reads it (systemd.exec(5)):
 * `KEY=VALUE` lines; blank lines and lines starting with `#` or `;` skipped;
 * whitespace around the key and before the value dropped; a value may be
 * "double-quoted" (a backslash escapes only ", \, ` and $ there), 'single-quoted'
 * (taken as it is), or bare (a backslash escapes the next character, a
 * backslash at the end of a line continues it, trailing whitespace is cut).
 * Quoted and bare parts next to each other join into one value.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  const skipLine = () => {
    while (i < n && text[i] !== "\n") i++;
    i++;
  };
  while (i < n) {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
    if (i >= n) break;
    if (text[i] === "\n") {
      i++;
      continue;
    }
    if (text[i] === "#" || text[i] === ";") {
      skipLine();
      continue;
    }
    let key = "";
    while (i < n && text[i] !== "=" && text[i] !== "\n") key += text[i++];
    if (text[i] !== "=") {
      i++;
      continue; // no '=': systemd ignores the line
    }
    i++;
    key = key.trim();
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    let value = "";
    let bareTail = 0; // trailing whitespace of the bare part, cut at the end of the line
    while (i < n && text[i] !== "\n") {
      const c = text[i]!;
      if (c === "'") {
        i++;
        while (i < n && text[i] !== "'") value += text[i++];
        i++;
        bareTail = 0;
      } else if (c === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === "\\" && i + 1 < n && '"\\`$'.includes(text[i + 1]!)) i++;
          else if (text[i] === "\\" && text[i + 1] === "\n") {
            i += 2;
            continue;
          }
          value += text[i++];
        }
        i++;
        bareTail = 0;
      } else if (c === "\\") {
        if (text[i + 1] === "\n") i += 2;
        else if (i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else i++;
        bareTail = 0;
      } else {
        value += c;
        bareTail = c === " " || c === "\t" || c === "\r" ? bareTail + 1 : 0;
        i++;
      }
    }
    i++;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) env[key] = bareTail > 0 ? value.slice(0, -bareTail) : value;
  }
  return env;
}
