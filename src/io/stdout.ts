/**
 * Writing long output to standard output. To a pipe, Node writes
 * asynchronously: a program that writes all its chunks without waiting keeps
 * every one in memory until the reader has taken it. Waiting for "drain"
 * whenever the stream asks keeps only about one chunk in memory.
 */
import { once } from "node:events";

export async function writeChunks(chunks: Iterable<string>, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
}
