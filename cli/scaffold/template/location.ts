/**
 * Turns the `location` option (`<proto>:///some/path`) into a local path.
 *
 * @module
 */
import { isAbsolute, normalize } from "node:path";
import { PluginError } from "@plakar/kit";

/**
 * The absolute path named by `location`. plakar makes relative paths
 * absolute itself (the manifest's `localfs` flag), so anything else is a
 * mistake worth a clear message.
 */
export function localPath(location: string, proto: string): string {
  const prefix = `${proto}://`;
  const path = location.startsWith(prefix)
    ? location.slice(prefix.length)
    : location;
  if (!isAbsolute(path)) {
    throw new PluginError(
      `option "location" must be an absolute path such as ${prefix}/srv/data, got "${location}"`,
    );
  }
  return normalize(path).replace(/(.)\/+$/, "$1");
}
