import assert from "node:assert/strict";
import { goawayWatch } from "./goaway.ts";

function frame(type: number, payload: Uint8Array, stream = 0): Uint8Array {
  const out = new Uint8Array(9 + payload.length);
  out.set([
    payload.length >> 16,
    (payload.length >> 8) & 255,
    payload.length & 255,
    type,
    0,
  ]);
  new DataView(out.buffer).setUint32(5, stream);
  out.set(payload, 9);
  return out;
}

function goaway(code: number, text: string): Uint8Array {
  const debug = new TextEncoder().encode(text);
  const payload = new Uint8Array(8 + debug.length);
  new DataView(payload.buffer).setUint32(0, 3); // last stream id
  new DataView(payload.buffer).setUint32(4, code);
  payload.set(debug, 8);
  return frame(7, payload);
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};

Deno.test("finds a GOAWAY after other frames, whatever the write boundaries", () => {
  // A DATA frame whose payload looks like a GOAWAY header must be skipped.
  const data = frame(0, goaway(2, "not this one"), 1);
  const bytes = concat(
    frame(4, new Uint8Array(0)),
    data,
    goaway(1, "SETTINGS expected"),
  );
  for (const size of [1, 2, 7, 9, 10, 64, bytes.length]) {
    const watch = goawayWatch();
    for (let at = 0; at < bytes.length; at += size) {
      watch.see(bytes.subarray(at, at + size));
    }
    assert.deepEqual(watch.goaway, {
      code: 1,
      name: "PROTOCOL_ERROR",
      reason: "SETTINGS expected",
    }, `writes of ${size} bytes`);
  }
});

Deno.test("no GOAWAY, no finding; an unknown code is named by its number", () => {
  const watch = goawayWatch();
  watch.see(concat(frame(4, new Uint8Array(6)), frame(8, new Uint8Array(4))));
  assert.equal(watch.goaway, undefined);
  watch.see(goaway(99, ""));
  assert.deepEqual(watch.goaway, {
    code: 99,
    name: "error code 99",
    reason: "",
  });
});

Deno.test("a long debug text is cut, and the frames after it are still read", () => {
  const watch = goawayWatch();
  watch.see(concat(goaway(11, "x".repeat(5000)), frame(4, new Uint8Array(0))));
  assert.equal(watch.goaway?.name, "ENHANCE_YOUR_CALM");
  assert.equal(watch.goaway?.reason.length, 1024 - 8);
});
