import assert from "node:assert/strict";
import { decodeXml, errorBody, listPage } from "./xml.ts";

Deno.test("decodes entities and character references", () => {
  assert.equal(decodeXml("a&amp;b&lt;&#233;&#x41;&quot;"), 'a&b<éA"');
});

Deno.test("reads a truncated listing page", () => {
  const page = listPage(
    `<?xml version="1.0"?><ListBucketResult><IsTruncated>true</IsTruncated>` +
      `<Contents><Key>a&amp;b/c.txt</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified><Size>12</Size></Contents>` +
      `<Contents><Key>d</Key><Size>0</Size></Contents>` +
      `<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>`,
  );
  assert.deepEqual(page.objects, [
    {
      key: "a&b/c.txt",
      size: 12,
      lastModified: new Date("2024-01-02T03:04:05Z"),
    },
    { key: "d", size: 0, lastModified: undefined },
  ]);
  assert.equal(page.nextToken, "tok+/=");
});

Deno.test("the last page has no token", () => {
  const page = listPage(
    "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>",
  );
  assert.deepEqual(page, { objects: [], nextToken: undefined });
});

Deno.test("reads an error answer", () => {
  assert.deepEqual(
    errorBody(
      "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
    ),
    { code: "NoSuchBucket", message: "The specified bucket does not exist" },
  );
});
