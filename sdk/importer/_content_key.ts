/**
 * How the host names the content of a record when it opens or acknowledges
 * it: by pathname, or `xattr:<pathname><sep><name>` for an attribute, with
 * `@` as separator for an NTFS alternate data stream (type 1), `:` otherwise.
 *
 * @module
 */

/** The fields of a record that name its content. */
export interface ContentRef {
  pathname: string;
  isXattr: boolean;
  xattrName: string;
  xattrType: number;
}

/** The key of a record's content, as the Go SDK computes it. */
export function contentKey(record: ContentRef): string {
  if (!record.isXattr) return record.pathname;
  const sep = record.xattrType === 1 ? "@" : ":";
  return `xattr:${record.pathname}${sep}${record.xattrName}`;
}
