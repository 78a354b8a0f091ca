/**
 * The options each localdir connector accepts, declared once: checked at
 * `Init` and written into the manifest's validators by the build.
 *
 * @module
 */
import type { OptionsSpec } from "@plakar/kit";

/** Options of the localdir storage. */
export const storageOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory holding the repository, as localdir:///path",
  },
  fsync: {
    type: "boolean",
    default: false,
    description:
      "Flush every object to disk before it becomes visible (survives power loss; slower). " +
      "Like plakar's fs storage, the default relies on the OS to write it out.",
  },
} satisfies OptionsSpec;

/** Options of the localdir importer: only its location. */
export const importerOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory to back up, as localdir:///path",
  },
} satisfies OptionsSpec;

/** Options of the localdir exporter: only its location. */
export const exporterOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory to restore into, as localdir:///path",
  },
} satisfies OptionsSpec;
