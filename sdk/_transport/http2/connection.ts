/**
 * The server side of one HTTP/2 connection (RFC 9113), as plakar opens it
 * on a plugin's stdin and stdout: no TLS, no push, one peer.
 *
 * Built for this peer rather than taken from a general stack, because the
 * general one (grpc-js over `node:http2`) cost the plugin most of its CPU
 * and memory: every DATA frame crossed into and out of nghttp2 and through
 * several Node streams. Here a DATA frame's payload is a view of the bytes
 * read from stdin, and what the plugin sends is handed to stdout in large
 * batches.
 *
 * Flow control: the connection's receive window is given back as data
 * arrives, so that one stream its reader neglects never stalls the others;
 * each stream's window is given back only as its reader consumes, which
 * bounds what waits in the plugin to about one stream window per stream.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import {
  CLIENT_PREFACE,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  frame,
  frameHeader,
  FrameType,
  goawayFrame,
  HEADER_SIZE,
  MAX_WINDOW,
  rstStreamFrame,
  Setting,
  settingsFrame,
  windowUpdateFrame,
} from "./frames.ts";
import {
  encodeHeaders,
  type HeaderField,
  HpackDecoder,
  HpackError,
} from "./hpack.ts";

/** One stream opened by the host, as whoever serves it sees it. */
export interface Http2Stream {
  /** The stream's identifier. */
  readonly id: number;
  /** Whether the host reset the stream (or the connection ended). */
  readonly reset: boolean;
  /** The receive window the stream was given, in bytes. */
  readonly window: number;
  /**
   * Receives DATA payloads: views of the bytes passed to `receive()`,
   * valid only during the call (copy what is kept).
   */
  onData: (payload: Uint8Array) => void;
  /** Called once the host half-closed its side. */
  onEnd: () => void;
  /** Called once if the host resets the stream. */
  onReset: () => void;
  /** Gives `bytes` of received data back to the host's stream window. */
  acknowledge(bytes: number): void;
  /** Sends response headers, before any data. */
  respond(fields: readonly HeaderField[]): void;
  /**
   * Queues `parts` as DATA. Resolves true once all of them went to the
   * writer, which copied them (the caller may then reuse their buffers),
   * false if the stream was reset first.
   */
  send(parts: readonly Uint8Array[]): Promise<boolean>;
  /** Sends `fields` as trailers ending the stream, after the queued data. */
  close(fields: readonly HeaderField[]): void;
}

/** What the connection needs from its surroundings. */
export interface ConnectionOptions {
  /**
   * Writes bytes to the host. `done` is called at once while more may be
   * written, otherwise once the writer drained: the connection stops
   * sending DATA until then.
   */
  write(bytes: Uint8Array, done: (error?: Error | null) => void): void;
  /** Serves a stream the host opened, given its request headers. */
  onStream(stream: Http2Stream, headers: HeaderField[]): void;
  /**
   * Called once when the host broke the protocol, after the GOAWAY saying
   * so was written; nothing is read after that.
   */
  onFailure(failure: ConnectionFailure): void;
  /** The receive windows to advertise: per stream, and for the connection. */
  windows: { stream: number; connection: number };
}

/** Why the connection was ended by the plugin. */
export interface ConnectionFailure {
  /** The HTTP/2 error code the GOAWAY carried. */
  code: number;
  /** What was wrong, for people. */
  reason: string;
}

/** The largest frame the host may send: the protocol's default. */
const MAX_RECEIVED_FRAME = DEFAULT_MAX_FRAME_SIZE;

class ProtocolError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** Serves one HTTP/2 connection; feed it what the host sends with {@link receive}. */
export class Http2Connection {
  readonly #options: ConnectionOptions;
  readonly #streams = new Map<number, StreamState>();
  readonly #ready = new Set<StreamState>();
  readonly #decoder = new HpackDecoder();
  #prefaceMatched = 0;
  #settingsSeen = false;
  #failed = false;
  #carry: { bytes: Uint8Array; filled: number } | undefined;
  #headerBlock:
    | { stream: number; flags: number; parts: Uint8Array[] }
    | undefined;
  #lastStream = 0;
  #receiveUnacked = 0;
  #sendWindow = DEFAULT_WINDOW;
  #peerStreamWindow = DEFAULT_WINDOW;
  #peerMaxFrame = DEFAULT_MAX_FRAME_SIZE;
  #blocked = false;

  /** Starts the connection: the server's SETTINGS go out at once. */
  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#write(settingsFrame([
      [Setting.ENABLE_PUSH, 0],
      [Setting.INITIAL_WINDOW_SIZE, options.windows.stream],
    ]));
    const extra = options.windows.connection - DEFAULT_WINDOW;
    if (extra > 0) this.#write(windowUpdateFrame(0, extra));
  }

  /** The window each stream starts with, as advertised. */
  get streamWindow(): number {
    return this.#options.windows.stream;
  }

  /**
   * Takes the next bytes the host sent; frames may span calls. The bytes
   * are used during the call only, so the caller may reuse their buffer.
   */
  receive(bytes: Uint8Array): void {
    if (this.#failed) return;
    try {
      this.#receive(bytes);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#fail(error.code, error.message);
    }
  }

  /** Ends every stream still open: the host is gone. */
  end(): void {
    for (const stream of this.#streams.values()) stream.resetByHost();
    this.#streams.clear();
    this.#ready.clear();
  }

  #receive(bytes: Uint8Array): void {
    let at = 0;
    if (this.#prefaceMatched < CLIENT_PREFACE.byteLength) {
      at = this.#matchPreface(bytes);
      if (this.#prefaceMatched < CLIENT_PREFACE.byteLength) return;
    }
    if (this.#carry) at = this.#fillCarry(bytes, at);
    while (bytes.byteLength - at >= HEADER_SIZE && !this.#failed) {
      const length = this.#checkHeader(bytes, at);
      const end = at + HEADER_SIZE + length;
      if (end > bytes.byteLength) break;
      this.#frame(bytes.subarray(at, end));
      at = end;
    }
    if (at < bytes.byteLength && !this.#failed) {
      this.#carry = { bytes: new Uint8Array(HEADER_SIZE), filled: 0 };
      this.#fillCarry(bytes, at);
    }
  }

  #matchPreface(bytes: Uint8Array): number {
    let at = 0;
    while (
      at < bytes.byteLength && this.#prefaceMatched < CLIENT_PREFACE.byteLength
    ) {
      if (bytes[at] !== CLIENT_PREFACE[this.#prefaceMatched]) {
        throw new ProtocolError(
          ErrorCode.PROTOCOL_ERROR,
          "the input did not start with the HTTP/2 client preface",
        );
      }
      at++;
      this.#prefaceMatched++;
    }
    return at;
  }

  /**
   * Completes the frame that began at the end of an earlier read, copying
   * only that frame's bytes; returns where the rest of `bytes` starts.
   */
  #fillCarry(bytes: Uint8Array, at: number): number {
    const carry = this.#carry!;
    const fill = (need: number) => {
      const take = Math.min(need - carry.filled, bytes.byteLength - at);
      carry.bytes.set(bytes.subarray(at, at + take), carry.filled);
      carry.filled += take;
      at += take;
      return carry.filled === need;
    };
    if (carry.filled < HEADER_SIZE) {
      if (!fill(HEADER_SIZE)) return at;
      const whole = new Uint8Array(
        HEADER_SIZE + this.#checkHeader(carry.bytes, 0),
      );
      whole.set(carry.bytes);
      carry.bytes = whole;
    }
    if (fill(carry.bytes.byteLength)) {
      this.#carry = undefined;
      this.#frame(carry.bytes);
    }
    return at;
  }

  /**
   * Checks a frame header before its payload arrives, so that garbage
   * fails at once rather than waiting for a payload that never comes;
   * returns the payload's length.
   */
  #checkHeader(bytes: Uint8Array, at: number): number {
    if (!this.#settingsSeen && bytes[at + 3] !== FrameType.SETTINGS) {
      throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "SETTINGS expected");
    }
    const length = frameLength(bytes, at);
    if (length > MAX_RECEIVED_FRAME) {
      throw new ProtocolError(
        ErrorCode.FRAME_SIZE_ERROR,
        `a frame of ${length} bytes, more than the ${MAX_RECEIVED_FRAME} allowed`,
      );
    }
    return length;
  }

  #frame(bytes: Uint8Array): void {
    const type = bytes[3];
    const flags = bytes[4];
    const id = ((bytes[5] & 0x7f) << 24 | bytes[6] << 16 | bytes[7] << 8 |
      bytes[8]) >>> 0;
    const payload = bytes.subarray(HEADER_SIZE);
    if (this.#headerBlock && type !== FrameType.CONTINUATION) {
      throw new ProtocolError(
        ErrorCode.PROTOCOL_ERROR,
        "CONTINUATION expected",
      );
    }
    switch (type) {
      case FrameType.DATA:
        return this.#data(id, flags, payload);
      case FrameType.HEADERS:
        return this.#headers(id, flags, payload);
      case FrameType.CONTINUATION:
        return this.#continuation(id, flags, payload);
      case FrameType.RST_STREAM:
        return this.#rstStream(id, payload);
      case FrameType.SETTINGS:
        return this.#settings(id, flags, payload);
      case FrameType.PING:
        return this.#ping(id, flags, payload);
      case FrameType.WINDOW_UPDATE:
        return this.#windowUpdate(id, payload);
      case FrameType.PUSH_PROMISE:
        throw new ProtocolError(
          ErrorCode.PROTOCOL_ERROR,
          "a client may not push",
        );
      case FrameType.PRIORITY:
        if (id === 0 || payload.byteLength !== 5) {
          throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "bad PRIORITY");
        }
        return;
        // GOAWAY needs no answer: the host opens no more streams and closes
        // stdin when it is done; unknown types are ignored (RFC 9113 §5.5).
    }
  }

  #data(id: number, flags: number, payload: Uint8Array): void {
    if (id === 0) {
      throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
    }
    // The connection's window comes back as data arrives, a quarter at a
    // time, so no host can overrun it: only streams' windows are checked.
    const size = payload.byteLength;
    this.#receiveUnacked += size;
    if (this.#receiveUnacked >= this.#options.windows.connection / 4) {
      this.#write(windowUpdateFrame(0, this.#receiveUnacked));
      this.#receiveUnacked = 0;
    }
    const stream = this.#streams.get(id);
    if (!stream) {
      if (id > this.#lastStream) {
        throw new ProtocolError(
          ErrorCode.PROTOCOL_ERROR,
          `DATA on stream ${id}, never opened`,
        );
      }
      return; // a stream already closed: its data is dropped
    }
    if (stream.remoteClosed) {
      return this.#resetStream(stream, ErrorCode.STREAM_CLOSED);
    }
    const data = unpad(flags, payload);
    stream.receiveWindow -= size;
    if (stream.receiveWindow < 0) {
      return this.#resetStream(stream, ErrorCode.FLOW_CONTROL_ERROR);
    }
    // Padding is nobody's to consume.
    if (size > data.byteLength) stream.acknowledge(size - data.byteLength);
    if (data.byteLength > 0) stream.onData(data);
    if (flags & Flag.END_STREAM) this.#remoteEnd(stream);
  }

  #headers(id: number, flags: number, payload: Uint8Array): void {
    if (id === 0 || id % 2 === 0) {
      throw new ProtocolError(
        ErrorCode.PROTOCOL_ERROR,
        `HEADERS on stream ${id}, which a client may not open`,
      );
    }
    let block = unpad(flags, payload);
    if (flags & Flag.PRIORITY) block = block.subarray(5);
    if (flags & Flag.END_HEADERS) {
      return this.#headerBlockDone(id, flags, block);
    }
    this.#headerBlock = { stream: id, flags, parts: [block.slice()] };
  }

  #continuation(id: number, flags: number, payload: Uint8Array): void {
    const pending = this.#headerBlock;
    if (!pending || pending.stream !== id) {
      throw new ProtocolError(
        ErrorCode.PROTOCOL_ERROR,
        "CONTINUATION without HEADERS",
      );
    }
    pending.parts.push(payload.slice());
    if (!(flags & Flag.END_HEADERS)) return;
    this.#headerBlock = undefined;
    this.#headerBlockDone(id, pending.flags, Buffer.concat(pending.parts));
  }

  #headerBlockDone(id: number, flags: number, block: Uint8Array): void {
    let fields: HeaderField[];
    try {
      fields = this.#decoder.decode(block);
    } catch (error) {
      if (!(error instanceof HpackError)) throw error;
      throw new ProtocolError(ErrorCode.COMPRESSION_ERROR, error.message);
    }
    const existing = this.#streams.get(id);
    if (existing) {
      // Trailers: gRPC clients send none, but they would end the stream.
      if (!(flags & Flag.END_STREAM)) {
        return this.#resetStream(existing, ErrorCode.PROTOCOL_ERROR);
      }
      return this.#remoteEnd(existing);
    }
    if (id <= this.#lastStream) {
      throw new ProtocolError(
        ErrorCode.STREAM_CLOSED,
        `HEADERS on stream ${id}, already closed`,
      );
    }
    this.#lastStream = id;
    const stream = new StreamState(this, id, this.#peerStreamWindow);
    this.#streams.set(id, stream);
    this.#options.onStream(stream, fields);
    if (flags & Flag.END_STREAM) this.#remoteEnd(stream);
  }

  #rstStream(id: number, payload: Uint8Array): void {
    if (id === 0 || payload.byteLength !== 4) {
      throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "bad RST_STREAM");
    }
    const stream = this.#streams.get(id);
    if (!stream) return;
    this.#forget(stream);
    stream.resetByHost();
  }

  #settings(id: number, flags: number, payload: Uint8Array): void {
    if (id !== 0) {
      throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "SETTINGS on a stream");
    }
    if (flags & Flag.ACK) return;
    if (payload.byteLength % 6 !== 0) {
      throw new ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "bad SETTINGS size");
    }
    this.#settingsSeen = true;
    const view = new DataView(payload.buffer, payload.byteOffset);
    for (let at = 0; at < payload.byteLength; at += 6) {
      const value = view.getUint32(at + 2);
      switch (view.getUint16(at)) {
        case Setting.INITIAL_WINDOW_SIZE: {
          if (value > MAX_WINDOW) {
            throw new ProtocolError(
              ErrorCode.FLOW_CONTROL_ERROR,
              "INITIAL_WINDOW_SIZE too large",
            );
          }
          const delta = value - this.#peerStreamWindow;
          this.#peerStreamWindow = value;
          for (const stream of this.#streams.values()) {
            stream.sendWindow += delta;
            if (stream.canSend()) this.#ready.add(stream);
          }
          break;
        }
        case Setting.MAX_FRAME_SIZE:
          if (value < DEFAULT_MAX_FRAME_SIZE || value > 0xff_ffff) {
            throw new ProtocolError(
              ErrorCode.PROTOCOL_ERROR,
              "MAX_FRAME_SIZE out of range",
            );
          }
          this.#peerMaxFrame = value;
          break;
          // The encoder keeps no dynamic table, so HEADER_TABLE_SIZE is
          // moot; a server never pushes; the plugin opens no streams.
      }
    }
    this.#write(frame(FrameType.SETTINGS, Flag.ACK, 0));
    this.#flush();
  }

  #ping(id: number, flags: number, payload: Uint8Array): void {
    if (id !== 0 || payload.byteLength !== 8) {
      throw new ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "bad PING");
    }
    if (!(flags & Flag.ACK)) {
      this.#write(frame(FrameType.PING, Flag.ACK, 0, payload));
    }
  }

  #windowUpdate(id: number, payload: Uint8Array): void {
    if (payload.byteLength !== 4) {
      throw new ProtocolError(ErrorCode.FRAME_SIZE_ERROR, "bad WINDOW_UPDATE");
    }
    const increment = new DataView(payload.buffer, payload.byteOffset)
      .getUint32(0) & MAX_WINDOW;
    if (id === 0) {
      if (increment === 0) {
        throw new ProtocolError(
          ErrorCode.PROTOCOL_ERROR,
          "WINDOW_UPDATE of 0",
        );
      }
      this.#sendWindow += increment;
      if (this.#sendWindow > MAX_WINDOW) {
        throw new ProtocolError(
          ErrorCode.FLOW_CONTROL_ERROR,
          "connection window past 2^31-1",
        );
      }
      return this.#flush();
    }
    const stream = this.#streams.get(id);
    if (!stream) return;
    if (increment === 0) {
      return this.#resetStream(stream, ErrorCode.PROTOCOL_ERROR);
    }
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) {
      return this.#resetStream(stream, ErrorCode.FLOW_CONTROL_ERROR);
    }
    if (stream.canSend()) {
      this.#ready.add(stream);
      this.#flush();
    }
  }

  #remoteEnd(stream: StreamState): void {
    stream.remoteClosed = true;
    if (stream.localClosed) this.#forget(stream);
    stream.onEnd();
  }

  #resetStream(stream: StreamState, code: number): void {
    this.#write(rstStreamFrame(stream.id, code));
    this.#forget(stream);
    stream.resetByHost();
  }

  #forget(stream: StreamState): void {
    this.#streams.delete(stream.id);
    this.#ready.delete(stream);
  }

  #fail(code: number, reason: string): void {
    this.#failed = true;
    this.#write(goawayFrame(this.#lastStream, code, reason));
    this.end();
    this.#options.onFailure({ code, reason });
  }

  // --- sending ---

  #write(bytes: Uint8Array): void {
    let sync = true;
    let done = false;
    this.#options.write(bytes, () => {
      done = true;
      if (!sync && this.#blocked) {
        this.#blocked = false;
        this.#flush();
      }
    });
    sync = false;
    if (!done) this.#blocked = true;
  }

  /** Sends a header block on `stream`, split into CONTINUATIONs if long. */
  writeHeaders(stream: number, fields: readonly HeaderField[], end: boolean) {
    const block = encodeHeaders(fields);
    const max = this.#peerMaxFrame;
    const endStream = end ? Flag.END_STREAM : 0;
    if (block.byteLength <= max) {
      return this.#write(
        frame(FrameType.HEADERS, endStream | Flag.END_HEADERS, stream, block),
      );
    }
    for (let at = 0; at < block.byteLength; at += max) {
      const last = at + max >= block.byteLength;
      const type = at === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
      const flags = (at === 0 ? endStream : 0) | (last ? Flag.END_HEADERS : 0);
      this.#write(frame(type, flags, stream, block.subarray(at, at + max)));
    }
  }

  /** Gives `bytes` of a stream's window back to the host. */
  windowUpdate(stream: number, bytes: number): void {
    this.#write(windowUpdateFrame(stream, bytes));
  }

  /** A stream has output to send. */
  schedule(stream: StreamState): void {
    if (stream.reset) return;
    this.#ready.add(stream);
    this.#flush();
  }

  /** A stream finished: forgotten once the host finished too. */
  closed(stream: StreamState): void {
    if (stream.remoteClosed) this.#forget(stream);
  }

  /**
   * Sends DATA, one frame per stream in turn, while the writer and the
   * connection window allow; trailers go as soon as their stream's data
   * has gone.
   */
  #flush(): void {
    const waitingForWindow: StreamState[] = [];
    while (!this.#blocked) {
      const stream: StreamState | undefined = this.#ready.values().next().value;
      if (!stream) break;
      this.#ready.delete(stream);
      const sent = stream.emit(Math.min(this.#peerMaxFrame, this.#sendWindow));
      if (sent < 0) waitingForWindow.push(stream);
      else this.#sendWindow -= sent;
      if (sent >= 0 && stream.canSend()) this.#ready.add(stream);
    }
    for (const stream of waitingForWindow) this.#ready.add(stream);
  }

  /** Writes one DATA frame of `parts` (`length` bytes in all). */
  writeData(stream: number, parts: Uint8Array[], length: number): void {
    this.#options.write(frameHeader(length, FrameType.DATA, 0, stream), noop);
    for (let i = 0; i < parts.length - 1; i++) {
      this.#options.write(parts[i], noop);
    }
    this.#write(parts[parts.length - 1]);
  }
}

const noop = () => {};

/** A stream's state on both sides; the connection drives it. */
class StreamState implements Http2Stream {
  onData: (payload: Uint8Array) => void = () => {};
  onEnd: () => void = () => {};
  onReset: () => void = () => {};
  reset = false;
  remoteClosed = false;
  localClosed = false;
  receiveWindow: number;
  #unacked = 0;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #trailers: readonly HeaderField[] | undefined;
  #waiting: ((open: boolean) => void)[] = [];

  constructor(
    readonly connection: Http2Connection,
    readonly id: number,
    public sendWindow: number,
  ) {
    this.receiveWindow = connection.streamWindow;
  }

  get window(): number {
    return this.connection.streamWindow;
  }

  acknowledge(bytes: number): void {
    if (this.remoteClosed || this.reset) return;
    this.#unacked += bytes;
    if (this.#unacked >= this.connection.streamWindow / 4) {
      this.connection.windowUpdate(this.id, this.#unacked);
      this.receiveWindow += this.#unacked;
      this.#unacked = 0;
    }
  }

  respond(fields: readonly HeaderField[]): void {
    if (this.reset || this.localClosed) return;
    this.connection.writeHeaders(this.id, fields, false);
  }

  send(parts: readonly Uint8Array[]): Promise<boolean> {
    if (this.reset || this.localClosed) return Promise.resolve(false);
    for (const part of parts) {
      if (part.byteLength === 0) continue;
      this.#queue.push(part);
      this.#queued += part.byteLength;
    }
    this.connection.schedule(this);
    if (this.reset) return Promise.resolve(false);
    if (this.#queued === 0) return Promise.resolve(true);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  close(fields: readonly HeaderField[]): void {
    if (this.reset || this.localClosed) return;
    this.#trailers = fields;
    this.connection.schedule(this);
  }

  /** Whether the stream has output its own window lets through. */
  canSend(): boolean {
    if (this.reset) return false;
    return this.#queued > 0
      ? this.sendWindow > 0
      : this.#trailers !== undefined;
  }

  /**
   * Sends one DATA frame of at most `allowed` bytes (the connection's
   * window and the host's frame size) and what the stream's window lets
   * through, or the trailers once all data went. Returns the bytes sent,
   * or -1 when only the connection's window held it back.
   */
  emit(allowed: number): number {
    if (this.reset) return 0;
    if (this.#queued === 0) {
      if (!this.#trailers) return 0;
      this.connection.writeHeaders(this.id, this.#trailers, true);
      this.#trailers = undefined;
      this.localClosed = true;
      this.connection.closed(this);
      return 0;
    }
    const length = Math.min(allowed, this.sendWindow, this.#queued);
    if (length <= 0) return this.sendWindow > 0 ? -1 : 0;
    const parts: Uint8Array[] = [];
    for (let left = length; left > 0;) {
      const head = this.#queue[0];
      if (head.byteLength <= left) {
        parts.push(head);
        this.#queue.shift();
        left -= head.byteLength;
      } else {
        parts.push(head.subarray(0, left));
        this.#queue[0] = head.subarray(left);
        left = 0;
      }
    }
    this.#queued -= length;
    this.sendWindow -= length;
    this.connection.writeData(this.id, parts, length);
    if (this.#queued === 0) this.#release(true);
    return length;
  }

  resetByHost(): void {
    if (this.reset) return;
    this.reset = true;
    this.#queue = [];
    this.#queued = 0;
    this.#trailers = undefined;
    this.#release(false);
    this.onReset();
  }

  #release(open: boolean): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve(open);
  }
}

function frameLength(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
}

/** A DATA or HEADERS payload without its padding (RFC 9113 §6.1). */
function unpad(flags: number, payload: Uint8Array): Uint8Array {
  if (!(flags & Flag.PADDED)) return payload;
  const pad = payload[0];
  if (payload.byteLength === 0 || pad >= payload.byteLength) {
    throw new ProtocolError(ErrorCode.PROTOCOL_ERROR, "padding too long");
  }
  return payload.subarray(1, payload.byteLength - pad);
}
