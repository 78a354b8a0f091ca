/**
 * The s3ts plugin's executable: serves the connector kind chosen by the
 * manifest's `args` (`importer`, `exporter` or `storage`).
 *
 * @module
 */
import { run } from "@plakar/kit";
import { s3Exporter } from "./exporter.ts";
import { s3Importer } from "./importer.ts";
import { s3Storage } from "./storage.ts";

if (import.meta.main) {
  await run({ importer: s3Importer, exporter: s3Exporter, storage: s3Storage });
}
