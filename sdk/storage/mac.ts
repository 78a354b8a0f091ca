/**
 * MACs: kloset names every stored object by a 32-byte MAC, sent raw.
 *
 * @module
 */
import { checkMac, MAC_SIZE } from "./_mac.ts";

/** A 32-byte object name. */
export type Mac = Uint8Array;

/** The lowercase hexadecimal spelling of a MAC (64 characters). */
export function macToHex(mac: Mac): string {
  let hex = "";
  for (const byte of checkMac(mac)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Parses 64 hexadecimal characters into a MAC, or returns undefined. */
export function hexToMac(hex: string): Mac | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const mac = new Uint8Array(MAC_SIZE);
  for (let i = 0; i < MAC_SIZE; i++) {
    mac[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return mac;
}
