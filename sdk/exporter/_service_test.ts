/**
 * The exporter service driven in-process by a grpc-js client playing the
 * host: records, content chunks with their empty end marker, results,
 * `finish()`, and protocol failures.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { create, toBinary } from "@bufbuild/protobuf";
import { type ClientDuplexStream, status } from "@grpc/grpc-js";
import {
  type Record as WireRecord,
  RecordSchema,
} from "../../proto/gen/connectors_pb.ts";
import * as pb from "../../proto/gen/exporter_pb.ts";
import { type ExportEntry, type Exporter, goMode, MAX_CHUNK } from "../mod.ts";
import { exporterService } from "./_service.ts";
import { timestampFromDate } from "../_connector/time.ts";
import { inProcess } from "../../tests/support/grpc.ts";

type ExportCall = ClientDuplexStream<pb.ExportRequest, pb.ExportResponse>;

const BIG = new Uint8Array(2 * MAX_CHUNK + 12345).map((_, i) => i % 253);

function record(
  pathname: string,
  mode: number,
  extra: Partial<
    Pick<WireRecord, "hasReader" | "extendedAttributes" | "target" | "error">
  > = {},
): pb.ExportRequest {
  const value = create(RecordSchema, {
    pathname,
    fileInfo: {
      name: pathname.split("/").at(-1) || "/",
      mode,
      size: 7n,
      ino: 2n ** 62n,
      modTime: timestampFromDate(new Date("2024-05-06T07:08:09.123Z")),
    },
  });
  Object.assign(value, extra);
  return create(pb.ExportRequestSchema, {
    packet: { case: "record", value },
  });
}

function chunk(bytes: Uint8Array): pb.ExportRequest {
  return create(pb.ExportRequestSchema, {
    packet: { case: "chunk", value: bytes },
  });
}

/** The content of a file on the wire: ≤ 1 MiB chunks, then the empty marker. */
function content(bytes: Uint8Array): pb.ExportRequest[] {
  const messages: pb.ExportRequest[] = [];
  for (let at = 0; at < bytes.byteLength; at += MAX_CHUNK) {
    messages.push(chunk(bytes.subarray(at, at + MAX_CHUNK)));
  }
  return [...messages, chunk(new Uint8Array(0))];
}

async function served(exporter: Exporter) {
  const service = exporterService(() => exporter);
  const host = await inProcess(pb.Exporter, service.handlers);
  await host.unary("Init", create(pb.InitRequestSchema, { proto: "memory" }));
  return host;
}

/** Sends `requests`, half-closes, and gathers results and the status. */
function exchange(call: ExportCall, requests: pb.ExportRequest[]) {
  const results: pb.ExportResponse[] = [];
  call.on("data", (response: pb.ExportResponse) => results.push(response));
  const ended = new Promise<{ code: number; details: string }>((resolve) => {
    call.on("status", resolve);
    call.on("error", () => {});
  });
  for (const request of requests) call.write(request);
  call.end();
  return ended.then((status) => ({ results, status }));
}

const exporter = (
  restore: (entry: ExportEntry) => Promise<void> | void,
  extra: Partial<Exporter> = {},
): Exporter => ({
  origin: "test-host",
  type: "memory",
  root: "/out",
  restore,
  ...extra,
});

Deno.test("Export hands each entry with its content to restore, answers one result per record, then finishes", async () => {
  const events: string[] = [];
  const restored = new Map<string, Uint8Array | undefined>();
  await using host = await served(exporter(async (entry) => {
    events.push(`restore ${entry.pathname}`);
    if (entry.pathname === "/full") throw new Error("no space left on device");
    if (entry.pathname === "/ignored") return; // leaves its content unread
    const bytes = entry.content
      ? new Uint8Array(await new Response(entry.content).arrayBuffer())
      : undefined;
    restored.set(entry.pathname, bytes);
    if (entry.pathname === "/a") {
      assert.equal(entry.kind, "file");
      assert.equal(entry.info.ino, 2n ** 62n);
      assert.equal(
        entry.info.modTime?.toISOString(),
        "2024-05-06T07:08:09.123Z",
      );
      assert.deepEqual(entry.xattrs, ["user.tag"]);
    }
    if (entry.pathname === "/l") {
      assert.deepEqual([entry.kind, entry.target], ["symlink", "a"]);
    }
  }, { finish: () => void events.push("finish") }));

  const requests = [
    record("/", goMode("dir", 0o755)),
    record("/a", 0o644, { hasReader: true, extendedAttributes: ["user.tag"] }),
    ...content(BIG),
    record("/empty", 0o600, { hasReader: true }),
    ...content(new Uint8Array(0)),
    record("/full", 0o644, { hasReader: true }),
    ...content(new Uint8Array(3 * MAX_CHUNK)),
    record("/ignored", 0o644, { hasReader: true }),
    ...content(new Uint8Array([1, 2, 3])),
    record("/l", goMode("symlink", 0o777), { target: "a" }),
    record("/unreadable", 0, { error: "corrupted entry" }),
  ];
  const { results, status: end } = await exchange(
    host.client.Export(),
    requests,
  );

  assert.equal(end.code, status.OK, end.details);
  assert.deepEqual(events, [
    "restore /",
    "restore /a",
    "restore /empty",
    "restore /full",
    "restore /ignored",
    "restore /l",
    "finish",
  ]);
  assert.deepEqual(restored.get("/a"), BIG);
  assert.deepEqual(restored.get("/empty"), new Uint8Array(0));
  assert.equal(restored.get("/"), undefined);

  const sent = requests.filter((r) => r.packet.case === "record");
  assert.equal(results.length, sent.length, "one result per record");
  results.forEach((response, i) => {
    const header = response.result!.header!;
    assert.deepEqual(
      Buffer.from(toBinary(RecordSchema, header)),
      Buffer.from(toBinary(RecordSchema, sent[i].packet.value as WireRecord)),
      `header of ${header.pathname} is the record as sent`,
    );
  });
  assert.deepEqual(
    results.map((r) => [r.result!.header!.pathname, r.result!.error]),
    [
      ["/", ""],
      ["/a", ""],
      ["/empty", ""],
      ["/full", "no space left on device"],
      ["/ignored", ""],
      ["/l", ""],
      ["/unreadable", ""],
    ],
  );
});

Deno.test("content reaches restore in the chunks the host sent", async () => {
  const sizes: number[] = [];
  await using host = await served(exporter(async (entry) => {
    for await (const piece of entry.content!) sizes.push(piece.byteLength);
  }));
  const { status: end } = await exchange(host.client.Export(), [
    record("/a", 0o644, { hasReader: true }),
    ...content(BIG),
  ]);
  assert.equal(end.code, status.OK);
  assert.deepEqual(sizes, [MAX_CHUNK, MAX_CHUNK, 12345]);
});

Deno.test("Export fails clearly on content without a record", async () => {
  await using host = await served(exporter(() => {}));
  const { status: end } = await exchange(host.client.Export(), [
    record("/a", 0o644),
    chunk(new Uint8Array([1])),
  ]);
  assert.deepEqual([end.code, end.details], [
    status.UNKNOWN,
    "the host sent content after entry 1 without a record announcing it",
  ]);
});

for (const concurrency of [1, 4]) {
  Deno.test(`Export fails clearly when the host stops in the middle of a file (concurrency ${concurrency})`, async () => {
    let seen = "";
    await using host = await served(exporter(async (entry) => {
      try {
        await new Response(entry.content).arrayBuffer();
      } catch (error) {
        seen = (error as Error).message;
        throw error;
      }
    }, { concurrency }));
    const { status: end } = await exchange(host.client.Export(), [
      record("/a", 0o644, { hasReader: true }),
      chunk(new Uint8Array([1, 2])),
    ]);
    const message =
      "the host ended the restore in the middle of the content of /a";
    assert.equal(seen, message, "the exporter's read fails");
    assert.deepEqual([end.code, end.details], [status.UNKNOWN, message]);
  });
}

Deno.test("a failing finish fails Export with its message", async () => {
  await using host = await served(exporter(() => {}, {
    finish: () => {
      throw new Error("chmod /out/d: operation not permitted");
    },
  }));
  const { status: end } = await exchange(host.client.Export(), [
    record("/d", goMode("dir", 0o700)),
  ]);
  assert.deepEqual([end.code, end.details], [
    status.UNKNOWN,
    "finishing the restore of 1 entries failed: chmod /out/d: operation not permitted",
  ]);
});

Deno.test("Close closes the exporter", async () => {
  let closed = 0;
  await using host = await served(
    exporter(() => {}, { close: () => void closed++ }),
  );
  await host.unary("Close", create(pb.CloseRequestSchema));
  await host.unary("Close", create(pb.CloseRequestSchema));
  assert.equal(closed, 1);
});

Deno.test("with concurrency, files overlap once their content is read, directories and links wait, results keep record order", async () => {
  const events: string[] = [];
  const finishing = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  await using host = await served(exporter(async (entry) => {
    running++;
    most = Math.max(most, running);
    events.push(`begin ${entry.pathname}`);
    if (entry.content) await new Response(entry.content).arrayBuffer();
    if (entry.kind === "file") {
      // The file's last steps wait until the test lets them end.
      await new Promise<void>((resolve) =>
        finishing.set(entry.pathname, resolve)
      );
    }
    if (entry.pathname === "/b") {
      running--;
      throw new Error("disk full");
    }
    events.push(`end ${entry.pathname}`);
    running--;
  }, { concurrency: 2 }));

  const call = host.client.Export();
  const done = exchange(call, [
    record("/a", 0o644, { hasReader: true }),
    ...content(BIG),
    record("/b", 0o644, { hasReader: true }),
    ...content(new Uint8Array([1, 2])),
    record("/c", 0o644, { hasReader: true }),
    ...content(new Uint8Array([3])),
    record("/d", goMode("dir", 0o755)),
    record("/d/l", goMode("symlink", 0o777), { target: "../a" }),
  ]);
  const until = async (name: string) => {
    while (!finishing.has(name)) await new Promise((r) => setTimeout(r, 1));
  };
  await until("/a");
  await until("/b");
  // Two files under way: the third waits for room.
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(events, ["begin /a", "begin /b"]);
  finishing.get("/b")!();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(events, ["begin /a", "begin /b"], "room comes in order");
  finishing.get("/a")!();
  await until("/c");
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(events.slice(2), ["end /a", "begin /c"], "/d waits");
  finishing.get("/c")!();
  const { results, status: end } = await done;

  assert.equal(end.code, status.OK, end.details);
  assert.equal(most, 2);
  assert.deepEqual(events.slice(4), [
    "end /c",
    "begin /d",
    "end /d",
    "begin /d/l",
    "end /d/l",
  ]);
  assert.deepEqual(
    results.map((r) => [r.result!.header!.pathname, r.result!.error]),
    [["/a", ""], ["/b", "disk full"], ["/c", ""], ["/d", ""], ["/d/l", ""]],
  );
});

Deno.test("Export refuses an exporter concurrency that is not a whole number of at least 1", async () => {
  await using host = await served(exporter(() => {}, { concurrency: 0.5 }));
  const { status: end } = await exchange(host.client.Export(), [
    record("/a", 0o644),
  ]);
  assert.deepEqual([end.code, end.details], [
    status.UNKNOWN,
    "the exporter's concurrency must be a whole number of at least 1, got 0.5",
  ]);
});
