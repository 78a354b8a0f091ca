/**
 * Fuzzing: random, truncated and bit-flipped input to the protocol decoders
 * (in process, and over the wire to a running plugin) and to the manifest
 * linter. Each may refuse its input, but only with a clear error: an
 * `Error` whose message is not a JavaScript internal one. A failure prints
 * its seed; set FUZZ_SEED to replay it.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import {
  create,
  type DescMessage,
  fromBinary,
  type Message,
  toBinary,
} from "@bufbuild/protobuf";
import {
  Channel,
  type Client,
  credentials,
  makeGenericClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import * as exporterPb from "../../proto/gen/exporter_pb.ts";
import * as importerPb from "../../proto/gen/importer_pb.ts";
import * as storePb from "../../proto/gen/store_pb.ts";
import * as connectorsPb from "../../proto/gen/connectors_pb.ts";
import { lintManifest, lintManifestFile } from "../../packaging/lint.ts";
import { fileInfoFromWire } from "../../sdk/_connector/file_info_wire.ts";
import { hostOptionsFromWire } from "../../sdk/_connector/host_options.ts";
import { entryFromRecord } from "../../sdk/exporter/_record_wire.ts";
import { contentKey } from "../../sdk/importer/_content_key.ts";
import { bridge } from "../../sdk/testing/host/_bridge.ts";
import { checkMac } from "../../sdk/storage/_mac.ts";
import { resourceFromWire } from "../../sdk/storage/_resource_wire.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? Date.now() % 2 ** 31);

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    bytes(max: number): Uint8Array {
      return Uint8Array.from({ length: int(max + 1) }, () => int(256));
    },
    /** `data` cut short, or with one to three bits flipped. */
    mangle(data: Uint8Array): Uint8Array {
      if (data.byteLength === 0 || int(2) === 0) {
        return data.subarray(0, int(data.byteLength + 1));
      }
      const copy = data.slice();
      for (let i = 0, n = 1 + int(3); i < n; i++) {
        copy[int(copy.byteLength)] ^= 1 << int(8);
      }
      return copy;
    },
  };
}

/**
 * Text a JavaScript bug produces rather than an input check: an internal
 * TypeError, or a value of the wrong type pasted into a sentence.
 */
const INTERNAL =
  /Cannot read propert|of undefined|of null|is not a function|is not iterable|Maximum call stack|Invalid array length|"undefined"|"null"|\[object Object\]|"NaN"/;

/** Fails unless `error` is a clear refusal. */
function assertClear(error: unknown, what: string): void {
  const where = `${what} (FUZZ_SEED=${SEED})`;
  assert.ok(error instanceof Error, `${where} threw a non-Error: ${error}`);
  assert.ok(error.message.trim() !== "", `${where} threw an empty message`);
  assert.doesNotMatch(error.message, INTERNAL, `${where}: ${error.message}`);
}

/** Every message schema of the generated protocol modules. */
const SCHEMAS: [string, DescMessage][] = ([
  ["store", storePb],
  ["importer", importerPb],
  ["exporter", exporterPb],
  ["connectors", connectorsPb],
] as const).flatMap(([prefix, module]) =>
  Object.entries(module as Record<string, unknown>)
    .filter(([name, value]) =>
      name.endsWith("Schema") &&
      (value as { kind?: string }).kind === "message"
    )
    .map((
      [name, value],
    ): [string, DescMessage] => [`${prefix}.${name}`, value as DescMessage])
);

const fileInfo = create(connectorsPb.FileInfoSchema, {
  name: "a file.txt",
  size: 123456n,
  mode: 0o644,
  modTime: { seconds: 1_700_000_000n, nanos: 5 },
  uid: 1000n,
  gid: 1000n,
  nlink: 1,
  username: "ünïcode",
});
const record = create(connectorsPb.RecordSchema, {
  pathname: "/some/dir/a file.txt",
  fileInfo,
  extendedAttributes: ["user.one", "user.two"],
  isXattr: true,
  xattrName: "user.one",
  xattrType: 1,
});

/** Valid messages the host sends, to cut short and flip bits in. */
const SAMPLES: [DescMessage, Message][] = [
  [
    storePb.InitRequestSchema,
    create(storePb.InitRequestSchema, {
      proto: "localdir",
      config: { location: "localdir:///srv/repo", fsync: "true" },
    }),
  ],
  [
    storePb.PutRequestSchema,
    create(storePb.PutRequestSchema, {
      mac: new Uint8Array(32).fill(7),
      type: storePb.StorageResource.PACKFILE,
      chunk: new Uint8Array(40).fill(1),
    }),
  ],
  [
    storePb.GetRequestSchema,
    create(storePb.GetRequestSchema, {
      mac: new Uint8Array(32).fill(7),
      type: storePb.StorageResource.STATE,
      range: { offset: 123n, length: 456 },
    }),
  ],
  [
    importerPb.OpenRequestSchema,
    create(importerPb.OpenRequestSchema, {
      record,
    }),
  ],
  [
    importerPb.InitRequestSchema,
    create(importerPb.InitRequestSchema, {
      proto: "localdir",
      config: { location: "localdir:///src" },
      options: {
        hostname: "h",
        os: "linux",
        arch: "amd64",
        cwd: "/",
        maxconcurrency: 8n,
        excludes: ["*.tmp"],
      },
    }),
  ],
  [
    importerPb.ImportRequestSchema,
    create(importerPb.ImportRequestSchema, {
      result: { header: record, error: "permission denied" },
    }),
  ],
  [
    exporterPb.ExportRequestSchema,
    create(exporterPb.ExportRequestSchema, {
      packet: { case: "record", value: record },
    }),
  ],
];

/** Runs what the SDK's services do with a decoded host message. */
function useDecoded(schema: DescMessage, message: Message): void {
  // deno-lint-ignore no-explicit-any
  const m = message as any;
  switch (schema.typeName) {
    case "store.PutRequest":
    case "store.GetRequest":
    case "store.DeleteRequest":
      checkMac(m.mac);
      resourceFromWire(m.type);
      break;
    case "store.ListRequest":
      resourceFromWire(m.type);
      break;
    case "importer.InitRequest":
    case "exporter.InitRequest":
      hostOptionsFromWire(m.options);
      break;
    case "importer.OpenRequest":
      if (m.record) contentKey(m.record);
      break;
    case "importer.ImportRequest":
      if (m.result?.header) contentKey(m.result.header);
      break;
    case "exporter.ExportRequest":
      if (m.packet.case === "record") {
        entryFromRecord(m.packet.value);
        fileInfoFromWire(m.packet.value.fileInfo);
      }
      break;
  }
}

Deno.test("protocol decoders refuse random and truncated messages with clear errors", () => {
  const rng = random(SEED);
  let decoded = 0;
  let refused = 0;
  const attempt = (name: string, schema: DescMessage, bytes: Uint8Array) => {
    try {
      useDecoded(schema, fromBinary(schema, bytes));
      decoded++;
    } catch (error) {
      refused++;
      assertClear(error, `${name} of ${bytes.byteLength} bytes`);
    }
  };
  for (const [name, schema] of SCHEMAS) {
    for (let i = 0; i < 300; i++) attempt(name, schema, rng.bytes(64));
  }
  for (const [schema, sample] of SAMPLES) {
    const valid = toBinary(schema, sample);
    for (let cut = 0; cut <= valid.byteLength; cut++) {
      attempt(
        `${schema.typeName} cut at ${cut}`,
        schema,
        valid.subarray(0, cut),
      );
    }
    for (let i = 0; i < 500; i++) {
      attempt(schema.typeName, schema, rng.mangle(valid));
    }
  }
  assert.ok(
    decoded > 100 && refused > 100,
    `${decoded} decoded, ${refused} refused`,
  );
});

/** A generic grpc-js client: its methods are only known at run time. */
// deno-lint-ignore no-explicit-any
type RawClient = Client & Record<string, any>;

/** A grpc-js client sending raw bytes as the messages of `service`. */
function rawClient(channel: Channel, service: string, methods: {
  name: string;
  requestStream: boolean;
  responseStream: boolean;
}[]) {
  const identity = (b: Buffer) => b;
  const definition = Object.fromEntries(methods.map((m) => [m.name, {
    path: `/${service}/${m.name}`,
    requestStream: m.requestStream,
    responseStream: m.responseStream,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  }]));
  const Client = makeGenericClientConstructor(definition, service);
  return new Client(channel.getTarget(), credentials.createInsecure(), {
    channelOverride: channel,
  }) as RawClient;
}

const STORE_METHODS = storePb.Store.methods.map((m) => ({
  name: m.name,
  requestStream: m.methodKind === "client_streaming",
  responseStream: m.methodKind === "server_streaming",
  schema: m.input,
}));

/** Calls `method` with `messages` as raw bytes; resolves to the error, if any. */
function rawCall(
  client: RawClient,
  method: (typeof STORE_METHODS)[number],
  messages: Uint8Array[],
): Promise<ServiceError | undefined> {
  return new Promise((resolve) => {
    const done = (error: ServiceError | null) => resolve(error ?? undefined);
    if (method.requestStream) {
      const call = client[method.name](done);
      for (const m of messages) call.write(Buffer.from(m));
      call.end();
    } else if (method.responseStream) {
      const call = client[method.name](Buffer.from(messages[0]));
      call.on("data", () => {});
      call.on("error", done);
      call.on("end", () => done(null));
    } else {
      client[method.name](Buffer.from(messages[0]), done);
    }
  });
}

Deno.test("a running storage plugin answers random and truncated messages with clear errors and keeps serving", async () => {
  const rng = random(SEED);
  const dir = await Deno.makeTempDir({ prefix: "reliability-fuzz-" });
  const main = new URL("../../connectors/localdir/main.ts", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main.pathname, "storage"],
    cwd: dir,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const link = await bridge({ stdin: child.stdin, stdout: child.stdout });
  const channel = new Channel(link.target, credentials.createInsecure(), {});
  const client = rawClient(channel, "store.Store", STORE_METHODS);
  try {
    const byName = (name: string) =>
      STORE_METHODS.find((m) => m.name === name)!;
    // A real repository under the temporary folder: only Init is kept
    // from random bytes, which could otherwise name any folder.
    const init = toBinary(
      storePb.InitRequestSchema,
      create(storePb.InitRequestSchema, {
        proto: "localdir",
        config: { location: `localdir://${join(dir, "repo")}` },
      }),
    );
    assert.equal(await rawCall(client, byName("Init"), [init]), undefined);
    assert.equal(
      await rawCall(client, byName("Create"), [
        toBinary(
          storePb.CreateRequestSchema,
          create(storePb.CreateRequestSchema, { config: new Uint8Array([1]) }),
        ),
      ]),
      undefined,
    );
    const samples = new Map(
      SAMPLES.map(([s, m]) => [s.typeName, toBinary(s, m)]),
    );
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const method = STORE_METHODS[rng.int(STORE_METHODS.length)];
      if (method.name === "Init" || method.name === "Close") continue;
      const sample = samples.get(method.schema.typeName);
      const message = () =>
        sample && rng.int(2) ? rng.mangle(sample) : rng.bytes(48);
      const messages = Array.from(
        { length: method.requestStream ? 1 + rng.int(3) : 1 },
        message,
      );
      const error = await rawCall(client, method, messages);
      if (error) {
        refused++;
        assertClear(new Error(error.details), `${method.name} over the wire`);
      }
    }
    assert.ok(refused > 50, `${refused} calls refused`);
    assert.equal(
      await rawCall(client, byName("Ping"), [new Uint8Array()]),
      undefined,
    );
    assert.equal(link.problem(), undefined, "stdout carried only HTTP/2");
  } finally {
    channel.close();
    await link.endInput();
    const status = await child.status;
    await link[Symbol.asyncDispose]();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status.code, 0, "the plugin exits 0 at the end");
  }
});

const SOUND_MANIFEST = `name: demo
version: v1.0.0
api_version: v1.1.0
connectors:
  - type: storage
    protocols: [demo]
    location_flags: [localfs]
    executable: demo
    args: [storage]
`;

Deno.test("the manifest linter answers random, truncated and mangled manifests with problems, never a crash", async () => {
  const rng = random(SEED);
  const dir = await Deno.makeTempDir({ prefix: "reliability-fuzz-" });
  const file = join(dir, "manifest.yaml");
  try {
    await Deno.writeTextFile(join(dir, "demo"), "#!/bin/sh\n", { mode: 0o755 });
    await Deno.writeTextFile(file, SOUND_MANIFEST);
    assert.deepEqual(await lintManifestFile(file), []);
    const sound = new TextEncoder().encode(SOUND_MANIFEST);
    let withProblems = 0;
    for (let i = 0; i < 400; i++) {
      const text = i < sound.byteLength
        ? sound.subarray(0, i)
        : i % 3 === 0
        ? rng.bytes(200)
        : rng.mangle(sound);
      await Deno.writeFile(file, text);
      const what = `linting ${JSON.stringify(new TextDecoder().decode(text))}`;
      const outcome = await lintManifestFile(file).catch((error) => error);
      if (Array.isArray(outcome)) {
        if (outcome.length) withProblems++;
        for (const problem of outcome) {
          assert.ok(problem.startsWith(`${file}: `), problem);
          assertClear(new Error(problem), what);
        }
      } else {
        assertClear(outcome, what);
        assert.match(outcome.message, /manifest\.yaml/, what);
      }
    }
    assert.ok(withProblems > 100, `${withProblems} manifests had problems`);

    // Values of every JSON type where each key is expected.
    const values = [null, 0, -1, 1.5, true, "", "x", [], [null], {}, { a: 1 }, [
      ["x"],
    ]];
    for (let i = 0; i < 300; i++) {
      const raw: Record<string, unknown> = {
        name: "demo",
        api_version: "v1.1.0",
        connectors: [{
          type: "storage",
          protocols: ["demo"],
          executable: "demo",
        }],
      };
      const target = rng.int(2)
        ? raw
        : (raw.connectors as Record<string, unknown>[])[0];
      const keys = [
        ...Object.keys(target),
        "location_flags",
        "args",
        "validator",
        "version",
        "tags",
      ];
      target[keys[rng.int(keys.length)]] = values[rng.int(values.length)];
      if (rng.int(4) === 0) raw.connectors = values[rng.int(values.length)];
      const what = `linting ${JSON.stringify(raw)}`;
      const outcome = await lintManifest(raw, file, "staged")
        .catch((error) => error);
      assert.ok(Array.isArray(outcome), `${what} threw ${outcome}`);
      for (const problem of outcome) assertClear(new Error(problem), what);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
