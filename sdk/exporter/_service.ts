/**
 * The `plakar.exporter.Exporter` gRPC service over an {@link Exporter}.
 *
 * The host sends each record, followed for a file by its content chunks and
 * one empty chunk as end marker. Entries are restored in order, their
 * content pulled from the call as the exporter reads it (so the host is held
 * back by a slow target); up to the exporter's `concurrency` files overlap,
 * each finishing (closing, renaming, setting times…) while the next ones
 * arrive. One result per record goes back, in record order, with the
 * exporter's error message if `restore` threw; after the host half-closes,
 * `finish()` runs and the call ends OK.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { Record as WireRecord } from "../../proto/gen/connectors_pb.ts";
import * as pb from "../../proto/gen/exporter_pb.ts";
import { buildConnector, initAnswer } from "../_connector/handshake.ts";
import {
  connectorInstance,
  lifecycleHandlers,
} from "../_connector/instance.ts";
import { entryFromRecord } from "./_record_wire.ts";
import { logger } from "../log.ts";
import { errorMessage, PluginError } from "../errors.ts";
import type { ServerCall } from "../_transport/grpc.ts";
import { receivedBytes } from "../_received_bytes.ts";
import { unary, writeAll } from "../_transport/streams.ts";
import type { Exporter, ExporterFactory } from "./types.ts";
import { inOrder } from "./_in_order.ts";
import type { ServiceHandlers } from "../_transport/service.ts";

const log = logger("exporter");

/** Where the host's messages are read from, one at a time. */
type Requests = Pick<ServerCall<pb.ExportRequest, unknown>, "read" | "recycle">;

/** The handlers of the `plakar.exporter.Exporter` service, constructing the exporter on `Init`. */
export function exporterService(factory: ExporterFactory): {
  handlers: ServiceHandlers;
  /** Closes the exporter if the host did not. */
  shutdown(): Promise<void>;
} {
  const instance = connectorInstance<Exporter>("exporter");

  const handlers: ServiceHandlers = {
    Init: unary(async (call: { request: pb.InitRequest }) => {
      const exporter = await buildConnector(call.request, factory, log);
      instance.set(exporter);
      return create(pb.InitResponseSchema, initAnswer(exporter));
    }),

    Export: async (call: ServerCall<pb.ExportRequest, pb.ExportResponse>) => {
      await writeAll(call, results(instance.get(), call));
    },

    ...lifecycleHandlers(instance, {
      ping: pb.PingResponseSchema,
      close: pb.CloseResponseSchema,
    }),
  };
  return { handlers, shutdown: instance.close };
}

/** Restores every entry the host sends, yielding one result per record. */
async function* results(
  exporter: Exporter,
  requests: Requests,
): AsyncGenerator<pb.ExportResponse> {
  const overlap = concurrency(exporter);
  const pending = inOrder<pb.ExportResponse>();
  let count = 0;
  while (true) {
    const request = await requests.read();
    if (!request) break;
    const packet = request.packet;
    if (packet.case !== "record") {
      throw new PluginError(
        packet.case === "chunk"
          ? `the host sent content after entry ${count} without a record announcing it`
          : "the host sent an empty message instead of a record",
      );
    }
    count++;
    const record = packet.value;
    // Only files overlap: a directory or link must exist before what comes
    // after it (and after every file before it), an attribute after its file.
    const alone = overlap === 1 || !record.hasReader || record.isXattr;
    yield* await pending.settle(alone ? 0 : overlap - 1);
    const { result, contentRead } = restore(exporter, record, requests);
    const response = result.then((error) =>
      create(pb.ExportResponseSchema, { result: { header: record, error } })
    );
    if (alone) {
      yield await response;
      continue;
    }
    pending.push(response);
    // The next record follows this file's content on the call.
    await contentRead;
  }
  yield* await pending.settle(0);
  try {
    await exporter.finish?.();
  } catch (error) {
    throw new PluginError(
      `finishing the restore of ${count} entries failed: ${
        errorMessage(error)
      }`,
      { cause: error },
    );
  }
  log.debug(`restore done: ${count} entries`);
}

/** The exporter's {@link Exporter.concurrency}, checked. */
function concurrency(exporter: Exporter): number {
  const value = exporter.concurrency ?? 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new PluginError(
      `the exporter's concurrency must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}

/**
 * Hands one record to the exporter. `result` is its error message ("" when
 * it succeeded), once `restore` has returned and the content has been read
 * to its end marker, whatever the exporter did with it, so that the next
 * message is a record again; `contentRead` resolves as soon as that marker
 * has been read.
 */
function restore(
  exporter: Exporter,
  record: WireRecord,
  requests: Requests,
): { result: Promise<string>; contentRead: Promise<unknown> } {
  // The host reports its own failures on a record: nothing to restore.
  if (record.error) {
    const result = Promise.resolve("");
    return { result, contentRead: result };
  }
  const content = record.hasReader
    ? entryContent(requests, record.pathname)
    : undefined;
  const result = (async () => {
    let error = "";
    try {
      await exporter.restore(entryFromRecord(record, content?.stream));
    } catch (thrown) {
      error = errorMessage(thrown) || `restoring ${record.pathname} failed`;
    }
    await content?.finish();
    return error;
  })();
  const contentRead = content ? Promise.race([content.ended, result]) : result;
  // A failure is reported through `result`; the caller may not wait for this.
  contentRead.catch(() => {});
  return { result, contentRead };
}

/**
 * The content following a record, as a stream pulled from the call, and
 * `finish()` which discards what the exporter left unread up to the end
 * marker.
 */
function entryContent(
  requests: Requests,
  pathname: string,
): {
  stream: ReadableStream<Uint8Array>;
  /** Resolves once the end marker has been read. */
  ended: Promise<void>;
  finish(): Promise<void>;
} {
  let ended = false;
  let markEnded = () => {};
  const endMarker = new Promise<void>((resolve) => (markEnded = resolve));
  let finishing = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const nextChunk = async (): Promise<Uint8Array | undefined> => {
    const request = await requests.read();
    if (!request) {
      throw new PluginError(
        `the host ended the restore in the middle of the content of ${pathname}`,
      );
    }
    const packet = request.packet;
    if (packet.case !== "chunk") {
      throw new PluginError(
        `the content of ${pathname} was cut short: a ${
          packet.case ?? "empty message"
        } came before its end marker`,
      );
    }
    if (packet.value.byteLength > 0) return packet.value;
    ended = true;
    markEnded();
    return undefined;
  };

  const stream = receivedBytes({
    next() {
      if (finishing) {
        throw new PluginError(
          `the content of ${pathname} was read after restore() returned: read it before returning`,
        );
      }
      const reading = nextChunk();
      inFlight = reading.catch(() => {});
      return reading;
    },
    recycle: () => requests.recycle(),
  });

  return {
    stream,
    ended: endMarker,
    async finish() {
      finishing = true;
      await inFlight;
      while (!ended) await nextChunk();
    },
  };
}
