/**
 * The README and every page under docs/: each relative link reaches a file
 * that exists, and each anchor one that GitHub gives the target page; every
 * docs page is linked from the README. A failure names file:line.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { anchors, brokenLink, isExternal, links, slug } from "../support/markdown.js";
import { root } from "../support/paths.js";
import tmp from "../support/tmp.js";

/** `file:line: target: why` for each relative link of a page that does not resolve. */
function brokenLinks(file: string, shownAs: string): string[] {
  return links(readFileSync(file, "utf8"))
    .filter((l) => !isExternal(l.target))
    .flatMap((l) => {
      const why = brokenLink(file, l.target);
      return why === null ? [] : [`${shownAs}:${l.line}: ${l.target}: ${why}`];
    });
}

const docsPages = readdirSync(path.join(root, "docs"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => `docs/${f}`);

for (const page of ["README.md", ...docsPages])
  test(`${page}: every relative link resolves, anchors included`, () => {
    assert.equal(brokenLinks(path.join(root, page), page), []);
  });

const readmeTargets = new Set(
  links(readFileSync(path.join(root, "README.md"), "utf8"))
    .filter((l) => !isExternal(l.target))
    .map((l) => l.target.split("#")[0]!),
);
for (const page of docsPages) test(`the README links ${page}`, () => assert.ok(readmeTargets.has(page), `README.md has no link to ${page}`));

const slugs: [string, string][] = [
  ["Validating definitions: `containers-nix validate`", "validating-definitions-containers-nix-validate"],
  ["Generated files and `check`", "generated-files-and-check"],
  ["With npm: quick start", "with-npm-quick-start"],
  ["What's new? (2.0)", "whats-new-20"],
  ["keep snake_case and kebab-case", "keep-snake_case-and-kebab-case"],
  ["A -- B", "a----b"],
  ["**Bold** and [a link](x.md) <br>", "bold-and-a-link"],
  ["Größe × Ü", "größe--ü"],
];
for (const [heading, want] of slugs) test(`slug: ${heading}`, () => assert.is(slug(heading), want));

test("anchors: repeated headings get -1, -2; explicit ids count; headings in code blocks do not", () => {
  const page = ["# Tests", "## Tests", "### Tests #", '<a id="consumer-x"></a>', "```sh", "# not a heading", "```", "## After"].join("\n");
  assert.equal([...anchors(page)].sort(), ["after", "consumer-x", "tests", "tests-1", "tests-2"]);
});

/** The checker itself, on a small tree: what each link gives. */
const cases: [string, { page: string; want: string[] }][] = [
  ["a file and a heading that exist", { page: "[a](other.md#a-heading)\n[b](other.md)\n[c](#here)\n## Here", want: [] }],
  ["a missing file", { page: "text\n[a](missing.md)", want: ["page.md:2: missing.md: no such file: missing.md"] }],
  ["a missing anchor in another page", { page: "[a](other.md#nope)", want: ["page.md:1: other.md#nope: no anchor #nope in other.md"] }],
  ["a missing anchor in the same page", { page: "## Here\n\n[a](#there)", want: ["page.md:3: #there: no anchor #there in page.md"] }],
  ["an anchor into a file that is not Markdown", { page: "[a](data.json#x)", want: ["page.md:1: data.json#x: an anchor into data.json, which is not a Markdown page"] }],
  ["links in code blocks and code spans, and external ones, are not checked", { page: "```\n[a](missing.md)\n```\n`[b](missing.md)` [c](https://example.org/x#y)", want: [] }],
  ["a reference definition", { page: "[a]\n\n[a]: ./gone.md", want: ["page.md:3: ./gone.md: no such file: ./gone.md"] }],
];
for (const [name, { page, want }] of cases)
  test(`checker: ${name}`, () => {
    const dir = tmp.dirSync({ unsafeCleanup: true }).name;
    writeFileSync(path.join(dir, "other.md"), "# Other\n\n## A heading\n");
    writeFileSync(path.join(dir, "data.json"), "{}\n");
    writeFileSync(path.join(dir, "page.md"), page);
    assert.equal(brokenLinks(path.join(dir, "page.md"), "page.md"), want);
  });

test.run();
