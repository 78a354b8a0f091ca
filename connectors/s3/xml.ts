/**
 * The few S3 XML answers the plugin reads (errors, listings, multipart
 * uploads), read by pattern: their shape is fixed and flat, so no XML
 * library is needed.
 *
 * @module
 */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Text with XML entities and character references decoded. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref) => {
    if (ref.startsWith("#x")) {
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    }
    if (ref.startsWith("#")) return String.fromCodePoint(Number(ref.slice(1)));
    return ENTITIES[ref] ?? whole;
  });
}

/** The decoded text of each `<tag>…</tag>` in `xml`, in order. */
export function elements(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(pattern)].map((m) => m[1]);
}

/** The decoded text of the first `<tag>`, or undefined. */
export function element(xml: string, tag: string): string | undefined {
  const raw = elements(xml, tag)[0];
  return raw === undefined ? undefined : decodeXml(raw);
}

/** An object of a listing. */
export interface ListedObject {
  /** The full key. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** Last modification, when the server says. */
  lastModified?: Date;
}

/** One page of ListObjectsV2. */
export interface ListPage {
  objects: ListedObject[];
  /** Set when more pages follow. */
  nextToken?: string;
}

/** Reads a ListObjectsV2 answer. */
export function listPage(xml: string): ListPage {
  const objects = elements(xml, "Contents").map((entry) => {
    const modified = element(entry, "LastModified");
    return {
      key: element(entry, "Key") ?? "",
      size: Number(element(entry, "Size") ?? 0),
      lastModified: modified ? new Date(modified) : undefined,
    };
  });
  const truncated = element(xml, "IsTruncated") === "true";
  return {
    objects,
    nextToken: truncated ? element(xml, "NextContinuationToken") : undefined,
  };
}

/** The code and message of an S3 error answer (`<Error>`). */
export function errorBody(xml: string): { code?: string; message?: string } {
  return { code: element(xml, "Code"), message: element(xml, "Message") };
}
