/**
 * versitygw, the real S3 server (the S3 API over a POSIX folder) that the
 * S3 workloads run against: found or installed like plakar, started on
 * 127.0.0.1 with a free port and stopped (or killed and restarted, for
 * fault tests). Nothing in it is specific to the benchmark: it is the one
 * starter the tests can use too (tests/support must not be imported by
 * bench/, the other way round is fine).
 *
 * @module
 */
import { join } from "node:path";

const KIT = new URL("../../", import.meta.url).pathname;
const INSTALLER = join(KIT, "toolchain/install-versitygw.sh");
const VERSION = "v1.8.0";
const READY_MS = 15_000;

/** A running versitygw. */
export interface S3Server extends AsyncDisposable {
  /** `127.0.0.1:<port>`, the host part of an S3 location. */
  host: string;
  /** The port it listens on (kept across restarts). */
  port: number;
  /** The folder it serves: one sub-folder per bucket. */
  root: string;
  /** The single account's access key. */
  accessKey: string;
  /** The single account's secret key. */
  secretKey: string;
  /** The options an S3 connector needs for it (official names), `location` aside. */
  options: Record<string, string>;
  /** Kills it, as a crash would; `start` brings it back. */
  stop(): Promise<void>;
  /** Starts it again after `stop`, on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    return ((await Deno.stat(path)).mode ?? 0) & 0o111 ? true : false;
  } catch {
    return false;
  }
}

/** Runs `command`, its messages on our stderr; returns its last stdout line. */
async function lastLine(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const out = await new Deno.Command(command, {
    args,
    env,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")} failed (see above)`);
  }
  return new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
}

let binary: Promise<string> | undefined;

/**
 * The versitygw binary: `$VERSITYGW_BIN`, else what the project's installer
 * (`toolchain/install-versitygw.sh`) prints, else the same install done
 * here, `go install` into `.tools/versitygw/<version>/`, for a checkout
 * that does not have the installer yet. Looked up once per process.
 */
export function versitygwBinary(): Promise<string> {
  binary ??= (async () => {
    const fromEnv = Deno.env.get("VERSITYGW_BIN");
    if (fromEnv) return fromEnv;
    if (await Deno.stat(INSTALLER).catch(() => undefined)) {
      return await lastLine("sh", [INSTALLER]);
    }
    const dir = join(KIT, ".tools/versitygw", VERSION);
    const path = join(dir, "versitygw");
    if (await isExecutable(path)) return path;
    console.error(`installing versitygw ${VERSION} with go install (once)`);
    await lastLine("go", [
      "install",
      `github.com/versity/versitygw/cmd/versitygw@${VERSION}`,
    ], { GOBIN: dir, CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" });
    return path;
  })();
  return binary;
}

/** A TCP port free on 127.0.0.1 at the time of the call. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Keeps the end of a stream, to explain why the server stopped. */
function tail(stream: ReadableStream<Uint8Array>): () => string {
  let text = "";
  (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text = (text + chunk).slice(-2000);
    }
  })().catch(() => {});
  return () => text.trim().split("\n").at(-1) ?? "";
}

/**
 * Starts versitygw on a free port of 127.0.0.1 with fresh credentials, over
 * `root` (created when missing; by default a new temporary folder), and
 * waits until it accepts connections; throws with its last words if it
 * exits first.
 */
export async function startVersitygw(
  options: { root?: string } = {},
): Promise<S3Server> {
  const program = await versitygwBinary();
  const root = options.root ??
    await Deno.makeTempDir({ prefix: "versitygw-" });
  await Deno.mkdir(root, { recursive: true });
  const port = freePort();
  const host = `127.0.0.1:${port}`;
  const accessKey = `kit${crypto.randomUUID().slice(0, 8)}`;
  const secretKey = crypto.randomUUID();
  let child: Deno.ChildProcess | undefined;

  const stop = async () => {
    if (!child) return;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    child = undefined;
  };

  const start = async () => {
    const spawned = new Deno.Command(program, {
      args: [
        "--port",
        host,
        "--access",
        accessKey,
        "--secret",
        secretKey,
        "posix",
        root,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    child = spawned;
    const lastWords = tail(spawned.stderr);
    let exited = false;
    spawned.status.finally(() => exited = true);
    const deadline = Date.now() + READY_MS;
    for (;;) {
      if (exited) {
        child = undefined;
        throw new Error(
          `versitygw exited before serving on ${host}: ${lastWords()}`,
        );
      }
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port })).close();
        return;
      } catch {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(
            `versitygw did not listen on ${host} within ${READY_MS / 1000} s`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const dispose = async () => {
    await stop();
    await Deno.remove(root, { recursive: true }).catch(() => {});
  };

  await start();
  return {
    host,
    port,
    root,
    accessKey,
    secretKey,
    options: {
      access_key: accessKey,
      secret_access_key: secretKey,
      use_tls: "false",
    },
    stop,
    start,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
