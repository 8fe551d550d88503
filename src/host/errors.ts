/**
 * The two ways an imperative command ends early, each printed as one line:
 * a refusal (exit 1: the request is understood but not allowed, nothing was
 * changed) and a host failure (exit 2: an external program or a file
 * operation failed; a failed create or update has undone its changes).
 */
export class Refusal extends Error {}

export class HostError extends Error {}

/** A setting flag's value could not be read (the message names the flag): a usage error to the commands. */
export class SettingError extends Error {}

export const EXIT_REFUSED = 1;
export const EXIT_FAILED = 2;
