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
  toBinary,
} from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

/** Encodes a message without copying the encoder's output into a new buffer. */
export function encoder<D extends DescMessage>(
  desc: D,
): (message: MessageShape<D>) => Buffer {
  return (message) => {
    const bytes = toBinary(desc, message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
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
