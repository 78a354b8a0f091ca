/**
 * The MAC length check every storage call makes before using a MAC.
 *
 * @module
 */
import { PluginError } from "../errors.ts";
import type { Mac } from "./mac.ts";

/** The length of a MAC in bytes. */
export const MAC_SIZE = 32;

/** Throws a clear error unless `mac` is exactly 32 bytes. */
export function checkMac(mac: Uint8Array): Mac {
  if (mac.byteLength !== MAC_SIZE) {
    throw new PluginError(
      `invalid MAC: expected ${MAC_SIZE} bytes, got ${mac.byteLength}`,
    );
  }
  return mac;
}
