/**
 * Test hook: with CONTAINERS_NIX_FAULT=STEP, the named step of a flow fails as
 * a host failure would, so tests can check that every step's failure is undone.
 */
import { HostError } from "./errors.js";

export function faultPoint(step: string): void {
  if (process.env.CONTAINERS_NIX_FAULT === step) throw new HostError(`injected fault at step ${step} (CONTAINERS_NIX_FAULT)`);
}
