/**
 * HPACK (RFC 7541), the header compression of HTTP/2, for the kit's own
 * HTTP/2 server.
 *
 * The decoder is complete, since the peer (grpc-go) uses every part of the
 * format: a dynamic table, Huffman coding and table size updates. The
 * encoder is stateless: it never inserts into the peer's dynamic table, so
 * the server keeps no encoding context and needs no table size updates.
 *
 * Names and values are octets mapped one to one onto the characters
 * U+0000–U+00FF (latin1), as Node's HTTP/2 does, so any octet string
 * survives a round trip; gRPC's own values are ASCII.
 *
 * @module
 */

import { huffmanDecode } from "./huffman.ts";

/** A header field as it was sent: lower-case name, value. */
export type HeaderField = [name: string, value: string];

/**
 * A malformed header block. The connection answers it with a
 * COMPRESSION_ERROR, as the decoding context can no longer be trusted.
 */
export class HpackError extends Error {
  /** So that logs and stack traces tell it from other errors. */
  override name = "HpackError";
}

/** RFC 7541 Appendix A; index `i` of the format is `STATIC_TABLE[i - 1]`. */
const STATIC_TABLE: readonly HeaderField[] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];

/** Each name's first index; a name's entries are contiguous in the table. */
const STATIC_NAMES = new Map<string, number>();
STATIC_TABLE.forEach(([name], i) => {
  if (!STATIC_NAMES.has(name)) STATIC_NAMES.set(name, i + 1);
});

/** RFC 7541 §4.1: an entry's size counts 32 octets of overhead. */
const ENTRY_OVERHEAD = 32;

/**
 * The largest integer accepted. Every integer in a block is an index, a
 * length or a table size, none of which can sensibly reach 2^31.
 */
const MAX_INTEGER = 0x7fffffff;

/**
 * The decoding context of one connection: the dynamic table that the
 * peer's encoder fills, block after block.
 */
export class HpackDecoder {
  readonly #maxTableSize: number;
  /** The limit the peer last chose with a size update (RFC 7541 §4.2). */
  #tableLimit: number;
  #tableSize = 0;
  /** Oldest first: the newest entry, index 62, is last. */
  readonly #table: HeaderField[] = [];
  #block: Uint8Array = new Uint8Array(0);
  #pos = 0;
  /** Room for Huffman output, kept across blocks and grown on demand. */
  #scratch = new Uint8Array(256);

  /**
   * `maxTableSize` is the SETTINGS_HEADER_TABLE_SIZE the server advertises:
   * the largest dynamic table the peer may ask for.
   */
  constructor(maxTableSize = 4096) {
    this.#maxTableSize = maxTableSize;
    this.#tableLimit = maxTableSize;
  }

  /**
   * Decodes one complete header block: the payload of a HEADERS frame
   * joined with those of its CONTINUATION frames. Throws {@link HpackError}
   * if the block is malformed, after which the decoder is out of step with
   * the peer and must not be used again.
   */
  decode(block: Uint8Array): HeaderField[] {
    this.#block = block;
    this.#pos = 0;
    const fields: HeaderField[] = [];
    while (this.#pos < block.length) {
      const first = block[this.#pos];
      if (first & 0x80) {
        const [name, value] = this.#entry(this.#integer(7));
        fields.push([name, value]);
      } else if (first & 0x40) {
        const [name, value] = this.#literal(6);
        this.#insert([name, value]);
        fields.push([name, value]);
      } else if (first & 0x20) {
        // §4.2: updates belong at the start of a block, before any field.
        if (fields.length > 0) {
          throw new HpackError("dynamic table size update after a field");
        }
        const limit = this.#integer(5);
        if (limit > this.#maxTableSize) {
          throw new HpackError(
            `dynamic table size ${limit} exceeds ${this.#maxTableSize}`,
          );
        }
        this.#tableLimit = limit;
        this.#evict(limit);
      } else {
        // Without indexing (0000) and never indexed (0001) differ only for
        // intermediaries that re-encode; a server decodes both alike.
        fields.push(this.#literal(4));
      }
    }
    return fields;
  }

  /** A literal field whose name index has a `prefixBits`-bit prefix. */
  #literal(prefixBits: number): HeaderField {
    const index = this.#integer(prefixBits);
    const name = index === 0 ? this.#string() : this.#entry(index)[0];
    return [name, this.#string()];
  }

  #entry(index: number): HeaderField {
    if (index === 0) throw new HpackError("index 0");
    if (index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1];
    const position = this.#table.length + STATIC_TABLE.length - index;
    if (position < 0) throw new HpackError(`index ${index} past the table`);
    return this.#table[position];
  }

  #insert(field: HeaderField): void {
    const size = field[0].length + field[1].length + ENTRY_OVERHEAD;
    // §4.4: an entry larger than the whole table empties it and is dropped.
    this.#evict(Math.max(0, this.#tableLimit - size));
    if (size <= this.#tableLimit) {
      this.#table.push(field);
      this.#tableSize += size;
    }
  }

  /** Drops the oldest entries until the table fits in `size` octets. */
  #evict(size: number): void {
    while (this.#tableSize > size) {
      const [name, value] = this.#table.shift()!;
      this.#tableSize -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }

  /** An integer with a `prefixBits`-bit prefix (RFC 7541 §5.1). */
  #integer(prefixBits: number): number {
    const block = this.#block;
    const mask = (1 << prefixBits) - 1;
    let value = block[this.#pos++] & mask;
    if (value < mask) return value;
    // Five continuation octets carry 35 bits, more than MAX_INTEGER needs;
    // stopping there bounds the work a hostile peer can ask for.
    for (let shift = 0; shift <= 28; shift += 7) {
      if (this.#pos >= block.length) {
        throw new HpackError("truncated integer");
      }
      const octet = block[this.#pos++];
      value += (octet & 0x7f) * 2 ** shift;
      if ((octet & 0x80) === 0) {
        if (value > MAX_INTEGER) throw new HpackError("integer too large");
        return value;
      }
    }
    throw new HpackError("integer too long");
  }

  /** A string literal (RFC 7541 §5.2). */
  #string(): string {
    const block = this.#block;
    if (this.#pos >= block.length) throw new HpackError("truncated string");
    const huffman = block[this.#pos] & 0x80;
    const length = this.#integer(7);
    const start = this.#pos;
    if (length > block.length - start) {
      throw new HpackError(`string of ${length} octets past the block`);
    }
    this.#pos += length;
    if (!huffman) return latin1(block, start, start + length);
    const room = Math.floor(length * 8 / 5);
    if (this.#scratch.length < room) this.#scratch = new Uint8Array(room);
    const decoded = huffmanDecode(
      block.subarray(start, start + length),
      this.#scratch,
    );
    if (decoded < 0) throw new HpackError("invalid Huffman string");
    return latin1(this.#scratch, 0, decoded);
  }
}

/** Octets per `String.fromCharCode` call, well under engines' argument limits. */
const CHUNK = 4096;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i += CHUNK) {
    const chunk = bytes.subarray(i, Math.min(end, i + CHUNK));
    // apply takes the typed array as it is, several times faster than
    // spreading it; TextDecoder cannot serve: its "latin1" is windows-1252.
    text += String.fromCharCode.apply(null, chunk as unknown as number[]);
  }
  return text;
}

/**
 * Encodes a header block without touching any dynamic table, so the
 * server holds no encoding context: a static table index for an exact
 * match (such as `[":status", "200"]`), a literal without indexing that
 * names a static entry where the name is in the static table, else a
 * literal with a new name. Strings are sent raw, not Huffman-coded.
 * Throws a RangeError if a name or value has a character above U+00FF,
 * which no octet stands for.
 */
export function encodeHeaders(fields: readonly HeaderField[]): Uint8Array {
  // An integer below 2^31 takes at most 6 octets, and a field has 3.
  let bound = 0;
  for (const [name, value] of fields) bound += name.length + value.length + 18;
  const out = new Uint8Array(bound);
  let pos = 0;
  for (const [name, value] of fields) {
    const first = STATIC_NAMES.get(name);
    if (first === undefined) {
      out[pos++] = 0;
      pos = writeString(out, pos, name);
    } else {
      const exact = staticIndex(first, name, value);
      if (exact !== undefined) {
        pos = writeInteger(out, pos, 0x80, 7, exact);
        continue;
      }
      pos = writeInteger(out, pos, 0, 4, first);
    }
    pos = writeString(out, pos, value);
  }
  return out.subarray(0, pos);
}

/** The static index of `[name, value]`, searched from the name's first. */
function staticIndex(
  first: number,
  name: string,
  value: string,
): number | undefined {
  for (let i = first; i <= STATIC_TABLE.length; i++) {
    const [entryName, entryValue] = STATIC_TABLE[i - 1];
    if (entryName !== name) return undefined;
    if (entryValue === value) return i;
  }
  return undefined;
}

/** Writes `value` with a `prefixBits`-bit prefix after the bits `flags`. */
function writeInteger(
  out: Uint8Array,
  pos: number,
  flags: number,
  prefixBits: number,
  value: number,
): number {
  const mask = (1 << prefixBits) - 1;
  if (value < mask) {
    out[pos++] = flags | value;
    return pos;
  }
  out[pos++] = flags | mask;
  value -= mask;
  while (value >= 0x80) {
    out[pos++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[pos++] = value;
  return pos;
}

function writeString(out: Uint8Array, pos: number, text: string): number {
  pos = writeInteger(out, pos, 0, 7, text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) {
      throw new RangeError(`header text ${JSON.stringify(text)} is not octets`);
    }
    out[pos++] = code;
  }
  return pos;
}
