/**
 * The host's mistakes at the HTTP/2 level end the plugin cleanly: input
 * that is not HTTP/2, or a valid preface followed by garbage, makes it say
 * what was wrong on stderr and exit 1 at once, whether stdin stays open or
 * not; a GOAWAY from the host, with or without calls under way, never
 * aborts it (Deno 2.9.6's nghttp2 was feared to, see the README).
 */
import assert from "node:assert/strict";
import http2 from "node:http2";
import { Duplex } from "node:stream";
import { denoPlugin } from "../support/conformance.ts";
import { concat } from "../support/bytes.ts";

const STORAGE = denoPlugin("../connectors/localdir/main.ts", "storage");
const PREFACE = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
/** Longer than the plugin needs to answer anything; far shorter than a hang. */
const PROMPTLY_MS = 10_000;

function frame(type: number, payload = new Uint8Array(0), flags = 0) {
  const out = new Uint8Array(9 + payload.length);
  out.set([0, payload.length >> 8, payload.length & 255, type, flags]);
  out.set(payload, 9);
  return out;
}

/** Random bytes, the same in every run. */
function garbage(size: number, seed = 14): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out[i] = seed >>> 24;
  }
  return out;
}

const spawn = () =>
  new Deno.Command(STORAGE.command, {
    args: STORAGE.args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

/** Writes `input` to the plugin, keeps stdin open or closes it, and waits for its end. */
async function feed(input: Uint8Array, keepOpen: boolean) {
  const child = spawn();
  const writer = child.stdin.getWriter();
  await writer.write(input).catch(() => {});
  if (!keepOpen) await writer.close().catch(() => {});
  const timer = setTimeout(() => child.kill("SIGKILL"), PROMPTLY_MS);
  const out = await child.output();
  clearTimeout(timer);
  if (keepOpen) await writer.close().catch(() => {});
  return {
    code: out.code,
    signal: out.signal,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr).trim(),
  };
}

const cases: [string, Uint8Array, RegExp][] = [
  [
    "a valid preface followed by random bytes",
    concat([PREFACE, garbage(4096)]),
    /^plugin: the host's input is not valid gRPC over HTTP\/2: the plugin answered PROTOCOL_ERROR \(SETTINGS expected\) and closed the connection$/,
  ],
  [
    "a preface and SETTINGS followed by random bytes",
    concat([PREFACE, frame(4), garbage(4096)]),
    /^plugin: the host's input is not valid gRPC over HTTP\/2: the plugin answered [A-Z_]+_ERROR( \(.+\))? and closed the connection$/,
  ],
  [
    "text instead of HTTP/2",
    new TextEncoder().encode("hello plugin\n"),
    /^plugin: the host's input is not valid gRPC over HTTP\/2: the plugin answered [A-Z_]+_ERROR( \(.+\))? and closed the connection$/,
  ],
];

for (const [what, input, message] of cases) {
  for (const keepOpen of [true, false]) {
    Deno.test(`${what}, stdin ${keepOpen ? "left open" : "closed"}: the plugin says so and exits 1 promptly`, async () => {
      const end = await feed(input, keepOpen);
      assert.equal(end.signal, null, "it ended on its own, without a kill");
      assert.equal(end.code, 1);
      assert.match(end.stderr, message);
      // stdout carries HTTP/2 frames only: the SETTINGS it began with.
      assert.equal(end.stdout[3], 4, "stdout starts with a SETTINGS frame");
    });
  }
}

/** An HTTP/2 client session over the child's stdin/stdout, as plakar has. */
function connect(child: Deno.ChildProcess): http2.ClientHttp2Session {
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const socket = new Duplex({
    read() {
      reader.read().then(
        ({ value, done }) => this.push(done ? null : value),
        () => this.push(null),
      );
    },
    write(chunk, _encoding, callback) {
      writer.write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
  });
  return http2.connect("http://plugin", { createConnection: () => socket });
}

for (const underWay of [false, true]) {
  Deno.test(`a GOAWAY from the host ${underWay ? "with a call under way" : "at idle"}, then stdin closed: the plugin exits 0`, async () => {
    const child = spawn();
    const stderr = new Response(child.stderr).text();
    const session = connect(child);
    await new Promise((resolve) => session.once("remoteSettings", resolve));
    if (underWay) {
      // A Ping left open: its request never ends.
      const call = session.request({
        ":method": "POST",
        ":path": "/plakar.storage.Store/Ping",
        "content-type": "application/grpc",
        te: "trailers",
      });
      call.on("error", () => {});
      call.write(new Uint8Array(5));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    session.goaway(http2.constants.NGHTTP2_NO_ERROR);
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.close();
    session.destroy();
    const timer = setTimeout(() => child.kill("SIGKILL"), PROMPTLY_MS);
    const status = await child.status;
    clearTimeout(timer);
    assert.deepEqual(
      [status.code, status.signal],
      [0, null],
      `stderr: ${await stderr}`,
    );
    assert.equal((await stderr).trim(), "");
  });
}
