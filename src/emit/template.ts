/**
 * Nunjucks does layout only: templates receive Nix text that src/nix/ already
 * rendered, marked safe. Autoescape is on, so a value that skipped the Nix
 * printers shows up HTML-escaped and fails the `nix-instantiate --parse` test
 * instead of slipping into the module.
 */
import nunjucks from "nunjucks";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates");

let env: nunjucks.Environment | undefined;

export function renderTemplate(name: string, nixParts: Record<string, string>): string {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir), {
    autoescape: true,
    throwOnUndefined: true,
    trimBlocks: true,
  });
  const safe = Object.fromEntries(Object.entries(nixParts).map(([k, v]) => [k, new nunjucks.runtime.SafeString(v)]));
  return env.render(name, safe);
}

export const GENERATED_HEADER = "# generated from src/options by `containers-nix generate`; do not edit";
