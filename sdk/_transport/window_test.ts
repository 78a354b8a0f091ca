import assert from "node:assert/strict";
import http2 from "node:http2";
import { duplexPair } from "node:stream";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { widenReceiveWindows } from "./window.ts";

Deno.test("the session grpc-js serves on an injected connection advertises the wider windows", async () => {
  const server = new Server();
  const injector = server.createConnectionInjector(
    ServerCredentials.createInsecure(),
  );
  const [plugin, host] = duplexPair();
  injector.injectConnection(plugin);
  assert.equal(
    widenReceiveWindows(plugin, { stream: 1 << 20, connection: 8 << 20 }),
    true,
  );
  const client = http2.connect("http://plugin", {
    createConnection: () => host,
  });
  try {
    await new Promise((resolve) => client.once("remoteSettings", resolve));
    // The window update may follow the first SETTINGS.
    for (
      let i = 0;
      i < 100 && client.remoteSettings.initialWindowSize !== 1 << 20;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(client.remoteSettings.initialWindowSize, 1 << 20);
    assert.equal(client.state.remoteWindowSize, 8 << 20);
  } finally {
    client.destroy();
    injector.destroy();
  }
});

Deno.test("without a session on the socket, nothing changes and it says so", () => {
  assert.equal(
    widenReceiveWindows({}, { stream: 1 << 20, connection: 8 << 20 }),
    false,
  );
});
