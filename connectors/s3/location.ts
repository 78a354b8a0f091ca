/**
 * Turns the `location` option (`s3ts://host[:port]/bucket[/prefix]`) and
 * the connection options into where requests go.
 *
 * @module
 */
import { PluginError } from "@plakar/kit";

/** Where a connector works. */
export interface S3Location {
  /** `http(s)://host:port`, no path. */
  endpoint: string;
  /** The bucket. */
  bucket: string;
  /** The key prefix: empty, or ending with `/`. */
  prefix: string;
}

/**
 * Parses `location` for protocol `proto`. `port` fills in a location
 * without one; `useTls` picks the scheme. Fails naming the option.
 */
export function parseLocation(
  location: string,
  proto: string,
  options: { useTls: boolean; port?: number },
): S3Location {
  const shape = `${proto}://host[:port]/bucket[/prefix]`;
  const refuse = (why: string) =>
    new PluginError(
      `option "location" must look like ${shape}: ${why}, got "${location}"`,
    );
  const scheme = `${proto}://`;
  if (!location.startsWith(scheme)) {
    throw refuse(`it must start with ${scheme}`);
  }
  const rest = location.slice(scheme.length);
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash + 1);
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    throw refuse("the host is not valid");
  }
  if (authority === "" || url.username || url.password) {
    throw refuse("it must name a host (and no credentials)");
  }
  const [bucket, ...keys] = path.split("/");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket ?? "")) {
    throw refuse(
      "the bucket name must be 3 to 63 lower-case letters, digits, dots or hyphens",
    );
  }
  const prefix = keys.filter((k) => k !== "").join("/");
  const port = url.port || (options.port ? String(options.port) : "");
  return {
    endpoint: `${options.useTls ? "https" : "http"}://${url.hostname}${
      port ? `:${port}` : ""
    }`,
    bucket,
    prefix: prefix ? `${prefix}/` : "",
  };
}
