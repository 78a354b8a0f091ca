/**
 * Turns a protobuf-es service descriptor into a grpc-js service definition,
 * so that the generated code is the single source of paths and encodings.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import {
  type DescMessage,
  type DescService,
  fromBinary,
  type MessageShape,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

/**
 * Encodes a message. Messages that are one `bytes` field (every content chunk
 * of the protocol) are written directly: the generic encoder copies the
 * payload twice, and at 1 MiB per message that dominated the CPU profile.
 */
export function encoder<D extends DescMessage>(
  desc: D,
): (message: MessageShape<D>) => Buffer {
  const chunkField = soleBytesField(desc);
  if (chunkField) {
    return (message) =>
      encodeBytesMessage(
        chunkField.number,
        (message as unknown as Record<string, Uint8Array>)[
          chunkField.localName
        ],
      );
  }
  return (message) => {
    const bytes = toBinary(desc, message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function soleBytesField(desc: DescMessage) {
  const [field, ...others] = desc.fields;
  const isBytes = field?.fieldKind === "scalar" &&
    field.scalar === ScalarType.BYTES && !field.oneof;
  return isBytes && others.length === 0 && field.number < 16
    ? field
    : undefined;
}

/** `bytes` field `number` holding `payload`: tag, varint length, payload; nothing when empty (proto3). */
function encodeBytesMessage(number: number, payload: Uint8Array): Buffer {
  if (payload.byteLength === 0) return Buffer.alloc(0);
  let header = 1;
  for (let n = payload.byteLength; n >= 0x80; n >>>= 7) header++;
  const out = Buffer.allocUnsafe(1 + header + payload.byteLength);
  out[0] = (number << 3) | 2;
  let offset = 1;
  let n = payload.byteLength;
  for (; n >= 0x80; n >>>= 7) out[offset++] = (n & 0x7f) | 0x80;
  out[offset++] = n;
  out.set(payload, offset);
  return out;
}

/** Decodes a message; `bytes` fields are views into the received buffer. */
export function decoder<D extends DescMessage>(
  desc: D,
): (buffer: Uint8Array) => MessageShape<D> {
  return (buffer) => fromBinary(desc, buffer);
}

/** The grpc-js definition of every method of `service`, keyed by method name. */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    const kind = method.methodKind;
    definition[method.name] = {
      path: `/${service.typeName}/${method.name}`,
      requestStream: kind === "client_streaming" || kind === "bidi_streaming",
      responseStream: kind === "server_streaming" || kind === "bidi_streaming",
      requestSerialize: encoder(method.input) as (value: unknown) => Buffer,
      requestDeserialize: decoder(method.input),
      responseSerialize: encoder(method.output) as (value: unknown) => Buffer,
      responseDeserialize: decoder(method.output),
    };
  }
  return definition;
}

/**
 * A service's handlers by method name, as grpc-js's `Server.addService`
 * takes them. Spelled here so the SDK's public types stay its own.
 */
// deno-lint-ignore no-explicit-any
export type ServiceHandlers = Record<string, (...args: any[]) => void>;
