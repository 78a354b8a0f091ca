/**
 * The host's `store.Store` client, driven as plakar v1.1 drives it.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import * as pb from "../../../proto/gen/store_pb.ts";
import { chunks } from "../../_chunks.ts";
import type { ByteSource } from "../../chunk.ts";
import type { Mac } from "../../storage/mac.ts";
import { resourceToWire } from "../../storage/_resource_wire.ts";
import type { Resource } from "../../storage/resource.ts";
import {
  callError,
  HOST_CHUNKS,
  type Link,
  methodPath,
  onAbort,
  send,
  serverStream,
  unary,
} from "./_calls.ts";
import type { CallOptions } from "./calls.ts";
import { protocolOf } from "./_lifecycle.ts";
import type { StorageClient } from "./storage.ts";

const SERVICE = pb.Store;

/** The storage client over `link`. */
export function storageClient(link: Link): StorageClient {
  const call = <Res>(method: string, request: unknown, options?: CallOptions) =>
    unary<Res>(link, SERVICE, method, request, options);
  return {
    async init(config, options) {
      const answer = await call<pb.InitResponse>(
        "Init",
        create(pb.InitRequestSchema, {
          proto: protocolOf(config.location),
          config,
        }),
        options,
      );
      const { origin, type, root, flags } = answer;
      return { origin, type, root, flags };
    },
    async create(config, options) {
      await call("Create", create(pb.CreateRequestSchema, { config }), options);
    },
    async open(options) {
      return (await call<pb.OpenResponse>(
        "Open",
        create(pb.OpenRequestSchema),
        options,
      )).config;
    },
    async mode(options) {
      return (await call<pb.ModeResponse>(
        "Mode",
        create(pb.ModeRequestSchema),
        options,
      )).mode;
    },
    async size(options) {
      return (await call<pb.SizeResponse>(
        "Size",
        create(pb.SizeRequestSchema),
        options,
      )).size;
    },
    async list(resource, options) {
      return (await call<pb.ListResponse>(
        "List",
        create(pb.ListRequestSchema, { type: resourceToWire(resource) }),
        options,
      )).macs;
    },
    put: (resource, mac, content, options) =>
      put(link, resource, mac, content, options),
    async *get(resource, mac, range, options) {
      const request = create(pb.GetRequestSchema, {
        mac,
        type: resourceToWire(resource),
        range: range && { offset: range.offset, length: range.length },
      });
      for await (
        const message of serverStream<pb.GetResponse>(
          link,
          SERVICE,
          "Get",
          request,
          options,
        )
      ) yield message.chunk;
    },
    async delete(resource, mac, options) {
      await call(
        "Delete",
        create(pb.DeleteRequestSchema, { mac, type: resourceToWire(resource) }),
        options,
      );
    },
    async ping(options) {
      await call("Ping", create(pb.PingRequestSchema), options);
    },
    async close(options) {
      await call("Close", create(pb.CloseRequestSchema), options);
    },
  };
}

function put(
  link: Link,
  resource: Resource,
  mac: Mac,
  content: ByteSource,
  options: CallOptions = {},
): Promise<bigint> {
  const path = methodPath(SERVICE, "Put");
  return new Promise<bigint>((resolve, reject) => {
    let ended = false;
    const stream = link.client(SERVICE).Put(
      (error: unknown, response: pb.PutResponse) => {
        ended = true;
        release();
        if (error) reject(callError(link, path, error, options.signal));
        else resolve(response.bytesWritten);
      },
    );
    const release = onAbort(options.signal, () => stream.cancel());
    (async () => {
      await send(
        stream,
        create(pb.PutRequestSchema, { mac, type: resourceToWire(resource) }),
      );
      for await (const chunk of chunks(content, HOST_CHUNKS)) {
        if (ended) return;
        await send(stream, create(pb.PutRequestSchema, { chunk }));
      }
      if (!ended) stream.end();
    })().catch((error) => {
      stream.cancel();
      if (!ended) reject(error);
    });
  });
}
