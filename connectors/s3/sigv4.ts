/**
 * AWS Signature Version 4 for S3 requests, with Web Crypto: the
 * `Authorization` header of a request whose payload hash is known.
 *
 * @module
 */

/** The credentials and scope a request is signed with. */
export interface SigningKey {
  /** The access key id (public part). */
  accessKey: string;
  /** The secret access key: used for HMAC only, never printed. */
  secretKey: string;
  /** The region of the scope, e.g. `us-east-1`. */
  region: string;
}

/** What the signature covers. */
export interface SignedRequest {
  method: string;
  /** The URL, path already encoded as it goes on the wire. */
  url: URL;
  /** Headers to sign (lower-case names); `host` is added. */
  headers: Record<string, string>;
  /** The hex SHA-256 of the payload (also sent as `x-amz-content-sha256`). */
  payloadHash: string;
  /** The signing time. */
  date: Date;
}

const encoder = new TextEncoder();

/** The hex SHA-256 of `data`. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return hex(
    new Uint8Array(
      await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
    ),
  );
}

/** The payload hash of a request whose body the signature does not cover. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** The SHA-256 of the empty payload. */
export const EMPTY_SHA256 =
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Percent-encodes as SigV4 wants (RFC 3986 unreserved characters kept);
 * `/` is kept too when `keepSlash`, for object keys in paths.
 */
export function uriEncode(text: string, keepSlash = false): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The headers to send: the given ones plus `x-amz-date`,
 * `x-amz-content-sha256` and `authorization`.
 */
export async function sign(
  key: SigningKey,
  request: SignedRequest,
): Promise<Record<string, string>> {
  const amzDate = request.date.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    "x-amz-date": amzDate,
    "x-amz-content-sha256": request.payloadHash,
  };
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(
    Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]),
  );
  const signedHeaders = names.join(";");
  const canonical = [
    request.method,
    request.url.pathname,
    canonicalQuery(request.url.searchParams),
    ...names.map((n) => `${n}:${lower[n].trim().replace(/\s+/g, " ")}`),
    "",
    signedHeaders,
    request.payloadHash,
  ].join("\n");
  const scope = `${day}/${key.region}/s3/aws4_request`;
  const toSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    await sha256Hex(canonical),
  ].join("\n");
  let signingKey = await hmac(encoder.encode(`AWS4${key.secretKey}`), day);
  for (const part of [key.region, "s3", "aws4_request"]) {
    signingKey = await hmac(signingKey, part);
  }
  const signature = hex(await hmac(signingKey, toSign));
  delete headers.host; // fetch sets it
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${key.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => a < b ? -1 : a > b ? 1 : x < y ? -1 : 1)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(
    await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)),
  );
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
