/** Templates do layout only: a value that did not come from the Nix printers cannot reach the output unescaped. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import nunjucks from "nunjucks";
import { renderTemplate, templatesDir } from "../../src/emit/template.js";

test("values passed through renderTemplate arrive verbatim (they are printed Nix already)", () => {
  const out = renderTemplate("core.nix.njk", {
    header: "# h",
    renderConf: '"x"',
    confValues: "[ ]",
    safeConfValue: "s: true",
    implied: "[ ]",
    unitFields: "{ }",
    templateSettings: "{ }",
    containerChecks: "[ ]",
    hostChecks: "[ ]",
    scripts: "",
  });
  assert.ok(out.includes('renderConf =\n    "x";'));
});

test("a raw string that bypasses the printers is escaped, so it cannot form Nix", () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir), { autoescape: true });
  assert.is(env.renderString("{{ v }}", { v: '"${x}"' }), "&quot;${x}&quot;");
});

test("a template variable nobody passes is an error, not an empty string", () => {
  assert.throws(() => renderTemplate("core.nix.njk", { header: "# h" }), /undefined|null/i);
});

test.run();
