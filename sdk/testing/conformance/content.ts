/**
 * Test content: deterministic bytes that can be regenerated at any offset.
 *
 * @module
 */
import { MAX_CHUNK } from "../../chunk.ts";

/**
 * `length` bytes of the pattern named by `seed`, starting at `offset`. Each
 * byte depends on the seed and its position only, so any slice can be
 * checked without keeping the whole.
 */
export function patternBytes(
  seed: number,
  offset: number,
  length: number,
): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    let x = Math.imul((offset + i) ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    bytes[i] = (x ^ (x >>> 16)) & 0xff;
  }
  return bytes;
}

/** The pattern of `seed`, `size` bytes long, in pieces of at most `piece`. */
export function* patternPieces(
  seed: number,
  size: number,
  piece: number = MAX_CHUNK,
): Generator<Uint8Array> {
  for (let offset = 0; offset < size; offset += piece) {
    yield patternBytes(seed, offset, Math.min(piece, size - offset));
  }
}
