/**
 * Finds the GOAWAY frame among the HTTP/2 frames the plugin writes: when
 * the host's input is not valid HTTP/2, nghttp2 answers with a GOAWAY whose
 * error code and debug text say what was wrong, then drops the session
 * without any error event grpc-js would pass on.
 *
 * @module
 */

/** Why the plugin's side ended the HTTP/2 session. */
export interface Goaway {
  /** The HTTP/2 error code (RFC 9113 §7). */
  code: number;
  /** Its name, e.g. `PROTOCOL_ERROR`. */
  name: string;
  /** nghttp2's debug text, e.g. `SETTINGS expected`; may be empty. */
  reason: string;
}

/** Reads written bytes frame by frame, remembering the first GOAWAY. */
export interface GoawayWatch {
  /** Takes the next bytes written to the host. */
  see(bytes: Uint8Array): void;
  /** The GOAWAY written so far, if any. */
  readonly goaway: Goaway | undefined;
}

const HEADER = 9;
const GOAWAY = 7;
/** Enough of the debug text for a message; the rest is skipped. */
const MAX_KEPT = 1024;

const ERROR_NAMES = [
  "NO_ERROR",
  "PROTOCOL_ERROR",
  "INTERNAL_ERROR",
  "FLOW_CONTROL_ERROR",
  "SETTINGS_TIMEOUT",
  "STREAM_CLOSED",
  "FRAME_SIZE_ERROR",
  "REFUSED_STREAM",
  "CANCEL",
  "COMPRESSION_ERROR",
  "CONNECT_ERROR",
  "ENHANCE_YOUR_CALM",
  "INADEQUATE_SECURITY",
  "HTTP_1_1_REQUIRED",
];

/** Creates a watch; it only reads frame headers, except a GOAWAY's payload. */
export function goawayWatch(): GoawayWatch {
  const header = new Uint8Array(HEADER);
  let headerBytes = 0;
  let payloadLeft = 0;
  let kept: number[] | undefined; // payload of the GOAWAY being read
  let found: Goaway | undefined;

  const done = () => {
    const bytes = Uint8Array.from(kept!);
    kept = undefined;
    if (found || bytes.length < 8) return;
    const code = new DataView(bytes.buffer).getUint32(4);
    found = {
      code,
      name: ERROR_NAMES[code] ?? `error code ${code}`,
      reason: new TextDecoder().decode(bytes.subarray(8)),
    };
  };

  return {
    get goaway() {
      return found;
    },
    see(bytes) {
      let at = 0;
      while (at < bytes.length) {
        if (payloadLeft > 0) {
          const take = Math.min(payloadLeft, bytes.length - at);
          if (kept && kept.length < MAX_KEPT) {
            kept.push(...bytes.subarray(at, at + Math.min(take, MAX_KEPT)));
          }
          payloadLeft -= take;
          at += take;
          if (payloadLeft === 0 && kept) done();
          continue;
        }
        const take = Math.min(HEADER - headerBytes, bytes.length - at);
        header.set(bytes.subarray(at, at + take), headerBytes);
        headerBytes += take;
        at += take;
        if (headerBytes < HEADER) break;
        headerBytes = 0;
        payloadLeft = (header[0] << 16) | (header[1] << 8) | header[2];
        if (header[3] === GOAWAY) {
          kept = [];
          if (payloadLeft === 0) done();
        }
      }
    },
  };
}
