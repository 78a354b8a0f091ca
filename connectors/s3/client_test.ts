/**
 * The S3 client against a real S3 server (versitygw), through a
 * fault-injecting proxy where the test needs faults: retries of throttling
 * and server errors, timeouts, resumed downloads, and messages for people
 * that never hold a credential.
 */
import assert from "node:assert/strict";
import {
  type FaultProxy,
  startFaultProxy,
} from "../../tests/support/fault_proxy.ts";
import {
  freePort,
  type S3Server,
  startVersitygw,
} from "../../toolchain/versitygw.ts";
import { type ClientConfig, type S3Client, s3Client } from "./client.ts";
import { testClient } from "./test_support.ts";
import { connect } from "./connect.ts";
import { parseOptions } from "@plakar/kit";
import { importerOptions } from "./options.ts";

function client(
  host: string,
  s3: S3Server,
  more: Partial<ClientConfig> = {},
): S3Client {
  return testClient(s3, "bucket", { host, ...more });
}

async function withProxy(
  fn: (s3: S3Server, proxy: FaultProxy, c: S3Client) => Promise<void>,
) {
  await using s3 = await startVersitygw();
  await using proxy = startFaultProxy(s3.host);
  const c = client(proxy.host, s3);
  await c.createBucket();
  await fn(s3, proxy, c);
}

const text = async (stream: ReadableStream<Uint8Array>) =>
  new TextDecoder().decode(await new Response(stream).arrayBuffer());

Deno.test("throttling and server errors are retried until the server answers", async () => {
  await withProxy(async (_s3, proxy, c) => {
    proxy.plan([
      { status: 503, code: "SlowDown" },
      { status: 500, code: "InternalError" },
      { status: 503, code: "ServiceUnavailable" },
    ]);
    await c.putObject("a", new TextEncoder().encode("hello"));
    assert.equal(await text(await c.getObject("a")), "hello");
    assert.equal(proxy.counts().faulted, 3);
  });
});

Deno.test("a server that keeps failing gives a clear error after the retries", async () => {
  await withProxy(async (_s3, proxy, c) => {
    proxy.always({ status: 503, code: "SlowDown" });
    const started = Date.now();
    await assert.rejects(
      () => c.getObject("a"),
      /could not read a at http:\/\/127\.0\.0\.1:\d+\/bucket: 503 SlowDown; gave up after 4 attempts/,
    );
    assert.ok(Date.now() - started < 10_000);
  });
});

Deno.test("a slow answer times out and is retried", async () => {
  await withProxy(async (s3, proxy) => {
    const c = client(proxy.host, s3, { timeoutMs: 300 });
    await c.putObject("a", new TextEncoder().encode("x"));
    proxy.plan([{ delayMs: 1000 }]);
    assert.deepEqual(await c.headObject("a"), { size: 1 });
    proxy.always({ delayMs: 1000 });
    await assert.rejects(
      () => c.headObject("a"),
      /could not check a at .*: no answer within 0\.3 s .*gave up after 4 attempts/,
    );
    proxy.always(null);
  });
});

Deno.test("a download cut midway resumes where it stopped", async () => {
  await withProxy(async (_s3, proxy, c) => {
    const data = new Uint8Array(3 << 20).map((_, i) => i % 251);
    await c.putObject("big", data);
    proxy.plan([{ cutAfterBytes: 1 << 20 }, { cutAfterBytes: 1000 }]);
    const got = new Uint8Array(
      await new Response(await c.getObject("big")).arrayBuffer(),
    );
    assert.deepEqual(got, data);
    proxy.plan([{ cutAfterBytes: 10 }]);
    const range = new Uint8Array(
      await new Response(await c.getObject("big", { offset: 5, length: 100 }))
        .arrayBuffer(),
    );
    assert.deepEqual(range, data.subarray(5, 105));
  });
});

Deno.test("a download that stalls midway times out and resumes where it stopped", async () => {
  await withProxy(async (s3, proxy) => {
    const c = client(proxy.host, s3, { timeoutMs: 400 });
    const data = new Uint8Array(3 << 20).map((_, i) => i % 253);
    await c.putObject("big", data);
    proxy.plan([{ stallAfterBytes: (1 << 20) + 5 }]);
    const started = Date.now();
    const got = new Uint8Array(
      await new Response(await c.getObject("big")).arrayBuffer(),
    );
    assert.deepEqual(got, data);
    assert.ok(Date.now() - started >= 400, "it waited for the timeout");
    proxy.always({ stallAfterBytes: 10 }, 1, (r) => r.method === "GET");
    await assert.rejects(
      async () => await new Response(await c.getObject("big")).arrayBuffer(),
      /could not read big at .*: the download broke off after 0 bytes \(no data for 0\.4 s\); gave up after 4 attempts/,
    );
    proxy.always(null);
  });
});

Deno.test("wrong credentials are named, and the secret is never shown", async () => {
  await using s3 = await startVersitygw();
  await client(s3.host, s3).createBucket();
  const secret = "not-the-secret-s3cr3t";
  for (
    const signing of [
      { accessKey: "wrong-access", secretKey: s3.secretKey },
      { accessKey: s3.accessKey, secretKey: secret },
    ]
  ) {
    const c = client(s3.host, s3, {
      signing: { ...signing, region: "us-east-1" },
    });
    for (const call of [() => c.bucketExists(), () => c.list("").next()]) {
      await assert.rejects(call, (error: Error) => {
        assert.match(
          error.message,
          /the S3 server at http:\/\/127\.0\.0\.1:\d+ refused the credentials \(options "access_key" and "secret_access_key"\)/,
        );
        for (
          const hidden of [secret, s3.secretKey, "wrong-access", s3.accessKey]
        ) {
          assert.ok(!String(error.stack).includes(hidden), error.message);
        }
        return true;
      });
    }
  }
});

Deno.test("an unreachable endpoint fails quickly, naming it and the option", async () => {
  const port = freePort();
  const c = s3Client({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: "bucket",
    prefix: "",
    signing: { accessKey: "a", secretKey: "s", region: "us-east-1" },
    timeoutMs: 2000,
    maxRetries: 2,
  });
  await assert.rejects(
    () => c.bucketExists(),
    new RegExp(
      `could not check the bucket at http://127\\.0\\.0\\.1:${port}/bucket: .*[Cc]onnection refused.*\\(is the endpoint in option "location" right and up\\?\\); gave up after 3 attempts`,
    ),
  );
});

Deno.test("TLS to a plain-HTTP server fails at once, naming use_tls", async () => {
  await using s3 = await startVersitygw();
  const c = connect(
    { proto: "s3ts", config: {} },
    parseOptions(importerOptions, {
      location: `s3ts://${s3.host}/bucket`,
      access_key: s3.accessKey,
      secret_access_key: s3.secretKey,
    }),
  );
  await assert.rejects(
    () => c.bucketExists(),
    /TLS failure talking to https:\/\/127\.0\.0\.1:\d+ \(options "use_tls", "tls_ca_cert" and "location"\)/,
  );
});

Deno.test("over TLS, the server's certificate is trusted only when given in tls_ca_cert", async () => {
  await using s3 = await startVersitygw({ tls: true });
  const client = (options: Record<string, string>) =>
    connect(
      { proto: "s3ts", config: {} },
      parseOptions(importerOptions, {
        location: `s3ts://${s3.host}/tls-bucket`,
        ...options,
      }),
    );
  const trusting = client(s3.options);
  assert.equal(trusting.config.endpoint, `https://${s3.host}`);
  await trusting.createBucket();
  assert.equal(await trusting.bucketExists(), true);

  const { tls_ca_cert: _, ...untrusting } = s3.options;
  await assert.rejects(
    () => client(untrusting).bucketExists(),
    /TLS failure talking to https:\/\/127\.0\.0\.1:\d+ \(options "use_tls", "tls_ca_cert" and "location"\): .*(certificate|UnknownIssuer)/i,
  );
  assert.throws(
    () => client({ ...s3.options, tls_ca_cert: "/no/such/ca.pem" }),
    /option "tls_ca_cert": cannot read \/no\/such\/ca\.pem/,
  );
});

Deno.test("tls_insecure_no_verify=true is refused with the reason", () => {
  assert.throws(
    () =>
      connect(
        { proto: "s3ts", config: {} },
        parseOptions(importerOptions, {
          location: "s3ts://h/bucket",
          access_key: "a",
          secret_access_key: "s",
          tls_insecure_no_verify: "true",
        }),
      ),
    /option "tls_insecure_no_verify" cannot be true here/,
  );
});
