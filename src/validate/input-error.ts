/** Input the validator cannot use (exit 2): unreadable, not JSON or Nix, or Nix failed. One line, no stack. */
export class InputError extends Error {}
