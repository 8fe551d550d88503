/**
 * Type tests of the generated typings, as a user imports them: definitions
 * that must type-check, and typical mistakes that must not (each
 * `@ts-expect-error` fails the compile when its line has no error).
 * Compiled by test/emit/typings.test.ts with `strict` and the .d.ts checked.
 */
import type { BindMount, Container, ContainerInput, ForwardPortInput, OptionsInput } from "containers-nix/types";

// Definitions as written: options with defaults left out.
const web: ContainerInput = {
  privateNetwork: true,
  hostAddress: "10.231.136.1",
  localAddress: "10.231.136.2",
  forwardPorts: [{ hostPort: 80 }, { protocol: "udp", hostPort: 53, containerPort: null }],
  bindMounts: { "/srv": {}, music: { mountPoint: "/mnt/music", hostPath: "/srv/music", isReadOnly: false } },
  privateUsers: "pick",
  config: { services: { nginx: { enable: true } } },
};
const fromFunction: ContainerInput = { config: (args) => ({ networking: { hostName: String(args.name) } }), privateUsers: 65536 };
const readonlyLists: ContainerInput = { path: "/nix/var/nix/profiles/x", interfaces: ["eth1"] as const };
export const host: OptionsInput = { boot: { enableContainers: true }, containers: { web, fromFunction, readonlyLists } };

// Resolved values: every option present.
export const mount: BindMount = { mountPoint: "/srv", hostPath: null, isReadOnly: true };

// Typical mistakes.
// @ts-expect-error hostPort is a number, not a string
export const quotedPort: ForwardPortInput = { hostPort: "80" };
// @ts-expect-error protocol is a string
export const numericProtocol: ForwardPortInput = { hostPort: 80, protocol: 6 };
// @ts-expect-error hostPort has no default
export const noHostPort: ForwardPortInput = { protocol: "udp" };
export const misspelt: ContainerInput = {
  // @ts-expect-error autostart is no option (autoStart is)
  autostart: true,
};
// @ts-expect-error privateUsers is a number, "no", "identity" or "pick"
export const maybe: ContainerInput = { privateUsers: "maybe" };
// @ts-expect-error the removed pkgs option is hidden
export const removed: ContainerInput = { path: "/x", pkgs: {} };
// @ts-expect-error a list, not a single string
export const notAList: ContainerInput = { interfaces: "eth1" };
// @ts-expect-error a bind mount is an attribute set, not a path
export const mountAsString: ContainerInput = { bindMounts: { "/srv": "/data" } };
// @ts-expect-error a resolved container has every option
export const partial: Container = { path: "/x" };
