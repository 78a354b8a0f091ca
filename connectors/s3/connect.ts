/**
 * From the host's `Init` to a client on the right bucket: the connection
 * options every s3ts connector shares, parsed once.
 *
 * @module
 */
import {
  type ConnectorInit,
  errorMessage,
  type OptionsOf,
  PluginError,
} from "@plakar/kit";
import { type S3Client, s3Client } from "./client.ts";
import { parseLocation } from "./location.ts";
import type { ConnectionSpec } from "./options.ts";

/** A client for the location and credentials of `options`. */
export function connect(
  init: ConnectorInit,
  options: OptionsOf<ConnectionSpec>,
): S3Client {
  if (options.tls_insecure_no_verify) {
    throw new PluginError(
      `option "tls_insecure_no_verify" cannot be true here: this plugin runs on Deno, which verifies every TLS certificate; ` +
        `give the server's certificate authority (or self-signed certificate) in option "tls_ca_cert" instead`,
    );
  }
  const location = parseLocation(options.location, init.proto, {
    useTls: options.use_tls,
    port: options.port,
  });
  return s3Client({
    ...location,
    signing: {
      accessKey: options.access_key,
      secretKey: options.secret_access_key,
      region: options.region,
    },
    timeoutMs: options.request_timeout * 1000,
    maxRetries: options.max_retries,
    http: options.tls_ca_cert === undefined
      ? undefined
      : Deno.createHttpClient({ caCerts: [readCa(options.tls_ca_cert)] }),
  });
}

function readCa(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    throw new PluginError(
      `option "tls_ca_cert": cannot read ${path}: ${errorMessage(error)}`,
    );
  }
}

/** The endpoint's `host[:port]`, without its scheme. */
export function hostOf(client: S3Client): string {
  return client.config.endpoint.replace(/^\w+:\/\//, "");
}

/** The bucket and prefix as a path, `/bucket/prefix`, for `root`. */
export function bucketPath(client: S3Client): string {
  const { bucket, prefix } = client.config;
  return `/${bucket}${prefix ? `/${prefix.replace(/\/$/, "")}` : ""}`;
}
