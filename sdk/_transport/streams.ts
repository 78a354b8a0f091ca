/**
 * The shapes every service's handlers share: unary answers, and streams of
 * responses sent with back-pressure until the host cancels.
 *
 * @module
 */
import { PluginError } from "../errors.ts";
import type { ServerCall } from "./grpc.ts";
import { Status } from "./status.ts";

/**
 * Writes every message to `call`, each once the call can take it. Stops
 * early, and closes the iterator (releasing its source), when the host
 * cancels. Returns false if the call was cancelled.
 */
export async function writeAll<T>(
  call: ServerCall<unknown, T>,
  messages: AsyncIterable<T>,
): Promise<boolean> {
  for await (const message of messages) {
    if (!(await call.write(message))) return false;
  }
  return !call.cancelled;
}

/**
 * The one request of a unary or server-streaming call; a call that ends
 * without it is the host's mistake.
 */
export async function request<Req>(
  call: ServerCall<Req, unknown>,
): Promise<Req> {
  const message = await call.read();
  if (message === undefined) {
    throw new PluginError("the host sent no request message", {
      code: call.cancelled ? Status.CANCELLED : Status.INVALID_ARGUMENT,
    });
  }
  return message;
}

/**
 * A unary handler: `body` answers the request, and what it throws becomes
 * the call's status. (`NoInfer`: the request's type comes from `body`,
 * never from the service table the handler is put in.)
 */
export function unary<Req, Res>(
  body: (call: { request: Req }) => Res | Promise<Res>,
): (call: ServerCall<NoInfer<Req>, NoInfer<Res>>) => Promise<Res> {
  return async (call) => body({ request: await request(call) });
}
