/**
 * The server side of an HTTP/2 connection, driven in-process: the client's
 * frames are built by hand, and what the server writes is split back into
 * frames here.
 */
import assert from "node:assert/strict";
import {
  type ConnectionFailure,
  Http2Connection,
  type Http2Stream,
} from "./connection.ts";
import {
  CLIENT_PREFACE,
  ErrorCode,
  Flag,
  frame,
  FrameType,
  HEADER_SIZE,
  rstStreamFrame,
  Setting,
  settingsFrame,
  windowUpdateFrame,
} from "./frames.ts";
import { encodeHeaders, type HeaderField, HpackDecoder } from "./hpack.ts";
import { concat } from "../../../tests/support/bytes.ts";

interface Frame {
  type: number;
  flags: number;
  stream: number;
  payload: Uint8Array;
}

/** Splits bytes into whole frames; fails on a partial one. */
function parseFrames(bytes: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    assert.ok(bytes.byteLength - at >= HEADER_SIZE, "a partial frame header");
    const length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    const end = at + HEADER_SIZE + length;
    assert.ok(end <= bytes.byteLength, "a partial frame payload");
    frames.push({
      type: bytes[at + 3],
      flags: bytes[at + 4],
      stream: new DataView(bytes.buffer, bytes.byteOffset + at + 5, 4)
        .getUint32(0) & 0x7fff_ffff,
      payload: bytes.slice(at + HEADER_SIZE, end),
    });
    at = end;
  }
  return frames;
}

const u32 = (payload: Uint8Array, at = 0) =>
  new DataView(payload.buffer, payload.byteOffset).getUint32(at);

function settingsOf(payload: Uint8Array): Map<number, number> {
  const view = new DataView(payload.buffer, payload.byteOffset);
  const out = new Map<number, number>();
  for (let at = 0; at < payload.byteLength; at += 6) {
    out.set(view.getUint16(at), view.getUint32(at + 2));
  }
  return out;
}

function goawayOf(f: Frame) {
  return {
    lastStream: u32(f.payload, 0),
    code: u32(f.payload, 4),
    debug: new TextDecoder().decode(f.payload.subarray(8)),
  };
}

interface Opened {
  stream: Http2Stream;
  headers: HeaderField[];
  data: Uint8Array[];
  ends: number;
  resets: number;
}

/** A connection and everything it did. */
class Peer {
  readonly connection: Http2Connection;
  readonly written: Uint8Array[] = [];
  readonly failures: ConnectionFailure[] = [];
  readonly opened: Opened[] = [];
  /** While true, `done` is kept in `pending` rather than called at once. */
  hold = false;
  readonly pending: (() => void)[] = [];
  #taken = 0;

  constructor(
    windows = { stream: 65_535, connection: 65_535 },
    onFailure?: (peer: Peer, failure: ConnectionFailure) => void,
  ) {
    this.connection = new Http2Connection({
      write: (bytes, done) => {
        this.written.push(bytes.slice());
        if (this.hold) this.pending.push(() => done());
        else done();
      },
      onStream: (stream, headers) => {
        const opened: Opened = {
          stream,
          headers,
          data: [],
          ends: 0,
          resets: 0,
        };
        stream.onData = (payload) => opened.data.push(payload.slice());
        stream.onEnd = () => opened.ends++;
        stream.onReset = () => opened.resets++;
        this.opened.push(opened);
      },
      onFailure: (failure) => {
        onFailure?.(this, failure);
        this.failures.push(failure);
      },
      windows,
    });
  }

  receive(...chunks: Uint8Array[]): void {
    for (const chunk of chunks) this.connection.receive(chunk);
  }

  /** Every frame written so far. */
  frames(): Frame[] {
    return parseFrames(concat(this.written));
  }

  /** The frames written since the last call. */
  take(): Frame[] {
    const all = this.frames();
    const fresh = all.slice(this.#taken);
    this.#taken = all.length;
    return fresh;
  }

  /** Calls the `done` callbacks held so far. */
  release(): void {
    for (const done of this.pending.splice(0)) done();
  }

  /** Preface and SETTINGS; the server's own frames are taken. */
  handshake(settings: [number, number][] = []): void {
    this.receive(CLIENT_PREFACE, settingsFrame(settings));
    this.take();
  }

  /** Opens stream `id` with a gRPC request. */
  open(id: number, flags: number = Flag.END_HEADERS): Opened {
    this.receive(headersFrame(id, REQUEST, flags));
    const opened = this.opened.at(-1)!;
    assert.equal(opened.stream.id, id);
    return opened;
  }
}

const REQUEST: HeaderField[] = [
  [":method", "POST"],
  [":scheme", "http"],
  [":path", "/plakar.Storage/Put"],
  [":authority", "localhost"],
  ["content-type", "application/grpc"],
  ["te", "trailers"],
];
const RESPONSE: HeaderField[] = [
  [":status", "200"],
  ["content-type", "application/grpc"],
];
const BIG = { stream: 1 << 20, connection: 8 << 20 };

function headersFrame(
  id: number,
  fields: HeaderField[],
  flags: number = Flag.END_HEADERS,
): Uint8Array {
  return frame(FrameType.HEADERS, flags, id, encodeHeaders(fields));
}

function dataFrame(id: number, length: number, flags = 0, fill = 0x61) {
  return frame(FrameType.DATA, flags, id, new Uint8Array(length).fill(fill));
}

const pingFrame = (payload: Uint8Array, flags = 0) =>
  frame(FrameType.PING, flags, 0, payload);

function ofType(frames: Frame[], type: number): Frame[] {
  return frames.filter((f) => f.type === type);
}

function dataBytes(frames: Frame[], stream?: number): number {
  return ofType(frames, FrameType.DATA)
    .filter((f) => stream === undefined || f.stream === stream)
    .reduce((n, f) => n + f.payload.byteLength, 0);
}

/** Decodes the header blocks (HEADERS and their CONTINUATIONs) in order. */
function headerBlocks(frames: Frame[], decoder = new HpackDecoder()) {
  const blocks: {
    stream: number;
    endStream: boolean;
    fields: HeaderField[];
  }[] = [];
  let parts: Uint8Array[] = [];
  let first: Frame | undefined;
  for (const f of frames) {
    if (f.type === FrameType.HEADERS) {
      assert.equal(first, undefined, "HEADERS inside a header block");
      first = f;
      parts = [f.payload];
    } else if (f.type === FrameType.CONTINUATION) {
      assert.ok(first, "CONTINUATION without HEADERS");
      assert.equal(f.stream, first.stream);
      parts.push(f.payload);
    } else {
      assert.equal(first, undefined, "a frame inside a header block");
      continue;
    }
    if (f.flags & Flag.END_HEADERS) {
      blocks.push({
        stream: first.stream,
        endStream: (first.flags & Flag.END_STREAM) !== 0,
        fields: decoder.decode(concat(parts)),
      });
      first = undefined;
    }
  }
  assert.equal(first, undefined, "a header block without END_HEADERS");
  return blocks;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether `promise` settled by the next macrotask, and to what. */
async function state<T>(promise: Promise<T>) {
  let out: { settled: boolean; value?: T } = { settled: false };
  promise.then((value) => (out = { settled: true, value }));
  await tick();
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// --- the server's first frames ---

Deno.test("the server's SETTINGS is written first, before any input, then the connection WINDOW_UPDATE", () => {
  const peer = new Peer(BIG);
  const frames = peer.frames();
  assert.equal(frames.length, 2);
  assert.equal(frames[0].type, FrameType.SETTINGS);
  assert.equal(frames[0].flags, 0);
  assert.equal(frames[0].stream, 0);
  const settings = settingsOf(frames[0].payload);
  assert.equal(settings.get(Setting.INITIAL_WINDOW_SIZE), BIG.stream);
  assert.equal(settings.get(Setting.ENABLE_PUSH), 0);
  assert.equal(frames[1].type, FrameType.WINDOW_UPDATE);
  assert.equal(frames[1].stream, 0);
  assert.equal(u32(frames[1].payload), BIG.connection - 65_535);
});

Deno.test("with the default connection window no WINDOW_UPDATE is written", () => {
  const peer = new Peer({ stream: 4096, connection: 65_535 });
  const frames = peer.frames();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.SETTINGS);
  assert.equal(
    settingsOf(frames[0].payload).get(Setting.INITIAL_WINDOW_SIZE),
    4096,
  );
});

// --- connection errors ---

function expectGoaway(peer: Peer, code: number, reason?: string) {
  assert.equal(peer.failures.length, 1, "onFailure called once");
  assert.equal(peer.failures[0].code, code);
  if (reason !== undefined) assert.equal(peer.failures[0].reason, reason);
  const last = peer.frames().at(-1)!;
  assert.equal(last.type, FrameType.GOAWAY);
  assert.equal(last.stream, 0);
  assert.equal(goawayOf(last).code, code);
}

Deno.test("a bad preface: GOAWAY PROTOCOL_ERROR, onFailure once, nothing read after", () => {
  let goawayFirst = false;
  const peer = new Peer(undefined, (p) => {
    goawayFirst = p.frames().at(-1)?.type === FrameType.GOAWAY;
  });
  peer.take();
  peer.receive(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  expectGoaway(peer, ErrorCode.PROTOCOL_ERROR);
  assert.ok(goawayFirst, "the GOAWAY was written before onFailure");
  assert.equal(goawayOf(peer.frames().at(-1)!).lastStream, 0);
  const before = peer.frames().length;
  peer.receive(CLIENT_PREFACE, settingsFrame([]), pingFrame(new Uint8Array(8)));
  assert.equal(peer.frames().length, before, "nothing answered after failing");
  assert.equal(peer.failures.length, 1);
});

Deno.test("a preface wrong in its last byte, fed byte by byte, fails", () => {
  const peer = new Peer();
  const bad = CLIENT_PREFACE.slice();
  bad[bad.length - 1] ^= 1;
  for (const byte of bad) peer.receive(new Uint8Array([byte]));
  expectGoaway(peer, ErrorCode.PROTOCOL_ERROR);
});

Deno.test("a valid preface then a frame other than SETTINGS: 'SETTINGS expected'", () => {
  const peer = new Peer();
  peer.receive(CLIENT_PREFACE, pingFrame(new Uint8Array(8)));
  expectGoaway(peer, ErrorCode.PROTOCOL_ERROR, "SETTINGS expected");
});

Deno.test("a non-SETTINGS frame header after the preface fails before its payload arrives", () => {
  const peer = new Peer();
  peer.receive(
    CLIENT_PREFACE,
    headersFrame(1, REQUEST).subarray(0, HEADER_SIZE),
  );
  expectGoaway(peer, ErrorCode.PROTOCOL_ERROR, "SETTINGS expected");
});

Deno.test("a frame larger than 16384: FRAME_SIZE_ERROR as soon as its header is read", () => {
  const peer = new Peer();
  peer.handshake();
  peer.open(1);
  peer.receive(dataFrame(1, 16_385).subarray(0, HEADER_SIZE));
  expectGoaway(peer, ErrorCode.FRAME_SIZE_ERROR);
  assert.equal(goawayOf(peer.frames().at(-1)!).lastStream, 1);
  assert.equal(
    peer.opened[0].resets,
    1,
    "open streams end with the connection",
  );
  assert.equal(peer.opened[0].stream.reset, true);
});

Deno.test("a frame of exactly 16384 bytes is accepted", () => {
  const peer = new Peer(BIG);
  peer.handshake();
  const opened = peer.open(1);
  peer.receive(dataFrame(1, 16_384));
  assert.equal(peer.failures.length, 0);
  assert.equal(concat(opened.data).byteLength, 16_384);
});

// --- framing across reads ---

function clientSequence(): Uint8Array {
  const padded = new Uint8Array(1 + 100 + 10);
  padded[0] = 10;
  padded.fill(0x70, 1, 101);
  const prioritized = encodeHeaders(REQUEST);
  const priority = new Uint8Array(5 + prioritized.byteLength);
  priority.set([0, 0, 0, 0, 15]);
  priority.set(prioritized, 5);
  const data = (length: number, seed: number, flags = 0) => {
    const random = mulberry32(seed);
    const payload = Uint8Array.from({ length }, () => (random() * 256) | 0);
    return frame(FrameType.DATA, flags, 1, payload);
  };
  return concat([
    CLIENT_PREFACE,
    settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]),
    pingFrame(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])),
    frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.PRIORITY, 1, priority),
    data(1, 1),
    data(5000, 2),
    frame(FrameType.DATA, Flag.PADDED, 1, padded),
    data(0, 3),
    data(16_384, 4),
    data(12_345, 5),
    data(777, 6, Flag.END_STREAM),
  ]);
}

function runSplit(chunks: Uint8Array[]) {
  const peer = new Peer(BIG);
  for (const chunk of chunks) peer.receive(chunk);
  assert.equal(peer.failures.length, 0, JSON.stringify(peer.failures));
  assert.equal(peer.opened.length, 1);
  const [opened] = peer.opened;
  return {
    headers: opened.headers,
    data: concat(opened.data),
    ends: opened.ends,
    written: concat(peer.written),
  };
}

Deno.test("the same input fed whole, byte by byte and in random splits gives the same stream", () => {
  const input = clientSequence();
  const whole = runSplit([input]);
  assert.deepEqual(whole.headers, REQUEST);
  assert.equal(whole.data.byteLength, 1 + 5000 + 100 + 16_384 + 12_345 + 777);
  assert.equal(whole.ends, 1);
  const written = parseFrames(whole.written).map((f) => f.type);
  assert.deepEqual(written, [
    FrameType.SETTINGS,
    FrameType.WINDOW_UPDATE,
    FrameType.SETTINGS, // the ACK
    FrameType.PING, // the ACK
  ]);

  const bytewise = runSplit(
    Array.from(input, (_, i) => input.subarray(i, i + 1)),
  );
  assert.deepEqual(bytewise, whole);

  for (let seed = 1; seed <= 25; seed++) {
    const random = mulberry32(seed);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < input.byteLength;) {
      const size = random() < 0.3
        ? 1 + ((random() * 12) | 0)
        : 1 + ((random() * 20_000) | 0);
      chunks.push(input.subarray(at, at + size));
      at += size;
    }
    assert.deepEqual(runSplit(chunks), whole, `seed ${seed}`);
  }
});

Deno.test("the caller may reuse its buffer once receive() returns", () => {
  const input = clientSequence();
  const whole = runSplit([input]);
  for (let seed = 100; seed <= 110; seed++) {
    const random = mulberry32(seed);
    const peer = new Peer(BIG);
    const buffer = new Uint8Array(4096);
    for (let at = 0; at < input.byteLength;) {
      const size = 1 + ((random() * buffer.byteLength) | 0);
      const chunk = input.subarray(at, at + size);
      buffer.set(chunk);
      peer.receive(buffer.subarray(0, chunk.byteLength));
      buffer.fill(0xee); // what a reused read buffer would hold next
      at += size;
    }
    assert.equal(peer.failures.length, 0, JSON.stringify(peer.failures));
    assert.deepEqual(peer.opened[0].headers, whole.headers);
    assert.deepEqual(concat(peer.opened[0].data), whole.data, `seed ${seed}`);
  }
});

Deno.test("a header block split over reads survives the caller reusing its buffer", () => {
  const peer = new Peer();
  peer.handshake();
  const block = encodeHeaders(REQUEST);
  const buffer = new Uint8Array(1024);
  const feed = (bytes: Uint8Array) => {
    buffer.set(bytes);
    peer.receive(buffer.subarray(0, bytes.byteLength));
    buffer.fill(0);
  };
  feed(frame(FrameType.HEADERS, 0, 1, block.subarray(0, 20)));
  feed(frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, block.subarray(20)));
  assert.equal(peer.failures.length, 0);
  assert.deepEqual(peer.opened[0].headers, REQUEST);
});

// --- header blocks ---

Deno.test("HEADERS without END_HEADERS and CONTINUATIONs decode as one block", () => {
  const peer = new Peer();
  peer.handshake();
  const block = encodeHeaders(REQUEST);
  const cut1 = 7;
  const cut2 = 30;
  peer.receive(
    frame(FrameType.HEADERS, Flag.END_STREAM, 1, block.subarray(0, cut1)),
  );
  peer.receive(frame(FrameType.CONTINUATION, 0, 1, block.subarray(cut1, cut2)));
  assert.equal(peer.opened.length, 0, "no stream before END_HEADERS");
  peer.receive(
    frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, block.subarray(cut2)),
  );
  assert.equal(peer.failures.length, 0);
  assert.equal(peer.opened.length, 1);
  assert.deepEqual(peer.opened[0].headers, REQUEST);
  assert.equal(peer.opened[0].ends, 1, "END_STREAM on the HEADERS counts");
});

for (
  const [name, between] of [
    ["PING", pingFrame(new Uint8Array(8))],
    ["DATA", dataFrame(1, 10)],
    ["SETTINGS", settingsFrame([])],
    ["HEADERS", headersFrame(3, REQUEST)],
    ["CONTINUATION on another stream", frame(FrameType.CONTINUATION, 4, 3)],
  ] as const
) {
  Deno.test(`a ${name} frame inside a header block: PROTOCOL_ERROR`, () => {
    const peer = new Peer();
    peer.handshake();
    const block = encodeHeaders(REQUEST);
    peer.receive(frame(FrameType.HEADERS, 0, 1, block.subarray(0, 10)));
    peer.receive(between);
    expectGoaway(peer, ErrorCode.PROTOCOL_ERROR);
    assert.equal(peer.opened.length, 0);
  });
}

Deno.test("a CONTINUATION without HEADERS: PROTOCOL_ERROR", () => {
  const peer = new Peer();
  peer.handshake();
  peer.receive(
    frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, encodeHeaders(REQUEST)),
  );
  expectGoaway(peer, ErrorCode.PROTOCOL_ERROR);
});

// --- PING and SETTINGS ---

Deno.test("PING gets a PING ACK with the same 8 bytes; a PING ACK gets nothing", () => {
  const peer = new Peer();
  peer.handshake();
  const payload = new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2]);
  peer.receive(pingFrame(payload));
  const frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.PING);
  assert.equal(frames[0].flags, Flag.ACK);
  assert.equal(frames[0].stream, 0);
  assert.deepEqual(frames[0].payload, payload);
  peer.receive(pingFrame(payload, Flag.ACK));
  assert.deepEqual(peer.take(), []);
});

Deno.test("a PING of the wrong size is a FRAME_SIZE_ERROR", () => {
  const peer = new Peer();
  peer.handshake();
  peer.receive(pingFrame(new Uint8Array(7)));
  expectGoaway(peer, ErrorCode.FRAME_SIZE_ERROR);
});

Deno.test("SETTINGS gets a SETTINGS ACK; a SETTINGS ACK gets nothing", () => {
  const peer = new Peer();
  peer.take();
  peer.receive(CLIENT_PREFACE, settingsFrame([[Setting.ENABLE_PUSH, 0]]));
  let frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.SETTINGS);
  assert.equal(frames[0].flags, Flag.ACK);
  assert.equal(frames[0].stream, 0);
  assert.equal(frames[0].payload.byteLength, 0);
  peer.receive(settingsFrame([[Setting.MAX_FRAME_SIZE, 20_000]]));
  frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].flags, Flag.ACK);
  peer.receive(frame(FrameType.SETTINGS, Flag.ACK, 0));
  assert.deepEqual(peer.take(), []);
  assert.equal(peer.failures.length, 0);
});

// --- receive flow control ---

Deno.test("DATA beyond the stream window: RST_STREAM FLOW_CONTROL_ERROR for that stream only", () => {
  const peer = new Peer({ stream: 1000, connection: 1 << 20 });
  peer.handshake();
  const one = peer.open(1);
  const three = peer.open(3);
  peer.receive(dataFrame(1, 1000));
  assert.deepEqual(ofType(peer.take(), FrameType.RST_STREAM), []);
  peer.receive(dataFrame(1, 1));
  const frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.RST_STREAM);
  assert.equal(frames[0].stream, 1);
  assert.equal(u32(frames[0].payload), ErrorCode.FLOW_CONTROL_ERROR);
  assert.equal(one.resets, 1);
  assert.equal(one.stream.reset, true);
  assert.equal(
    concat(one.data).byteLength,
    1000,
    "the excess is not delivered",
  );
  // The connection and the other stream carry on.
  assert.equal(peer.failures.length, 0);
  peer.receive(dataFrame(3, 1000));
  assert.equal(concat(three.data).byteLength, 1000);
  assert.equal(three.resets, 0);
  // DATA still in flight on the reset stream is dropped quietly.
  peer.receive(dataFrame(1, 10));
  assert.deepEqual(peer.take(), []);
  assert.equal(peer.failures.length, 0);
});

Deno.test({
  name:
    "a windows.connection below 65535 is not advertised, so the client may still send 65535 bytes",
  fn() {
    const peer = new Peer({ stream: 1 << 20, connection: 10_000 });
    peer.handshake();
    peer.open(1);
    peer.receive(dataFrame(1, 16_384));
    assert.deepEqual(peer.failures, []);
  },
});

Deno.test("acknowledge() sends a stream WINDOW_UPDATE once a quarter of the window is owed, not before", () => {
  const peer = new Peer({ stream: 1000, connection: 1 << 20 });
  peer.handshake();
  const opened = peer.open(1);
  peer.receive(dataFrame(1, 400));
  assert.deepEqual(peer.take(), []);
  opened.stream.acknowledge(200);
  assert.deepEqual(peer.take(), []);
  opened.stream.acknowledge(49);
  assert.deepEqual(peer.take(), [], "249 owed is less than a quarter of 1000");
  opened.stream.acknowledge(1);
  const frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.WINDOW_UPDATE);
  assert.equal(frames[0].stream, 1);
  assert.equal(u32(frames[0].payload), 250);
  // The window is now 1000 - 400 + 250 = 850.
  peer.receive(dataFrame(1, 850));
  assert.deepEqual(ofType(peer.take(), FrameType.RST_STREAM), []);
  peer.receive(dataFrame(1, 1));
  const rst = ofType(peer.take(), FrameType.RST_STREAM);
  assert.equal(rst.length, 1);
  assert.equal(u32(rst[0].payload), ErrorCode.FLOW_CONTROL_ERROR);
});

Deno.test("padding is given back to the stream window by the connection itself", () => {
  const peer = new Peer({ stream: 400, connection: 1 << 20 });
  peer.handshake();
  const opened = peer.open(1);
  const payload = new Uint8Array(1 + 10 + 120);
  payload[0] = 120;
  peer.receive(frame(FrameType.DATA, Flag.PADDED, 1, payload));
  assert.equal(concat(opened.data).byteLength, 10);
  const updates = ofType(peer.take(), FrameType.WINDOW_UPDATE);
  assert.equal(updates.length, 1, "121 bytes of padding, more than 400 / 4");
  assert.equal(updates[0].stream, 1);
  assert.equal(u32(updates[0].payload), 121);
});

Deno.test("connection WINDOW_UPDATEs are sent as data arrives, a quarter of the window at a time", () => {
  const windows = { stream: 1 << 20, connection: 4 * 65_536 };
  const peer = new Peer(windows);
  peer.handshake();
  peer.open(1);
  for (let i = 0; i < 3; i++) {
    peer.receive(dataFrame(1, 16_384));
    assert.deepEqual(peer.take(), [], `after ${i + 1} frames`);
  }
  peer.receive(dataFrame(1, 16_384));
  const frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, FrameType.WINDOW_UPDATE);
  assert.equal(frames[0].stream, 0);
  assert.equal(u32(frames[0].payload), 65_536);
  // Nobody acknowledged the stream's data: the stream window is not given back.
});

// --- send flow control ---

function respondingStream(peer: Peer, id: number): Opened {
  const opened = peer.open(id);
  opened.stream.respond(RESPONSE);
  const blocks = headerBlocks(peer.take());
  assert.equal(blocks.length, 1);
  assert.deepEqual(blocks[0].fields, RESPONSE);
  assert.equal(blocks[0].endStream, false);
  return opened;
}

Deno.test("the client's stream window caps DATA; a WINDOW_UPDATE releases more; trailers go after the last DATA", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 100]]);
  const { stream } = respondingStream(peer, 1);
  const body = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const sent = stream.send([body]);
  let frames = peer.take();
  assert.equal(dataBytes(frames), 100);
  assert.equal(frames.length, 1);
  assert.equal(frames[0].stream, 1);
  assert.equal(frames[0].flags, 0);
  assert.deepEqual(frames[0].payload, body.subarray(0, 100));

  peer.receive(windowUpdateFrame(1, 50));
  frames = peer.take();
  assert.equal(dataBytes(frames), 50);
  assert.deepEqual(frames[0].payload, body.subarray(100, 150));

  stream.close([["grpc-status", "0"]]);
  assert.deepEqual(peer.take(), [], "no trailers while data waits");

  peer.receive(windowUpdateFrame(1, 1000));
  frames = peer.take();
  assert.deepEqual(frames.map((f) => f.type), [
    FrameType.DATA,
    FrameType.HEADERS,
  ]);
  assert.deepEqual(frames[0].payload, body.subarray(150));
  assert.equal(frames[1].flags, Flag.END_STREAM | Flag.END_HEADERS);
  assert.deepEqual(headerBlocks(frames)[0].fields, [["grpc-status", "0"]]);
  assert.equal(await sent, true, "resolved once its last byte was sent");
  // Nothing more after the trailers, whatever the window does.
  assert.equal(await stream.send([new Uint8Array(10)]), false);
  peer.receive(windowUpdateFrame(1, 1000));
  assert.deepEqual(peer.take(), []);
});

Deno.test("DATA frames never exceed the client's MAX_FRAME_SIZE (default 16384)", async () => {
  for (const maxFrame of [undefined, 20_000]) {
    const peer = new Peer();
    const settings: [number, number][] = [[
      Setting.INITIAL_WINDOW_SIZE,
      1 << 20,
    ]];
    if (maxFrame) settings.push([Setting.MAX_FRAME_SIZE, maxFrame]);
    peer.handshake(settings);
    peer.receive(windowUpdateFrame(0, 1 << 20));
    const { stream } = respondingStream(peer, 1);
    const body = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff);
    // Parts of odd sizes, so that frames gather and split them.
    const parts = [1, 999, 30_000, 3, 68_997].map((n, i, all) => {
      const at = all.slice(0, i).reduce((a, b) => a + b, 0);
      return body.subarray(at, at + n);
    });
    await stream.send(parts);
    const data = ofType(peer.take(), FrameType.DATA);
    const limit = maxFrame ?? 16_384;
    for (const f of data) assert.ok(f.payload.byteLength <= limit);
    assert.equal(data.length, Math.ceil(100_000 / limit));
    assert.deepEqual(concat(data.map((f) => f.payload)), body);
  }
});

Deno.test("the connection window (65535 until a WINDOW_UPDATE on stream 0) caps the total across streams", () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]);
  const one = respondingStream(peer, 1);
  const three = respondingStream(peer, 3);
  void one.stream.send([new Uint8Array(50_000)]);
  void three.stream.send([new Uint8Array(50_000)]);
  let frames = peer.take();
  assert.equal(dataBytes(frames), 65_535);
  assert.equal(dataBytes(frames, 1), 50_000);
  assert.equal(dataBytes(frames, 3), 15_535);
  peer.receive(windowUpdateFrame(3, 1000));
  assert.deepEqual(
    peer.take(),
    [],
    "a stream's window does not lift the connection's",
  );
  peer.receive(windowUpdateFrame(0, 20_000));
  frames = peer.take();
  assert.equal(dataBytes(frames), 20_000);
  peer.receive(windowUpdateFrame(0, 1 << 20));
  frames = peer.take();
  assert.equal(dataBytes(frames, 3), 50_000 - 15_535 - 20_000);
  assert.equal(dataBytes(frames, 1), 0);
});

Deno.test("a change of INITIAL_WINDOW_SIZE applies to open streams, up and down", () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 100]]);
  const { stream } = respondingStream(peer, 1);
  void stream.send([new Uint8Array(1000)]);
  assert.equal(dataBytes(peer.take()), 100);

  peer.receive(settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 250]]));
  const frames = peer.take();
  assert.equal(dataBytes(frames), 150);
  assert.equal(ofType(frames, FrameType.SETTINGS).length, 1, "and the ACK");

  // Down to 50: the window, 0 now, becomes 0 + 50 - 250 = -200.
  peer.receive(settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 50]]));
  assert.equal(dataBytes(peer.take()), 0);
  peer.receive(windowUpdateFrame(1, 200));
  assert.equal(dataBytes(peer.take()), 0, "a window of 0 sends nothing");
  peer.receive(windowUpdateFrame(1, 30));
  assert.equal(dataBytes(peer.take()), 30);

  // A stream opened now starts with the latest value.
  const three = respondingStream(peer, 3);
  void three.stream.send([new Uint8Array(1000)]);
  assert.equal(dataBytes(peer.take(), 3), 50);
});

Deno.test("while the writer has not called done, DATA stops; it resumes after", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]);
  peer.receive(windowUpdateFrame(0, 1 << 20));
  const { stream } = respondingStream(peer, 1);
  peer.hold = true;
  const sent = stream.send([new Uint8Array(100_000)]);
  let frames = peer.take();
  assert.equal(ofType(frames, FrameType.DATA).length, 1);
  assert.equal(dataBytes(frames), 16_384);
  await tick();
  assert.deepEqual(peer.take(), [], "nothing more until done");

  peer.receive(windowUpdateFrame(1, 100));
  assert.deepEqual(
    peer.take(),
    [],
    "a WINDOW_UPDATE does not bypass the writer",
  );

  peer.release();
  frames = peer.take();
  assert.equal(ofType(frames, FrameType.DATA).length, 1, "one frame per done");
  assert.equal(dataBytes(frames), 16_384);

  stream.close([["grpc-status", "0"]]);
  assert.deepEqual(peer.take(), [], "trailers wait behind the blocked data");

  peer.hold = false;
  peer.release();
  frames = peer.take();
  assert.equal(dataBytes(frames), 100_000 - 2 * 16_384);
  assert.equal(frames.at(-1)!.type, FrameType.HEADERS);
  assert.ok(frames.at(-1)!.flags & Flag.END_STREAM);
  assert.equal(await sent, true);
});

Deno.test("frames other than DATA still go out while the writer is blocked", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]);
  peer.receive(windowUpdateFrame(0, 1 << 20));
  const { stream } = respondingStream(peer, 1);
  peer.hold = true;
  stream.send([new Uint8Array(100_000)]);
  assert.equal(dataBytes(peer.take()), 16_384);
  peer.receive(pingFrame(new Uint8Array([1, 1, 2, 3, 5, 8, 13, 21])));
  peer.receive(settingsFrame([]));
  assert.deepEqual(peer.take().map((f) => [f.type, f.flags]), [
    [FrameType.PING, Flag.ACK],
    [FrameType.SETTINGS, Flag.ACK],
  ]);
  await tick();
  assert.equal(dataBytes(peer.take()), 0);
  peer.hold = false;
  peer.release();
  assert.equal(dataBytes(peer.take()), 100_000 - 16_384);
});

// --- send() and its promise ---

Deno.test("send() resolves true at once when the window takes it all", async () => {
  const peer = new Peer();
  peer.handshake();
  const { stream } = respondingStream(peer, 1);
  assert.deepEqual(await state(stream.send([new Uint8Array(1000)])), {
    settled: true,
    value: true,
  });
  assert.equal(dataBytes(peer.take()), 1000);
});

Deno.test("send() waits until the last of its bytes went to the writer, which copied them", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 0]]);
  peer.receive(windowUpdateFrame(0, 4 << 20));
  const { stream } = respondingStream(peer, 1);
  const buffer = new Uint8Array(1 << 20).fill(7);
  const sent = stream.send([buffer]);
  assert.equal((await state(sent)).settled, false, "no window: nothing sent");
  peer.receive(windowUpdateFrame(1, 700 * 1024));
  assert.equal(dataBytes(peer.take()), 700 * 1024);
  assert.equal((await state(sent)).settled, false, "324 KiB still queued");
  peer.receive(windowUpdateFrame(1, 324 * 1024));
  assert.deepEqual(await state(sent), { settled: true, value: true });
  buffer.fill(0);
  const frames = peer.take();
  assert.equal(dataBytes(frames), 324 * 1024);
  assert.ok(
    frames.every((f) =>
      f.type !== FrameType.DATA || f.payload.every((b) => b === 7)
    ),
    "the bytes written are those of the time of sending",
  );
});

Deno.test("a pending send() resolves false when the client sends RST_STREAM; onReset is called", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 0]]);
  const opened = respondingStream(peer, 1);
  const sent = opened.stream.send([new Uint8Array(1 << 20)]);
  assert.equal((await state(sent)).settled, false);
  assert.equal(opened.stream.reset, false);
  peer.receive(rstStreamFrame(1, ErrorCode.CANCEL));
  assert.deepEqual(await state(sent), { settled: true, value: false });
  assert.equal(opened.resets, 1);
  assert.equal(opened.stream.reset, true);
  assert.deepEqual(peer.take(), [], "nothing is written for a reset stream");
  assert.equal(await opened.stream.send([new Uint8Array(1)]), false);
  opened.stream.close([["grpc-status", "0"]]);
  peer.receive(windowUpdateFrame(1, 1 << 20));
  assert.deepEqual(peer.take(), []);
  // A second RST_STREAM is ignored.
  peer.receive(rstStreamFrame(1, ErrorCode.CANCEL));
  assert.equal(opened.resets, 1);
  assert.equal(peer.failures.length, 0);
});

Deno.test("end() resets every open stream and fails their pending sends", async () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 0]]);
  const one = respondingStream(peer, 1);
  const three = respondingStream(peer, 3);
  const sent = one.stream.send([new Uint8Array(1 << 20)]);
  peer.connection.end();
  assert.equal(await sent, false);
  assert.equal(one.resets, 1);
  assert.equal(three.resets, 1);
  assert.equal(three.stream.reset, true);
});

// --- scheduling ---

Deno.test("two streams with data queued take turns: DATA frames interleave", () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 0]]);
  peer.receive(windowUpdateFrame(0, 1 << 20));
  const one = respondingStream(peer, 1);
  const three = respondingStream(peer, 3);
  void one.stream.send([new Uint8Array(50_000).fill(1)]);
  void three.stream.send([new Uint8Array(50_000).fill(3)]);
  assert.equal(dataBytes(peer.take()), 0);
  peer.receive(settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]));
  const data = ofType(peer.take(), FrameType.DATA);
  assert.deepEqual(data.map((f) => f.stream), [1, 3, 1, 3, 1, 3, 1, 3]);
  for (const f of data) assert.ok(f.payload.every((x) => x === f.stream));
  assert.equal(dataBytes(data, 1), 50_000);
  assert.equal(dataBytes(data, 3), 50_000);
});

Deno.test("a stream waiting for its own window does not hold back another", () => {
  const peer = new Peer();
  peer.handshake([[Setting.INITIAL_WINDOW_SIZE, 1000]]);
  const one = respondingStream(peer, 1);
  const three = respondingStream(peer, 3);
  void one.stream.send([new Uint8Array(5000)]);
  void three.stream.send([new Uint8Array(5000)]);
  let frames = peer.take();
  assert.equal(dataBytes(frames, 1), 1000);
  assert.equal(dataBytes(frames, 3), 1000);
  peer.receive(windowUpdateFrame(3, 4000));
  frames = peer.take();
  assert.equal(dataBytes(frames, 3), 4000);
  assert.equal(dataBytes(frames, 1), 0);
});

// --- long header blocks ---

Deno.test("a long header block goes as HEADERS + CONTINUATIONs of at most 16384 bytes", () => {
  const peer = new Peer();
  peer.handshake();
  const { stream } = respondingStream(peer, 1);
  const trailers: HeaderField[] = [
    ["grpc-status", "13"],
    ["grpc-message", "é".repeat(10) + "x".repeat(40_000)],
  ];
  stream.close(trailers);
  const frames = peer.take();
  assert.deepEqual(frames.map((f) => f.type), [
    FrameType.HEADERS,
    FrameType.CONTINUATION,
    FrameType.CONTINUATION,
  ]);
  for (const f of frames) {
    assert.equal(f.stream, 1);
    assert.ok(f.payload.byteLength <= 16_384);
  }
  assert.equal(frames[0].flags, Flag.END_STREAM, "END_STREAM, not END_HEADERS");
  assert.equal(frames[1].flags, 0);
  assert.equal(frames[2].flags, Flag.END_HEADERS);
  const blocks = headerBlocks(frames);
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0].endStream, true);
  assert.deepEqual(blocks[0].fields, trailers);
});

Deno.test("a header block of exactly MAX_FRAME_SIZE goes in one HEADERS frame", () => {
  const peer = new Peer();
  peer.handshake();
  const { stream } = respondingStream(peer, 1);
  // grpc-message: a literal (1 byte) naming a new name (1 + 12), a value
  // length of 3 bytes (2^7 - 1 + ...), then the value.
  const header = encodeHeaders([["grpc-message", ""]]).byteLength - 1 + 3;
  const fields: HeaderField[] = [
    ["grpc-message", "y".repeat(16_384 - header)],
  ];
  assert.equal(encodeHeaders(fields).byteLength, 16_384);
  stream.close(fields);
  const frames = peer.take();
  assert.equal(frames.length, 1);
  assert.equal(frames[0].flags, Flag.END_STREAM | Flag.END_HEADERS);
  assert.deepEqual(headerBlocks(frames)[0].fields, fields);
});
