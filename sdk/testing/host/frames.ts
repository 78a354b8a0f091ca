/**
 * Watches the bytes a plugin writes to stdout: they must be HTTP/2 frames
 * and nothing else, starting with the server's SETTINGS frame.
 *
 * @module
 */

import {
  FrameType,
  HEADER_SIZE as HEADER,
} from "../../_transport/http2/frames.ts";

const SETTINGS = FrameType.SETTINGS;
/** The highest RFC 9113 frame type (CONTINUATION); gRPC servers send no others. */
const LAST_TYPE = FrameType.CONTINUATION;
const EXCERPT = 80;

/** Follows the frame boundaries of a server's byte stream. */
export interface FrameWatcher {
  /**
   * Feeds the next bytes. Returns the violation found in them, if any; the
   * watcher then stays in error and ignores further input.
   */
  push(bytes: Uint8Array): string | undefined;
  /** True once the first frame, a SETTINGS frame, has been seen whole. */
  readonly settingsSeen: boolean;
  /** The violation found so far, if any. */
  readonly problem: string | undefined;
}

/**
 * A watcher that checks each frame header: the first frame must be SETTINGS
 * on stream 0; every frame must have a known type. Text written to stdout
 * fails the check at once, since printable bytes are never a frame type.
 */
export function frameWatcher(): FrameWatcher {
  const header = new Uint8Array(HEADER);
  let headerFill = 0;
  let skip = 0;
  let frames = 0;
  let settingsSeen = false;
  let problem: string | undefined;

  /** Reports the bytes from the bad frame header on. */
  function fail(rest: Uint8Array, why: string): string {
    const shown = new Uint8Array(HEADER + rest.byteLength);
    shown.set(header);
    shown.set(rest, HEADER);
    problem = `the plugin wrote to stdout: ${printable(shown)} (${why})`;
    return problem;
  }

  return {
    get settingsSeen() {
      return settingsSeen;
    },
    get problem() {
      return problem;
    },
    push(bytes) {
      if (problem) return undefined;
      let at = 0;
      while (at < bytes.byteLength) {
        if (skip > 0) {
          const n = Math.min(skip, bytes.byteLength - at);
          skip -= n;
          at += n;
          if (skip === 0 && frames === 1) settingsSeen = true;
          continue;
        }
        const n = Math.min(HEADER - headerFill, bytes.byteLength - at);
        header.set(bytes.subarray(at, at + n), headerFill);
        headerFill += n;
        at += n;
        if (headerFill < HEADER) break;
        const length = (header[0] << 16) | (header[1] << 8) | header[2];
        const type = header[3];
        const stream = ((header[5] & 0x7f) << 24 | header[6] << 16 |
          header[7] << 8 | header[8]) >>> 0;
        headerFill = 0;
        if (frames === 0 && (type !== SETTINGS || stream !== 0)) {
          return fail(
            bytes.subarray(at),
            "an HTTP/2 server must send a SETTINGS frame first",
          );
        }
        if (type > LAST_TYPE) {
          return fail(bytes.subarray(at), "not an HTTP/2 frame header");
        }
        frames++;
        skip = length;
        if (skip === 0 && frames === 1) settingsSeen = true;
      }
      return undefined;
    },
  };
}

/**
 * Up to 80 bytes as a quoted string people can read: text stays text,
 * other bytes are shown as `\xNN`.
 */
export function printable(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes.subarray(0, EXCERPT)) {
    if (byte === 0x0a) text += "\\n";
    else if (byte === 0x09) text += "\\t";
    else if (byte === 0x22 || byte === 0x5c) {
      text += "\\" + String.fromCharCode(byte);
    } else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += "\\x" + byte.toString(16).padStart(2, "0");
  }
  return `"${text}"${bytes.byteLength > EXCERPT ? "…" : ""}`;
}
