/**
 * The permissions a plugin program runs with, the same for the compiled
 * binary and the development launcher: the tests exercise what users run.
 *
 * @module
 */

/**
 * Reading and writing the user's paths is the job of a backup connector, so
 * file access cannot be narrowed. The environment can: the program sees its
 * own settings (`PLAKAR_PLUGIN_LOG…`) and grpc-js's (`GRPC_TRACE`…), and
 * any other variable reads as unset rather than failing, so the user's
 * secrets stay out of reach. No network (plakar speaks over stdin/stdout),
 * no subprocesses, no FFI. `--no-prompt`: stdin carries the protocol, so a
 * permission prompt would corrupt it; a missing permission must fail.
 */
export const PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env=PLAKAR_*,GRPC_*",
  "--ignore-env",
  "--no-prompt",
];
