/**
 * The localdir plugin's executable: serves the connector kind chosen by the
 * manifest's `args`.
 *
 * @module
 */
import { runStorage } from "../../sdk/mod.ts";
import { localdirStorage } from "./storage.ts";

if (import.meta.main) {
  await runStorage(localdirStorage);
}
