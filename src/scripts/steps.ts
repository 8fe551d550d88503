/**
 * The scripts of src/scripts/ run for a container, in TypeScript: the
 * programs the unit starts, in order, each with the arguments bash gives it
 * (src/replay/step.ts), the options whose values they carry and their
 * consumer row. Nothing here is written again by hand: the data that renders
 * the Nix scripts is compiled once to functions (compile.ts) that run here,
 * and a test runs the Nix-rendered scripts with real bash and recording
 * stand-ins and compares (test/scripts/agreement.test.ts).
 *
 * What a run takes for granted is what the scripts meet on a fresh host: the
 * container's tree and a flake container's profile do not exist yet (the
 * start script creates them, and builds the flake), the system's `system`
 * file does not say i686-linux, every program succeeds (whether one fails is
 * the replay's business), and an unquoted value with a pattern character
 * matches no file.
 */
import type { NetworkSettings, ResolvedContainer } from "../model/container.js";
import { confEnvironment } from "../model/conf.js";
import { sortAttrNames } from "../model/nix-values.js";
import { unitFields, type Dirs } from "../options/unit.js";
import type { Phase, Step } from "../replay/step.js";
import type { ConsumerId } from "../validate/consumers.js";
import type { Path } from "../validate/finding.js";
import { arithmeticValue, Fields, readFields } from "./bash.js";
import { scriptSource, type Rel } from "./compile.js";
import type { ScriptSettings, VethField } from "./dsl.js";
import { stages } from "./index.js";
import { declaredSettings } from "./settings.js";
import type { TextContext } from "./text.js";

/** The unit's own environment: `root` (from its unit fields) and `PATH` (NixOS builds it from store paths; any text will do for a replay). */
export interface UnitEnvironment {
  root: string;
  PATH: string;
}

/** Bash stops the script: an unset variable under nounset. */
class Stopped {}

const NO_RELS: readonly Rel[] = [];
const NO_VETHS: readonly { name: string; value: NetworkSettings }[] = [];
const NO_PATHS: readonly Path[] = [];

/** One run of the four scripts for one container: what the compiled scripts read and write. */
export class Run {
  readonly steps: Step[] = [];
  readonly text: TextContext;
  phase: Phase = "preStart";
  ns: "host" | "container" = "host";
  nounset = true;
  readonly fields = new Fields();
  /** The origins of the extra veth or list element a Nix loop is at, made once per element so that identity tells them apart. */
  vethRels: Partial<Record<"name" | VethField, Rel>> = {};
  itemRel: Rel = [];
  /** Paths already made in this run, by the origin they stand for. */
  private readonly rels: Rel[] = [];
  private readonly fullPaths: Path[] = [];

  constructor(
    readonly name: string,
    cfg: ScriptSettings,
    readonly conf: Readonly<Record<string, string>>,
    readonly unit: UnitEnvironment,
    /** Programs whose steps the caller does not want; the run leaves out theirs where that changes no other step (compile.ts). */
    private readonly leaveOut: ReadonlySet<string> | null = null,
  ) {
    this.text = { cfg, paths: null, veth: null, item: null };
  }

  /** Whether the run gives the steps of `program`. */
  keeps(program: string): boolean {
    return this.leaveOut === null || !this.leaveOut.has(program);
  }

  /** An unset variable where bash wants a value: with nounset the script stops, else it is empty. */
  unset(): string {
    if (this.nounset) throw new Stopped();
    return "";
  }

  step(argv: string[], mayFail: boolean, consumer: ConsumerId, line: string, origins: readonly Rel[]): void {
    this.steps.push({ container: this.name, phase: this.phase, ns: this.ns, argv, mayFail, origin: this.paths(origins), consumer, line });
  }

  private sortedVeths: readonly { name: string; value: NetworkSettings }[] | null = null;

  /** The extra veths in Nix's attribute order, each as a Nix loop's context. */
  veths(): readonly { name: string; value: NetworkSettings }[] {
    if (this.sortedVeths === null) {
      const veths = this.text.cfg.extraVeths;
      let names: string[] | undefined;
      for (const k in veths) (names ??= []).push(k);
      this.sortedVeths = names === undefined ? NO_VETHS : sortAttrNames(names).map((name) => ({ name, value: veths[name]! }));
    }
    return this.sortedVeths;
  }

  vethRel(key: "name" | VethField): Rel {
    const name = this.text.veth!.name;
    return (this.vethRels[key] ??= key === "name" ? ["extraVeths", name] : ["extraVeths", name, key]);
  }

  /** Origins as paths from the configuration's root, each once (an origin is one object for one option). */
  private paths(rels: readonly Rel[]): readonly Path[] {
    if (rels.length === 0) return NO_PATHS;
    const out: Path[] = [];
    for (let i = 0; i < rels.length; i++) {
      const p = this.full(rels[i]!);
      if (!out.includes(p)) out.push(p);
    }
    return out;
  }

  private full(rel: Rel): Path {
    const at = this.rels.indexOf(rel);
    if (at !== -1) return this.fullPaths[at]!;
    const p = rel.length === 0 ? ["containers", this.name] : rel.length === 1 ? ["containers", this.name, rel[0]!] : ["containers", this.name, ...rel];
    this.rels.push(rel);
    this.fullPaths.push(p);
    return p;
  }
}

/** What the compiled scripts call. */
const H = {
  none: NO_RELS,
  add(os: Rel[], rels: readonly Rel[]): void {
    for (let i = 0; i < rels.length; i++) os.push(rels[i]!);
  },
  /** A Nix-time value the module renders: null there would be an evaluation error. */
  rendered(v: string | null): string {
    if (v === null) throw new Error("scripts: a null value rendered");
    return v;
  },
  readFields,
  greater(text: string, bound: number): boolean {
    const n = arithmeticValue(text);
    return n !== null && n > BigInt(bound);
  },
  positional(): never {
    throw new Error("scripts: the interpreter runs no script with arguments");
  },
};

const compiled = stages.map((stage) => {
  const { source, constants } = scriptSource(stage.script);
  const run = new Function("H", "K", source)(H, constants) as (r: Run) => void;
  return { phase: stage.phase, ns: stage.ns, nounset: stage.script.nounset, run };
});

// ---------------------------------------------------------------- entry points

export interface StartRun {
  steps: Step[];
  /** The script bash stops with an error on an unset variable (then the unit fails, and nothing after it runs), or null. */
  stopped: Phase | null;
}

/**
 * The steps of a container's start: preStart, the start script up to its
 * `exec systemd-nspawn`, the init script inside the container, postStart.
 * `cfg` is what the scripts are rendered from (declaredSettings for a
 * declarative container, templateSettings for the template unit), `conf` the
 * conf file's variables as the unit gets them (confEnvironment, or
 * parseEnvironmentFile of an imperative container's file). Where bash would
 * stop on an unset variable (only a conf file written by hand can lack
 * COPY_RESOLV_CONF), the steps end there.
 */
export function startRun(name: string, cfg: ScriptSettings, conf: Readonly<Record<string, string>>, unit: UnitEnvironment, leaveOut: ReadonlySet<string> | null = null): StartRun {
  const r = new Run(name, cfg, conf, unit, leaveOut);
  try {
    for (let i = 0; i < compiled.length; i++) {
      const stage = compiled[i]!;
      r.phase = stage.phase;
      r.ns = stage.ns;
      r.nounset = stage.nounset;
      stage.run(r);
    }
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    return { steps: r.steps, stopped: r.phase };
  }
  return { steps: r.steps, stopped: null };
}

/** startRun's steps. */
export const startSteps = (name: string, cfg: ScriptSettings, conf: Readonly<Record<string, string>>, unit: UnitEnvironment, leaveOut: ReadonlySet<string> | null = null): Step[] =>
  startRun(name, cfg, conf, unit, leaveOut).steps;

/** What a NixOS host's units have on PATH is store paths; a replay needs none of them. */
export const UNIT_PATH = "/run/current-system/sw/bin";

const rootField = unitFields.find((f) => f.path.join(".") === "environment.root")!;

/** The unit's `root`, from its unit field (src/options/unit.ts), for the instance `name`. */
export const unitRoot = (name: string, cfg: Pick<ResolvedContainer, "ephemeral">, dirs: Dirs) =>
  (rootField.ts({ name, cfg: cfg as ResolvedContainer, dirs }) as string).replaceAll("%i", name);

/**
 * The steps of a declarative container: its options after the implied
 * settings, and its conf file's variables. `leaveOut`: programs whose steps
 * are not wanted (the replay's programs outside its model), left out where
 * that changes no other step.
 */
export function declaredSteps(name: string, cfg: ResolvedContainer, dirs: Dirs, PATH = UNIT_PATH, leaveOut: ReadonlySet<string> | null = null): Step[] {
  return startSteps(name, declaredSettings(cfg), confEnvironment(name, cfg), { root: unitRoot(name, cfg, dirs), PATH }, leaveOut);
}
