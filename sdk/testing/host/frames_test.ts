/**
 * The stdout watcher: HTTP/2 frames pass, anything else is reported with
 * a readable excerpt.
 */
import assert from "node:assert/strict";
import { frameWatcher, printable } from "../mod.ts";

/** A frame header and payload: length, type, flags, stream. */
function frame(type: number, payload: number[] = [], stream = 0): number[] {
  const n = payload.length;
  return [
    n >> 16,
    (n >> 8) & 0xff,
    n & 0xff,
    type,
    0,
    stream >>> 24,
    (stream >> 16) & 0xff,
    (stream >> 8) & 0xff,
    stream & 0xff,
    ...payload,
  ];
}

const SETTINGS = frame(4, [0, 3, 0, 0, 0, 100]);

Deno.test("frames pass, even split at every byte", () => {
  const bytes = [...SETTINGS, ...frame(4, [], 0), ...frame(0, [1, 2, 3], 1)];
  const watcher = frameWatcher();
  for (const byte of bytes) {
    assert.equal(watcher.push(new Uint8Array([byte])), undefined);
  }
  assert.equal(watcher.settingsSeen, true);
  assert.equal(watcher.problem, undefined);
});

Deno.test("settings are seen only once the whole frame arrived", () => {
  const watcher = frameWatcher();
  watcher.push(new Uint8Array(SETTINGS.slice(0, 12)));
  assert.equal(watcher.settingsSeen, false);
  watcher.push(new Uint8Array(SETTINGS.slice(12)));
  assert.equal(watcher.settingsSeen, true);
});

Deno.test("text before the first frame is reported with an excerpt", () => {
  const watcher = frameWatcher();
  const problem = watcher.push(
    new TextEncoder().encode("Listening on stdio\n"),
  );
  assert.equal(
    problem,
    'the plugin wrote to stdout: "Listening on stdio\\n" (an HTTP/2 server must send a SETTINGS frame first)',
  );
  assert.equal(watcher.problem, problem);
  assert.equal(watcher.push(new Uint8Array(SETTINGS)), undefined);
  assert.equal(watcher.settingsSeen, false);
});

Deno.test("a first frame other than SETTINGS is a violation", () => {
  const problem = frameWatcher().push(new Uint8Array(frame(0, [0], 1)));
  assert.match(problem ?? "", /must send a SETTINGS frame first/);
});

Deno.test("text between frames is reported", () => {
  const watcher = frameWatcher();
  assert.equal(watcher.push(new Uint8Array(SETTINGS)), undefined);
  const problem = watcher.push(new TextEncoder().encode("debug: got Init\n"));
  assert.equal(
    problem,
    'the plugin wrote to stdout: "debug: got Init\\n" (not an HTTP/2 frame header)',
  );
});

Deno.test("printable escapes control bytes and cuts long excerpts", () => {
  assert.equal(
    printable(new Uint8Array([0x41, 0x00, 0x22, 0x0a])),
    '"A\\x00\\"\\n"',
  );
  assert.equal(
    printable(new Uint8Array(100).fill(0x61)),
    `"${"a".repeat(80)}"…`,
  );
});
