/** Atomic writes: on any fault, every existing file is left as it was, no temporary file remains, and the error names the file. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { nodeFs, writeAtomically, WriteError, type WriteFs } from "../../src/io/write.js";

const files = new Map([
  ["a.txt", "new a\n"],
  ["sub/b.txt", "new b\n"],
  ["sub/c.txt", "new c\n"],
]);

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function withDir(body: (dir: string) => void) {
  const d = tmp.dirSync({ unsafeCleanup: true });
  try {
    mkdirSync(path.join(d.name, "sub"));
    writeFileSync(path.join(d.name, "a.txt"), "old a\n");
    writeFileSync(path.join(d.name, "sub/b.txt"), "old b\n");
    body(d.name);
  } finally {
    d.removeCallback();
  }
}

function unchanged(dir: string) {
  assert.equal(listAll(dir), ["a.txt", "sub/b.txt"], "no temporary or backup file is left, no new file appears");
  assert.is(readFileSync(path.join(dir, "a.txt"), "utf8"), "old a\n");
  assert.is(readFileSync(path.join(dir, "sub/b.txt"), "utf8"), "old b\n");
}

test("writes every file when nothing fails", () =>
  withDir((dir) => {
    writeAtomically(dir, files);
    assert.equal(listAll(dir), ["a.txt", "sub/b.txt", "sub/c.txt"]);
    for (const [rel, content] of files) assert.is(readFileSync(path.join(dir, rel), "utf8"), content);
  }));

/** A filesystem that fails the n-th call of one kind. */
function failing(kind: keyof WriteFs, nth: number): WriteFs {
  let calls = 0;
  return {
    ...nodeFs,
    [kind]: (...args: never[]) => {
      if (++calls === nth) throw Object.assign(new Error("injected fault"), { code: "EIO" });
      return (nodeFs[kind] as (...a: never[]) => unknown)(...args);
    },
  };
}

const faults: [string, { fs: WriteFs; file: string }][] = [
  ["the first write fails", { fs: failing("writeFile", 1), file: "a.txt" }],
  ["the last write fails", { fs: failing("writeFile", 3), file: "sub/c.txt" }],
  ["moving the first file into place fails", { fs: failing("rename", 2), file: "a.txt" }],
  ["moving the second file into place fails after the first was replaced", { fs: failing("rename", 4), file: "sub/b.txt" }],
  ["moving the new, third file into place fails", { fs: failing("rename", 5), file: "sub/c.txt" }],
];

for (const [name, { fs, file }] of faults)
  test(`fault: ${name}`, () =>
    withDir((dir) => {
      try {
        writeAtomically(dir, files, fs);
        assert.unreachable("should have thrown");
      } catch (e) {
        assert.instance(e, WriteError);
        assert.is((e as WriteError).file, path.join(dir, file));
        assert.match((e as Error).message, `cannot write ${path.join(dir, file)}`);
      }
      unchanged(dir);
    }));

test("fault: a directory where a file should go", () =>
  withDir((dir) => {
    mkdirSync(path.join(dir, "sub/c.txt"));
    assert.throws(() => writeAtomically(dir, files), /cannot write .*sub\/c\.txt \(EISDIR\)/);
    assert.is(readFileSync(path.join(dir, "a.txt"), "utf8"), "old a\n");
    assert.is(readFileSync(path.join(dir, "sub/b.txt"), "utf8"), "old b\n");
  }));

test("fault: a file where a directory should go", () =>
  withDir((dir) => {
    const blocked = new Map([...files, ["a.txt/inner.txt", "x"]]);
    assert.throws(() => writeAtomically(dir, blocked), /cannot write .*a\.txt\/inner\.txt/);
    unchanged(dir);
  }));

test.run();
