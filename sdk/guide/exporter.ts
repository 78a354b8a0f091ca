/**
 * The original plugin guide's `Exporter` interface, and the adapter that
 * serves an exporter written to it as a v1.1 {@link Exporter}.
 *
 * @module
 */
import type { Awaitable } from "../connector.ts";
import type { FileInfo } from "../file_info.ts";
import type {
  ExportEntry,
  Exporter,
  ExporterFactory,
  ExporterInit,
} from "../exporter/types.ts";
import { errorMessage, PluginError } from "../errors.ts";

/**
 * The guide's `Exporter`. Pathnames are relative to the restore root and
 * absolute in form (`/`, `/a/b`): join them to `root()` as the guide's
 * example does. Go's `io.Reader` is a `ReadableStream<Uint8Array>`, int64 a
 * bigint; any method may return a promise; errors are thrown.
 */
export interface GuideExporter {
  /** The directory files are restored into. */
  root(): Awaitable<string>;
  /** Creates a directory (its permissions come later, after its children). */
  createDirectory(pathname: string): Awaitable<void>;
  /** Writes a regular file of `size` bytes from `fp`. */
  storeFile(
    pathname: string,
    fp: ReadableStream<Uint8Array>,
    size: bigint,
  ): Awaitable<void>;
  /** Applies permissions (and, if it wishes, owner and times) from `fileinfo`. */
  setPermissions(pathname: string, fileinfo: FileInfo): Awaitable<void>;
  /**
   * Creates a symbolic link at `pathname` pointing to `target`. The one
   * addition to the guide, which has no way to restore links: without it,
   * symbolic links fail to restore with a message saying so.
   */
  createSymlink?(target: string, pathname: string): Awaitable<void>;
  /** Releases resources; the process keeps running until stdin ends. */
  close(): Awaitable<void>;
}

/**
 * The guide's exporter constructor, `NewExporter(ctx, opts, name, config)`:
 * `init.options`, `init.proto` and `init.config`.
 */
export type GuideExporterFactory = (
  init: ExporterInit,
) => Awaitable<GuideExporter>;

/**
 * Adapts an exporter written to the guide's interface to the SDK's
 * {@link Exporter}, calling it the way plakar v1.0 did: `createDirectory` for
 * directories, `storeFile` then `setPermissions` for files, and
 * `setPermissions` of directories after everything inside them.
 */
export function fromGuideExporter(
  factory: GuideExporterFactory,
): ExporterFactory {
  return async (init) => {
    const guide = await factory(init);
    const directories: { pathname: string; info: FileInfo }[] = [];

    const restore = async (entry: ExportEntry) => {
      const { pathname, info } = entry;
      switch (entry.kind) {
        case "dir":
          await guide.createDirectory(pathname);
          directories.push({ pathname, info });
          return;
        case "file":
          await storeFile(guide, entry);
          await guide.setPermissions(pathname, info);
          return;
        case "symlink":
          if (!guide.createSymlink) {
            throw new PluginError(
              `cannot restore the symbolic link ${pathname}: this exporter ` +
                `has no createSymlink method`,
            );
          }
          await guide.createSymlink(entry.target ?? "", pathname);
          return;
        default:
          throw new PluginError(
            `cannot restore ${pathname}: the guide's Exporter interface has ` +
              `no way to create a ${entry.kind}`,
          );
      }
    };

    return {
      origin: init.options.hostname,
      type: init.proto,
      root: await guide.root(),
      async restore(entry) {
        if (entry.xattr) {
          await entry.content?.cancel();
          throw new PluginError(
            `cannot restore the extended attribute "${entry.xattr.name}" of ` +
              `${entry.pathname}: the guide's Exporter interface has none`,
          );
        }
        await restore(entry);
      },
      async finish() {
        // Innermost first: creating a child changes its parent's times.
        const failures: string[] = [];
        for (const { pathname, info } of directories.reverse()) {
          try {
            await guide.setPermissions(pathname, info);
          } catch (error) {
            failures.push(`${pathname}: ${errorMessage(error)}`);
          }
        }
        directories.length = 0;
        if (failures.length > 0) {
          throw new PluginError(
            `setting the permissions of ${failures.length} ` +
              `director${failures.length === 1 ? "y" : "ies"} failed: ` +
              failures.join("; "),
          );
        }
      },
      close: () => guide.close(),
    } satisfies Exporter;
  };
}

/**
 * Hands a file's content to `storeFile` through a stream the adapter keeps
 * hold of, so that whatever the exporter does with it (read `size` bytes and
 * stop, keep a reader locked, fail before reading), the content is cancelled
 * if unfinished before the next record, as the SDK requires.
 */
async function storeFile(guide: GuideExporter, entry: ExportEntry) {
  const source = (entry.content ?? ReadableStream.from([])).getReader();
  let done = false;
  const fp = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.read();
      if (next.done) {
        done = true;
        return controller.close();
      }
      controller.enqueue(next.value);
    },
    cancel: (reason) => source.cancel(reason),
  }, { highWaterMark: 0 });
  try {
    await guide.storeFile(entry.pathname, fp, entry.info.size);
  } finally {
    if (!done) await source.cancel().catch(() => {});
    source.releaseLock();
  }
}
