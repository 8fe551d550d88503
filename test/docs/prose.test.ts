/** Descriptions in the NixOS manual's Markdown, rendered for GitHub and as plain hover text. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { codeSpan, githubMarkdown, manPageUrl, plainText, type ProseLinks } from "../../src/docs/prose.js";

const links: ProseLinks = {
  optionAnchor: (name) => (name === "config" ? "opt-containers._name_.config" : null),
  optionName: (anchor) => (anchor === "opt-boot.isContainer" ? "boot.isContainer" : null),
};

const cases: [string, { given: string; github: string; plain: string }][] = [
  ["plain text", { given: "Whether it starts.", github: "Whether it starts.", plain: "Whether it starts." }],
  ["a known option role links to its anchor", { given: "Use {option}`config`.", github: "Use [`config`](#opt-containers._name_.config).", plain: "Use `config`." }],
  ["an unknown option role stays code", { given: "Set {option}`nixpkgs.pkgs`.", github: "Set `nixpkgs.pkgs`.", plain: "Set `nixpkgs.pkgs`." }],
  [
    "a man page role links to man7.org",
    {
      given: "See {manpage}`systemd-nspawn(1)`.",
      github: "See [`systemd-nspawn(1)`](https://man7.org/linux/man-pages/man1/systemd-nspawn.1.html).",
      plain: "See `systemd-nspawn(1)`.",
    },
  ],
  ["other roles become code", { given: "{command}`systemctl` and {var}`x`", github: "`systemctl` and `x`", plain: "`systemctl` and `x`" }],
  ["an empty option link gets the option's name", { given: "Unlike [](#opt-boot.isContainer), it", github: "Unlike [`boot.isContainer`](#opt-boot.isContainer), it", plain: "Unlike `boot.isContainer`, it" }],
  ["< outside code is escaped for GitHub", { given: "under /proc/<PID>/ns", github: "under /proc/\\<PID>/ns", plain: "under /proc/<PID>/ns" }],
  ["< inside code is left alone", { given: "`containers.<name>`", github: "`containers.<name>`", plain: "`containers.<name>`" }],
  ["a role's code may hold backticks", { given: "{command}``a ` b``", github: "``a ` b``", plain: "``a ` b``" }],
  ["an unclosed backtick is text", { given: "a ` b <c>", github: "a ` b \\<c>", plain: "a ` b <c>" }],
  ["fenced code is kept as it is", { given: "x\n```\n<a>\n```\ny <b>", github: "x\n```\n<a>\n```\ny \\<b>", plain: "x\n```\n<a>\n```\ny <b>" }],
];

for (const [name, { given, github, plain }] of cases) {
  test(`githubMarkdown: ${name}`, () => assert.is(githubMarkdown(given, links), github));
  test(`plainText: ${name}`, () => assert.is(plainText(given, links), plain));
}

test("a link to an anchor no option has is an error", () => {
  assert.throws(() => githubMarkdown("[](#opt-nope)", links), /opt-nope/);
  assert.throws(() => plainText("[](#opt-nope)", links), /opt-nope/);
});

test("codeSpan and manPageUrl", () => {
  assert.is(codeSpan("a`b"), "``a`b``");
  assert.is(codeSpan("`a"), "`` `a ``");
  assert.is(manPageUrl("systemd.resource-control(5)"), "https://man7.org/linux/man-pages/man5/systemd.resource-control.5.html");
  assert.is(manPageUrl("not a page"), null);
});

test.run();
