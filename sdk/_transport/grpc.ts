/**
 * gRPC calls over the streams of an HTTP/2 connection, as grpc/grpc's
 * `doc/PROTOCOL-HTTP2.md` maps them: the method in `:path`, messages as a
 * 5-byte prefix (compressed flag, length) and their bytes, the status in
 * trailers.
 *
 * @module
 */
import { errorMessage, PluginError } from "../errors.ts";
import {
  type ConnectionFailure,
  Http2Connection,
  type Http2Stream,
} from "./http2/connection.ts";
import type { HeaderField } from "./http2/hpack.ts";
import { Status } from "./status.ts";
import { bufferPool } from "../_buffer_pool.ts";

/** A call as its handler sees it, whatever the method's streaming kind. */
export interface ServerCall<Req, Res> {
  /** Whether the host cancelled the call, or went away. */
  readonly cancelled: boolean;
  /**
   * The host's next message, `undefined` once it half-closed or cancelled.
   * Until it is asked for, the message holds back the host.
   */
  read(): Promise<Req | undefined>;
  /**
   * Says that the message `read` gave last, and every view into it, are no
   * longer used: its buffer may receive a later message.
   */
  recycle(): void;
  /**
   * Sends a message. Resolves true once its bytes went out (the caller may
   * reuse their buffers), false if the host cancelled the call.
   */
  write(message: Res): Promise<boolean>;
}

/** One method of a service, by the transport's measure. */
export interface Method {
  /** Decodes one request message; throws on malformed bytes. */
  decode(bytes: Uint8Array): unknown;
  /** Encodes one response message as the parts of its bytes. */
  encode(message: unknown): Uint8Array[];
  /**
   * Serves the call. What it returns (for unary and client-streaming
   * methods) is sent as the only response; what it throws ends the call
   * with that status.
   */
  handle(call: ServerCall<unknown, unknown>): Promise<unknown>;
}

/** The methods served, by path (`/package.Service/Method`). */
export type Methods = ReadonlyMap<string, Method>;

/** Messages the host sends are at most 4 MiB; leave room for framing. */
export const MAX_MESSAGE = 8 * 1024 * 1024;
const PREFIX = 5;

/**
 * Capacity of a reusable message buffer: a content message (a chunk of up
 * to 1 MiB and its field tags). Content messages are received into these,
 * and handlers that copied a chunk out give them back ({@link
 * ServerCall.recycle}): a fresh 1 MiB buffer per message was the plugin's
 * garbage on uploads, and its page faults.
 */
const REUSABLE = 1024 * 1024 + 1024;
/** Smaller messages are not worth a 1 MiB buffer. */
const REUSABLE_FROM = 64 * 1024;
/** Reusable buffers kept for later messages, by every call. */
const messageBuffers = bufferPool(REUSABLE, 8);

/** A buffer for a message of `length` bytes. */
function messageBuffer(length: number): Uint8Array {
  if (length < REUSABLE_FROM || length > REUSABLE) {
    return new Uint8Array(length);
  }
  return new Uint8Array(messageBuffers.take(), 0, length);
}
const RESPONSE_HEADERS: HeaderField[] = [
  [":status", "200"],
  ["content-type", "application/grpc"],
];

/**
 * What the host may send ahead of the connector. Measured with plakar's
 * client (raw Put of 256 MiB in 1 MiB chunks, ¼ scale, 4 runs): 64 KiB
 * windows 148–229 MB/s, these 236–383 MB/s (4 / 16 MiB: 227–361), with no
 * higher peak RSS: at most a stream window waits in the plugin per stream.
 */
const RECEIVE_WINDOWS = { stream: 1024 * 1024, connection: 8 * 1024 * 1024 };

/**
 * An HTTP/2 connection serving `methods`; feed it the host's bytes with
 * `receive()`. `write` and `onFailure` are as {@link Http2Connection}
 * takes them.
 */
export function grpcConnection(options: {
  methods: Methods;
  write(bytes: Uint8Array, done: (error?: Error | null) => void): void;
  onFailure(failure: ConnectionFailure): void;
}): Http2Connection {
  return new Http2Connection({
    write: options.write,
    onStream: (stream, headers) => serveCall(stream, headers, options.methods),
    onFailure: options.onFailure,
    windows: RECEIVE_WINDOWS,
  });
}

/** Serves the call the host opened on `stream` with `headers`. */
export function serveCall(
  stream: Http2Stream,
  headers: HeaderField[],
  methods: Methods,
): void {
  const path = headers.find(([name]) => name === ":path")?.[1] ?? "";
  const method = methods.get(path);
  const encoding = headers.find(([name]) => name === "grpc-encoding")?.[1];
  const refusal = !method
    ? `this plugin has no method ${path || "(no :path)"}`
    : encoding && encoding !== "identity"
    ? `messages compressed with ${encoding} are not supported`
    : undefined;
  if (!method || refusal) {
    stream.onData = (payload) => stream.acknowledge(payload.byteLength);
    stream.close([
      ...RESPONSE_HEADERS,
      ...statusFields(Status.UNIMPLEMENTED, refusal!),
    ]);
    return;
  }
  new Call(stream, method).run();
}

/** One call's state: messages received and not yet read, and its end. */
class Call implements ServerCall<unknown, unknown> {
  readonly #stream: Http2Stream;
  readonly #method: Method;
  readonly #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  readonly #prefix = new Uint8Array(PREFIX);
  #prefixFilled = 0;
  #body: Uint8Array | undefined;
  #bodyFilled = 0;
  /** Bytes received and not yet given back to the host's window. */
  #owed = 0;
  #ended = false;
  #finished = false;
  #responded = false;
  #failure: PluginError | undefined;
  #waiting: (() => void)[] = [];
  /** The bytes of the message `read` gave last, until recycled. */
  #lastRead: Uint8Array | undefined;

  constructor(stream: Http2Stream, method: Method) {
    this.#stream = stream;
    this.#method = method;
    stream.onData = (payload) => this.#data(payload);
    stream.onEnd = () => {
      this.#ended = true;
      this.#poke();
    };
    stream.onReset = () => this.#poke();
  }

  get cancelled(): boolean {
    return this.#stream.reset;
  }

  run(): void {
    void (async () => {
      try {
        const answer = await this.#method.handle(this);
        if (answer !== undefined) await this.write(answer);
        this.#finish(Status.OK, "");
      } catch (error) {
        const code = error instanceof PluginError ? error.code : Status.UNKNOWN;
        this.#finish(code, errorMessage(error));
      }
    })();
  }

  async read(): Promise<unknown> {
    while (true) {
      const bytes = this.#queue.shift();
      if (bytes) {
        this.#queuedBytes -= bytes.byteLength;
        this.#lastRead = bytes;
        this.#settle();
        try {
          return this.#method.decode(bytes);
        } catch (error) {
          throw new PluginError(
            `the host sent a message that cannot be decoded: ${
              errorMessage(error)
            }`,
            { code: Status.INTERNAL, cause: error },
          );
        }
      }
      if (this.#failure) throw this.#failure;
      if (this.#stream.reset) return undefined;
      if (this.#ended) {
        if (this.#prefixFilled > 0 || this.#body) {
          throw new PluginError(
            "the host half-closed the call in the middle of a message",
            { code: Status.INTERNAL },
          );
        }
        return undefined;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  recycle(): void {
    // Only reusable buffers are kept; one handed over to a stream's reader
    // was detached, and is refused.
    if (this.#lastRead) messageBuffers.give(this.#lastRead.buffer);
    this.#lastRead = undefined;
  }

  write(message: unknown): Promise<boolean> {
    if (this.#stream.reset) return Promise.resolve(false);
    if (!this.#responded) {
      this.#responded = true;
      this.#stream.respond(RESPONSE_HEADERS);
    }
    const parts = this.#method.encode(message);
    let length = 0;
    for (const part of parts) length += part.byteLength;
    const prefix = new Uint8Array(PREFIX);
    new DataView(prefix.buffer).setUint32(1, length);
    return this.#stream.send([prefix, ...parts]);
  }

  #poke(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }

  /**
   * Splits DATA into messages, each copied into a buffer of its own: the
   * payload is a view of a read buffer the transport reuses.
   */
  #data(payload: Uint8Array): void {
    this.#owed += payload.byteLength;
    if (this.#finished || this.#failure) return this.#giveBack();
    let at = 0;
    const size = payload.byteLength;
    while (at < size && !this.#failure) {
      if (this.#body) {
        const take = Math.min(
          this.#body.byteLength - this.#bodyFilled,
          size - at,
        );
        this.#body.set(payload.subarray(at, at + take), this.#bodyFilled);
        this.#bodyFilled += take;
        at += take;
        if (this.#bodyFilled === this.#body.byteLength) {
          this.#enqueue(this.#body);
          this.#body = undefined;
        }
        continue;
      }
      if (this.#prefixFilled === 0 && size - at >= PREFIX) {
        const length = this.#messageLength(payload, at);
        if (this.#failure) break;
        at += PREFIX;
        if (size - at >= length) {
          this.#enqueue(payload.slice(at, at + length));
          at += length;
        } else {
          this.#body = messageBuffer(length);
          this.#bodyFilled = 0;
        }
        continue;
      }
      const take = Math.min(PREFIX - this.#prefixFilled, size - at);
      this.#prefix.set(payload.subarray(at, at + take), this.#prefixFilled);
      this.#prefixFilled += take;
      at += take;
      if (this.#prefixFilled < PREFIX) break;
      this.#prefixFilled = 0;
      const length = this.#messageLength(this.#prefix, 0);
      if (this.#failure) break;
      if (length === 0) this.#enqueue(new Uint8Array(0));
      else {
        this.#body = messageBuffer(length);
        this.#bodyFilled = 0;
      }
    }
    this.#settle();
    this.#poke();
  }

  #enqueue(message: Uint8Array): void {
    this.#queue.push(message);
    this.#queuedBytes += message.byteLength;
  }

  /**
   * Gives window back while less than a stream window of messages waits
   * unread: the host keeps one message ahead of a busy reader (a second
   * one arriving), and no more.
   */
  #settle(): void {
    if (this.#queuedBytes < this.#stream.window || this.#failure) {
      this.#giveBack();
    }
  }

  #messageLength(bytes: Uint8Array, at: number): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, PREFIX);
    const length = view.getUint32(1);
    if (view.getUint8(0) !== 0) {
      this.#failure = new PluginError(
        "the host sent a compressed message without saying how it is compressed",
        { code: Status.INTERNAL },
      );
    } else if (length > MAX_MESSAGE) {
      this.#failure = new PluginError(
        `the host sent a message of ${length} bytes, more than the ${MAX_MESSAGE} accepted`,
        { code: Status.RESOURCE_EXHAUSTED },
      );
    }
    return this.#failure ? 0 : length;
  }

  #giveBack(): void {
    if (this.#owed === 0) return;
    this.#stream.acknowledge(this.#owed);
    this.#owed = 0;
  }

  #finish(code: number, message: string): void {
    this.#finished = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#giveBack();
    if (this.#stream.reset) return;
    const status = statusFields(code, message);
    this.#stream.close(
      this.#responded ? status : [...RESPONSE_HEADERS, ...status],
    );
  }
}

function statusFields(code: number, message: string): HeaderField[] {
  const fields: HeaderField[] = [["grpc-status", String(code)]];
  if (message) fields.push(["grpc-message", percentEncode(message)]);
  return fields;
}

/** `grpc-message` is percent-encoded UTF-8 outside printable ASCII. */
function percentEncode(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    out += byte < 0x20 || byte > 0x7e || byte === 0x25
      ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
      : String.fromCharCode(byte);
  }
  return out;
}
