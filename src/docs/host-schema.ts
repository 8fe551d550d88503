/**
 * The JSON input's `host` object in docs/containers.schema.json: the facts
 * `containers-nix validate` takes about the host (NixOS reads only
 * `containers` and ignores it). The validator's reader is
 * src/validate/host-object.ts, which the fields and kinds come from; it also
 * checks what a schema cannot say (a parent among the interfaces, an address
 * that parses, a name's length in bytes), and test/docs/json-schema.test.ts
 * holds the two to agree on a table of host objects.
 */
import { HOST_INTERFACE_KINDS, KINDS_WITH_PARENT } from "../validate/host-object.js";
import { MAX_IFNAME_BYTES } from "../validate/rules/names.js";
import type { Schema } from "./schema-facts.js";

const DOCS = "See docs/validate.md, Host facts.";

/** A host interface, for `$defs`. */
export function hostInterfaceSchema(): Schema {
  return {
    type: "object",
    description: `One of the host's network interfaces. ${DOCS}`,
    properties: {
      kind: {
        description: "What the interface is:\n" + HOST_INTERFACE_KINDS.map((k) => `- \`${k.kind}\`: ${k.meaning}`).join("\n"),
        enum: HOST_INTERFACE_KINDS.map((k) => k.kind),
      },
      parent: {
        type: "string",
        description: `The interface it sits on, one of host.interfaces (for ${KINDS_WITH_PARENT.join(", ")} interfaces only).`,
      },
      addresses: {
        type: "array",
        description: 'Its addresses with their prefix lengths, as the host configures them ("10.10.0.1/24", "fd00:10::1/64").',
        items: { type: "string", pattern: "^[0-9A-Fa-f:.]+/[0-9]{1,3}$" },
      },
    },
    required: ["kind"],
    additionalProperties: false,
    allOf: [{ if: { properties: { kind: { not: { enum: [...KINDS_WITH_PARENT] } } } }, then: { not: { required: ["parent"] } } }],
  };
}

/** The `host` member, referring to `$defs/HostInterface`. */
export function hostSchema(): Schema {
  return {
    type: "object",
    description:
      "Facts about the host the containers run on, for `containers-nix validate` only (NixOS reads `containers` and ignores this). " +
      `What is left out takes the validator's default; without \`interfaces\`, the host's network is not known. ${DOCS}`,
    properties: {
      kernelVersion: { type: "string", description: "boot.kernelPackages.kernel.version (default 6.12.0): for the interface name length rules." },
      stateVersion: { type: "string", description: "system.stateVersion (default 25.11)." },
      enableContainers: { type: "boolean", description: "boot.enableContainers (default: true when containers are defined)." },
      virtualisationContainers: { type: "boolean", description: "virtualisation.containers.enable (default false)." },
      interfaces: {
        type: "object",
        description:
          "Every network interface the host has before its containers start, by name. Given, it makes the host's network known, and a name it lacks is an interface the host does not have.",
        propertyNames: { minLength: 1, maxLength: MAX_IFNAME_BYTES, pattern: "^[^/:\\s]+$", not: { enum: [".", ".."] } },
        additionalProperties: { $ref: "#/$defs/HostInterface" },
      },
      networkNamespaces: {
        type: ["array", "null"],
        description: 'The paths of the host\'s network namespaces ("/run/netns/vpn"), or null when they are not known. Used only with interfaces.',
        items: { type: "string", pattern: "^/" },
      },
      paths: {
        type: ["array", "null"],
        description: "The host paths that exist, for the sources of bind mounts (a path stands for its parent directories too), or null when they are not known.",
        items: { type: "string", pattern: "^/" },
      },
    },
    additionalProperties: false,
  };
}
