/**
 * The shape of a semantic rule. A rule sees well-typed containers with their
 * defaults applied (a container with type errors has its broken values
 * replaced by defaults first, see validate.ts), and reports hits: a path and
 * a message (without the path in front). Each rule names the consumer whose
 * behaviour it follows (src/validate/consumers.ts).
 */
import type { Json } from "../../model/resolve.js";
import type { ResolvedContainer } from "../../model/container.js";
import type { ContainerCheckInput, HostFacts } from "../../options/checks.js";
import type { ConsumerId } from "../consumers.js";
import type { Path, Severity } from "../finding.js";
import type { ParseResult } from "../ip.js";

export interface Subject {
  name: string;
  cfg: ResolvedContainer;
  /** The definition as the user wrote it, before defaults: tells what was set by hand. */
  given: { readonly [k: string]: Json };
  /** networkScopes' answer, kept for the other rules that ask (set by networkScopes). */
  scopes?: readonly NetworkScope[];
  /** What the module's checks read, made once for all of them (set by module-checks.ts). */
  checkInput?: ContainerCheckInput;
}

export interface Hit {
  /** Path from the root of the configuration, starting with "containers". */
  path: Path;
  message: string;
  /** The consumer the hit follows when it is not the rule's own (the replay's: the row of the step that fails). */
  consumer?: ConsumerId;
  /** For a clash between containers: the other container. */
  with?: string;
  /** Overrides the rule's severity for this hit (the module's checks have one kind each). */
  severity?: Severity;
  /** Overrides the rule's id for this hit (the module's checks keep their own ids). */
  rule?: string;
}

export interface RuleContext {
  host: HostFacts;
}

interface RuleBase {
  id: string;
  severity: Severity;
  /** One line, for the rule table of docs/validate.md (ruleSummary adds what `replayed` means). */
  summary: string;
  /** The program whose behaviour the rule follows (src/validate/consumers.ts). */
  consumer: ConsumerId;
  /**
   * Set when every hit is about the value at its own path, and any other
   * option's default can only silence the rule, never make it fire. On a
   * container with type errors (whose broken values are now defaults) such a
   * rule keeps its hits; any other rule's hits there are dropped when it read
   * one of those values (see validate.ts).
   */
  judgesValues?: true;
  /**
   * Options without one of which the rule cannot find anything: when a
   * container gives none of them, the rule is not run on it (most containers
   * give a handful of options, and most rules are about others). Unset: the
   * rule runs on every container. A test removes the triggers from every
   * fixture, rule case and many random definitions and checks that the rule
   * is then silent.
   */
  triggers?: readonly ContainerOption[];
  /**
   * Set when the replay (src/validate/replay.ts) finds what the rule finds,
   * and says it better (it quotes the program, whatever the start order): the
   * rule's hits then show only where the replay could not follow the start to
   * the end (a step it does not model, such as an interface of a host whose
   * network is not known), and never beside a replay finding at the same
   * option. A rule across containers shows while any container of the host
   * was not followed to the end.
   */
  replayed?: true;
}

/** A container option's name (validate.ts refuses a rule whose trigger is none). */
export type ContainerOption = string;

/** Looks at one container at a time. */
export interface ContainerRule extends RuleBase {
  scope: "container";
  check: (subject: Subject, ctx: RuleContext) => readonly Hit[];
}

/**
 * Looks at every container together (clashes between them) or at the host.
 * `collect` takes what the rule needs from one container into entries (small
 * ones: not the container's values themselves, which the validator drops
 * after each container); it is called on every container in attribute-name
 * order. `judge` gives the hits from all the entries, in that order.
 */
export interface HostRule<E = unknown> extends RuleBase {
  scope: "host";
  collect: (subject: Subject, ctx: RuleContext, into: E[]) => void;
  judge: (entries: readonly E[], ctx: RuleContext) => readonly Hit[];
}

/**
 * A finding of the replay of the host's start (src/validate/replay.ts: every
 * container's start steps run over one model of the host, src/replay/). The
 * replay is one pass for all its rules; the rule gives the id, severity,
 * summary and consumer its findings are reported under, and leaving it out
 * of a run's rules leaves its findings out (the replay runs while one of its
 * rules is in).
 */
export interface ReplayRule extends RuleBase {
  scope: "replay";
}

export type Rule = ContainerRule | HostRule<any> | ReplayRule;

/** A rule's line in the rule table of docs/validate.md: its summary, and for a rule the replay finds better, that it speaks only where the replay cannot. */
export const ruleSummary = (r: Rule): string =>
  r.replayed === true ? `${r.summary} Judged by the replay where it can follow the containers' starts; this rule speaks only where it cannot.` : r.summary;

/** What most rules find on most containers: one shared empty list, so that a rule with nothing to say allocates nothing. */
export const NO_HITS: readonly Hit[] = Object.freeze([]);

/** `["containers", name, ...rest]` */
export const at = (name: string, ...rest: (string | number)[]): Path => ["containers", name, ...rest];

/**
 * The network settings of a container and each of its extraVeths, with where
 * they live; made once per subject (most rules on networks ask for them).
 */
export function networkScopes(s: Subject): readonly NetworkScope[] {
  return (s.scopes ??= scopesOf(s));
}

const NO_PREFIX: (string | number)[] = [];

type Net = ResolvedContainer | ResolvedContainer["extraVeths"][string];

export interface NetworkScope {
  prefix: (string | number)[];
  net: Net;
  veth: string | null;
  /** The address options parsed, filled in as rules ask (see parsedAddress in network.ts). */
  parsed: (ParseResult | null | undefined)[];
}

const scope = (prefix: (string | number)[], net: Net, veth: string | null): NetworkScope => ({ prefix, net, veth, parsed: [undefined, undefined, undefined, undefined] });

function scopesOf(s: Subject): NetworkScope[] {
  const own = [scope(NO_PREFIX, s.cfg, null)];
  // Most containers have no extraVeths.
  for (const _ in s.cfg.extraVeths) return [...own, ...Object.entries(s.cfg.extraVeths).map(([veth, net]) => scope(["extraVeths", veth], net, veth))];
  return own;
}

/** JSON.stringify for strings in messages: shows quotes, newlines and the like. */
export const show = (s: string): string => JSON.stringify(s);
