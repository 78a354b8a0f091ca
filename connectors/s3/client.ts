/**
 * A small S3 client over Deno's `fetch`: path-style requests signed with
 * SigV4, each with a timeout, retried with exponential back-off when S3
 * clients normally retry (5xx, throttling, timeouts, dropped connections),
 * and failures turned into messages that name the endpoint, the bucket
 * and the option to fix. Credentials never appear in a message.
 *
 * @module
 */
import { errorMessage, PluginError } from "@plakar/kit";
import { backoffMs, retryableStatus, sleep } from "./retry.ts";
import {
  EMPTY_SHA256,
  sha256Hex,
  sign,
  type SigningKey,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from "./sigv4.ts";
import type { S3Location } from "./location.ts";
import { element, errorBody, type ListedObject, listPage } from "./xml.ts";

/** How a client reaches its bucket. */
export interface ClientConfig extends S3Location {
  /** Credentials and region. */
  signing: SigningKey;
  /** Milliseconds a request may wait for an answer or for the next piece of a download. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The HTTP client to use (one trusting a given CA); fetch's own by default. */
  http?: Deno.HttpClient;
}

/** A refused S3 request: its HTTP status and S3 error code. */
export class S3Error extends PluginError {
  /** HTTP status of the answer (0 when none came). */
  readonly status: number;
  /** S3's error code, e.g. `NoSuchKey`, when it gave one. */
  readonly s3Code?: string;

  /** An error with a message for people and what the server said. */
  constructor(message: string, status: number, s3Code?: string) {
    super(message);
    this.name = "S3Error";
    this.status = status;
    this.s3Code = s3Code;
  }
}

/** One request. */
interface Call {
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  /** The object key; absent for requests on the bucket. */
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** What it does, for messages: "read CONFIG". */
  what: string;
}

/** An answer whose body was read whole (small: XML, or nothing). */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A successful answer whose body is still to read, and how to stop it. */
interface Streamed {
  response: Response;
  /** Aborts the request: its body's reads fail. */
  abort: AbortController;
}

/** A part of a multipart upload, as uploaded. */
export interface UploadedPart {
  number: number;
  etag: string;
}

/** The S3 operations the connectors use, bound to one bucket. */
export interface S3Client {
  /** `http(s)://host:port/bucket`, for messages. */
  readonly where: string;
  /** The configuration it was made with. */
  readonly config: ClientConfig;
  /** Whether the bucket exists (fails on refused credentials). */
  bucketExists(): Promise<boolean>;
  /** Creates the bucket; an existing bucket of ours is fine. */
  createBucket(): Promise<void>;
  /** The size of an object, or null when there is none. */
  headObject(key: string): Promise<{ size: number } | null>;
  /** The content of an object, or of `[offset, offset + length)`. */
  getObject(
    key: string,
    range?: { offset: number; length: number },
  ): Promise<ReadableStream<Uint8Array>>;
  /** Stores a small object in one request. */
  putObject(
    key: string,
    body: Uint8Array,
    headers?: Record<string, string>,
  ): Promise<void>;
  /** Starts a multipart upload; returns its id. */
  createMultipart(
    key: string,
    headers?: Record<string, string>,
  ): Promise<string>;
  /** Uploads part `number` (from 1); returns its ETag. */
  uploadPart(
    key: string,
    uploadId: string,
    number: number,
    body: Uint8Array,
  ): Promise<string>;
  /** Completes a multipart upload from its parts. */
  completeMultipart(
    key: string,
    uploadId: string,
    parts: UploadedPart[],
  ): Promise<void>;
  /** Abandons a multipart upload. */
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /** Every object under `prefix`, in key order, page after page. */
  list(prefix: string): AsyncGenerator<ListedObject>;
  /** Removes an object (a missing one is not an error, as in S3). */
  deleteObject(key: string): Promise<void>;
}

/**
 * Bytes a download hands on at a time. Fetch's own pieces (7 to 64 KiB)
 * made one message each down the line; 1 MiB chunks (the protocol's
 * largest) kept three of them in flight per download, and plakar's
 * concurrent Gets in a restore took the plugin's peak RSS from 225–230 to
 * 243–260 MB.
 */
const DOWNLOAD_CHUNK = 256 * 1024;

/** A client for the bucket of `config`. */
export function s3Client(config: ClientConfig): S3Client {
  const where = `${config.endpoint}/${config.bucket}`;
  const tls = config.endpoint.startsWith("https:");

  const url = (call: Call) => {
    const path = `/${uriEncode(config.bucket)}${
      call.key === undefined ? "" : `/${uriEncode(call.key, true)}`
    }`;
    const target = new URL(config.endpoint + path);
    for (const [k, v] of Object.entries(call.query ?? {})) {
      target.searchParams.set(k, v);
    }
    // URLSearchParams writes spaces as "+": SigV4 wants %20 on the wire too.
    target.search = target.search.replaceAll("+", "%20");
    return target;
  };

  /** One attempt; throws `Retry` for what is worth another. */
  const attempt = async (
    call: Call,
    stream: boolean,
  ): Promise<Answer | Streamed> => {
    const target = url(call);
    // Over TLS the channel guards the body, and S3 accepts it unsigned (as
    // the AWS SDKs and minio-go send it): no pass of SHA-256 over every
    // byte. Plain HTTP signs the body too.
    const payloadHash = !call.body
      ? EMPTY_SHA256
      : tls
      ? UNSIGNED_PAYLOAD
      : sha256Hex(call.body);
    const headers = sign(config.signing, {
      method: call.method,
      url: target,
      headers: call.headers ?? {},
      payloadHash,
      date: new Date(),
    });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), config.timeoutMs);
    try {
      const response = await fetch(target, {
        method: call.method,
        headers,
        body: call.body as Uint8Array<ArrayBuffer> | undefined,
        signal: abort.signal,
        client: config.http,
      });
      if (retryableStatus(response.status)) {
        const { code } = errorBody(await response.text());
        throw new Retry(
          `${response.status}${code ? ` ${code}` : ""}`,
          response.status,
          code,
        );
      }
      if (stream && response.ok) return { response, abort };
      return {
        status: response.status,
        headers: response.headers,
        text: await response.text(),
      };
    } catch (error) {
      if (error instanceof Retry || error instanceof S3Error) throw error;
      if (abort.signal.aborted) {
        throw new Retry(`no answer within ${config.timeoutMs / 1000} s`, 0);
      }
      // fetch says "fetch failed"; what failed is in the cause.
      const reason = errorMessage((error as Error).cause ?? error).replace(
        /^error sending request for url \([^)]*\):\s*/,
        "",
      );
      if (/certificate|tls|ssl|handshake|corrupt message/i.test(reason)) {
        throw new S3Error(
          `TLS failure talking to ${config.endpoint} (options "use_tls", "tls_ca_cert" and "location"): ${reason}`,
          0,
        );
      }
      throw new Retry(reason, 0);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * Sends `call`, retrying; a refused answer becomes an S3Error. With
   * `stream`, a successful answer comes back unread.
   */
  async function send(call: Call, stream: true): Promise<Streamed>;
  async function send(call: Call, stream?: false): Promise<Answer>;
  async function send(call: Call, stream = false): Promise<Streamed | Answer> {
    for (let n = 0;; n++) {
      try {
        const answer = await attempt(call, stream);
        if ("response" in answer || answer.status < 300) return answer;
        throw refusal(call, answer);
      } catch (error) {
        if (!(error instanceof Retry)) throw error;
        if (n >= config.maxRetries) {
          throw new S3Error(
            `could not ${call.what} at ${where}: ${error.message}${
              error.status === 0
                ? ` (is the endpoint in option "location" right and up?)`
                : ""
            }; gave up after ${n + 1} attempt${n === 0 ? "" : "s"}`,
            error.status,
            error.s3Code,
          );
        }
        await sleep(backoffMs(n + 1));
      }
    }
  }

  const refusal = (call: Call, answer: Answer): S3Error => {
    const { code, message } = errorBody(answer.text);
    const said = [code, message].filter(Boolean).join(": ") ||
      `HTTP ${answer.status}`;
    // Servers name a bad key in their own words (versitygw:
    // XAdminUserNotFound, with 404); any 403 but AccessDenied means the
    // credentials.
    if (
      (answer.status === 403 && code !== "AccessDenied") ||
      code === "InvalidAccessKeyId" || code === "XAdminUserNotFound"
    ) {
      return new S3Error(
        `the S3 server at ${config.endpoint} refused the credentials (options "access_key" and "secret_access_key"): ${said}`,
        answer.status,
        code ?? "AccessDenied",
      );
    }
    if (code === "AccessDenied") {
      return new S3Error(
        `the S3 server at ${config.endpoint} denied ${call.what} in bucket "${config.bucket}": the key of option "access_key" lacks the permission`,
        answer.status,
        code,
      );
    }
    if (code === "NoSuchBucket") {
      return new S3Error(
        `bucket "${config.bucket}" does not exist at ${config.endpoint} (option "location")`,
        answer.status,
        code,
      );
    }
    return new S3Error(
      `could not ${call.what} at ${where}: ${said}`,
      answer.status,
      code ?? (answer.status === 404 ? "NotFound" : undefined),
    );
  };

  const isMissing = (error: unknown) =>
    error instanceof S3Error && error.status === 404;

  const getObject: S3Client["getObject"] = async (key, range) => {
    const what = `read ${key}`;
    const end = range ? range.offset + range.length : undefined;
    let received = 0;
    /** Bytes of the whole download, when the server said. */
    let expected: number | undefined;
    let etag: string | null = null;
    const open = async () => {
      const headers: Record<string, string> = {};
      const from = (range?.offset ?? 0) + received;
      if (range || received > 0) {
        headers.range = `bytes=${from}-${end === undefined ? "" : end - 1}`;
      }
      if (etag) headers["if-match"] = etag;
      const { response, abort } = await send(
        { method: "GET", key, headers, what },
        true,
      );
      etag ??= response.headers.get("etag");
      const length = response.headers.get("content-length");
      expected = length === null ? undefined : received + Number(length);
      return { reader: response.body!.getReader({ mode: "byob" }), abort };
    };
    let body = await open();
    const idle = idleWatch(config.timeoutMs, () => body.abort.abort());
    /**
     * The next chunk, read straight into its own buffer and filled up to
     * {@link DOWNLOAD_CHUNK} (or to the end). Undefined at the end.
     */
    const nextChunk = async (): Promise<Uint8Array | undefined> => {
      // Sized to what is left, so a small object gets a small buffer; 1
      // byte at the end, to see the body end and free its connection.
      const size = expected === undefined
        ? DOWNLOAD_CHUNK
        : Math.max(1, Math.min(DOWNLOAD_CHUNK, expected - received));
      let buffer = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const { done, value } = await idle.during(
          body.reader.read(buffer.subarray(filled)),
        );
        // A BYOB read hands the buffer back in `value`, even at the end.
        if (value) buffer = new Uint8Array(value.buffer);
        if (done) break;
        filled += value!.length;
      }
      return filled === 0 ? undefined : buffer.subarray(0, filled);
    };
    let resumes = 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          try {
            const chunk = await nextChunk();
            if (chunk) {
              received += chunk.length;
              return controller.enqueue(chunk);
            }
            idle.stop();
            if (range && received < range.length) {
              return controller.error(
                new S3Error(
                  `range ${range.offset}+${range.length} is past the end of ${key} (${received} bytes of it there)`,
                  416,
                ),
              );
            }
            return controller.close();
          } catch (error) {
            const reason = idle.fired()
              ? `no data for ${config.timeoutMs / 1000} s`
              : errorMessage(error);
            body.abort.abort();
            // A dropped or stalled download resumes where it stopped (a
            // chunk read only in part is read again).
            if (resumes++ >= config.maxRetries) {
              idle.stop();
              return controller.error(
                new S3Error(
                  `could not ${what} at ${where}: the download broke off after ${received} bytes (${reason}); gave up after ${resumes} attempts`,
                  0,
                ),
              );
            }
            await sleep(backoffMs(resumes));
            try {
              body = await open();
            } catch (reopen) {
              idle.stop();
              return controller.error(reopen);
            }
          }
        }
      },
      cancel: (reason) => {
        idle.stop();
        return body.reader.cancel(reason);
      },
    }, { highWaterMark: 0 });
  };

  return {
    where,
    config,

    async bucketExists() {
      // A listing rather than HEAD: its error answers have a body, which
      // tells a missing bucket from an unknown key (versitygw answers 404
      // to both).
      try {
        await send({
          method: "GET",
          query: { "list-type": "2", "max-keys": "1" },
          what: "check the bucket",
        });
        return true;
      } catch (error) {
        if (error instanceof S3Error && error.s3Code === "NoSuchBucket") {
          return false;
        }
        throw error;
      }
    },

    async createBucket() {
      try {
        await send({ method: "PUT", what: "create the bucket" });
      } catch (error) {
        if (
          error instanceof S3Error && error.s3Code === "BucketAlreadyOwnedByYou"
        ) return;
        throw error;
      }
    },

    async headObject(key) {
      try {
        const answer = await send({
          method: "HEAD",
          key,
          what: `check ${key}`,
        });
        return { size: Number(answer.headers.get("content-length") ?? 0) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    getObject,

    async putObject(key, body, headers) {
      await send({ method: "PUT", key, body, headers, what: `write ${key}` });
    },

    async createMultipart(key, headers) {
      const answer = await send({
        method: "POST",
        key,
        query: { uploads: "" },
        headers,
        what: `start the upload of ${key}`,
      });
      const id = element(answer.text, "UploadId");
      if (!id) {
        throw new S3Error(
          `could not start the upload of ${key} at ${where}: the answer has no UploadId`,
          answer.status,
        );
      }
      return id;
    },

    async uploadPart(key, uploadId, number, body) {
      const answer = await send({
        method: "PUT",
        key,
        query: { partNumber: String(number), uploadId },
        body,
        what: `write part ${number} of ${key}`,
      });
      return answer.headers.get("etag") ?? "";
    },

    async completeMultipart(key, uploadId, parts) {
      const xml = `<CompleteMultipartUpload>${
        parts.map((p) =>
          `<Part><PartNumber>${p.number}</PartNumber><ETag>${
            p.etag.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
          }</ETag></Part>`
        ).join("")
      }</CompleteMultipartUpload>`;
      const answer = await send({
        method: "POST",
        key,
        query: { uploadId },
        body: new TextEncoder().encode(xml),
        headers: { "content-type": "application/xml" },
        what: `complete the upload of ${key}`,
      });
      // S3 may answer 200 with an error in the body.
      const { code, message } = errorBody(answer.text);
      if (answer.text.includes("<Error>")) {
        throw new S3Error(
          `could not complete the upload of ${key} at ${where}: ${code}: ${message}`,
          answer.status,
          code,
        );
      }
    },

    async abortMultipart(key, uploadId) {
      await send({
        method: "DELETE",
        key,
        query: { uploadId },
        what: `abort the upload of ${key}`,
      });
    },

    async *list(prefix) {
      let token: string | undefined;
      do {
        const query: Record<string, string> = { "list-type": "2" };
        if (prefix) query.prefix = prefix;
        if (token) query["continuation-token"] = token;
        const answer = await send({
          method: "GET",
          query,
          what: `list ${prefix || "the bucket"}`,
        });
        const page = listPage(answer.text);
        yield* page.objects;
        token = page.nextToken;
      } while (token);
    },

    async deleteObject(key) {
      await send({ method: "DELETE", key, what: `delete ${key}` });
    },
  };
}

/** A failure worth another attempt. */
class Retry extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly s3Code?: string,
  ) {
    super(message);
  }
}

/**
 * Calls `onIdle` once a read has waited `ms`: one timer for all the reads
 * of a download, re-armed only when it fires, rather than a timer and a
 * promise race for each read (16 000 of them a GiB).
 */
function idleWatch(ms: number, onIdle: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending read started; undefined between reads. */
  let since: number | undefined;
  let fired = false;
  const check = () => {
    timer = undefined;
    if (since === undefined) return;
    const waited = performance.now() - since;
    if (waited < ms) {
      timer = setTimeout(check, ms - waited);
      return;
    }
    fired = true;
    onIdle();
  };
  return {
    /** `read`, watched. */
    async during<T>(read: Promise<T>): Promise<T> {
      since = performance.now();
      timer ??= setTimeout(check, ms);
      try {
        return await read;
      } finally {
        since = undefined;
      }
    },
    /** Whether it gave up on a read since last asked. */
    fired() {
      const was = fired;
      fired = false;
      return was;
    },
    /** Disarms it. */
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
