/**
 * An exporter that restores a snapshot into a bucket, or under a prefix:
 * each regular file becomes the object `<prefix><path>`, streamed up with
 * bounded memory. Directories need no object in S3; symbolic links and
 * other kinds have no S3 form: like the official integration, they are
 * skipped (with a warning on the plugin's log). The bucket is created when
 * it is missing.
 *
 * @module
 */
import {
  type Exporter,
  type ExporterInit,
  logger,
  parseOptions,
  PluginError,
} from "@plakar/kit";
import { bucketPath, connect, hostOf } from "./connect.ts";
import { exporterOptions } from "./options.ts";
import { upload } from "./upload.ts";

const log = logger("s3ts exporter");

/** Creates the exporter for an `s3ts://` location, creating its bucket if needed. */
export async function s3Exporter(init: ExporterInit): Promise<Exporter> {
  const client = connect(init, parseOptions(exporterOptions, init.config));
  if (!(await client.bucketExists())) await client.createBucket();
  const { prefix } = client.config;
  return {
    origin: `${hostOf(client)}/${client.config.bucket}`,
    type: init.proto,
    root: bucketPath(client),
    flags: 0,

    async restore(entry) {
      if (entry.kind !== "file" || entry.xattr) {
        await entry.content?.cancel();
        if (entry.kind !== "dir" && !entry.xattr) {
          log.warn(`skipped ${entry.pathname}: a ${entry.kind} has no S3 form`);
        }
        return;
      }
      const segments = entry.pathname.split("/").filter((s) => s !== "");
      if (segments.includes("..") || segments.includes(".")) {
        throw new PluginError(
          `refusing to restore "${entry.pathname}": "." and ".." make no S3 key`,
        );
      }
      await upload(
        client,
        prefix + segments.join("/"),
        entry.content ?? new ReadableStream({ start: (c) => c.close() }),
      );
    },
  };
}
