/**
 * The options each localdir connector accepts, declared once: checked at
 * `Init` and written into the manifest's validators by the build.
 *
 * @module
 */
import type { OptionsSpec } from "../../sdk/mod.ts";

/** Options of the localdir storage: only its location. */
export const storageOptions = {
  location: {
    type: "string",
    required: true,
    description: "Directory holding the repository, as localdir:///path",
  },
} satisfies OptionsSpec;
