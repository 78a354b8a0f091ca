/**
 * gRPC calls on one HTTP/2 stream: `serveCall` driven on a fake stream
 * that records what the call responds, sends and closes with.
 */
import assert from "node:assert/strict";
import { PluginError } from "../errors.ts";
import {
  MAX_MESSAGE,
  type Method,
  serveCall,
  type ServerCall,
} from "./grpc.ts";
import type { Http2Stream } from "./http2/connection.ts";
import type { HeaderField } from "./http2/hpack.ts";
import { Status } from "./status.ts";
import { concat } from "../../tests/support/bytes.ts";

type Event =
  | { respond: HeaderField[] }
  | { send: Uint8Array[] }
  | { close: HeaderField[] };

/** An Http2Stream that records what is done to it. */
class FakeStream implements Http2Stream {
  readonly id = 1;
  reset = false;
  /** The stream's receive window, which bounds what waits unread. */
  window = 64 * 1024;
  onData: (payload: Uint8Array) => void = () => {};
  onEnd: () => void = () => {};
  onReset: () => void = () => {};
  acknowledged = 0;
  readonly events: Event[] = [];

  acknowledge(bytes: number): void {
    this.acknowledged += bytes;
  }
  respond(fields: readonly HeaderField[]): void {
    this.events.push({ respond: [...fields] });
  }
  send(parts: readonly Uint8Array[]): Promise<boolean> {
    this.events.push({ send: parts.map((p) => p.slice()) });
    return Promise.resolve(!this.reset);
  }
  close(fields: readonly HeaderField[]): void {
    this.events.push({ close: [...fields] });
  }

  /** The host cancels the call. */
  cancel(): void {
    this.reset = true;
    this.onReset();
  }

  get closes(): HeaderField[][] {
    return this.events.flatMap((e) => "close" in e ? [e.close] : []);
  }
}

const PATH = "/plakar.Test/Echo";
const REQUEST: HeaderField[] = [
  [":method", "POST"],
  [":scheme", "http"],
  [":path", PATH],
  ["content-type", "application/grpc"],
  ["te", "trailers"],
];
const RESPONSE: HeaderField[] = [
  [":status", "200"],
  ["content-type", "application/grpc"],
];

const text = new TextEncoder();
const identity = (bytes: Uint8Array) => bytes.slice();

function method(
  handle: (call: ServerCall<unknown, unknown>) => Promise<unknown>,
  decode: (bytes: Uint8Array) => unknown = identity,
): Method {
  return {
    decode,
    encode: (message) => [text.encode(String(message))],
    handle,
  };
}

/** Waits until every microtask queued so far and after has run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A deferred handler: the test holds the call and decides when it returns. */
function held() {
  let call: ServerCall<unknown, unknown> | undefined;
  let finish!: (value: unknown) => void;
  let fail!: (error: unknown) => void;
  const result = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    method: method((c) => {
      call = c;
      return result;
    }),
    get call() {
      assert.ok(call, "the handler ran");
      return call;
    },
    finish,
    fail,
  };
}

async function serve(
  m: Method,
  headers: HeaderField[] = REQUEST,
): Promise<FakeStream> {
  const stream = new FakeStream();
  serveCall(stream, headers, new Map([[PATH, m]]));
  await settle();
  return stream;
}

/** A message as gRPC frames it: flag, 4-byte length, bytes. */
function message(body: Uint8Array | string, flag = 0): Uint8Array {
  const bytes = typeof body === "string" ? text.encode(body) : body;
  const out = new Uint8Array(5 + bytes.byteLength);
  out[0] = flag;
  new DataView(out.buffer).setUint32(1, bytes.byteLength);
  out.set(bytes, 5);
  return out;
}

const decodeText = (bytes: unknown) =>
  new TextDecoder().decode(bytes as Uint8Array);

function field(fields: HeaderField[], name: string): string | undefined {
  return fields.find(([n]) => n === name)?.[1];
}

async function rejection(promise: Promise<unknown>): Promise<PluginError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PluginError, String(error));
    return error;
  }
  assert.fail("expected a rejection");
}

// --- refusals ---

Deno.test("an unknown path: trailers-only UNIMPLEMENTED, nothing sent", async () => {
  const stream = new FakeStream();
  let ran = false;
  const methods = new Map([[
    PATH,
    method(() => (ran = true, Promise.resolve())),
  ]]);
  serveCall(stream, [...REQUEST.slice(0, 2), [":path", "/x.Y/Z"]], methods);
  await settle();
  assert.equal(ran, false);
  assert.equal(stream.events.length, 1);
  const [close] = stream.closes;
  assert.deepEqual(close.slice(0, 3), [
    [":status", "200"],
    ["content-type", "application/grpc"],
    ["grpc-status", String(Status.UNIMPLEMENTED)],
  ]);
  assert.match(field(close, "grpc-message")!, /\/x\.Y\/Z/);
  // What the host sends anyway is given back at once.
  stream.onData(new Uint8Array(123));
  assert.equal(stream.acknowledged, 123);
});

Deno.test("no :path at all: UNIMPLEMENTED", async () => {
  const stream = new FakeStream();
  serveCall(stream, [[":method", "POST"]], new Map());
  await settle();
  assert.equal(field(stream.closes[0], "grpc-status"), "12");
});

Deno.test("grpc-encoding gzip: UNIMPLEMENTED, the handler never runs", async () => {
  const h = held();
  const stream = await serve(h.method, [...REQUEST, ["grpc-encoding", "gzip"]]);
  assert.throws(() => h.call);
  assert.equal(stream.events.length, 1);
  const [close] = stream.closes;
  assert.equal(field(close, ":status"), "200");
  assert.equal(field(close, "grpc-status"), String(Status.UNIMPLEMENTED));
  assert.match(field(close, "grpc-message")!, /gzip/);
});

Deno.test("grpc-encoding identity is served", async () => {
  const h = held();
  const stream = await serve(h.method, [
    ...REQUEST,
    ["grpc-encoding", "identity"],
  ]);
  assert.ok(h.call);
  assert.deepEqual(stream.events, []);
});

// --- responses ---

Deno.test("a unary handler's value: headers, one message, grpc-status 0", async () => {
  const stream = new FakeStream();
  const m: Method = {
    decode: identity,
    encode: (value) => {
      const bytes = text.encode(String(value));
      return [bytes.subarray(0, 2), bytes.subarray(2)];
    },
    handle: () => Promise.resolve("pong!"),
  };
  serveCall(stream, REQUEST, new Map([[PATH, m]]));
  await settle();
  assert.deepEqual(stream.events, [
    { respond: RESPONSE },
    {
      send: [
        new Uint8Array([0, 0, 0, 0, 5]),
        text.encode("po"),
        text.encode("ng!"),
      ],
    },
    { close: [["grpc-status", "0"]] },
  ]);
});

Deno.test("a handler returning nothing: trailers-only grpc-status 0", async () => {
  const stream = await serve(method(() => Promise.resolve(undefined)));
  assert.deepEqual(stream.events, [
    { close: [...RESPONSE, ["grpc-status", "0"]] },
  ]);
});

Deno.test("a streaming handler's writes each go as one message", async () => {
  const stream = await serve(method(async (call) => {
    assert.equal(await call.write("a"), true);
    assert.equal(await call.write(""), true);
    return undefined;
  }));
  assert.deepEqual(stream.events, [
    { respond: RESPONSE },
    { send: [new Uint8Array([0, 0, 0, 0, 1]), text.encode("a")] },
    { send: [new Uint8Array([0, 0, 0, 0, 0]), new Uint8Array(0)] },
    { close: [["grpc-status", "0"]] },
  ]);
});

Deno.test("a PluginError thrown before any write: trailers-only, its code, message percent-encoded", async () => {
  const stream = await serve(method(() => {
    throw new PluginError("bad 100% ünicode\nline", { code: 9 });
  }));
  assert.deepEqual(stream.events, [{
    close: [
      ...RESPONSE,
      ["grpc-status", "9"],
      ["grpc-message", "bad 100%25 %C3%BCnicode%0Aline"],
    ],
  }]);
});

Deno.test("a plain Error after a write: grpc-status 2 (UNKNOWN) in trailers without :status", async () => {
  const stream = await serve(method(async (call) => {
    await call.write("x");
    throw new Error("boom ~ done");
  }));
  assert.equal(stream.events.length, 3);
  assert.deepEqual(stream.events[2], {
    close: [["grpc-status", String(Status.UNKNOWN)], [
      "grpc-message",
      "boom ~ done",
    ]],
  });
});

Deno.test("a non-Error thrown: UNKNOWN with its text", async () => {
  const stream = await serve(method(() => Promise.reject("just a string")));
  const [close] = stream.closes;
  assert.equal(field(close, "grpc-status"), "2");
  assert.equal(field(close, "grpc-message"), "just a string");
});

Deno.test({
  name:
    "encode throwing on the returned value still ends the call with an error status",
  async fn() {
    const stream = new FakeStream();
    const m: Method = {
      decode: identity,
      encode: () => {
        throw new TypeError("not a message");
      },
      handle: () => Promise.resolve({ wrong: "shape" }),
    };
    serveCall(stream, REQUEST, new Map([[PATH, m]]));
    await settle();
    assert.equal(stream.closes.length, 1);
    assert.notEqual(field(stream.closes[0], "grpc-status"), "0");
  },
});

// --- reading messages ---

Deno.test("a message split across three payloads at awkward places is read whole", async () => {
  const h = held();
  const stream = await serve(h.method);
  const bytes = message("hello, world");
  const read = h.call.read();
  stream.onData(bytes.subarray(0, 2)); // inside the prefix
  stream.onData(bytes.subarray(2, 8)); // the rest of the prefix, 3 bytes of body
  stream.onData(bytes.subarray(8));
  assert.equal(decodeText(await read), "hello, world");
});

Deno.test("every split of two messages reads them back", async () => {
  const both = concat([message("first"), message(""), message("third one")]);
  for (let a = 0; a <= both.byteLength; a++) {
    for (let b = a; b <= both.byteLength; b++) {
      const h = held();
      const stream = await serve(h.method);
      stream.onData(both.subarray(0, a));
      stream.onData(both.subarray(a, b));
      stream.onData(both.subarray(b));
      stream.onEnd();
      const got = [];
      for (let m; (m = await h.call.read()) !== undefined;) {
        got.push(decodeText(m));
      }
      assert.deepEqual(got, ["first", "", "third one"], `split at ${a}, ${b}`);
    }
  }
});

Deno.test("three messages in one payload are read as three", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.onData(concat([message("one"), message("two"), message("three")]));
  assert.equal(decodeText(await h.call.read()), "one");
  assert.equal(decodeText(await h.call.read()), "two");
  assert.equal(decodeText(await h.call.read()), "three");
});

Deno.test("a zero-length message is read as an empty message", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.onData(message(""));
  const empty = await h.call.read();
  assert.ok(empty instanceof Uint8Array);
  assert.equal(empty.byteLength, 0);
  // Also with its prefix split.
  const split = message("");
  stream.onData(split.subarray(0, 3));
  stream.onData(split.subarray(3));
  const again = await h.call.read();
  assert.ok(again instanceof Uint8Array);
  assert.equal(again.byteLength, 0);
});

Deno.test("messages are decoded with the method's decode", async () => {
  const stream = new FakeStream();
  let call: ServerCall<unknown, unknown> | undefined;
  const m = method((c) => {
    call = c;
    return new Promise(() => {});
  }, (bytes) => new TextDecoder().decode(bytes));
  serveCall(stream, REQUEST, new Map([[PATH, m]]));
  await settle();
  stream.onData(message("ünï"));
  assert.equal(await call!.read(), "ünï");
});

Deno.test("after onEnd, read() returns undefined, also when already waiting", async () => {
  const h = held();
  const stream = await serve(h.method);
  const waiting = h.call.read();
  stream.onData(message("last"));
  assert.equal(decodeText(await waiting), "last");
  const pending = h.call.read();
  stream.onEnd();
  assert.equal(await pending, undefined);
  assert.equal(await h.call.read(), undefined);
  assert.equal(h.call.cancelled, false);
});

Deno.test("onEnd in the middle of a message: read() rejects", async () => {
  for (const cut of [3, 7]) { // inside the prefix, inside the body
    const h = held();
    const stream = await serve(h.method);
    stream.onData(message("truncated").subarray(0, cut));
    stream.onEnd();
    const error = await rejection(h.call.read());
    assert.equal(error.code, Status.INTERNAL, `cut at ${cut}`);
  }
});

Deno.test("a message decode rejects: read() rejects with INTERNAL", async () => {
  const stream = new FakeStream();
  let call: ServerCall<unknown, unknown> | undefined;
  const m = method((c) => {
    call = c;
    return new Promise(() => {});
  }, () => {
    throw new RangeError("bad varint");
  });
  serveCall(stream, REQUEST, new Map([[PATH, m]]));
  await settle();
  stream.onData(message("x"));
  const error = await rejection(call!.read());
  assert.equal(error.code, Status.INTERNAL);
  assert.match(error.message, /bad varint/);
});

Deno.test("the compressed flag set: read() rejects with INTERNAL, and the call ends with it", async () => {
  const stream = await serve(method(async (call) => {
    await call.read();
  }));
  stream.onData(message("zz", 1));
  await settle();
  const [close] = stream.closes;
  assert.equal(field(close, "grpc-status"), String(Status.INTERNAL));
  assert.equal(field(close, ":status"), "200");
});

Deno.test("the compressed flag, read directly: code 13", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.onData(message("ok"));
  const bad = message("zz", 1);
  stream.onData(bad.subarray(0, 1));
  stream.onData(bad.subarray(1));
  assert.equal(
    decodeText(await h.call.read()),
    "ok",
    "what came first is read",
  );
  assert.equal((await rejection(h.call.read())).code, 13);
  assert.equal((await rejection(h.call.read())).code, 13, "and stays failed");
});

Deno.test("a declared length over MAX_MESSAGE: RESOURCE_EXHAUSTED, before the body arrives", async () => {
  const h = held();
  const stream = await serve(h.method);
  const prefix = new Uint8Array(5);
  new DataView(prefix.buffer).setUint32(1, MAX_MESSAGE + 1);
  const read = h.call.read();
  stream.onData(prefix);
  const error = await rejection(read);
  assert.equal(error.code, Status.RESOURCE_EXHAUSTED);
  assert.equal(stream.acknowledged, 5, "the bytes are given back");
  stream.onData(new Uint8Array(1000));
  assert.equal(stream.acknowledged, 1005, "and so is what follows");
});

Deno.test("a length of exactly MAX_MESSAGE is accepted", async () => {
  const h = held();
  const stream = await serve(h.method);
  const prefix = new Uint8Array(5);
  new DataView(prefix.buffer).setUint32(1, MAX_MESSAGE);
  const read = h.call.read();
  stream.onData(prefix);
  stream.onData(new Uint8Array(MAX_MESSAGE));
  assert.equal(((await read) as Uint8Array).byteLength, MAX_MESSAGE);
});

// --- flow control ---

Deno.test("bytes are acknowledged only once less than a stream window waits unread", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.window = 10;
  const one = message("twelve bytes");
  const two = message("twelve again");
  stream.onData(one);
  assert.equal(
    stream.acknowledged,
    0,
    "12 bytes wait unread, a window's worth",
  );
  stream.onData(two);
  assert.equal(stream.acknowledged, 0);
  assert.equal(decodeText(await h.call.read()), "twelve bytes");
  assert.equal(stream.acknowledged, 0, "12 bytes still wait");
  assert.equal(decodeText(await h.call.read()), "twelve again");
  assert.equal(stream.acknowledged, one.byteLength + two.byteLength);

  // A partial message leaves nothing unread: given back at once.
  const three = message("third message");
  stream.onData(three.subarray(0, 4));
  assert.equal(stream.acknowledged, one.byteLength + two.byteLength + 4);
  stream.onData(three.subarray(4));
  assert.equal(stream.acknowledged, one.byteLength + two.byteLength + 4);
  await h.call.read();
  assert.equal(stream.acknowledged, 2 * 17 + three.byteLength);
});

Deno.test("two messages in one payload are acknowledged once both are read", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.window = 3;
  const both = concat([message("abc"), message("def")]);
  stream.onData(both);
  await h.call.read();
  assert.equal(stream.acknowledged, 0);
  await h.call.read();
  assert.equal(stream.acknowledged, both.byteLength);
});

Deno.test("less than a stream window unread is given back at once: the host stays a message ahead", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.window = 100;
  const small = message("x".repeat(60));
  stream.onData(small);
  assert.equal(stream.acknowledged, small.byteLength, "60 < 100 waits");
  stream.onData(small);
  assert.equal(stream.acknowledged, small.byteLength, "120 >= 100 holds back");
  await h.call.read();
  assert.equal(stream.acknowledged, 2 * small.byteLength);
});

Deno.test("bytes arriving after the handler finished are acknowledged at once", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.window = 1;
  stream.onData(message("unread"));
  assert.equal(stream.acknowledged, 0);
  h.finish(undefined);
  await settle();
  assert.equal(stream.acknowledged, 11, "what was never read is given back");
  stream.onData(message("late"));
  assert.equal(stream.acknowledged, 11 + 9);
  assert.equal(stream.closes.length, 1);
});

// --- cancellation ---

Deno.test("the host's reset makes a pending read() resolve undefined; nothing is closed", async () => {
  const h = held();
  const stream = await serve(h.method);
  const read = h.call.read();
  assert.equal(h.call.cancelled, false);
  stream.cancel();
  assert.equal(await read, undefined);
  assert.equal(h.call.cancelled, true);
  assert.equal(await h.call.read(), undefined);
  assert.equal(await h.call.write("ignored"), false);
  h.finish("an answer");
  await settle();
  assert.deepEqual(stream.events, [], "no respond, send or close after reset");
});

Deno.test("a handler that throws after the reset closes nothing", async () => {
  const h = held();
  const stream = await serve(h.method);
  stream.cancel();
  h.fail(new PluginError("late", { code: Status.CANCELLED }));
  await settle();
  assert.deepEqual(stream.events, []);
});
