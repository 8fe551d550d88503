/**
 * The system paths of containers built from `config`, from an evaluated host
 * (nix/plan-systems.nix through nix-instantiate, an argument array, with a
 * time limit). Null when the input is no evaluation.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../validate/input-error.js";
import { condenseNixError, EXPR_FILE, type NixSource } from "../validate/nix-bridge.js";
import { runProcess } from "../io/run-process.js";

const HELPER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../nix/plan-systems.nix");

export async function evaluatedSystemPaths(src: NixSource, names: readonly string[]): Promise<Record<string, string | null> | null> {
  if (names.length === 0) return null;
  const args = ["--eval", "--strict", "--json", HELPER, "--argstr", "names", JSON.stringify(names)];
  if (src.nixpkgs !== null) args.push("-I", `nixpkgs=${src.nixpkgs}`);
  if (src.file !== null) args.push("--arg", "file", path.resolve(src.file));
  if (src.expr !== null) args.push("--arg", "root", src.expr);
  if (src.attr !== null) args.push("--argstr", "attr", src.attr);
  const fixFile = (f: string) => (src.expr !== null && (f === src.expr || f === "«string»" || f === "(string)") ? EXPR_FILE : f);
  const r = await runProcess("nix-instantiate", args, { limits: { timeoutMs: src.timeoutMs, maxOutputBytes: 64 * 1024 * 1024 } });
  if (r.kind === "timeout") throw new InputError(`evaluating the containers' systems did not finish within ${src.timeoutMs / 1000} s and was stopped; raise the limit with --timeout SECONDS`);
  if (r.kind !== "exited") throw new InputError(`nix-instantiate could not evaluate the containers' systems (${r.kind})`);
  if (r.status !== 0) throw new InputError(condenseNixError(r.stderr, fixFile));
  try {
    return JSON.parse(r.stdout) as Record<string, string | null> | null;
  } catch (e) {
    throw new InputError(`nix-instantiate printed something that is not JSON: ${(e as Error).message}`);
  }
}
