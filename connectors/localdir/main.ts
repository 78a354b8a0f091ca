/**
 * The localdir plugin's executable: serves the connector kind chosen by the
 * manifest's `args` (`importer`, `exporter` or `storage`).
 *
 * @module
 */
import { run } from "@plakar/kit";
import { localdirExporter } from "./exporter.ts";
import { localdirImporter } from "./importer.ts";
import { localdirStorage } from "./storage.ts";

if (import.meta.main) {
  await run({
    importer: localdirImporter,
    exporter: localdirExporter,
    storage: localdirStorage,
  });
}
