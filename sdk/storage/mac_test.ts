import assert from "node:assert/strict";
import { MAC_SIZE } from "./_mac.ts";
import { hexToMac, macToHex } from "./mac.ts";

Deno.test("a MAC is 32 raw bytes and round-trips through hex", () => {
  const mac = new Uint8Array(MAC_SIZE).map((_, i) => i * 7);
  const hex = macToHex(mac);
  assert.equal(hex.length, 64);
  assert.equal(hex.slice(0, 6), "00070e");
  assert.deepEqual(hexToMac(hex), mac);
  assert.deepEqual(hexToMac(hex.toUpperCase()), mac);
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
