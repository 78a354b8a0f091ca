/**
 * A real S3 server for the tests and the benchmark: versitygw (the S3 API over a POSIX
 * folder), installed by toolchain/install-versitygw.sh and started on
 * 127.0.0.1 with a free port and a temporary folder, over plain HTTP or
 * over TLS with a certificate from a fresh test authority. It can be stopped and
 * started again on the same port and folder, for fault tests.
 *
 * @module
 */
import { join } from "node:path";

const KIT = new URL("../", import.meta.url).pathname;

let binary: Promise<string> | undefined;

/**
 * The versitygw to run: `$VERSITYGW_BIN` when set, else the pinned one,
 * installed on first use.
 */
export function versitygwBinary(): Promise<string> {
  binary ??= (async () => {
    const given = Deno.env.get("VERSITYGW_BIN");
    if (given) return given;
    const out = await new Deno.Command("sh", {
      args: [join(KIT, "toolchain/install-versitygw.sh")],
      stderr: "inherit",
    }).output();
    if (!out.success) {
      throw new Error(
        "could not install versitygw (toolchain/install-versitygw.sh failed)",
      );
    }
    return new TextDecoder().decode(out.stdout).trim();
  })();
  return binary;
}

/** A running versitygw. */
export interface S3Server extends AsyncDisposable {
  /** `127.0.0.1:PORT`. */
  host: string;
  /** The port it listens on (kept across restarts). */
  port: number;
  /** The folder its buckets are sub-folders of. */
  root: string;
  /** The access key it accepts. */
  accessKey: string;
  /** The secret key it accepts. */
  secretKey: string;
  /** The options an s3ts connector needs for it, `location` aside. */
  options: Record<string, string>;

  /** Kills it (as a crash would); `start` brings it back. */
  stop(): Promise<void>;
  /** Starts it again after `stop`. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * Starts versitygw on a free port of 127.0.0.1 over `root` (created when
 * missing; by default a fresh temporary folder, removed by `dispose`); with
 * `tls`, it serves HTTPS with a certificate signed by a test authority
 * made by openssl (option `tls_ca_cert` names it).
 */
export async function startVersitygw(
  options: { tls?: boolean; root?: string } = {},
): Promise<S3Server> {
  const bin = await versitygwBinary();
  const root = options.root ??
    await Deno.makeTempDir({ prefix: "versitygw-" });
  await Deno.mkdir(root, { recursive: true });
  const keys = await Deno.makeTempDir({ prefix: "versitygw-tls-" });
  const port = freePort();
  const accessKey = "kit-test-access";
  const secretKey = "kit-test-secret-0123456789";
  const tlsArgs = options.tls ? await certificates(keys) : [];
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    child = new Deno.Command(bin, {
      args: [
        "--port",
        `127.0.0.1:${port}`,
        "--access",
        accessKey,
        "--secret",
        secretKey,
        ...tlsArgs,
        "posix",
        root,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, child);
  };
  const stop = async () => {
    if (!child) return;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    child = undefined;
  };
  const dispose = async () => {
    await stop();
    if (!options.root) {
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
    await Deno.remove(keys, { recursive: true }).catch(() => {});
  };
  await start();
  return {
    host: `127.0.0.1:${port}`,
    port,
    root,
    accessKey,
    secretKey,
    options: options.tls
      ? {
        access_key: accessKey,
        secret_access_key: secretKey,
        tls_ca_cert: join(keys, "ca.pem"),
      }
      : {
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

/**
 * Makes a test certificate authority (`ca.pem`) and a server certificate
 * for 127.0.0.1 it signed (`cert.pem`, `key.pem`) in `dir`; returns
 * versitygw's flags for the server's.
 */
async function certificates(dir: string): Promise<string[]> {
  const at = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  await Deno.writeTextFile(
    at("server.ext"),
    "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  for (
    const args of [
      [
        "req",
        "-x509",
        ...ec,
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=kit test CA",
      ]
        .concat(["-addext", "basicConstraints=critical,CA:TRUE"])
        .concat(["-addext", "keyUsage=critical,keyCertSign"])
        .concat(["-keyout", at("ca.key"), "-out", at("ca.pem")]),
      ["req", ...ec, "-nodes", "-subj", "/CN=127.0.0.1"]
        .concat(["-keyout", at("key.pem"), "-out", at("server.csr")]),
      ["x509", "-req", "-in", at("server.csr"), "-days", "2"]
        .concat([
          "-CA",
          at("ca.pem"),
          "-CAkey",
          at("ca.key"),
          "-CAcreateserial",
        ])
        .concat(["-extfile", at("server.ext"), "-out", at("cert.pem")]),
    ]
  ) {
    const out = await new Deno.Command("openssl", {
      args,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `openssl could not make the test certificates: ${
          new TextDecoder().decode(out.stderr)
        }`,
      );
    }
  }
  return ["--cert", at("cert.pem"), "--key", at("key.pem")];
}

/** A port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitForPort(port: number, child: Deno.ChildProcess) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error("versitygw exited at start");
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`versitygw did not listen on 127.0.0.1:${port} within 15 s`);
}
