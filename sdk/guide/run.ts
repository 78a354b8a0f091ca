/**
 * The entry points a guide-style plugin's main module calls, as the guide's
 * `sdk.RunStorage(NewStore)`.
 *
 * @module
 */
import { runStorage } from "../run.ts";
import { fromGuideStore, type GuideStoreFactory } from "./store.ts";

/**
 * Serves a store written to the guide's interface to plakar on stdin/stdout
 * until stdin ends, then exits 0.
 */
export function runGuideStore(factory: GuideStoreFactory): Promise<never> {
  return runStorage(fromGuideStore(factory));
}
