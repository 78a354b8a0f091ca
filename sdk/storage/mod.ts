/**
 * Storage connectors: the interface to implement and the entry point that
 * serves it to plakar.
 *
 * @module
 */
export {
  type ByteRange,
  type Storage,
  type StorageFactory,
  type StorageHint,
  StorageMode,
} from "./types.ts";
export { storageService } from "./_service.ts";
