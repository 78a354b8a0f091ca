/**
 * The importer service driven in-process by a grpc-js client playing the
 * host: Init, the Import stream with acks, Open, cancellation, back-pressure.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { create, fromBinary } from "@bufbuild/protobuf";
import { type ClientDuplexStream, status } from "@grpc/grpc-js";
import type { Record as WireRecord } from "../../proto/gen/connectors_pb.ts";
import * as pb from "../../proto/gen/importer_pb.ts";
import {
  type Ack,
  goMode,
  type HostOptions,
  type Importer,
  type ImporterInit,
  MAX_CHUNK,
  type ScanItem,
} from "../mod.ts";
import { importerService } from "./_service.ts";
import {
  bareResponses,
  collect,
  inProcess,
  stalledCall,
} from "../../tests/support/grpc.ts";

type ImportCall = ClientDuplexStream<pb.ImportRequest, pb.ImportResponse>;

const BIG = new Uint8Array(2 * MAX_CHUNK + MAX_CHUNK / 2).map((_, i) =>
  i % 251
);

function importer(
  scan: () => AsyncIterable<ScanItem> | Iterable<ScanItem>,
  extra: Partial<Importer> = {},
): Importer {
  return { origin: "test-host", type: "memory", root: "/r", scan, ...extra };
}

async function served(make: (init: ImporterInit) => Importer) {
  const service = importerService(make);
  const host = await inProcess(pb.Importer, service.handlers);
  await host.unary("Init", create(pb.InitRequestSchema, { proto: "memory" }));
  return host;
}

/** Reads records until `finished`; the call stays open. */
function readRecords(call: ImportCall): Promise<WireRecord[]> {
  return new Promise((resolve, reject) => {
    const records: WireRecord[] = [];
    const onData = (response: pb.ImportResponse) => {
      if (response.finished) {
        call.off("data", onData);
        resolve(records);
      } else records.push(response.record!);
    };
    call.on("data", onData);
    call.on("error", reject);
  });
}

function ack(record: WireRecord, error = ""): pb.ImportRequest {
  return create(pb.ImportRequestSchema, { result: { header: record, error } });
}

const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

Deno.test("Init builds the importer from the host's options and reports its identity", async () => {
  let seen: ImporterInit | undefined;
  const service = importerService((init) => {
    seen = init;
    return importer(() => [], { flags: 4 });
  });
  await using host = await inProcess(pb.Importer, service.handlers);
  const response = await host.unary<pb.InitResponse>(
    "Init",
    create(pb.InitRequestSchema, {
      proto: "memory",
      config: { location: "memory:///r", key: "value" },
      options: {
        hostname: "box",
        os: "linux",
        arch: "amd64",
        cwd: "/home/u",
        maxconcurrency: 8n,
        excludes: ["*.o"],
        noxattr: true,
      },
    }),
  );
  assert.deepEqual(
    [response.origin, response.type, response.root, response.flags],
    ["test-host", "memory", "/r", 4],
  );
  assert.equal(seen?.proto, "memory");
  assert.deepEqual(seen?.config, { location: "memory:///r", key: "value" });
  assert.deepEqual(
    seen?.options,
    {
      hostname: "box",
      os: "linux",
      arch: "amd64",
      cwd: "/home/u",
      maxConcurrency: 8,
      excludes: ["*.o"],
      noXattr: true,
    } satisfies HostOptions,
  );
});

Deno.test("Init fails with the factory's message, and calls before Init fail clearly", async () => {
  const service = importerService(() => {
    throw new Error(`option "location" is missing`);
  });
  await using host = await inProcess(pb.Importer, service.handlers);
  await assert.rejects(
    host.unary("Ping", create(pb.PingRequestSchema)),
    (error: { code: number; details: string }) =>
      error.code === status.FAILED_PRECONDITION &&
      /importer is not initialised/.test(error.details),
  );
  await assert.rejects(
    host.unary("Init", create(pb.InitRequestSchema, { proto: "memory" })),
    { code: status.UNKNOWN, details: `option "location" is missing` },
  );
});

Deno.test("Import sends every record then finished, serves Open, and ends after the host's half-close", async () => {
  const acks: Ack[] = [];
  let closed = false;
  await using host = await served(() =>
    importer(() => [
      { pathname: "/r", info: { name: "r", mode: goMode("dir", 0o755) } },
      {
        pathname: "/r/big",
        info: {
          name: "big",
          mode: 0o644,
          size: BIG.byteLength,
          ino: 2n ** 60n + 1n,
        },
        content: () => [BIG],
        xattrs: ["user.tag"],
      },
      {
        pathname: "/r/big",
        xattr: { name: "user.tag" },
        content: () => [new TextEncoder().encode("blue")],
      },
      {
        pathname: "/r/big",
        xattr: { name: "Zone.Identifier", kind: "ads" },
        content: () => ReadableStream.from([new Uint8Array([1, 2])]),
      },
      {
        pathname: "/r/link",
        info: { name: "link", mode: goMode("symlink", 0o777) },
        target: "big",
      },
      { pathname: "/r/secret", error: new Error("permission denied") },
      {
        pathname: "/r/empty",
        info: { name: "empty", mode: 0o600 },
        content: () => [],
      },
    ], {
      ack: (a) => void acks.push(a),
      close: () => void (closed = true),
    })
  );
  const call: ImportCall = host.client.Import();
  let ended: { code: number } | undefined;
  call.on("status", (s: { code: number }) => ended = s);

  const records = await readRecords(call);
  assert.deepEqual(
    records.map((r) => [r.pathname, r.hasReader, r.isXattr, r.error]),
    [
      ["/r", false, false, ""],
      ["/r/big", true, false, ""],
      ["/r/big", true, true, ""],
      ["/r/big", true, true, ""],
      ["/r/link", false, false, ""],
      ["/r/secret", false, false, "permission denied"],
      ["/r/empty", true, false, ""],
    ],
  );
  for (const record of records) {
    const plainEntry = !record.error && !record.isXattr;
    assert.equal(
      record.fileInfo !== undefined,
      plainEntry,
      `fileInfo on ${record.pathname}`,
    );
  }
  assert.equal(records[0].fileInfo!.mode, 0x800001ed);
  assert.equal(records[1].fileInfo!.ino, 2n ** 60n + 1n);
  assert.deepEqual(records[1].extendedAttributes, ["user.tag"]);
  assert.deepEqual(
    [records[2].xattrName, records[2].xattrType],
    ["user.tag", 0],
  );
  assert.deepEqual(
    [records[3].xattrName, records[3].xattrType],
    ["Zone.Identifier", 1],
  );
  assert.equal(records[4].target, "big");

  const open = (record: WireRecord) =>
    collect<pb.OpenResponse>(
      host.client.Open(create(pb.OpenRequestSchema, { record })),
    );
  const [big, tag, ads] = await Promise.all(
    [records[1], records[2], records[3]].map(open),
  );
  assert.deepEqual(big.map((m) => m.chunk.byteLength), [
    MAX_CHUNK,
    MAX_CHUNK,
    MAX_CHUNK / 2,
  ]);
  assert.deepEqual(
    new Uint8Array(Buffer.concat(big.map((m) => m.chunk))),
    BIG,
  );
  assert.equal(new TextDecoder().decode(tag[0].chunk), "blue");
  assert.deepEqual([...ads[0].chunk], [1, 2]);
  await assert.rejects(open(records[1]), {
    code: status.UNKNOWN,
    details:
      `no content to send for "/r/big": it was not scanned with content, or was already opened or acknowledged`,
  });

  // Acknowledging releases content: a later Open of it fails.
  call.write(ack(records[6]));
  await until(() => acks.length === 1);
  await assert.rejects(open(records[6]), /no content to send for "\/r\/empty"/);

  for (const record of records.slice(0, 6)) {
    call.write(ack(record, record.pathname === "/r/link" ? "no space" : ""));
  }
  await until(() => acks.length === 7);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(
    ended,
    undefined,
    "the call stays open until the host half-closes",
  );
  call.end();
  await until(() => ended !== undefined);
  assert.equal(ended!.code, status.OK);
  assert.deepEqual(acks[0], { pathname: "/r/empty" });
  assert.deepEqual(acks.find((a) => a.xattrName === "Zone.Identifier"), {
    pathname: "/r/big",
    xattrName: "Zone.Identifier",
  });
  assert.deepEqual(acks.find((a) => a.error), {
    pathname: "/r/link",
    error: "no space",
  });

  await host.unary("Close", create(pb.CloseRequestSchema));
  assert.ok(closed, "Close closes the importer");
});

Deno.test("Import pulls the scan only as fast as the host reads, and a cancel stops the scan", async () => {
  let pulled = 0;
  let stopped = false;
  await using host = await served(() =>
    importer(async function* () {
      try {
        for (let i = 0;; i++) {
          pulled++;
          yield {
            pathname: `/r/file-${i}`,
            info: { name: `file-${i}`, mode: 0o644, size: i },
          };
        }
      } finally {
        stopped = true;
      }
    })
  );
  const session = stalledCall(host.port, "/importer.Importer/Import");
  await until(() => pulled > 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const settled = pulled;
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(pulled, settled, "the scan is held back");
  assert.ok(settled < 20_000, `only a window's worth was scanned: ${settled}`);
  session.destroy();
  await until(() => stopped);
});

Deno.test("a scan that throws fails Import with a status naming the failure", async () => {
  await using host = await served(() =>
    importer(async function* () {
      yield { pathname: "/r", info: { name: "r", mode: goMode("dir", 0o755) } };
      yield { pathname: "/r/a", info: { name: "a", mode: 0o644 } };
      throw new Error("listing page 3 failed: connection reset");
    })
  );
  const call = await bareResponses(host.port, "/importer.Importer/Import");
  assert.deepEqual(
    [call.status, call.message],
    [
      status.UNKNOWN,
      "the scan of /r failed after 2 entries: listing page 3 failed: connection reset",
    ],
  );
  const responses = call.messages.map((m) =>
    fromBinary(pb.ImportResponseSchema, m)
  );
  assert.deepEqual(responses.map((r) => [r.record?.pathname, r.finished]), [
    ["/r", false],
    ["/r/a", false],
  ]);
});

Deno.test("an entry with a relative pathname fails Import with a clear message", async () => {
  await using host = await served(() =>
    importer(() => [{ pathname: "a/b", info: { name: "b", mode: 0o644 } }])
  );
  const call: ImportCall = host.client.Import();
  call.on("data", () => {});
  const error = await new Promise<{ details: string }>((resolve) =>
    call.on("error", resolve)
  );
  assert.match(
    error.details,
    /the scan yielded the pathname "a\/b": pathnames must be absolute/,
  );
});

Deno.test("a host that cancels Open cancels the content source", async () => {
  let cancelled = false;
  await using host = await served(() =>
    importer(() => [{
      pathname: "/r/endless",
      info: { name: "endless", mode: 0o644 },
      content: () =>
        new ReadableStream<Uint8Array>({
          pull: (c) => c.enqueue(new Uint8Array(MAX_CHUNK)),
          cancel: () => void (cancelled = true),
        }),
    }])
  );
  const call: ImportCall = host.client.Import();
  const [record] = await readRecords(call);
  const open = host.client.Open(create(pb.OpenRequestSchema, { record }));
  open.on("error", () => {});
  await new Promise((resolve) => open.once("data", resolve));
  open.cancel();
  await until(() => cancelled);
  call.end();
});
