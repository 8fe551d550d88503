/**
 * The scripts compiled, once, to JavaScript functions that run them for a
 * container (`new Function`, as anyUnsafeConfString in src/model/conf.ts):
 * straight-line code with the bash variables as JavaScript ones, so that a
 * run costs little more than the steps it gives. The runtime they call is
 * src/scripts/steps.ts (`Run`, the helpers `H`); what is not source text
 * (origins, lines, patterns) they find in the constants `K`.
 */
import { confLines, valueOptions } from "../options/conf.js";
import { unknownNode, type Arg, type Command, type Cond, type NixCond, type NixLoop, type NixText, type NixValue, type Part, type Script, type Stmt, type Test, type Word } from "./dsl.js";
import { commandLine, PROGRAM_NAMES } from "./text.js";
import { statementsOf } from "./walk.js";

/** An option path below `containers.<name>`. */
export type Rel = readonly (string | number)[];

/** The container itself (its name: `INSTANCE`, `root`). */
const THE_CONTAINER: Rel = [];

const optionRels = new Map<string, Rel>();
/** An option's origin: one object per option, so that identity tells origins apart. */
const optionRel = (option: string): Rel => {
  let rel = optionRels.get(option);
  if (rel === undefined) optionRels.set(option, (rel = [option]));
  return rel;
};

/** The options whose values each conf variable carries (a constant line: the option that writes it). */
const CONF_ORIGINS: Record<string, readonly Rel[]> = Object.fromEntries(
  confLines().map((l) => {
    const options = valueOptions(l.value);
    const from = options.length > 0 ? options : l.when !== undefined ? [l.when.option] : [];
    return [l.key, from.map(optionRel)];
  }),
);

const UNIT_VARIABLES: Record<string, string> = { INSTANCE: "r.name", root: "r.unit.root", PATH: "r.unit.PATH" };

const js = JSON.stringify;

/** What the code of one script is generated with. */
class Gen {
  readonly constants: unknown[] = [];
  private temps = 0;
  loop: NixLoop | null = null;
  constructor(readonly locals: ReadonlySet<string>) {}

  constant(value: unknown): string {
    this.constants.push(value);
    return `K[${this.constants.length - 1}]`;
  }

  temp(): string {
    return `t${this.temps++}`;
  }
}

// ---------------------------------------------------------------- values

function varRef(name: string, g: Gen): string {
  if (g.locals.has(name)) return `v_${name}`;
  const unit = UNIT_VARIABLES[name];
  if (unit !== undefined) return unit;
  if (CONF_ORIGINS[name] === undefined) throw new Error(`scripts: $${name} is neither set by the script, nor the unit's, nor a conf file variable`);
  return `conf.${name}`;
}

/** Code that adds the origins of a variable's value to `os`. */
function varOrigins(name: string, g: Gen, os: string): string {
  if (g.locals.has(name)) return `H.add(${os}, ov_${name});`;
  if (name === "PATH") return "";
  if (UNIT_VARIABLES[name] !== undefined) return `${os}.push(${g.constant(THE_CONTAINER)});`;
  return `H.add(${os}, ${g.constant(CONF_ORIGINS[name])});`;
}

function nixExpr(v: NixValue): string {
  switch (v.kind) {
    case "option":
      return `H.rendered(r.text.cfg.${v.option})`;
    case "vethName":
      return "r.text.veth.name";
    case "vethField":
      return `H.rendered(r.text.veth.value.${v.field})`;
    case "item":
      return "r.text.item";
    case "joined":
      return `r.text.cfg.${v.option}.join(${js(v.separator)})`;
    case "path":
      return js(PROGRAM_NAMES[v.param]);
    default:
      return unknownNode(v);
  }
}

function nixOrigins(v: NixValue, g: Gen, os: string): string {
  switch (v.kind) {
    case "option":
    case "joined":
      return `${os}.push(${g.constant(optionRel(v.option))});`;
    case "vethName":
      return `${os}.push(r.vethRel("name"));`;
    case "vethField":
      return `${os}.push(r.vethRel(${js(v.field)}));`;
    case "item":
      if (g.loop?.kind !== "list") throw new Error("scripts: a list element outside a loop over a list");
      return `${os}.push(r.itemRel);`;
    case "path":
      return "";
    default:
      return unknownNode(v);
  }
}

/** A part's value as an expression, without origins (conditions). */
function valueExpr(p: Part, g: Gen): string {
  switch (p.kind) {
    case "text":
      return js(p.text);
    case "var":
      return UNIT_VARIABLES[p.name] !== undefined && !g.locals.has(p.name) ? varRef(p.name, g) : `(${varRef(p.name, g)} ?? ${p.form === "orEmpty" ? '""' : "r.unset()"})`;
    case "orDefault":
      return `((d = ${varRef(p.name, g)}) === undefined || d === "" ? ${concatExpr(p.fallback, g)} : d)`;
    case "nix":
      return nixExpr(p.value);
    case "positional":
      return "H.positional()";
    case "array":
      throw new Error(`scripts: "\${${p.name}[@]}" where one string is expected`);
    default:
      return unknownNode(p);
  }
}

const concatExpr = (parts: readonly Part[], g: Gen) => (parts.length === 0 ? '""' : parts.map((p) => valueExpr(p, g)).join(" + "));

/**
 * A part's value in a temporary, its origins added to `os` when it is not
 * empty: [statements, expression].
 */
function valueWithOrigins(p: Part, g: Gen, os: string): [string, string] {
  switch (p.kind) {
    case "text":
    case "positional":
      return ["", valueExpr(p, g)];
    case "var":
    case "nix": {
      const t = g.temp();
      const origins = p.kind === "var" ? varOrigins(p.name, g, os) : nixOrigins(p.value, g, os);
      return [`const ${t} = ${valueExpr(p, g)};${origins === "" ? "" : ` if (${t} !== "") ${origins}`}\n`, t];
    }
    case "orDefault": {
      const t = g.temp();
      const origins = varOrigins(p.name, g, os);
      return [`const ${t} = ${varRef(p.name, g)};${origins === "" ? "" : ` if (${t} !== undefined && ${t} !== "") ${origins}`}\n`, `(${t} === undefined || ${t} === "" ? ${concatExpr(p.fallback, g)} : ${t})`];
    }
    case "array":
      throw new Error(`scripts: "\${${p.name}[@]}" where one string is expected`);
    default:
      return unknownNode(p);
  }
}

/** A word as one string (no splitting), its origins added to `os`: [statements, expression]. */
function stringWithOrigins(word: Word, g: Gen, os: string): [string, string] {
  const pieces = word.parts.map((p) => valueWithOrigins(p, g, os));
  return [pieces.map(([pre]) => pre).join(""), pieces.length === 0 ? '""' : pieces.map(([, e]) => e).join(" + ")];
}

/** Code that pushes a word's fields to `target`, its origins to `os`: one string when nothing in it is split, else bash's field splitting. */
const splits = (p: Part) => !p.quoted && p.kind !== "text";
/** Whether a word is always one field (nothing in it is split, no array). */
const oneField = (word: Word) => !word.parts.some((p) => splits(p) || p.kind === "array");

function wordCode(word: Word, g: Gen, target: string, os: string): string {
  if (oneField(word)) {
    const [pre, expr] = stringWithOrigins(word, g, os);
    return `${pre}${target}.push(${expr});\n`;
  }
  let code = `F.start(${target});\n`;
  for (const p of word.parts) {
    if (p.kind === "array") {
      code += `if (a_${p.name} !== null) { F.elements(a_${p.name}); if (a_${p.name}.length > 0) H.add(${os}, ao_${p.name}); }\n`;
      continue;
    }
    const [pre, expr] = valueWithOrigins(p, g, os);
    code += pre + (splits(p) ? `F.split(${expr});\n` : `F.keep(${expr}, ${p.quoted});\n`);
  }
  return code + "F.end();\n";
}

// ---------------------------------------------------------------- Nix time

/** A Nix-time value that may be null, as it is. */
function nullableExpr(v: NixValue): string {
  switch (v.kind) {
    case "option":
      return `r.text.cfg.${v.option}`;
    case "vethField":
      return `r.text.veth.value.${v.field}`;
    case "vethName":
    case "item":
    case "joined":
    case "path":
      return nixExpr(v);
    default:
      return unknownNode(v);
  }
}

function nixCondExpr(c: NixCond, g: Gen): string {
  switch (c.kind) {
    case "notNull":
      return `${nullableExpr(c.value)} !== null`;
    case "isTrue":
      return `r.text.cfg.${c.option}`;
    case "not":
      return `!(${nixCondExpr(c.cond, g)})`;
    case "nonEmpty":
      return `r.text.cfg.${c.option}.length > 0`;
    // The steps do not depend on it: on x86_64 the start script adds --personality=x86 only for an i686-linux system.
    case "isX86_64":
      return "false";
    default:
      return unknownNode(c);
  }
}

/** A Nix loop around `body`, with the run's context at each element in turn. */
function nixLoopCode(loop: NixLoop, g: Gen, body: (g: Gen) => string): string {
  if (g.loop !== null) throw new Error("scripts: a Nix loop inside another");
  g.loop = loop;
  const inner = body(g);
  g.loop = null;
  switch (loop.kind) {
    case "extraVeths":
      return `{ const vs = r.veths(); for (let i = 0; i < vs.length; i++) { r.text.veth = vs[i]; r.vethRels = {};\n${inner}} r.text.veth = null; }\n`;
    case "list":
      return `{ const l = r.text.cfg.${loop.option}; for (let i = 0; i < l.length; i++) { r.text.item = l[i]; r.itemRel = [${js(loop.option)}, i];\n${inner}} r.text.item = null; }\n`;
    default:
      return unknownNode(loop);
  }
}

function argCode(a: Arg, g: Gen, target: string, os: string): string {
  switch (a.kind) {
    case "word":
      return wordCode(a, g, target, os);
    case "nixIf":
      return `if (${nixCondExpr(a.cond, g)}) {\n${a.words.map((w) => wordCode(w, g, target, os)).join("")}}\n`;
    case "nixFor":
      return nixLoopCode(a.loop, g, (inner) => wordCode(a.word, inner, target, os));
    case "break":
      return "";
    default:
      return unknownNode(a);
  }
}

const argsCode = (args: readonly Arg[], g: Gen, target: string, os: string) => args.map((a) => argCode(a, g, target, os)).join("");

// ---------------------------------------------------------------- conditions

/** Whether a part's value can be had without bash stopping (so that testing the parts one by one is the same as testing them joined). */
const neverStops = (p: Part) => p.kind === "text" || p.kind === "nix" || (p.kind === "var" && p.form === "orEmpty");

function testExpr(t: Test, g: Gen): string {
  const str = (w: Word) => concatExpr(w.parts, g);
  const each = (w: Word, test: string, join: string) => (w.parts.every(neverStops) ? w.parts.map((p) => `${valueExpr(p, g)} ${test} ""`).join(join) : `(${str(w)}) ${test} ""`);
  switch (t.kind) {
    case "nonEmpty":
      return each(t.word, "!==", " || ");
    case "empty":
      return each(t.word, "===", " && ");
    case "equals":
      return `(${str(t.word)}) === ${js(t.value)}`;
    case "matches":
      if (!/^[\^$[\]0-9a-z+*.-]*$/.test(t.ere)) throw new Error(`scripts: the ERE ${t.ere} is not one JavaScript reads as bash does`);
      return `${g.constant(new RegExp(t.ere))}.test(${str(t.word)})`;
    // A fresh host: nothing exists under the container's root or profile yet, and the system is not i686-linux.
    case "absent":
    case "notSymlink":
      return "true";
    case "fileSays":
      return "false";
    default:
      return unknownNode(t);
  }
}

function condExpr(c: Cond, g: Gen): string {
  switch (c.kind) {
    case "test":
      return c.tests.map((t) => `(${testExpr(t, g)})`).join(" && ");
    case "greater":
      return `H.greater(${varRef(c.name, g)} ?? r.unset(), ${c.value})`;
    case "and":
      return c.conds.map((x) => `(${condExpr(x, g)})`).join(" && ");
    case "or":
      return c.conds.map((x) => `(${condExpr(x, g)})`).join(" || ");
    case "group":
      return condExpr(c.cond, g);
    default:
      return unknownNode(c);
  }
}

// ---------------------------------------------------------------- statements

/** The argument list: an array literal when every argument is one field, else pushed word by word. */
function argvCode(c: Command, g: Gen): string {
  const words = c.args.filter((a) => a.kind !== "break");
  if (words.every((a) => a.kind === "word" && oneField(a))) {
    const pieces = (words as Word[]).map((w) => stringWithOrigins(w, g, "os"));
    return `${pieces.map(([pre]) => pre).join("")}const argv = [${[js(c.program.name), ...pieces.map(([, e]) => e)].join(", ")}];\n`;
  }
  return `const argv = [${js(c.program.name)}];\n${argsCode(c.args, g, "argv", "os")}`;
}

/** Whether working out a part's value may stop the run (bash on an unset variable) or fail (a null rendered, the positional argument). */
function partMayStop(p: Part, g: Gen): boolean {
  switch (p.kind) {
    case "text":
    case "array":
      return false;
    case "var":
      return !(p.form === "orEmpty" || (UNIT_VARIABLES[p.name] !== undefined && !g.locals.has(p.name)));
    case "orDefault":
      return p.fallback.some((q) => partMayStop(q, g));
    case "nix":
      return p.value.kind !== "path";
    case "positional":
      return true;
    default:
      return unknownNode(p);
  }
}

/** Whether a command's arguments are only words whose values never stop the run: then leaving the command out changes nothing else. */
const neverStopsRun = (c: Command, g: Gen) => c.args.every((a) => a.kind === "break" || (a.kind === "word" && !a.parts.some((p) => partMayStop(p, g))));

function commandCode(c: Command, g: Gen): string {
  const line = commandLine(c);
  const lineExpr = typeof line === "string" ? js(line) : `${g.constant(line)}(r.text)`;
  const extra = c.origin.map((o) => `os.push(${g.constant(optionRel(o))});\n`).join("");
  const block = `{ const os = [];\n${argvCode(c, g)}${extra}r.step(argv, ${c.mayFail}, ${js(c.consumer)}, ${lineExpr}, os);${c.exec ? " return;" : ""} }\n`;
  // A run may leave out the steps of some programs (Run.leaveOut), where that cannot change the steps it keeps.
  return c.exec || !neverStopsRun(c, g) ? block : `if (r.keeps(${js(c.program.name)})) ${block}`;
}

function stmtCode(s: Stmt, g: Gen): string {
  switch (s.kind) {
    case "command":
      return commandCode(s, g);
    case "assign": {
      const [pre, expr] = stringWithOrigins(s.value, g, "os");
      return `{ const os = [];\n${pre}v_${s.name} = ${expr}; ov_${s.name} = os; }\n`;
    }
    case "append":
      return `{ if (a_${s.array} === null) { a_${s.array} = []; ao_${s.array} = []; } const os = ao_${s.array};\n${argsCode(s.args, g, `a_${s.array}`, "os")}}\n`;
    case "readSplit": {
      const [pre, expr] = stringWithOrigins(s.from, g, "os");
      return `{ const os = [];\n${pre}a_${s.array} = H.readFields(${expr}, ${js(s.separator)}); ao_${s.array} = os; }\n`;
    }
    case "if":
      return `if (${condExpr(s.cond, g)}) {\n${blockCode(s.then, g)}}\n`;
    case "for":
      return (
        `{ const ws = []; const os = [];\n${argsCode(s.args, g, "ws", "os")}` +
        `for (let i = 0; i < ws.length; i++) { v_${s.name} = ws[i]; ov_${s.name} = os;\n${blockCode(s.body, g)}} }\n`
      );
    case "nix":
      return textCode(s.text, g);
    // Written, but they start no program (`declare`, `export`, `set`, `trap`, `echo`, `.`) or are not run at all.
    case "builtin":
    case "comment":
    case "blank":
    case "shebang":
      return "";
    default:
      return unknownNode(s);
  }
}

const blockCode = (stmts: readonly Stmt[], g: Gen) => stmts.map((s) => stmtCode(s, g)).join("");

function textCode(t: NixText, g: Gen): string {
  switch (t.kind) {
    case "block":
      return blockCode(t.stmts, g);
    case "inline":
      return stmtCode(t.stmt, g);
    case "if":
      return `if (${nixCondExpr(t.cond, g)}) {\n${textCode(t.then, g)}}${t.else === null ? "" : ` else {\n${textCode(t.else, g)}}`}\n`;
    case "for":
      return nixLoopCode(t.loop, g, (inner) => textCode(t.item, inner));
    default:
      return unknownNode(t);
  }
}

// ---------------------------------------------------------------- scripts

/** The JavaScript source of a function `(H, K) => (r) => void` running the script, and its constants. */
export function scriptSource(script: Script): { source: string; constants: unknown[] } {
  const vars = new Set<string>();
  const arrays = new Set<string>();
  for (const s of statementsOf(script.body)) {
    if (s.kind === "assign" || s.kind === "for") vars.add(s.name);
    if (s.kind === "append" || s.kind === "readSplit") arrays.add(s.array);
  }
  const g = new Gen(new Set([...vars, ...arrays]));
  const body = blockCode(script.body, g);
  const declarations = [...[...vars].map((v) => `let v_${v}, ov_${v} = H.none;`), ...[...arrays].map((a) => `let a_${a} = null, ao_${a} = null;`)].join("\n");
  const source = `return function ${script.name}(r) {\nconst conf = r.conf; const F = r.fields; let d;\n${declarations}\n${body}};`;
  return { source, constants: g.constants };
}
