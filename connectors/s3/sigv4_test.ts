import assert from "node:assert/strict";
import { EMPTY_SHA256, sha256Hex, sign, uriEncode } from "./sigv4.ts";

// The "GET Object" example of the S3 SigV4 documentation
// (sig-v4-header-based-auth.html), with its published signature.
Deno.test("signs the documented S3 GET example exactly", () => {
  const headers = sign(
    {
      accessKey: "AKIAIOSFODNN7EXAMPLE",
      secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      region: "us-east-1",
    },
    {
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
      headers: { range: "bytes=0-9" },
      payloadHash: EMPTY_SHA256,
      date: new Date("2013-05-24T00:00:00Z"),
    },
  );
  assert.equal(
    headers.authorization,
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
      "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  );
  assert.equal(headers["x-amz-date"], "20130524T000000Z");
  assert.equal(headers.host, undefined, "fetch sets the host itself");
});

Deno.test("the empty payload's hash is SHA-256 of nothing", () => {
  assert.equal(sha256Hex(new Uint8Array()), EMPTY_SHA256);
});

Deno.test("uriEncode keeps unreserved characters, and slashes on request", () => {
  assert.equal(uriEncode("a b/c~é"), "a%20b%2Fc~%C3%A9");
  assert.equal(uriEncode("a b/c", true), "a%20b/c");
  assert.equal(uriEncode("!'()*-_.~Az09"), "%21%27%28%29%2A-_.~Az09");
});

Deno.test("a signing key derived for one day is not reused the next", () => {
  const key = { accessKey: "AK", secretKey: "SK", region: "us-east-1" };
  const request = (date: string) => ({
    method: "GET",
    url: new URL("http://127.0.0.1:9000/bucket/key"),
    headers: {},
    payloadHash: EMPTY_SHA256,
    date: new Date(date),
  });
  const first = sign(key, request("2026-01-01T23:59:59Z")).authorization;
  const reused = sign(key, request("2026-01-02T00:00:01Z")).authorization;
  const fresh = sign({ ...key }, request("2026-01-02T00:00:01Z")).authorization;
  assert.equal(reused, fresh);
  assert.notEqual(first.split("Signature=")[1], reused.split("Signature=")[1]);
});
