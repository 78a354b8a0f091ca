/**
 * The host's `importer.Importer` client: `Init`, the acknowledged `Import`
 * stream and `Open`, driven as plakar v1.1 drives them.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { StatusObject } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import * as pb from "../../../proto/gen/importer_pb.ts";
import { errorMessage } from "../../errors.ts";
import {
  callError,
  type Link,
  methodPath,
  onAbort,
  serverStream,
} from "./_calls.ts";
import { lifecycleCalls } from "./_lifecycle.ts";
import type {
  ImporterClient,
  ImportOptions,
  ImportOutcome,
  RecordHandler,
} from "./importer.ts";
import type { WireRecord } from "./records.ts";

const SERVICE = pb.Importer;

/** The importer client over `link`. */
export function importerClient(link: Link): ImporterClient {
  return {
    ...lifecycleCalls(link, { service: SERVICE, ...pb }),
    import: (handle, options) => runImport(link, handle, options),
    async *open(record, call) {
      // plakar sends only what names the content, never the fileInfo.
      const request = create(pb.OpenRequestSchema, {
        record: {
          pathname: record.pathname,
          isXattr: record.isXattr,
          xattrName: record.xattrName,
          xattrType: record.xattrType,
          target: record.target,
        },
      });
      for await (
        const message of serverStream<pb.OpenResponse>(
          link,
          SERVICE,
          "Open",
          request,
          call,
        )
      ) yield message.chunk;
    },
  };
}

function runImport(
  link: Link,
  handle: RecordHandler,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const path = methodPath(SERVICE, "Import");
  const window = options.window ?? 64;
  const call = link.client(SERVICE).Import();
  let records = 0;
  let finished = 0;
  let handling = 0;
  let halfClosed = false;
  let ended = false;
  const problems: string[] = [];

  const halfCloseWhenDone = () => {
    if (finished > 0 && handling === 0 && !halfClosed && !ended) {
      halfClosed = true;
      call.end();
    }
  };

  const acknowledge = (record: WireRecord, error: string | undefined) => {
    handling--;
    if (!halfClosed && !ended) {
      call.write(create(pb.ImportRequestSchema, {
        result: { header: record, error: error ?? "" },
      }));
    }
    if (handling < window) call.resume();
    halfCloseWhenDone();
  };

  call.on("data", (message: pb.ImportResponse) => {
    if (message.finished) {
      finished++;
      if (finished > 1) problems.push(`a second "finished" message`);
      if (message.record) {
        problems.push(
          `a message carries both "finished" and a record (${message.record.pathname})`,
        );
      }
      halfCloseWhenDone();
      return;
    }
    const record = message.record;
    if (!record) {
      problems.push(
        `a message carries neither a record nor "finished" (plakar fails the backup: "expected a record")`,
      );
      return;
    }
    if (finished > 0) {
      problems.push(
        `record ${record.pathname} arrived after "finished" (plakar stops reading there and loses it)`,
      );
      return;
    }
    records++;
    handling++;
    if (handling >= window) call.pause();
    Promise.resolve().then(() => handle(record)).then(
      (error) => acknowledge(record, error),
      (error) => acknowledge(record, errorMessage(error)),
    );
  });

  return new Promise<ImportOutcome>((resolve, reject) => {
    const release = onAbort(options.signal, () => call.cancel());
    // The status comes after the error event; listening avoids an
    // unhandled 'error' on the stream.
    call.on("error", () => {});
    call.on("status", (end: StatusObject) => {
      ended = true;
      release();
      const state = `${records} record(s) received, ${
        finished ? `"finished" received` : `no "finished"`
      }`;
      if (end.code !== status.OK) {
        reject(callError(link, path, end, options.signal, state));
        return;
      }
      if (finished === 0) {
        problems.push(`the call ended without a "finished" message (${state})`);
      } else if (!halfClosed) {
        problems.push(
          `the plugin ended the call before the host half-closed: ${handling} acknowledgement(s) were never delivered`,
        );
      }
      resolve({ records, finished, problems });
    });
  });
}
