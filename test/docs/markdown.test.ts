/** docs/options.md: every documented option once, in the manual's order, with working anchors and GitHub-safe text. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareManualOrder, documentedOptions, optionAnchor } from "../../src/docs/doc-list.js";
import { emitOptionsMarkdown } from "../../src/docs/markdown.js";
import { MARKDOWN_HEADER } from "../../src/docs/marker.js";
import { option, optionSet, types, type OptionSet } from "../../src/options/index.js";
import { activationStrategies } from "../../src/options/unit.js";

const md = emitOptionsMarkdown();
const headings = [...md.matchAll(/^<a id="([^"]+)"><\/a>\n## `([^`]+)`$/gm)].map((m) => ({ anchor: m[1]!, name: m[2]! }));

test("the activation option documents each strategy of src/options/unit.ts, in their order", () => {
  const section = md.slice(md.indexOf("## `containers.<name>.activation`"));
  const bullets = [...section.slice(0, section.indexOf("\n## ")).matchAll(/^- `([a-z]+)`: /gm)].map((m) => m[1]);
  assert.equal(bullets, Object.keys(activationStrategies));
});

test("starts with the generated-file marker", () => assert.ok(md.startsWith(MARKDOWN_HEADER + "\n")));

test("one section per documented option, in the NixOS manual's order", () => {
  const want = documentedOptions().sort(compareManualOrder);
  assert.equal(
    headings.map((h) => h.name),
    want.map((o) => o.name),
  );
  assert.equal(
    headings.map((h) => h.anchor),
    want.map((o) => optionAnchor(o.loc)),
  );
});

const order: [string, { before: string; after: string }][] = [
  ["enable* first within a level", { before: "boot.enableContainers", after: "boot.isContainer" }],
  ["enable* first among a container's options", { before: "containers.<name>.enableTun", after: "containers.<name>.additionalCapabilities" }],
  ["an option before its sub-options", { before: "containers", after: "containers.<name>.additionalCapabilities" }],
  ["sub-options right after their option", { before: "containers.<name>.bindMounts.<name>.mountPoint", after: "containers.<name>.config" }],
];
for (const [name, { before, after }] of order)
  test(`order: ${name}`, () => {
    const names = headings.map((h) => h.name);
    assert.ok(names.indexOf(before) !== -1 && names.indexOf(before) < names.indexOf(after), `${before} before ${after}`);
  });

test("anchors as in the NixOS manual", () => {
  const anchors = new Set(headings.map((h) => h.anchor));
  for (const a of ["opt-containers", "opt-containers._name_.autoStart", "opt-containers._name_.bindMounts._name_.hostPath", "opt-containers._name_.forwardPorts._.hostPort"])
    assert.ok(anchors.has(a), a);
});

test("hidden options are left out", () => {
  assert.not.ok(md.includes("containers.<name>.pkgs"));
});

test("every link to an anchor lands on a section", () => {
  const anchors = new Set(headings.map((h) => h.anchor));
  const targets = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(targets.length > headings.length, "the contents list and descriptions link to sections");
  assert.equal(targets.filter((t) => !anchors.has(t)), []);
});

test("no manual-only Markdown, and no bare < that GitHub would read as HTML", () => {
  assert.not.match(md, /\[\]\(#/);
  const prose = md
    .replace(MARKDOWN_HEADER, "")
    .replace(/^```[\s\S]*?^```$/gm, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/^<a id="[^"]+"><\/a>$/gm, "");
  assert.not.match(prose, /\{(option|manpage|command|var|file|env)\}/);
  assert.not.match(prose, /(^|[^\\])</m);
});

test("each section has its type and where it is declared", () => {
  for (const section of md.split(/^<a id=/m).slice(1)) {
    assert.match(section, /^\*Type:\* .+$/m);
    assert.match(section, /^\*Declared in:\* \[`nix\/containers\.nix`\]\(\.\.\/nix\/containers\.nix\)$/m);
  }
});

test("read-only and internal options are flagged", () => {
  const set: OptionSet = {
    ...optionSet,
    demo: {
      fixed: option(types.str, { default: "x", readOnly: true, description: "Read only." }),
      plumbing: option(types.bool, { default: false, internal: true, description: "Internal." }),
      secret: option(types.bool, { default: false, visible: false, description: "Hidden." }),
    },
  };
  const out = emitOptionsMarkdown(set);
  assert.match(out, "## `demo.fixed`\n\nRead only.\n\n*Type:* string *(read only)*");
  assert.match(out, "*Type:* boolean *(internal: for the module's own use)*");
  assert.not.match(out, "demo.secret");
});

test.run();
