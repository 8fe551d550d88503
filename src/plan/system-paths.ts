/**
 * The system paths of containers built from `config`, from an evaluated host
 * (nix/plan-systems.nix, run by the Nix bridge's evalHelper as validate's
 * own helper is: the same arguments, limits and errors). Null when the input
 * is no evaluation.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../validate/input-error.js";
import { evalHelper, type NixSource } from "../validate/nix-bridge.js";

const HELPER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../nix/plan-systems.nix");

export async function evaluatedSystemPaths(src: NixSource, names: readonly string[]): Promise<Record<string, string | null> | null> {
  if (names.length === 0) return null;
  const stdout = await evalHelper(HELPER, src, ["--argstr", "names", JSON.stringify(names)]);
  try {
    return JSON.parse(stdout) as Record<string, string | null> | null;
  } catch (e) {
    throw new InputError(`nix-instantiate printed something that is not JSON: ${(e as Error).message}`);
  }
}
