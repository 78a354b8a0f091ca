/**
 * Drives an SDK service in-process: the SDK's own server on a loopback port
 * with the service's handlers, and a grpc-js client speaking the same
 * generated encodings. For unit tests; compatibility with plakar itself is proven by
 * the end-to-end tests.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import http2 from "node:http2";
import type { DescService } from "@bufbuild/protobuf";
import {
  type Client,
  credentials,
  makeGenericClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import { batchWriter } from "../../sdk/_transport/batch_writer.ts";
import { grpcConnection } from "../../sdk/_transport/grpc.ts";
import {
  serviceDefinition,
  type ServiceHandlers,
  serviceMethods,
} from "../../sdk/_transport/service.ts";

/** A generic grpc-js client: its methods are only known at run time. */
// deno-lint-ignore no-explicit-any
type GrpcClient = Client & Record<string, any>;

/** A served service and a client connected to it. */
export interface InProcess extends AsyncDisposable {
  /** The grpc-js client: methods by name, as grpc-js generates them. */
  client: GrpcClient;
  /** The loopback port the service listens on. */
  port: number;
  /** Calls a unary method and resolves to its response. */
  unary<T>(method: string, request: unknown): Promise<T>;
}

/** Serves `handlers` as `service` on 127.0.0.1 and connects a client. */
export function inProcess(
  service: DescService,
  handlers: ServiceHandlers,
): Promise<InProcess> {
  const definition = serviceDefinition(service);
  const methods = serviceMethods(service, handlers);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  const connections = new Set<Deno.Conn>();
  const accepting = (async () => {
    for await (const conn of listener) {
      connections.add(conn);
      const out = batchWriter((bytes) => conn.write(bytes));
      const connection = grpcConnection({
        methods,
        write: out.write,
        onFailure: () => conn.close(),
      });
      (async () => {
        for await (const bytes of conn.readable) connection.receive(bytes);
      })().catch(() => {}).finally(() => {
        connection.end();
        connections.delete(conn);
      });
    }
  })().catch(() => {});
  const Constructor = makeGenericClientConstructor(
    definition,
    service.typeName,
  );
  const client = new Constructor(
    `127.0.0.1:${port}`,
    credentials.createInsecure(),
  ) as GrpcClient;
  return Promise.resolve({
    client,
    port,
    unary: <T>(method: string, request: unknown) =>
      new Promise<T>((resolve, reject) =>
        client[method](
          request,
          (error: ServiceError | null, response: T) =>
            error ? reject(error) : resolve(response),
        )
      ),
    async [Symbol.asyncDispose]() {
      client.close();
      listener.close();
      for (const conn of connections) conn.close();
      await accepting;
    },
  });
}

/** Collects a server stream's messages; rejects with its status on error. */
export function collect<T>(
  // deno-lint-ignore no-explicit-any
  stream: { on(event: string, listener: (...args: any[]) => void): unknown },
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const messages: T[] = [];
    stream.on("data", (message: T) => messages.push(message));
    stream.on("error", reject);
    stream.on("end", () => resolve(messages));
  });
}

function bareCall(port: number, path: string) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => {});
  const stream = session.request({
    ":method": "POST",
    ":path": path,
    "content-type": "application/grpc",
    te: "trailers",
  });
  stream.on("error", () => {});
  return { session, stream };
}

/**
 * Opens a gRPC call as a bare HTTP/2 stream that is never read: unlike the
 * grpc-js client, it stops granting flow-control window, as a busy host
 * does. Destroy the returned session to cancel.
 */
export function stalledCall(
  port: number,
  path: string,
): http2.ClientHttp2Session {
  const { session, stream } = bareCall(port, path);
  stream.pause();
  return session;
}

/**
 * Opens a gRPC call as a bare HTTP/2 stream and reads it to its trailers:
 * every message the server sent (the grpc-js client drops the last ones
 * when a call fails) and the status.
 */
export async function bareResponses(
  port: number,
  path: string,
): Promise<{ messages: Uint8Array[]; status: number; message: string }> {
  const { session, stream } = bareCall(port, path);
  try {
    const pieces: Buffer[] = [];
    stream.on("data", (piece: Buffer) => pieces.push(piece));
    const trailers = new Promise<http2.IncomingHttpHeaders>((resolve) =>
      stream.on("trailers", resolve)
    );
    await new Promise((resolve) => stream.on("end", resolve));
    const bytes = Buffer.concat(pieces);
    const messages: Uint8Array[] = [];
    for (let at = 0; at < bytes.byteLength;) {
      const length = bytes.readUInt32BE(at + 1);
      messages.push(bytes.subarray(at + 5, at + 5 + length));
      at += 5 + length;
    }
    return {
      messages,
      status: Number((await trailers)["grpc-status"]),
      message: decodeURIComponent(String((await trailers)["grpc-message"])),
    };
  } finally {
    session.destroy();
  }
}
