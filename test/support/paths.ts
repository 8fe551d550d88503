import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (tests run from dist/test/...). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const fixturesDir = path.join(root, "fixtures");
/** Where tests write actual outputs; git-ignored. */
export const actualDir = path.join(root, ".actual");
