import assert from "node:assert/strict";
import { checkMac, hexToMac, MAC_SIZE, macToHex } from "./mac.ts";

Deno.test("a MAC is 32 raw bytes and round-trips through hex", () => {
  const mac = new Uint8Array(MAC_SIZE).map((_, i) => i * 7);
  const hex = macToHex(mac);
  assert.equal(hex.length, 64);
  assert.equal(hex.slice(0, 6), "00070e");
  assert.deepEqual(hexToMac(hex), mac);
  assert.deepEqual(hexToMac(hex.toUpperCase()), mac);
});

Deno.test("a MAC of another length is refused with its length in the message", () => {
  assert.throws(
    () => checkMac(new Uint8Array(31)),
    /expected 32 bytes, got 31/,
  );
  assert.throws(() => checkMac(new Uint8Array(64)), /got 64/);
  assert.throws(() => macToHex(new Uint8Array(0)), /got 0/);
});

Deno.test("hexToMac rejects anything but 64 hex digits", () => {
  for (
    const bad of [
      "",
      "zz".repeat(32),
      "ab".repeat(31),
      "ab".repeat(33),
      `${"ab".repeat(31)}a `,
    ]
  ) {
    assert.equal(hexToMac(bad), undefined, bad);
  }
});
