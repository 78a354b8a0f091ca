import assert from "node:assert/strict";
import { checkMac } from "./_mac.ts";
import { macToHex } from "./mac.ts";

Deno.test("a MAC of another length is refused with its length in the message", () => {
  assert.throws(
    () => checkMac(new Uint8Array(31)),
    /expected 32 bytes, got 31/,
  );
  assert.throws(() => checkMac(new Uint8Array(64)), /got 64/);
  assert.throws(() => macToHex(new Uint8Array(0)), /got 0/);
});
