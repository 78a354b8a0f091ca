/**
 * The exporter connector: where plakar restores to. This skeleton writes
 * into a local directory so that it works out of the box. Replace
 * `restore` with your own target: each entry arrives parents first, and a
 * file's content must be read (or cancelled) before returning.
 *
 * @module
 */
import { join } from "node:path";
import {
  type ExportEntry,
  type Exporter,
  type ExporterInit,
  LocationFlags,
  type OptionsSpec,
  parseOptions,
  toPosixPermissions,
} from "@plakar/kit";
import { localPath } from "./location.ts";

/** The exporter's options: checked at `Init`, and the manifest's validator. */
export const exporterOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory to restore into, as <protocol>:///path",
  },
} satisfies OptionsSpec;

/** Builds the exporter for one location. */
export function createExporter(init: ExporterInit): Exporter {
  const { location } = parseOptions(exporterOptions, init.config);
  const root = localPath(location, init.proto);
  // A directory's time changes as its children arrive: set it at the end.
  const directories: ExportEntry[] = [];

  const applyMetadata = async (path: string, entry: ExportEntry) => {
    await Deno.chmod(path, toPosixPermissions(entry.info.mode));
    if (entry.info.modTime) {
      await Deno.utime(path, entry.info.modTime, entry.info.modTime);
    }
  };

  return {
    origin: init.options.hostname,
    type: init.proto,
    root,
    flags: LocationFlags.localfs,
    async restore(entry) {
      const path = join(root, entry.pathname);
      if (entry.xattr) {
        // Extended attributes are not restored by this skeleton.
        await entry.content?.cancel();
        return;
      }
      switch (entry.kind) {
        case "dir":
          await Deno.mkdir(path, { recursive: true });
          directories.push(entry);
          return;
        case "file": {
          const file = await Deno.create(path);
          await (entry.content ?? ReadableStream.from([])).pipeTo(
            file.writable,
          );
          await applyMetadata(path, entry);
          return;
        }
        case "symlink":
          await Deno.symlink(entry.target ?? "", path);
          return;
        default:
          await entry.content?.cancel();
          throw new Error(`${entry.pathname}: ${entry.kind} is not restored`);
      }
    },
    async finish() {
      for (const entry of directories.reverse()) {
        await applyMetadata(join(root, entry.pathname), entry);
      }
    },
  };
}
