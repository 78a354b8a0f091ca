/**
 * The `importer.Importer` gRPC service over an {@link Importer}.
 *
 * `Import` streams one record per scanned item, as fast as flow control
 * lets it, then `finished`, and keeps reading the host's acknowledgements
 * until the host half-closes. Content is opened lazily by concurrent `Open`
 * calls, each at most once. A scan that throws fails `Import` with a status
 * naming the failure: the backup stops instead of recording half a tree.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { Result } from "../../proto/gen/connectors_pb.ts";
import * as pb from "../../proto/gen/importer_pb.ts";
import { buildConnector, initAnswer } from "../_connector/handshake.ts";
import {
  connectorInstance,
  lifecycleHandlers,
} from "../_connector/instance.ts";
import { recordFromScanItem } from "./_record_wire.ts";
import { logger } from "../log.ts";
import { errorMessage, PluginError } from "../errors.ts";
import type { ServerCall } from "../_transport/grpc.ts";
import { request, unary, writeAll } from "../_transport/streams.ts";
import { chunks } from "../_chunks.ts";
import type { ByteSource } from "../chunk.ts";
import { contentKey } from "./_content_key.ts";
import type {
  Ack,
  ContentOpener,
  Importer,
  ImporterFactory,
  ScanItem,
} from "./types.ts";
import type { ServiceHandlers } from "../_transport/service.ts";

const log = logger("importer");

/** Content openers of scanned records, by {@link contentKey}. */
type Openers = Map<string, ContentOpener>;

/** The handlers of the `importer.Importer` service, constructing the importer on `Init`. */
export function importerService(factory: ImporterFactory): {
  handlers: ServiceHandlers;
  /** Closes the importer if the host did not. */
  shutdown(): Promise<void>;
} {
  const instance = connectorInstance<Importer>("importer");
  const openers: Openers = new Map();

  const close = async () => {
    openers.clear();
    await instance.close();
  };

  const handlers: ServiceHandlers = {
    Init: unary(async (call: { request: pb.InitRequest }) => {
      const importer = await buildConnector(call.request, factory, log);
      openers.clear();
      instance.set(importer);
      return create(pb.InitResponseSchema, initAnswer(importer));
    }),

    Import: async (call: ServerCall<pb.ImportRequest, pb.ImportResponse>) => {
      const importer = instance.get();
      const acks = receiveAcks(call, importer, openers);
      const completed = await writeAll(call, responses(importer, openers));
      if (!completed) return;
      // Ending the call before the host half-closes would lose its acks.
      const failure = await acks;
      if (failure) throw failure;
    },

    Open: async (call: ServerCall<pb.OpenRequest, pb.OpenResponse>) => {
      instance.get();
      const record = (await request(call)).record;
      const key = record ? contentKey(record) : "";
      const open = openers.get(key);
      if (!open) {
        throw new PluginError(
          `no content to send for "${key}": it was not scanned with content, or was already opened or acknowledged`,
        );
      }
      openers.delete(key);
      await writeAll(call, openResponses(await open()));
    },

    ...lifecycleHandlers(instance, {
      ping: pb.PingResponseSchema,
      close: pb.CloseResponseSchema,
    }, close),
  };
  return { handlers, shutdown: close };
}

/**
 * One response per scanned item, then `finished`. The scan is pulled only
 * when the previous record was accepted by the transport.
 */
async function* responses(
  importer: Importer,
  openers: Openers,
): AsyncGenerator<pb.ImportResponse> {
  let count = 0;
  try {
    for await (const item of importer.scan() as AsyncIterable<ScanItem>) {
      const record = recordFromScanItem(item);
      if (record.hasReader) {
        openers.set(
          contentKey(record),
          (item as { content: ContentOpener }).content,
        );
      }
      count++;
      yield create(pb.ImportResponseSchema, { record });
    }
  } catch (error) {
    throw new PluginError(
      `the scan of ${importer.root} failed after ${count} entries: ${
        errorMessage(error)
      }`,
      { cause: error },
    );
  }
  log.debug(`scan of ${importer.root} done: ${count} entries`);
  yield create(pb.ImportResponseSchema, { finished: true });
}

/**
 * Reads acknowledgements until the host half-closes: releases the acked
 * record's content and tells the importer. Resolves to the first failure of
 * the importer's `ack` (or of the stream), reading on so the host never
 * blocks.
 */
async function receiveAcks(
  call: ServerCall<pb.ImportRequest, unknown>,
  importer: Importer,
  openers: Openers,
): Promise<unknown> {
  let failure: unknown;
  try {
    for (let request; (request = await call.read());) {
      const result = request.result;
      if (!result?.header) continue;
      openers.delete(contentKey(result.header));
      if (!importer.ack || failure) continue;
      try {
        await importer.ack(ackOf(result));
      } catch (error) {
        failure = new PluginError(
          `acknowledging ${result.header.pathname} failed: ${
            errorMessage(error)
          }`,
          { cause: error },
        );
      }
    }
  } catch (error) {
    if (!call.cancelled) failure ??= error;
  }
  return failure;
}

function ackOf(result: Result): Ack {
  const header = result.header!;
  const ack: Ack = { pathname: header.pathname };
  if (header.isXattr) ack.xattrName = header.xattrName;
  if (result.error) ack.error = result.error;
  return ack;
}

async function* openResponses(
  source: ByteSource,
): AsyncGenerator<pb.OpenResponse> {
  for await (const chunk of chunks(source)) {
    yield create(pb.OpenResponseSchema, { chunk });
  }
}
