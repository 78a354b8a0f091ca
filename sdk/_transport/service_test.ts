import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  GetResponseSchema,
  PutRequestSchema,
  Store,
} from "../../proto/gen/store_pb.ts";
import { OpenResponseSchema } from "../../proto/gen/importer_pb.ts";
import { ExportRequestSchema } from "../../proto/gen/exporter_pb.ts";
import { decoder, encoder, serviceDefinition } from "./service.ts";

const SIZES = [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 1024 * 1024];

Deno.test("content chunks are encoded exactly as protobuf-es encodes them", () => {
  for (const schema of [GetResponseSchema, OpenResponseSchema]) {
    const encode = encoder(schema);
    const decode = decoder(schema);
    for (const size of SIZES) {
      const chunk = new Uint8Array(size).map((_, i) => i % 251);
      const message = create(schema, { chunk });
      const bytes = new Uint8Array(Buffer.concat(encode(message)));
      assert.deepEqual(
        bytes,
        toBinary(schema, message),
        `${schema.typeName} of ${size} bytes`,
      );
      assert.deepEqual(new Uint8Array(decode(bytes).chunk), chunk);
    }
  }
});

Deno.test("messages with more than one field, or a oneof, keep the generic encoder", () => {
  const put = create(PutRequestSchema, {
    mac: new Uint8Array(32).fill(1),
    type: 1,
    chunk: new Uint8Array(3),
  });
  assert.deepEqual(
    new Uint8Array(Buffer.concat(encoder(PutRequestSchema)(put))),
    toBinary(PutRequestSchema, put),
  );
  // The exporter's end-of-file marker: an empty chunk that must stay on the wire.
  const marker = create(ExportRequestSchema, {
    packet: { case: "chunk", value: new Uint8Array(0) },
  });
  assert.deepEqual([...Buffer.concat(encoder(ExportRequestSchema)(marker))], [
    0x12,
    0x00,
  ]);
});

Deno.test("the service definition uses the protocol's paths and streaming kinds", () => {
  const definition = serviceDefinition(Store);
  assert.equal(definition.Put.path, "/store.Store/Put");
  assert.deepEqual([
    definition.Put.requestStream,
    definition.Put.responseStream,
  ], [true, false]);
  assert.deepEqual([
    definition.Get.requestStream,
    definition.Get.responseStream,
  ], [false, true]);
  assert.deepEqual([
    definition.Init.requestStream,
    definition.Init.responseStream,
  ], [false, false]);
});
