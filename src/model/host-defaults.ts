/**
 * The host facts assumed when nothing says otherwise: a current kernel and
 * NixOS release (the validator's defaults, and the test host stubs' too).
 * A module of its own, so that a command needing only these loads nothing else.
 */
export const DEFAULT_KERNEL_VERSION = "6.12.0";
export const DEFAULT_STATE_VERSION = "25.11";
