/**
 * Every semantic rule, in the order docs/validate.md lists them: the module's own
 * checks first (shared with the Nix side), then the validator's.
 */
import { duplicateExtraVeth, duplicateHostPort, duplicateHostRoute, duplicateInterface, duplicateLocalAddress } from "./across.js";
import { moduleCheckRules } from "./module-checks.js";
import { containerNameLabel, interfaceName } from "./names.js";
import {
  addressSyntax,
  extraVethIgnored,
  forwardPortNumber,
  forwardPortProtocol,
  hostBridgeWithHostAddress,
  impliedPrivateNetwork,
  localAddressHostRoute,
  localAddressWithoutPrefix,
  macAddress,
  networkNamespaceConflict,
  networkWithoutPrivateNetwork,
} from "./network.js";
import { hostPathRelative, pathSyntax } from "./paths.js";
import { replayRules } from "./replay.js";
import {
  capabilityName,
  deviceModifier,
  deviceNode,
  privateUsersRange,
  privateUsersWritableBind,
  restartWithoutAutoStart,
  timeoutStartSec,
  tunGivenByHand,
} from "./runtime.js";
import type { Rule } from "./rule.js";

export type { Rule, ContainerRule, HostRule, Subject, Hit, RuleContext } from "./rule.js";

export const rules: readonly Rule[] = [
  ...moduleCheckRules,
  containerNameLabel,
  interfaceName,
  addressSyntax,
  hostBridgeWithHostAddress,
  networkWithoutPrivateNetwork,
  impliedPrivateNetwork,
  localAddressWithoutPrefix,
  localAddressHostRoute,
  macAddress,
  extraVethIgnored,
  forwardPortProtocol,
  forwardPortNumber,
  duplicateHostPort,
  duplicateLocalAddress,
  duplicateHostRoute,
  duplicateExtraVeth,
  duplicateInterface,
  networkNamespaceConflict,
  privateUsersWritableBind,
  privateUsersRange,
  timeoutStartSec,
  restartWithoutAutoStart,
  pathSyntax,
  hostPathRelative,
  deviceModifier,
  deviceNode,
  capabilityName,
  tunGivenByHand,
  ...replayRules,
];
