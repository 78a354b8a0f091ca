/**
 * The s3ts exporter against a real S3 server (versitygw): the kit's
 * conformance suite, with the restored objects read back from the server's
 * folder, and a missing bucket created.
 */
import assert from "node:assert/strict";
import {
  assertConformance,
  checkExporter,
  patternBytes,
} from "@plakar/kit/testing";
import { startVersitygw } from "../../toolchain/versitygw.ts";
import { s3Plugin } from "./test_support.ts";

Deno.test("the exporter passes the conformance suite, files restored as objects", async () => {
  await using s3 = await startVersitygw();
  const report = await checkExporter({
    ...s3Plugin("exporter"),
    config: { location: `s3ts://${s3.host}/new-bucket/restore`, ...s3.options },
    verify: async (tree) => {
      let files = 0;
      for (const entry of tree.filter((e) => e.kind === "file")) {
        const got = await Deno.readFile(
          `${s3.root}/new-bucket/restore${entry.pathname}`,
        );
        assert.deepEqual(got, patternBytes(entry.seed, 0, entry.size));
        files++;
      }
      return `${files} files are objects with their content`;
    },
  });
  assertConformance(report);
});
