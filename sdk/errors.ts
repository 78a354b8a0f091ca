/**
 * The error connectors throw for people, at the top of the SDK so that every
 * layer imports it from here. The host keeps only the message text and
 * prints it, so the message is what matters.
 *
 * @module
 */
import { Status } from "./_transport/status.ts";
import { explainMissingPermission } from "./_missing_permission.ts";

/**
 * An error whose message is written for the person running plakar. Throw it
 * from connector code to report bad configuration, missing paths and the like.
 */
export class PluginError extends Error {
  /** The gRPC status code sent to the host; UNKNOWN unless said otherwise. */
  readonly code: number;

  /** Creates an error with a message meant for people; `code` is a gRPC status. */
  constructor(message: string, options?: { code?: number; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "PluginError";
    this.code = options?.code ?? Status.UNKNOWN;
  }
}

/**
 * The human-readable text of anything thrown; a permission the plugin lacks
 * is named with where to declare it, rather than with Deno's advice.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return explainMissingPermission(error, error.message || error.name);
  }
  return String(error);
}
