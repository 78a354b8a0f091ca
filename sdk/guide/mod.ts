/**
 * Connectors written to the interfaces of the original plakar plugin guide
 * (Store/GetStates…), served on today's v1.1 protocol through adapters onto
 * the SDK's interfaces. Port a guide store method for method, then call
 * `runGuideStore` from its main module.
 *
 * @module
 */
export {
  fromGuideStore,
  type GuideStore,
  type GuideStoreFactory,
} from "./store.ts";
export { runGuideStore } from "./run.ts";
