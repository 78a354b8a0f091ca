/**
 * The host's `plakar.exporter.Exporter` client: `Init` and the `Export`
 * stream, driven as plakar v1.1 drives them.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { status, type StatusObject } from "@grpc/grpc-js";
import * as pb from "../../../proto/gen/exporter_pb.ts";
import { chunks } from "../../_chunks.ts";
import {
  callError,
  HOST_CHUNKS,
  type Link,
  methodPath,
  onAbort,
  send,
} from "./_calls.ts";
import { lifecycleCalls } from "./_lifecycle.ts";
import type {
  ExporterClient,
  ExportItem,
  ExportOptions,
  ExportOutcome,
} from "./exporter.ts";

const SERVICE = pb.Exporter;

/** The exporter client over `link`. */
export function exporterClient(link: Link): ExporterClient {
  return {
    ...lifecycleCalls(link, { service: SERVICE, ...pb }),
    export: (items, options) => runExport(link, items, options),
  };
}

async function runExport(
  link: Link,
  items: AsyncIterable<ExportItem> | Iterable<ExportItem>,
  options: ExportOptions = {},
): Promise<ExportOutcome> {
  const path = methodPath(SERVICE, "Export");
  const call = link.client(SERVICE).Export();
  let sent = 0;
  let results = 0;
  let ended = false;
  call.on("data", (message: pb.ExportResponse) => {
    results++;
    if (message.result) options.onResult?.(message.result);
  });
  call.on("error", () => {});
  const release = onAbort(options.signal, () => call.cancel());
  const end = new Promise<StatusObject>((resolve) =>
    call.on("status", (value: StatusObject) => {
      ended = true;
      resolve(value);
    })
  );

  const packet = (
    value: MessageInitShape<typeof pb.ExportRequestSchema>["packet"],
  ) => create(pb.ExportRequestSchema, { packet: value });
  let halfClosed = false;
  let sendFailure: unknown;
  const sending = (async () => {
    for await (const item of items) {
      if (ended) return;
      await send(call, packet({ case: "record", value: item.record }));
      sent++;
      if (!item.record.hasReader) continue;
      for await (const chunk of chunks(item.content ?? [], HOST_CHUNKS)) {
        if (ended) return;
        await send(call, packet({ case: "chunk", value: chunk }));
      }
      // The end-of-file marker: a present but empty chunk (`12 00`).
      await send(call, packet({ case: "chunk", value: new Uint8Array() }));
    }
    if (!ended) {
      halfClosed = true;
      call.end();
    }
  })().catch((error) => {
    sendFailure = error;
    call.cancel();
  });

  const final = await end;
  await sending;
  release();
  if (sendFailure) throw sendFailure;
  const state = `${sent} record(s) sent, ${results} result(s) received`;
  if (final.code !== status.OK) {
    throw callError(link, path, final, options.signal, state);
  }
  const problems = halfClosed ? [] : [
    `the plugin ended the call before the host half-closed (${state})`,
  ];
  return { sent, results, problems };
}
