/**
 * The inspection of content streams chunk by chunk, against a pattern.
 *
 * @module
 */
import { MAX_CHUNK } from "../../chunk.ts";
import { patternBytes } from "./content.ts";

/** What a content stream looked like. */
export interface ChunkInspection {
  /** Bytes received. */
  bytes: number;
  /** Messages received. */
  chunks: number;
  /** Violations, for people; empty when the stream was right. */
  problems: string[];
}

/** The expected bytes of a stream: a pattern slice. */
export interface Expected {
  /** The pattern's seed. */
  seed: number;
  /** Where in the pattern the stream starts. */
  offset?: number;
  /** How many bytes the stream must hold. */
  size: number;
}

/**
 * Reads a content stream to its end, checking that every message holds
 * 1 … 1 MiB bytes and, with `expected`, that the bytes are the pattern's.
 * Only the current chunk is held in memory. Errors of the stream propagate.
 */
export async function inspectChunks(
  source: AsyncIterable<Uint8Array>,
  what: string,
  expected?: Expected,
): Promise<ChunkInspection> {
  const problems: string[] = [];
  let bytes = 0;
  let chunks = 0;
  let differs = false;
  for await (const chunk of source) {
    chunks++;
    if (chunk.byteLength === 0) {
      problems.push(
        `${what}: chunk #${chunks} is empty (chunks hold 1 … 1 MiB bytes; plakar fails an Open that sends one with "unexpected response")`,
      );
    } else if (chunk.byteLength > MAX_CHUNK) {
      problems.push(
        `${what}: chunk #${chunks} holds ${chunk.byteLength} bytes, more than 1 MiB (${MAX_CHUNK})`,
      );
    }
    if (expected && !differs) {
      const start = (expected.offset ?? 0) + bytes;
      const want = patternBytes(
        expected.seed,
        start,
        Math.max(0, Math.min(chunk.byteLength, expected.size - bytes)),
      );
      const at = firstDifference(chunk.subarray(0, want.byteLength), want);
      if (at >= 0) {
        differs = true;
        problems.push(`${what}: wrong content at byte ${bytes + at}`);
      }
    }
    bytes += chunk.byteLength;
  }
  if (expected && bytes !== expected.size) {
    problems.push(
      `${what}: ${bytes} bytes received, ${expected.size} expected`,
    );
  }
  return { bytes, chunks, problems };
}

/** The first index where `a` and `b` differ, or -1 when they are equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.byteLength === b.byteLength ? -1 : n;
}
