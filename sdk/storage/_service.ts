/**
 * The `store.Store` gRPC service over a {@link Storage}.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import * as pb from "../../proto/gen/store_pb.ts";
import { buildConnector, initAnswer } from "../_connector/handshake.ts";
import { connectorInstance } from "../_connector/instance.ts";
import { logger } from "../log.ts";
import { PluginError } from "../errors.ts";
import { request, unary, writeAll } from "../_transport/streams.ts";
import type { ServerCall } from "../_transport/grpc.ts";
import { Status } from "../_transport/status.ts";
import { chunks } from "../_chunks.ts";
import { receivedBytes } from "../_received_bytes.ts";
import { checkMac } from "./_mac.ts";
import type { Mac } from "./mac.ts";
import { resourceFromWire } from "./_resource_wire.ts";
import type { Storage, StorageFactory, StorageHint } from "./types.ts";
import type { ServiceHandlers } from "../_transport/service.ts";

const HOT = 1;
const log = logger("storage");

function hint(flags: number): StorageHint {
  return { hot: (flags & HOT) !== 0 };
}

/** The handlers of the `store.Store` service, constructing the storage on `Init`. */
export function storageService(factory: StorageFactory): {
  handlers: ServiceHandlers;
  /** Closes the storage if the host did not. */
  shutdown(): Promise<void>;
} {
  const instance = connectorInstance<Storage>("storage");
  const ready = () => instance.get();

  const handlers: ServiceHandlers = {
    Init: unary(async ({ request }: { request: pb.InitRequest }) => {
      const storage = await buildConnector(request, factory, log);
      instance.set(storage);
      return create(pb.InitResponseSchema, initAnswer(storage));
    }),
    Create: unary(async ({ request }: { request: pb.CreateRequest }) => {
      await ready().create(request.config);
      return create(pb.CreateResponseSchema);
    }),
    Open: unary(async () =>
      create(pb.OpenResponseSchema, { config: await ready().open() })
    ),
    Ping: unary(() => create(pb.PingResponseSchema)),
    Mode: unary(async () =>
      create(pb.ModeResponseSchema, { mode: await ready().mode() })
    ),
    Size: unary(async () =>
      create(pb.SizeResponseSchema, { size: BigInt(await ready().size()) })
    ),
    List: unary(async ({ request }: { request: pb.ListRequest }) => {
      const macs: Mac[] = [];
      const found = await ready().list(
        resourceFromWire(request.type),
        hint(request.flags),
      );
      for await (const mac of found) macs.push(checkMac(mac));
      return create(pb.ListResponseSchema, { macs });
    }),
    Put: async (call: ServerCall<pb.PutRequest, pb.PutResponse>) => {
      const header = await call.read();
      if (!header) {
        throw new PluginError(
          "Put: the stream ended before its header (mac and type)",
        );
      }
      // A copy: the header's buffer may go to the storage with its chunk.
      const mac = checkMac(header.mac.slice());
      const resource = resourceFromWire(header.type);
      const data = requestChunks(header.chunk, call);
      try {
        const written = await ready().put(
          resource,
          mac,
          data,
          hint(header.flags),
        );
        return create(pb.PutResponseSchema, {
          bytesWritten: BigInt(written),
        });
      } finally {
        // The host sends the whole object before it reads the answer: an
        // answer given while it still sends reaches it as a bare EOF.
        // Read what is left, so that it gets the connector's message.
        if (!call.cancelled) await drain(call);
      }
    },
    Get: async (call: ServerCall<pb.GetRequest, pb.GetResponse>) => {
      const { mac: wireMac, type, range, flags } = await request(call);
      const source = await ready().get(
        resourceFromWire(type),
        checkMac(wireMac),
        range ? { offset: range.offset, length: range.length } : undefined,
        hint(flags),
      );
      await writeAll(
        call,
        mapChunks(
          chunks(source),
          (chunk) => create(pb.GetResponseSchema, { chunk }),
        ),
      );
    },
    Delete: unary(async ({ request }: { request: pb.DeleteRequest }) => {
      await ready().delete(
        resourceFromWire(request.type),
        checkMac(request.mac),
        hint(request.flags),
      );
      return create(pb.DeleteResponseSchema);
    }),
    Close: unary(async () => {
      await instance.close();
      return create(pb.CloseResponseSchema);
    }),
  };
  return { handlers, shutdown: instance.close };
}

/**
 * The chunks of a Put as a byte stream (see {@link receivedBytes}): the next
 * message is read from the call only when the storage asks for more, which
 * holds back the host. A call the host cancels ends its messages just like
 * a complete one, so the stream then fails instead: the storage must not
 * keep a truncated object.
 */
function requestChunks(
  first: Uint8Array,
  call: ServerCall<pb.PutRequest, unknown>,
): ReadableStream<Uint8Array> {
  let pending: Uint8Array | undefined = first.byteLength > 0
    ? first
    : undefined;
  return receivedBytes({
    async next() {
      if (pending) {
        const chunk = pending;
        pending = undefined;
        return chunk;
      }
      while (true) {
        const next = await call.read();
        if (!next && call.cancelled) {
          throw new PluginError("Put: the host cancelled the call midway", {
            code: Status.CANCELLED,
          });
        }
        if (!next) return undefined;
        if (next.chunk.byteLength > 0) return next.chunk;
        call.recycle();
      }
    },
    // Nothing to release on cancel: the Put handler reads the rest of the call.
    recycle: () => call.recycle(),
  });
}

/** Reads and drops the remaining messages of a call. */
async function drain(call: ServerCall<unknown, unknown>): Promise<void> {
  while ((await call.read()) !== undefined) { /* dropped */ }
}

async function* mapChunks<T>(
  source: AsyncIterable<Uint8Array>,
  wrap: (chunk: Uint8Array) => T,
): AsyncGenerator<T> {
  for await (const chunk of source) yield wrap(chunk);
}
