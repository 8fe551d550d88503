/**
 * The generated typings: they compile under `strict` with the .d.ts itself
 * checked; valid fixtures type-check as `ContainerInput`s; the type tests in
 * test/typings/ hold (valid definitions pass, typical mistakes are errors);
 * and the emitter maps each option type kind as documented.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emitTypings, tsType, type Variant } from "../../src/emit/typings.js";
import { option, types, type OptionType } from "../../src/options/dsl.js";
import { expectedFor } from "../support/expected.js";
import { fixtures } from "../support/fixtures.js";
import { root } from "../support/paths.js";

const dts = path.join(root, "types/containers.d.ts");
const usage = path.join(root, "test/typings/usage.types.ts");
/** Files that exist only in memory, beside the real ones so `containers-nix/types` resolves. */
const fixturesFile = path.join(root, "test/typings/fixtures.virtual.ts");
const controlFile = path.join(root, "test/typings/control.virtual.ts");

const valid = fixtures().filter((f) => expectedFor(f.input).error === null);
const virtual: Record<string, string> = {
  [fixturesFile]:
    `import type { ContainerInput } from "containers-nix/types";\n` +
    valid.map((f, i) => `// ${f.name}\nexport const fixture${i}: Record<string, ContainerInput> = ${JSON.stringify(f.input.containers, null, 2)};\n`).join(""),
  // A `@ts-expect-error` above a line without error must itself be an error, or the type tests prove nothing.
  [controlFile]: `import type { ForwardPortInput } from "containers-nix/types";\n// @ts-expect-error\nexport const fine: ForwardPortInput = { hostPort: 80 };\n`,
};

function compile(): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name in virtual ? ts.createSourceFile(name, virtual[name]!, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name in virtual || fileExists.call(host, name);
  host.readFile = (name) => virtual[name] ?? readFile.call(host, name);
  const program = ts.createProgram([dts, usage, ...Object.keys(virtual)], options, host);
  const byFile = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "(global)";
    const where = d.file && d.start !== undefined ? `:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
    byFile.set(file, [...(byFile.get(file) ?? []), `${path.relative(root, file)}${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`]);
  }
  return byFile;
}

let diagnostics: Map<string, string[]> | undefined;
const diagnosticsOf = (file: string) => (diagnostics ??= compile()).get(file) ?? [];

test("typings: types/containers.d.ts compiles under strict, with its own checks on", () => {
  assert.equal(diagnosticsOf(dts), []);
});

test("typings: every fixture that evaluates type-checks as ContainerInput", () => {
  assert.ok(valid.length > 10, "fixtures found");
  assert.equal(diagnosticsOf(fixturesFile), []);
});

test("typings: the type tests in test/typings/usage.types.ts hold", () => {
  assert.equal(diagnosticsOf(usage), []);
  assert.ok(readFileSync(usage, "utf8").split("@ts-expect-error").length > 8, "the mistakes are there");
});

test("typings: an unused @ts-expect-error is reported, so the mistakes are really errors", () => {
  const got = diagnosticsOf(controlFile);
  assert.is(got.length, 1, got.join("\n"));
  assert.match(got[0]!, /TS2578/);
});

test("typings: nothing else has diagnostics", () => {
  const others = [...(diagnostics ??= compile()).entries()].filter(([f]) => ![dts, usage, fixturesFile, controlFile].includes(f));
  assert.equal(others, []);
});

const kinds: [string, { type: OptionType; variant: Variant; want: string }][] = [
  ["bool", { type: types.bool, variant: "input", want: "boolean" }],
  ["str", { type: types.str, variant: "input", want: "string" }],
  ["int", { type: types.int, variant: "input", want: "number" }],
  ["u32", { type: types.u32, variant: "input", want: "number" }],
  ["port", { type: types.port, variant: "input", want: "number" }],
  ["path", { type: types.path, variant: "input", want: "string" }],
  ["unspecified", { type: types.unspecified, variant: "input", want: "unknown" }],
  ["enum", { type: types.enum(["tcp", "udp"]), variant: "input", want: '"tcp" | "udp"' }],
  ["strMatching", { type: types.strMatching("[a-z]+"), variant: "input", want: "string" }],
  ["nullOr", { type: types.nullOr(types.port), variant: "input", want: "number | null" }],
  ["either", { type: types.either(types.u32, types.enum(["no"])), variant: "input", want: 'number | "no"' }],
  ["listOf, input", { type: types.listOf(types.str), variant: "input", want: "readonly string[]" }],
  ["listOf, resolved", { type: types.listOf(types.str), variant: "resolved", want: "string[]" }],
  ["listOf a union", { type: types.listOf(types.nullOr(types.str)), variant: "resolved", want: "(string | null)[]" }],
  ["attrsOf", { type: types.attrsOf(types.bool), variant: "input", want: "Record<string, boolean>" }],
  ["submodule, input", { type: types.submodule("Thing", { a: option(types.str) }), variant: "input", want: "ThingInput" }],
  ["submodule, resolved", { type: types.submodule("Thing", { a: option(types.str) }), variant: "resolved", want: "Thing" }],
  ["nixosConfig, input", { type: types.nixosConfig, variant: "input", want: "NixosModule" }],
  ["nixosConfig, resolved", { type: types.nixosConfig, variant: "resolved", want: "NixosConfiguration" }],
];
for (const [name, { type, variant, want }] of kinds) test(`tsType: ${name}`, () => assert.is(tsType(type, variant, "x"), want));

test("tsType: fails loudly with the option path", () => {
  assert.throws(() => tsType(types.listOf(types.enum([])), "input", "containers.<name>.x"), /containers\.<name>\.x\.\*: an enum without values/);
});

test("typings: deterministic, with the generated-file note first", () => {
  const text = emitTypings();
  assert.is(emitTypings(), text);
  assert.ok(text.startsWith("// generated from src/options by `containers-nix generate`; do not edit\n"));
});

const docs: [string, { given: string; want: RegExp }][] = [
  ["a plain default", { given: "protocol?: string;", want: /@default "tcp"\n\s+\*\/\n\s+protocol\?: string;/ }],
  ["a Nix expression default", { given: "nixpkgs?: string;", want: /@default `pkgs\.path` \(Nix\)\n\s+\*\/\n\s+nixpkgs\?: string;/ }],
  ["a list example", { given: "additionalCapabilities?: readonly string[];", want: /@example \["CAP_NET_ADMIN", "CAP_MKNOD"\]\n\s+\*\/\n\s+additionalCapabilities\?/ }],
  ["the default from the attribute name", { given: "mountPoint?: string;", want: /@default the attribute name it is given under\n(\s+\*.*\n)*\s+mountPoint\?: string;/ }],
  ["the type in words", { given: "hostPort: number;", want: /Takes a port number 0–65535\.\n\s+\*\/\n\s+hostPort: number;/ }],
];
for (const [name, { given, want }] of docs) {
  test(`typings JSDoc: ${name}`, () => {
    const text = emitTypings();
    assert.ok(text.includes(given), given);
    assert.match(text, want);
  });
}

test.run();
