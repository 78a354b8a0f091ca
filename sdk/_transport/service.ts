/**
 * Turns a protobuf-es service descriptor into the methods the transport
 * serves (and into the grpc-js definition the testing host's clients use),
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
import type { Method, Methods, ServerCall } from "./grpc.ts";

/**
 * Encodes a message as the parts of its bytes. Messages that are one
 * `bytes` field (every content chunk of the protocol) come as their tag and
 * length, then the payload itself, uncopied: the generic encoder copies the
 * payload twice, and at 1 MiB per message that dominated the CPU profile.
 */
export function encoder<D extends DescMessage>(
  desc: D,
): (message: MessageShape<D>) => Uint8Array[] {
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
  return (message) => [toBinary(desc, message)];
}

function soleBytesField(desc: DescMessage) {
  const [field, ...others] = desc.fields;
  const isBytes = field?.fieldKind === "scalar" &&
    field.scalar === ScalarType.BYTES && !field.oneof;
  return isBytes && others.length === 0 && field.number < 16
    ? field
    : undefined;
}

/** `bytes` field `number` holding `payload`: tag and varint length, then the payload; nothing when empty (proto3). */
function encodeBytesMessage(number: number, payload: Uint8Array): Uint8Array[] {
  if (payload.byteLength === 0) return [];
  let header = 1;
  for (let n = payload.byteLength; n >= 0x80; n >>>= 7) header++;
  const head = new Uint8Array(1 + header);
  head[0] = (number << 3) | 2;
  let offset = 1;
  let n = payload.byteLength;
  for (; n >= 0x80; n >>>= 7) head[offset++] = (n & 0x7f) | 0x80;
  head[offset] = n;
  return [head, payload];
}

/** Decodes a message; `bytes` fields are views into the received buffer. */
export function decoder<D extends DescMessage>(
  desc: D,
): (buffer: Uint8Array) => MessageShape<D> {
  return (buffer) => fromBinary(desc, buffer);
}

/**
 * A handler for each method of a service, by method name; what the
 * transport calls them with is documented on {@link ServerCall}.
 */
export type ServiceHandlers = Record<
  string,
  // deno-lint-ignore no-explicit-any
  (call: ServerCall<any, any>) => Promise<unknown>
>;

/** The methods of `service` served by `handlers`, by path, for the transport. */
export function serviceMethods(
  service: DescService,
  handlers: ServiceHandlers,
): Methods {
  const methods = new Map<string, Method>();
  for (const method of service.methods) {
    const handle = handlers[method.name];
    if (!handle) continue;
    methods.set(`/${service.typeName}/${method.name}`, {
      decode: decoder(method.input) as (bytes: Uint8Array) => unknown,
      encode: encoder(method.output) as (message: unknown) => Uint8Array[],
      handle,
    });
  }
  return methods;
}

/**
 * The grpc-js definition of every method of `service`, keyed by method
 * name, for the clients of the testing host.
 */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const serialize =
    (encode: (message: never) => Uint8Array[]) => (message: unknown) =>
      Buffer.concat(encode(message as never));
  for (const method of service.methods) {
    const kind = method.methodKind;
    definition[method.name] = {
      path: `/${service.typeName}/${method.name}`,
      requestStream: kind === "client_streaming" || kind === "bidi_streaming",
      responseStream: kind === "server_streaming" || kind === "bidi_streaming",
      requestSerialize: serialize(encoder(method.input)),
      requestDeserialize: decoder(method.input),
      responseSerialize: serialize(encoder(method.output)),
      responseDeserialize: decoder(method.output),
    };
  }
  return definition;
}
