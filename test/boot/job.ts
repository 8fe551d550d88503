/** What the boot harness hands to its driver in the namespace (inside.ts) and what comes back. */

/** What the container's fake system does once container-init hands over to it. */
export interface ProbeJob {
  name: string;
  /** Ports to answer on, each reply being `<name> tcp <port>` / `<name> udp <port>`. */
  tcp: number[];
  udp: number[];
  /** Addresses to ping once the host side is up. */
  ping: string[];
  /** Paths to write to (the outcome is reported) and to read. */
  write: string[];
  read: string[];
  /** Programs (argv) to run inside and report (exit status and output): `setup` before the container reports it is up, `commands` after. */
  setup: string[][];
  commands: string[][];
}

export interface ContainerJob {
  name: string;
  conf: string;
  /** The unit's Environment= (root, INSTANCE) and PATH. */
  environment: Record<string, string>;
  preStart: string;
  script: string;
  postStart: string;
  containerInit: string;
  containerInitPath: string;
  systemPath: string;
  /** Symbolic links (name -> target) put into the container's profile directory before preStart (an imperative container's nix-env profile). */
  profile: Record<string, string>;
  /** The tree must hold no mounts (privateUsers with idmapped mounts, ephemeral): see inside.ts. */
  isolated: boolean;
  probe: ProbeJob;
}

export interface Connect {
  address: string;
  port: number;
  /** The answer the test expects (the driver ignores it). */
  reply?: string;
}

export interface HostJob {
  /** ip(8) argument lists run in the host namespace before any container starts. */
  setup: string[][];
  /** Host directories covered with a tmpfs first (bind mount sources go there). */
  tmpfs: string[];
  /** Files to write on the host side before any container starts (bind mount sources), their directories made first. */
  files: Record<string, string>;
  containers: ContainerJob[];
  /** Checked from the host side once every container is up. */
  ping: string[];
  tcp: Connect[];
  udp: Connect[];
  /** ip(8) argument lists whose output is reported, after start and after stop. */
  show: string[][];
  /** Host files read once every container stopped (what a writable bind mount let through). */
  hostRead: string[];
  /** Run preStart and postStart with bash's xtrace (SHELLOPTS=xtrace), so that their output shows each command. */
  trace: boolean;
  /** Where the driver writes its result (JSON). */
  resultFile: string;
  probeScript: string;
}

export interface Proc {
  status: number | null;
  signal: string | null;
  output: string;
}

export interface ProbeReport {
  ready: { setup: { argv: string[]; status: number | null; output: string }[]; addr: string; route: string; route6: string; link: string; caps: string; uidMap: string; mounts: string; env: Record<string, string> };
  done?: {
    ping: Record<string, boolean>;
    write: Record<string, string>;
    read: Record<string, string | null>;
    commands: { argv: string[]; status: number | null; output: string }[];
  };
}

export interface ContainerResult {
  name: string;
  preStart: Proc;
  postStart: Proc | null;
  report: ProbeReport | null;
  /** nspawn's exit after SIGTERM, and what it printed. */
  exit: Proc;
  stopMs: number;
  /** Whether the container's root still holds what the container wrote there (ephemeral). */
  rootKeptWrite: boolean;
}

export interface HostResult {
  error: string | null;
  containers: ContainerResult[];
  ping: Record<string, boolean>;
  tcp: Record<string, string | null>;
  udp: Record<string, string | null>;
  shownUp: string[];
  shownDown: string[];
  hostRead: Record<string, string | null>;
  ms: number;
}
