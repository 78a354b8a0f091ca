/**
 * Tests of the HPACK codec against the examples of RFC 7541 Appendix C,
 * gRPC's own headers and malformed blocks.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  encodeHeaders,
  type HeaderField,
  HpackDecoder,
  HpackError,
} from "./hpack.ts";
import { HUFFMAN_CODES, huffmanDecode } from "./huffman.ts";

/** The octets of a hex dump as the RFC prints them, spaces allowed. */
function hex(dump: string): Uint8Array {
  const digits = dump.replace(/\s+/g, "");
  return Uint8Array.from(
    { length: digits.length / 2 },
    (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16),
  );
}

/** Huffman-codes `octets` with the table's codes, padding with ones. */
function huffmanEncode(octets: Uint8Array): Uint8Array {
  const out: number[] = [];
  let pending = 0;
  let bits = 0;
  for (const octet of octets) {
    const [code, length] = HUFFMAN_CODES[octet];
    // Shifting by multiplication: a 30-bit code on top of 7 pending bits
    // overflows the 32 bits of JavaScript's shift operators.
    pending = pending * 2 ** length + code;
    bits += length;
    while (bits >= 8) {
      bits -= 8;
      out.push(Math.floor(pending / 2 ** bits));
      pending %= 2 ** bits;
    }
  }
  if (bits > 0) out.push(pending * 2 ** (8 - bits) + 2 ** (8 - bits) - 1);
  return Uint8Array.from(out);
}

function decodeHuffman(src: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor(src.length * 8 / 5));
  const length = huffmanDecode(src, out);
  return length < 0 ? undefined : out.subarray(0, length);
}

Deno.test("the Huffman table is the complete canonical code of RFC 7541 Appendix B", () => {
  assert.equal(HUFFMAN_CODES.length, 257);
  // Appendix B is canonical: codes count up in order of length, then
  // symbol, so one mistyped code or length breaks the sequence.
  const order = HUFFMAN_CODES.map((_, symbol) => symbol).sort((a, b) =>
    HUFFMAN_CODES[a][1] - HUFFMAN_CODES[b][1] || a - b
  );
  let next = 0;
  let length = 0;
  for (const symbol of order) {
    const [code, bits] = HUFFMAN_CODES[symbol];
    next *= 2 ** (bits - length);
    length = bits;
    assert.equal(code, next, `code of symbol ${symbol}`);
    next++;
  }
  // Complete: the last code, EOS, is all ones.
  assert.equal(next, 2 ** 30);
  assert.deepEqual(HUFFMAN_CODES[256], [0x3fffffff, 30]);
});

Deno.test("every octet Huffman-coded with the table decodes back", () => {
  const octets = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(decodeHuffman(huffmanEncode(octets)), octets);
  for (const octet of octets) {
    const one = Uint8Array.of(octet);
    assert.deepEqual(decodeHuffman(huffmanEncode(one)), one, `octet ${octet}`);
  }
  assert.deepEqual(decodeHuffman(new Uint8Array(0)), new Uint8Array(0));
});

Deno.test("Huffman strings with EOS or bad padding are rejected", () => {
  // "0" is 00000; the 3 bits after it must be ones.
  assert.deepEqual(decodeHuffman(hex("07")), hex("30"));
  assert.equal(decodeHuffman(hex("00")), undefined); // zeros
  assert.equal(decodeHuffman(hex("06")), undefined); // a zero among ones
  assert.equal(decodeHuffman(hex("07 ff")), undefined); // 11 bits of ones
  assert.equal(decodeHuffman(hex("ff")), undefined); // 8 bits of ones
  // EOS (30 ones) followed by "0" and padding.
  assert.equal(decodeHuffman(hex("ff ff ff fc 1f")), undefined);
});

Deno.test("RFC 7541 C.2.1: literal with indexing enters the dynamic table", () => {
  const decoder = new HpackDecoder();
  assert.deepEqual(
    decoder.decode(
      hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"),
    ),
    [["custom-key", "custom-header"]],
  );
  assert.deepEqual(decoder.decode(hex("be")), [[
    "custom-key",
    "custom-header",
  ]]);
});

Deno.test("RFC 7541 C.2.2: literal without indexing leaves the table empty", () => {
  const decoder = new HpackDecoder();
  assert.deepEqual(
    decoder.decode(hex("040c 2f73 616d 706c 652f 7061 7468")),
    [[":path", "/sample/path"]],
  );
  assert.throws(() => decoder.decode(hex("be")), HpackError);
});

Deno.test("RFC 7541 C.2.3: literal never indexed leaves the table empty", () => {
  const decoder = new HpackDecoder();
  assert.deepEqual(
    decoder.decode(hex("1008 7061 7373 776f 7264 0673 6563 7265 74")),
    [["password", "secret"]],
  );
  assert.throws(() => decoder.decode(hex("be")), HpackError);
});

Deno.test("RFC 7541 C.2.4: indexed field", () => {
  assert.deepEqual(new HpackDecoder().decode(hex("82")), [[":method", "GET"]]);
});

const REQUESTS: HeaderField[][] = [
  [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
  ],
  [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
    ["cache-control", "no-cache"],
  ],
  [
    [":method", "GET"],
    [":scheme", "https"],
    [":path", "/index.html"],
    [":authority", "www.example.com"],
    ["custom-key", "custom-value"],
  ],
];

// Later blocks name earlier fields by their dynamic index alone, so each
// result shows the table as the RFC has it after the previous block.
function assertSequence(
  decoder: HpackDecoder,
  blocks: string[],
  expected: HeaderField[][],
): void {
  blocks.forEach((block, i) =>
    assert.deepEqual(decoder.decode(hex(block)), expected[i], `block ${i + 1}`)
  );
}

Deno.test("RFC 7541 C.3: requests without Huffman coding share a table", () => {
  const decoder = new HpackDecoder();
  assertSequence(decoder, [
    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "8286 84be 5808 6e6f 2d63 6163 6865",
    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
  ], REQUESTS);
  // Table after C.3.3: custom-key, cache-control, :authority (62–64).
  assert.deepEqual(decoder.decode(hex("c0 bf be")), [
    [":authority", "www.example.com"],
    ["cache-control", "no-cache"],
    ["custom-key", "custom-value"],
  ]);
  assert.throws(() => decoder.decode(hex("c1")), HpackError);
});

Deno.test("RFC 7541 C.4: requests with Huffman coding share a table", () => {
  assertSequence(new HpackDecoder(), [
    "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
    "8286 84be 5886 a8eb 1064 9cbf",
    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
  ], REQUESTS);
});

const RESPONSES: HeaderField[][] = [
  [
    [":status", "302"],
    ["cache-control", "private"],
    ["date", "Mon, 21 Oct 2013 20:13:21 GMT"],
    ["location", "https://www.example.com"],
  ],
  [
    [":status", "307"],
    ["cache-control", "private"],
    ["date", "Mon, 21 Oct 2013 20:13:21 GMT"],
    ["location", "https://www.example.com"],
  ],
  [
    [":status", "200"],
    ["cache-control", "private"],
    ["date", "Mon, 21 Oct 2013 20:13:22 GMT"],
    ["location", "https://www.example.com"],
    ["content-encoding", "gzip"],
    ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"],
  ],
];

/** The table after C.5.3 and C.6.3, newest first, 215 of 256 octets. */
const EVICTED_TABLE: HeaderField[] = [
  ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"],
  ["content-encoding", "gzip"],
  ["date", "Mon, 21 Oct 2013 20:13:22 GMT"],
];

Deno.test("RFC 7541 C.5: responses without Huffman coding evict from a 256-octet table", () => {
  const decoder = new HpackDecoder(256);
  assertSequence(decoder, [
    "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420" +
    "3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77" +
    "7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "4803 3330 37c1 c0bf",
    "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32" +
    "3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a" +
    "584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33" +
    "3630 303b 2076 6572 7369 6f6e 3d31",
  ], RESPONSES);
  assert.deepEqual(decoder.decode(hex("be bf c0")), EVICTED_TABLE);
  assert.throws(() => decoder.decode(hex("c1")), HpackError);
});

Deno.test("RFC 7541 C.6: responses with Huffman coding evict from a 256-octet table", () => {
  const decoder = new HpackDecoder(256);
  assertSequence(decoder, [
    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81" +
    "66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
    "4883 640e ffc1 c0bf",
    "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a" +
    "839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36" +
    "72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
  ], RESPONSES);
  assert.deepEqual(decoder.decode(hex("be bf c0")), EVICTED_TABLE);
  assert.throws(() => decoder.decode(hex("c1")), HpackError);
});

Deno.test("a size update at the start of a block shrinks the table", () => {
  const decoder = new HpackDecoder();
  decoder.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0163")); // custom-key: c
  // 3f e1 1f is 4096: the limit itself is allowed.
  assert.deepEqual(decoder.decode(hex("3f e1 1f be")), [["custom-key", "c"]]);
  // Down to 0 and back up: the entry is gone for good.
  assert.deepEqual(decoder.decode(hex("20 3f e1 1f 82")), [[":method", "GET"]]);
  assert.throws(() => decoder.decode(hex("be")), HpackError);
});

Deno.test("an entry larger than the table empties it", () => {
  const decoder = new HpackDecoder(64);
  decoder.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0163")); // 43 octets
  // custom-key with a 23-octet value is 65 octets, one past the table.
  assert.deepEqual(
    decoder.decode(hex("be 7e 17" + "61".repeat(23))),
    [["custom-key", "c"], ["custom-key", "a".repeat(23)]],
  );
  assert.throws(() => decoder.decode(hex("be")), HpackError);
});

Deno.test("encodeHeaders uses static indexes and raw literals only", () => {
  assert.deepEqual(
    encodeHeaders([
      [":status", "200"],
      ["content-type", "application/grpc"],
      ["x", "y"],
    ]),
    hex("88 0f10 10" + "6170706c69636174696f6e2f67727063" + "00 0178 0179"),
  );
});

Deno.test("a gRPC response and its trailers survive encodeHeaders and decode", () => {
  const decoder = new HpackDecoder();
  const blocks: HeaderField[][] = [
    [[":status", "200"], ["content-type", "application/grpc"]],
    [
      ["grpc-status", "0"],
      ["grpc-message", "caf%C3%A9 not found: 100%25"],
      ["x-latin1", "\u00e9\u00ff\u0000"],
      ["x-long", "v".repeat(200)],
      ["www-authenticate", "Basic"],
    ],
  ];
  for (const fields of blocks) {
    assert.deepEqual(decoder.decode(encodeHeaders(fields)), fields);
  }
  assert.throws(() => encodeHeaders([["x", "\u0100"]]), RangeError);
});

Deno.test("malformed blocks throw HpackError naming the defect", () => {
  const malformed: [block: string, message: RegExp][] = [
    ["ff", /truncated integer/],
    ["ff 80", /truncated integer/],
    ["ff 80 80 80 80 80 01", /integer too long/],
    ["ff 80 80 80 80 08", /integer too large/], // 2^31 + 127
    ["ff 80 80 80 80 07", /index 1879048319 past the table/], // in range
    ["040c 2f73 616d", /string of 12 octets past the block/],
    ["04", /truncated string/],
    ["00", /truncated string/],
    ["80", /index 0/],
    ["be", /index 62 past the table/],
    ["7e 01 61", /index 62 past the table/],
    ["3f e2 1f", /dynamic table size 4097 exceeds 4096/],
    ["82 3f e1 1f", /size update after a field/],
    ["01 81 00", /invalid Huffman string/], // padding of zeros
    ["01 82 07 ff", /invalid Huffman string/], // padding of 11 bits
    ["01 85 ff ff ff fc 1f", /invalid Huffman string/], // EOS, then "0"
  ];
  for (const [block, message] of malformed) {
    assert.throws(
      () => new HpackDecoder().decode(hex(block)),
      (error) => error instanceof HpackError && message.test(error.message),
      block,
    );
  }
  // Those blocks, mended, decode.
  assert.deepEqual(new HpackDecoder().decode(hex("01 81 07")), [
    [":authority", "0"],
  ]);
  assert.deepEqual(new HpackDecoder().decode(hex("3f e1 1f 82")), [
    [":method", "GET"],
  ]);
});
