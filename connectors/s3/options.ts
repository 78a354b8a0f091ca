/**
 * The options of the s3ts connectors, declared once: checked at `Init` and
 * written into the manifest's validators by the build. Names follow the
 * official S3 integration, so a configuration moves over as it is.
 *
 * @module
 */
import type { OptionsSpec } from "@plakar/kit";

/** How to reach and sign in to the S3 server: shared by every connector. */
const connection = {
  location: {
    type: "string",
    required: true,
    description: "Where, as s3ts://host[:port]/bucket[/prefix]",
  },
  access_key: {
    type: "string",
    required: true,
    secret: true,
    description: "S3 access key id",
  },
  secret_access_key: {
    type: "string",
    required: true,
    secret: true,
    description: "S3 secret access key",
  },
  use_tls: {
    type: "boolean",
    default: true,
    description: "Talk HTTPS to the endpoint (false: plain HTTP)",
  },
  tls_insecure_no_verify: {
    type: "boolean",
    default: false,
    description:
      "Skip TLS certificate verification. Not available in this plugin (the Deno runtime verifies every certificate): true is refused; give tls_ca_cert instead",
  },
  tls_ca_cert: {
    type: "string",
    description:
      "Path of a PEM file holding the certificate authority (or the self-signed certificate) to trust for the endpoint, besides the system's",
  },
  port: {
    type: "integer",
    min: 1,
    max: 65535,
    description: "TCP port of the endpoint, when the location names none",
  },
  region: {
    type: "string",
    default: "us-east-1",
    description: "Region requests are signed for",
  },
  request_timeout: {
    type: "integer",
    default: 60,
    min: 1,
    description:
      "Seconds a request may wait for an answer, or between two pieces of a download, before it is retried",
  },
  max_retries: {
    type: "integer",
    default: 5,
    min: 0,
    max: 20,
    description:
      "Retries, with exponential back-off, of a request that failed for a reason worth retrying (5xx, throttling, timeout, dropped connection)",
  },
} satisfies OptionsSpec;

/** Options of the s3ts storage. */
export const storageOptions = {
  ...connection,
  storage_class: {
    type: "string",
    default: "STANDARD",
    choices: [
      "STANDARD",
      "REDUCED_REDUNDANCY",
      "STANDARD_IA",
      "ONEZONE_IA",
      "INTELLIGENT_TIERING",
      "GLACIER_IR",
    ],
    description:
      "Storage class of uploaded objects (classes that need a restore before reading, GLACIER and DEEP_ARCHIVE, are not supported)",
  },
} satisfies OptionsSpec;

/** Options of the s3ts importer. */
export const importerOptions = connection;

/** Options of the s3ts exporter. */
export const exporterOptions = connection;

/** The connection options every connector parses. */
export type ConnectionSpec = typeof connection;
