/**
 * Turns the host's `location` option into a local path.
 *
 * @module
 */
import { isAbsolute, normalize } from "node:path";
import { type ConnectorInit, PluginError } from "@plakar/kit";

/**
 * The absolute local path of `localdir:///some/path`. plakar makes relative
 * paths absolute itself (the manifest's `localfs` flag), so anything else is
 * refused with a message naming the key.
 */
export function locationPath(init: ConnectorInit): string {
  const location = init.config.location ?? "";
  if (location.trim() === "") {
    throw new PluginError(`option "location" is missing or empty`);
  }
  const prefix = `${init.proto}://`;
  const path = location.startsWith(prefix)
    ? location.slice(prefix.length)
    : location;
  if (!isAbsolute(path)) {
    throw new PluginError(
      `option "location" must be an absolute path such as ${prefix}/srv/backups, got "${location}"`,
    );
  }
  return normalize(path).replace(/(.)\/+$/, "$1");
}
