/**
 * An importer that backs up a bucket, or the objects under a prefix, as a
 * tree: `/` and the prefix's folders first, then each object in key order
 * as a file at `/<key>`, each folder of its key (`a/` of `a/b`) yielded as
 * a directory before the first object in it. Object contents are fetched
 * only when the host asks for them (the host opens several at once); one
 * that cannot be read fails that file, not the backup.
 *
 * @module
 */
import {
  type FileInfoInit,
  goMode,
  type Importer,
  type ImporterInit,
  parseOptions,
  PluginError,
  type ScanItem,
} from "@plakar/kit";
import type { S3Client } from "./client.ts";
import { connect, hostOf } from "./connect.ts";
import { importerOptions } from "./options.ts";

/** Creates the importer for an `s3ts://` location; fails if the bucket is missing. */
export async function s3Importer(init: ImporterInit): Promise<Importer> {
  const client = connect(init, parseOptions(importerOptions, init.config));
  if (!(await client.bucketExists())) {
    throw new PluginError(
      `cannot back up ${init.config.location}: bucket "${client.config.bucket}" does not exist at ${client.config.endpoint} (option "location")`,
    );
  }
  const root = `/${client.config.prefix.replace(/\/$/, "")}`;
  return {
    origin: `${hostOf(client)}/${client.config.bucket}`,
    type: init.proto,
    root,
    flags: 0,
    scan: () => scan(client),
  };
}

async function* scan(client: S3Client): AsyncGenerator<ScanItem> {
  const seen = new Set<string>();
  function* folders(path: string): Generator<ScanItem> {
    // `/a/b/c` needs `/`, `/a` and `/a/b`, each once.
    const parts = path.split("/").slice(1, -1);
    for (let n = 0; n <= parts.length; n++) {
      const dir = `/${parts.slice(0, n).join("/")}`;
      if (seen.has(dir)) continue;
      seen.add(dir);
      yield { pathname: dir, info: directory(parts[n - 1] ?? "/") };
    }
  }
  yield* folders(`/${client.config.prefix}`);
  for await (const object of client.list(client.config.prefix)) {
    const pathname = `/${object.key}`;
    // A key ending in "/" is a folder marker, made by consoles: a directory.
    if (pathname.endsWith("/")) {
      yield* folders(pathname);
      continue;
    }
    yield* folders(pathname);
    const info: FileInfoInit = {
      name: pathname.slice(pathname.lastIndexOf("/") + 1),
      size: object.size,
      mode: goMode("file", 0o644),
      modTime: object.lastModified,
    };
    yield {
      pathname,
      info,
      content: () => client.getObject(object.key),
    };
  }
}

function directory(name: string): FileInfoInit {
  return { name, mode: goMode("dir", 0o755) };
}
