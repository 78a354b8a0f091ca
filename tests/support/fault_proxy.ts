/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a real S3 server:
 * requests go through unchanged (Host header included, so signatures still
 * hold) unless a fault is planned for them — an error answer (503
 * SlowDown…), a delay, or a connection cut (or stalled, left open with no
 * more data) in the middle of the answer.
 * Not a mock: every request that is let through is served by the server.
 *
 * @module
 */

/** What to do to one request. */
export type Fault =
  | { status: number; code: string }
  | { delayMs: number }
  | { cutAfterBytes: number }
  | { stallAfterBytes: number };

/** A running proxy. */
export interface FaultProxy extends AsyncDisposable {
  /** `127.0.0.1:PORT`. */
  host: string;
  /**
   * Faults for the next requests, one each, in order; `pick` decides which
   * requests they apply to (all by default).
   */
  plan(faults: Fault[], pick?: (request: Request) => boolean): void;
  /**
   * A fault applied to every request `pick` selects, at random with
   * probability `ratio`, until cleared with `null`.
   */
  always(
    fault: Fault | null,
    ratio?: number,
    pick?: (request: Request) => boolean,
  ): void;
  /** Requests seen, and how many of them got a fault. */
  counts(): { requests: number; faulted: number };
  /** Stops it. */
  dispose(): Promise<void>;
}

/** Starts a proxy forwarding to `upstream` (`host:port`). */
export function startFaultProxy(upstream: string): FaultProxy {
  const client = Deno.createHttpClient({ allowHost: true });
  let queue: Fault[] = [];
  let queuePick: (r: Request) => boolean = () => true;
  let standing:
    | { fault: Fault; ratio: number; pick: (r: Request) => boolean }
    | null = null;
  let requests = 0;
  let faulted = 0;

  const choose = (request: Request): Fault | undefined => {
    if (queue.length > 0 && queuePick(request)) return queue.shift();
    if (standing && standing.pick(request) && Math.random() < standing.ratio) {
      return standing.fault;
    }
  };

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      requests++;
      const fault = choose(request);
      if (fault) faulted++;
      if (fault && "status" in fault) {
        await request.body?.cancel();
        return new Response(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected by the test proxy</Message></Error>`,
          {
            status: fault.status,
            headers: { "content-type": "application/xml" },
          },
        );
      }
      if (fault && "delayMs" in fault) {
        await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      let answer: Response;
      try {
        answer = await fetch(`http://${upstream}${url.pathname}${url.search}`, {
          method: request.method,
          headers,
          body: request.body,
          client,
          redirect: "manual",
        });
      } catch {
        // The client gave up (its timeout) or the server is down: as a
        // gateway would.
        return new Response(null, { status: 502 });
      }
      if (fault && "cutAfterBytes" in fault && answer.body) {
        return new Response(cut(answer.body, fault.cutAfterBytes, "error"), {
          status: answer.status,
          headers: answer.headers,
        });
      }
      if (fault && "stallAfterBytes" in fault && answer.body) {
        return new Response(cut(answer.body, fault.stallAfterBytes, "stall"), {
          status: answer.status,
          headers: answer.headers,
        });
      }
      return new Response(answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    },
  );
  const dispose = async () => {
    await server.shutdown();
    client.close();
  };
  return {
    host: `127.0.0.1:${server.addr.port}`,
    plan(faults, pick = () => true) {
      queue = [...faults];
      queuePick = pick;
    },
    always(fault, ratio = 1, pick = () => true) {
      standing = fault ? { fault, ratio, pick } : null;
    },
    counts: () => ({ requests, faulted }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/**
 * `body` passed through for `bytes`, then broken off (`error`), or left
 * open without another byte until the client gives up (`stall`).
 */
function cut(
  body: ReadableStream<Uint8Array>,
  bytes: number,
  then: "error" | "stall",
) {
  const reader = body.getReader();
  let sent = 0;
  let release = () => {};
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= bytes && then === "stall") {
        return await new Promise<void>((resolve) => (release = resolve));
      }
      const { done, value } = await reader.read();
      if (done) return controller.close();
      if (sent + value.length > bytes) {
        controller.enqueue(value.subarray(0, bytes - sent));
        sent = bytes;
        reader.cancel().catch(() => {});
        if (then === "error") {
          controller.error(new Error("connection cut by the test proxy"));
        }
        return;
      }
      sent += value.length;
      controller.enqueue(value);
    },
    cancel: (reason) => {
      release();
      return reader.cancel(reason);
    },
  });
}
