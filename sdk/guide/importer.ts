/**
 * The original plugin guide's `Importer` interface, and the adapter that
 * serves an importer written to it as a v1.1 {@link Importer}.
 *
 * @module
 */
import type { Awaitable, XattrKind } from "../connector.ts";
import type { FileInfoInit } from "../file_info.ts";
import type {
  Ack,
  Importer,
  ImporterFactory,
  ImporterInit,
  ScanItem,
} from "../importer/types.ts";
import { logger } from "../log.ts";
import { PluginError } from "../errors.ts";
import { isRegular } from "../mode.ts";

/**
 * One entry found by a scan, as the guide's `ScanRecord`. Go's zero values
 * become optional fields.
 */
export interface GuideScanRecord {
  /**
   * The content of a regular file or attribute (Go's `io.ReadCloser`). It is
   * handed to the host when it asks for it; if the host never does, it is
   * cancelled when the host acknowledges the record, or at close.
   */
  reader?: ReadableStream<Uint8Array>;
  /** Absolute, `/`-separated path. */
  pathname: string;
  /** The target of a symbolic link. */
  target?: string;
  /** Metadata; required unless `isXattr`. */
  fileInfo?: FileInfoInit;
  /** Names of the entry's extended attributes, each also sent as a record. */
  extendedAttributes?: string[];
  /** Platform file attributes (Windows). */
  fileAttributes?: number;
  /** This record is an extended attribute of `pathname`. */
  isXattr?: boolean;
  /** The attribute's name, when `isXattr`. */
  xattrName?: string;
  /** The attribute's kind (Go's `objects.Attribute`); "extended" by default. */
  xattrType?: XattrKind;
}

/** A path the scan could not read, as the guide's `ScanError`. */
export interface GuideScanError {
  /** Absolute path of what failed. */
  pathname: string;
  /** Why. */
  err: Error;
}

/** What a scan yields: a record or an error, as the guide's `ScanResult`. */
export interface GuideScanResult {
  /** An entry that was read. */
  record?: GuideScanRecord;
  /** A path that could not be read. */
  error?: GuideScanError;
}

/**
 * The guide's `Importer`. Go's result channel is an async iterable (an
 * `async *scan()` generator is the natural spelling); any method may return
 * a promise; errors are thrown.
 */
export interface GuideImporter {
  /** The host or source the data comes from. */
  origin(): Awaitable<string>;
  /** The importer's type, e.g. "fs" or "s3". */
  type(): Awaitable<string>;
  /** The root directory of the data being imported. */
  root(): Awaitable<string>;
  /** Every entry to back up, parents before children. */
  scan(): Awaitable<AsyncIterable<GuideScanResult> | Iterable<GuideScanResult>>;
  /** Releases resources; the process keeps running until stdin ends. */
  close(): Awaitable<void>;
}

/**
 * The guide's importer constructor, `NewImporter(ctx, opts, name, config)`:
 * `init.options`, `init.proto` and `init.config`.
 */
export type GuideImporterFactory = (
  init: ImporterInit,
) => Awaitable<GuideImporter>;

const log = logger("guide-importer");

/** How readers are found again from an ack: xattrs share their owner's path. */
function readerKey(pathname: string, xattrName?: string): string {
  return xattrName ? `${pathname}\0${xattrName}` : pathname;
}

/** A reader the host has not opened yet, with the path it belongs to. */
interface Pending {
  pathname: string;
  reader: ReadableStream<Uint8Array>;
}

/** Cancels a reader nobody will read, logging rather than failing on errors. */
async function release({ pathname, reader }: Pending): Promise<void> {
  try {
    await reader.cancel();
  } catch (error) {
    log.warn(`releasing the reader of ${pathname} failed:`, error);
  }
}

/**
 * Adapts an importer written to the guide's interface to the SDK's
 * {@link Importer}. Readers the guide hands over eagerly are kept until the
 * host opens them, and cancelled when the host acknowledges a record it did
 * not open, or at close, so no file handle outlives its record.
 */
export function fromGuideImporter(
  factory: GuideImporterFactory,
): ImporterFactory {
  return async (init) => {
    const guide = await factory(init);
    const pending = new Map<string, Pending>();

    /** Keeps `reader` until the host opens it; the opener hands it over once. */
    const lazy = (
      key: string,
      pathname: string,
      reader: ReadableStream<Uint8Array>,
    ) => {
      const previous = pending.get(key);
      if (previous) void release(previous);
      const entry = { pathname, reader };
      pending.set(key, entry);
      return () => {
        if (pending.get(key) !== entry) {
          throw new PluginError(
            `the content of ${pathname} was already read or released`,
          );
        }
        pending.delete(key);
        return reader;
      };
    };

    const convert = (result: GuideScanResult): ScanItem => {
      if (result.error) {
        return { pathname: result.error.pathname, error: result.error.err };
      }
      const record = result.record;
      if (!record) {
        throw new PluginError(
          "the scan yielded a ScanResult with neither a record nor an error",
        );
      }
      const { pathname, reader } = record;
      if (record.isXattr) {
        const name = record.xattrName ?? "";
        if (!name || !reader) {
          if (reader) void release({ pathname, reader });
          return {
            pathname,
            error: `extended attribute record "${name}" has no ${
              name ? "reader" : "xattrName"
            }`,
          };
        }
        return {
          pathname,
          xattr: { name, kind: record.xattrType },
          content: lazy(readerKey(pathname, name), pathname, reader),
        };
      }
      if (!record.fileInfo) {
        if (reader) void release({ pathname, reader });
        return { pathname, error: "the scan record has no fileInfo" };
      }
      let content;
      if (reader && isRegular(record.fileInfo.mode)) {
        content = lazy(readerKey(pathname), pathname, reader);
      } else if (reader) {
        // Only regular files have content on the wire: nobody will read this.
        void release({ pathname, reader });
      }
      return {
        pathname,
        info: record.fileInfo,
        target: record.target || undefined,
        content,
        xattrs: record.extendedAttributes,
        fileAttributes: record.fileAttributes,
      };
    };

    return {
      origin: await guide.origin(),
      type: await guide.type(),
      root: await guide.root(),
      async *scan() {
        for await (const result of await guide.scan()) yield convert(result);
      },
      async ack(ack: Ack) {
        const key = readerKey(ack.pathname, ack.xattrName);
        const entry = pending.get(key);
        if (!entry) return;
        pending.delete(key);
        await release(entry);
      },
      async close() {
        const left = [...pending.values()];
        pending.clear();
        await Promise.all(left.map(release));
        await guide.close();
      },
    } satisfies Importer;
  };
}
