/**
 * The entry points a plugin's main module calls.
 *
 * @module
 */
import "./transport/stdout_guard.ts";
import { Store } from "../proto/gen/store_pb.ts";
import { serveStdio } from "./transport/serve.ts";
import { serviceDefinition } from "./transport/service.ts";
import { storageService } from "./storage/service.ts";
import type { StorageFactory } from "./storage/types.ts";

/**
 * Serves a storage connector to plakar on stdin/stdout until stdin ends,
 * then exits 0. Call it once from the plugin's main module.
 */
export function runStorage(factory: StorageFactory): Promise<never> {
  const service = storageService(factory);
  return serveStdio({
    register: (server) =>
      server.addService(serviceDefinition(Store), service.handlers),
    onEnd: service.shutdown,
  });
}
