/**
 * HTTP/2 frame layout (RFC 9113 §4, §6): the numbers the connection reads
 * and writes, and the builders of the frames a server sends.
 *
 * @module
 */

/** The bytes of every frame header: length (24 bits), type, flags, stream. */
export const HEADER_SIZE = 9;

/** What a client sends first, before its SETTINGS (RFC 9113 §3.4). */
export const CLIENT_PREFACE: Uint8Array = new TextEncoder().encode(
  "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
);

/** Frame types. */
export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;

/** Frame flags (their meaning depends on the type). */
export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

/** SETTINGS parameters. */
export const Setting = {
  HEADER_TABLE_SIZE: 1,
  ENABLE_PUSH: 2,
  MAX_CONCURRENT_STREAMS: 3,
  INITIAL_WINDOW_SIZE: 4,
  MAX_FRAME_SIZE: 5,
  MAX_HEADER_LIST_SIZE: 6,
} as const;

/** Error codes (RFC 9113 §7), by name. */
export const ErrorCode = {
  NO_ERROR: 0,
  PROTOCOL_ERROR: 1,
  INTERNAL_ERROR: 2,
  FLOW_CONTROL_ERROR: 3,
  SETTINGS_TIMEOUT: 4,
  STREAM_CLOSED: 5,
  FRAME_SIZE_ERROR: 6,
  REFUSED_STREAM: 7,
  CANCEL: 8,
  COMPRESSION_ERROR: 9,
  CONNECT_ERROR: 10,
  ENHANCE_YOUR_CALM: 11,
  INADEQUATE_SECURITY: 12,
  HTTP_1_1_REQUIRED: 13,
} as const;

/** The name of an error code, or its number when it has none. */
export function errorName(code: number): string {
  for (const [name, value] of Object.entries(ErrorCode)) {
    if (value === code) return name;
  }
  return `error ${code}`;
}

/** The smallest frame size every peer accepts, and the default. */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
/** The window every stream and the connection start with. */
export const DEFAULT_WINDOW = 65_535;
/** The largest window and window increment (2^31 - 1). */
export const MAX_WINDOW = 0x7fff_ffff;

/** A frame header for a payload of `length` bytes. */
export function frameHeader(
  length: number,
  type: number,
  flags: number,
  stream: number,
): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE);
  writeHeader(header, length, type, flags, stream);
  return header;
}

function writeHeader(
  into: Uint8Array,
  length: number,
  type: number,
  flags: number,
  stream: number,
): void {
  into[0] = length >>> 16;
  into[1] = (length >>> 8) & 0xff;
  into[2] = length & 0xff;
  into[3] = type;
  into[4] = flags;
  new DataView(into.buffer, into.byteOffset + 5, 4).setUint32(0, stream);
}

/** A whole frame: header and payload in one buffer. */
export function frame(
  type: number,
  flags: number,
  stream: number,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + payload.byteLength);
  writeHeader(out, payload.byteLength, type, flags, stream);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** A SETTINGS frame with these parameters (id, value). */
export function settingsFrame(settings: [number, number][]): Uint8Array {
  const payload = new Uint8Array(settings.length * 6);
  const view = new DataView(payload.buffer);
  settings.forEach(([id, value], i) => {
    view.setUint16(i * 6, id);
    view.setUint32(i * 6 + 2, value);
  });
  return frame(FrameType.SETTINGS, 0, 0, payload);
}

/** A WINDOW_UPDATE of `increment` bytes for `stream` (0: the connection). */
export function windowUpdateFrame(stream: number, increment: number) {
  return frame(FrameType.WINDOW_UPDATE, 0, stream, uint32(increment));
}

/** A RST_STREAM ending `stream` with `code`. */
export function rstStreamFrame(stream: number, code: number): Uint8Array {
  return frame(FrameType.RST_STREAM, 0, stream, uint32(code));
}

/** A GOAWAY naming the last stream processed, a code and a debug text. */
export function goawayFrame(
  lastStream: number,
  code: number,
  debug: string,
): Uint8Array {
  const text = new TextEncoder().encode(debug);
  const payload = new Uint8Array(8 + text.byteLength);
  const view = new DataView(payload.buffer);
  view.setUint32(0, lastStream);
  view.setUint32(4, code);
  payload.set(text, 8);
  return frame(FrameType.GOAWAY, 0, 0, payload);
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}
