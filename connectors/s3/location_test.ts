import assert from "node:assert/strict";
import { parseLocation } from "./location.ts";

const tls = { useTls: true };

Deno.test("host, bucket and prefix come from the location", () => {
  assert.deepEqual(
    parseLocation("s3ts://s3.example.com/b-1/a/b/", "s3ts", tls),
    {
      endpoint: "https://s3.example.com",
      bucket: "b-1",
      prefix: "a/b/",
    },
  );
  assert.deepEqual(
    parseLocation("s3ts://127.0.0.1:9000/bucket", "s3ts", { useTls: false }),
    { endpoint: "http://127.0.0.1:9000", bucket: "bucket", prefix: "" },
  );
});

Deno.test("the port option fills in a location without one", () => {
  assert.equal(
    parseLocation("s3ts://h/bucket", "s3ts", { useTls: false, port: 7070 })
      .endpoint,
    "http://h:7070",
  );
  assert.equal(
    parseLocation("s3ts://h:1/bucket", "s3ts", { useTls: false, port: 7070 })
      .endpoint,
    "http://h:1",
  );
});

Deno.test("bad locations are refused naming the option and the shape", () => {
  for (
    const bad of [
      "s3ts://",
      "s3ts://host",
      "s3ts://host/B",
      "s3://h/bucket",
      "s3ts://u:p@h/bucket",
    ]
  ) {
    assert.throws(
      () => parseLocation(bad, "s3ts", tls),
      /option "location" must look like s3ts:\/\/host\[:port\]\/bucket\[\/prefix\]/,
      bad,
    );
  }
});
