/** The S3 server the benchmark (and the tests) start: real versitygw. */
import assert from "node:assert/strict";
import { startVersitygw } from "./versitygw.ts";

/** An unsigned request: a real S3 server refuses it with AccessDenied. */
async function anonymousStatus(host: string): Promise<number> {
  const response = await fetch(`http://${host}/`);
  await response.body?.cancel();
  return response.status;
}

Deno.test("versitygw serves S3, survives a kill and restart, and cleans up", async () => {
  const server = await startVersitygw();
  try {
    assert.match(server.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(await anonymousStatus(server.host), 403);
    assert.deepEqual(Object.keys(server.options).sort(), [
      "access_key",
      "secret_access_key",
      "use_tls",
    ]);
    await server.stop();
    await assert.rejects(anonymousStatus(server.host));
    await server.start();
    assert.equal(await anonymousStatus(server.host), 403);
  } finally {
    await server.dispose();
  }
  await assert.rejects(Deno.stat(server.root), Deno.errors.NotFound);
});
