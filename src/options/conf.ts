/**
 * The file `/etc/nixos-containers/<name>.conf` as one declarative table.
 *
 * The container@ unit reads it as an EnvironmentFile. Both the Nix rendering in
 * the generated module (src/nix/conf.ts) and the TypeScript renderer
 * (src/model/conf.ts) are derived from this table, so they agree byte for byte.
 *
 * Layout rule (it reproduces upstream's file exactly): an unconditional entry is
 * the line `KEY=value`; a conditional entry is its line when the condition
 * holds, followed in every case by an empty line; a group is a conditional
 * entry whose line is followed by its members.
 */

/** Conditions on one option of the container. */
export type ConfCond =
  | { readonly test: "isNull"; readonly option: string }
  | { readonly test: "notNull"; readonly option: string }
  | { readonly test: "isTrue"; readonly option: string }
  | { readonly test: "nonEmpty"; readonly option: string };

/** How a value is written after `KEY=`. */
export type ConfValue =
  /** the option's string value as is */
  | { readonly render: "verbatim"; readonly option: string }
  /** `1` or `0` for a boolean */
  | { readonly render: "digit"; readonly option: string }
  /** Nix `toString`: numbers in decimal, lists joined by spaces */
  | { readonly render: "toString"; readonly option: string }
  /** a fixed text */
  | { readonly render: "constant"; readonly text: string }
  /** forwardPorts as `protocol:hostPort:containerPort`, comma-separated */
  | { readonly render: "portSpecs"; readonly option: string }
  /** bindMounts as ` --bind[-ro]=host:mount` flags, then extraFlags */
  | { readonly render: "nspawnFlags" }
  /** the inner value between double quotes */
  | { readonly render: "doubleQuoted"; readonly inner: ConfValue };

export interface ConfLine {
  readonly key: string;
  readonly value: ConfValue;
  readonly when?: ConfCond;
  /** Lines written right after this one, inside the same condition. */
  readonly members?: readonly ConfLine[];
}

const verbatim = (option: string): ConfValue => ({ render: "verbatim", option });
const doubleQuoted = (inner: ConfValue): ConfValue => ({ render: "doubleQuoted", inner });
const notNull = (option: string): ConfCond => ({ test: "notNull", option });

/** A line written only when the option is not null, with its value as is. */
const ifSet = (key: string, option: string): ConfLine => ({ key, value: verbatim(option), when: notNull(option) });

export const confTable: readonly ConfLine[] = [
  { key: "SYSTEM_PATH", value: verbatim("path"), when: { test: "isNull", option: "flake" } },
  ifSet("FLAKE", "flake"),
  { key: "COPY_RESOLV_CONF", value: { render: "digit", option: "copyResolvConf" } },
  {
    key: "PRIVATE_NETWORK",
    value: { render: "constant", text: "1" },
    when: { test: "isTrue", option: "privateNetwork" },
    members: [
      ifSet("HOST_BRIDGE", "hostBridge"),
      {
        key: "HOST_PORT",
        value: { render: "portSpecs", option: "forwardPorts" },
        when: { test: "nonEmpty", option: "forwardPorts" },
      },
      ifSet("HOST_ADDRESS", "hostAddress"),
      ifSet("HOST_ADDRESS6", "hostAddress6"),
      ifSet("LOCAL_ADDRESS", "localAddress"),
      ifSet("LOCAL_ADDRESS6", "localAddress6"),
      ifSet("LOCAL_MAC_ADDRESS", "localMacAddress"),
    ],
  },
  ifSet("NETWORK_NAMESPACE_PATH", "networkNamespace"),
  { key: "PRIVATE_USERS", value: { render: "toString", option: "privateUsers" } },
  { key: "INTERFACES", value: doubleQuoted({ render: "toString", option: "interfaces" }) },
  { key: "MACVLANS", value: doubleQuoted({ render: "toString", option: "macvlans" }) },
  { key: "AUTO_START", value: { render: "constant", text: "1" }, when: { test: "isTrue", option: "autoStart" } },
  { key: "EXTRA_NSPAWN_FLAGS", value: doubleQuoted({ render: "nspawnFlags" }) },
];

/** Every line of a table, each followed by the lines it holds (members). */
export const confLines = (table: readonly ConfLine[] = confTable): ConfLine[] => table.flatMap((l) => [l, ...confLines(l.members ?? [])]);

/** Every option the conf file reads, for docs and the injection checks. */
export function confOptions(table: readonly ConfLine[] = confTable): string[] {
  return [...new Set(confLines(table).flatMap((l) => valueOptions(l.value)))];
}

/**
 * Characters that must never reach the conf file: systemd parses it as an
 * EnvironmentFile, where a newline starts a new assignment, quotes and
 * backslashes change how the rest of the line is read, and the start script
 * expands some values unquoted. `$` and backticks are refused too, so that no
 * later consumer can expand them.
 */
export const CONF_UNSAFE_CHARS: readonly string[] = ["\n", "\r", '"', "'", "\\", "$", "`", "\u0000"];

/** What each conf value is made of, named by the option the user sets. */
export function valueOptions(v: ConfValue): string[] {
  switch (v.render) {
    case "doubleQuoted":
      return valueOptions(v.inner);
    case "nspawnFlags":
      return ["bindMounts", "extraFlags"];
    case "constant":
      return [];
    default:
      return [v.option];
  }
}
