/**
 * What the tests beside the s3ts sources share: its executable run as a
 * packaged plugin is (files, its own variables, and the network it
 * declares), and a client signed in to a test server.
 *
 * @module
 */
import { readDeclaration } from "../../packaging/declared_permissions.ts";
import { permissionFlags } from "../../packaging/permissions.ts";
import type { S3Server } from "../../toolchain/versitygw.ts";
import { type ClientConfig, type S3Client, s3Client } from "./client.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;
const { permissions } = await readDeclaration(
  new URL(".", import.meta.url).pathname,
);

/**
 * The command and args of the plugin serving `kind`, with the permissions
 * its deno.json declares, as its packages run it.
 */
export function s3Plugin(
  kind: "importer" | "exporter" | "storage",
): { command: string; args: string[] } {
  return {
    command: Deno.execPath(),
    args: ["run", ...permissionFlags(permissions), MAIN, kind],
  };
}

/** A client of `bucket` on `s3` (through `host` when given, e.g. a proxy). */
export function testClient(
  s3: S3Server,
  bucket: string,
  more: Partial<ClientConfig> & { host?: string } = {},
): S3Client {
  return s3Client({
    endpoint: `http://${more.host ?? s3.host}`,
    bucket,
    prefix: "",
    signing: {
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: "us-east-1",
    },
    timeoutMs: 2000,
    maxRetries: 3,
    ...more,
  });
}
